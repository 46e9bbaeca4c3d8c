"""Every bad input of the issue gives a clear message naming the field, and saves nothing."""

from __future__ import annotations

from datetime import date

import pytest
from bc_testlib import DOS, TODAY, BillingClinic, header, line

from frontdesk.errors import ConflictError, ValidationError
from frontdesk.services.billing import claims, encounters
from frontdesk.services.patients import insurance
from frontdesk.services.admin import providers
from frontdesk.services.billing.billing_types import EncounterDetail


@pytest.fixture
def enc(clinic: BillingClinic) -> EncounterDetail:
    made = encounters.create_encounter(clinic.biller, clinic.patient_id, header(rendering_provider_id=clinic.provider_id))
    encounters.set_diagnoses(clinic.biller, made.id, ["J069", "R509"])
    return encounters.add_service_line(clinic.biller, made.id, line("99213", pointers="AB"))


LINE_CASES = [
    (line("9921"), "code", "not a procedure code"),
    (line("ABCDE"), "code", "not a procedure code"),
    (line("99213", modifiers=("25", "59", "95", "GT", "76")), "modifiers", "At most 4"),
    (line("99213", modifiers=("59",)), "modifiers", "not allowed with this code"),
    (line("99213", modifiers=("2",)), "modifiers", "not a modifier"),
    (line("99213", pointers="ABCDE"), "pointers", "no more than 4"),
    (line("99213", pointers="C"), "pointers", "does not have"),
    (line("99213", pointers=""), "pointers", "Point the line"),
    (line("99213", units=0), "units", "at least 1"),
    (line("99213", units="-2"), "units", "at least 1"),
    (line("99213", units="1.5"), "units", "whole number"),
    (line("99213", charge="-125.00"), "charge", "cannot be negative"),
    (line("99213", charge="0.00"), "charge", "more than $0.00"),
    (line("99213", charge="12.345"), "charge", "fractions of a cent"),
    (line("99000"), "charge", "not on the fee schedule"),
    (line("99213", place_of_service="98"), "place_of_service", "not a place-of-service"),
    (line("99213", from_date=date(2026, 11, 21)), "from_date", "in the future"),
    (line("99213", to_date=date(2026, 11, 1)), "to_date", "before the from date"),
    (line("J1100", ndc="1234-5678"), "ndc", "NDC"),
    (line("J1100", ndc="00409-4888-02", ndc_unit="XX", ndc_quantity="1"), "ndc_unit", "NDC unit"),
    (line("J1100", ndc="00409-4888-02", ndc_unit="ML", ndc_quantity="0"), "ndc_quantity", "more than 0"),
]


@pytest.mark.parametrize(("bad", "field", "words"), LINE_CASES)
def test_bad_service_lines_are_refused_and_nothing_is_saved(clinic: BillingClinic, enc: EncounterDetail, bad,  # type: ignore[no-untyped-def]
                                                            field: str, words: str) -> None:
    with pytest.raises(ValidationError) as err:
        encounters.add_service_line(clinic.biller, enc.id, bad)
    assert err.value.field == field and words in err.value.message
    with pytest.raises(ValidationError) as err:
        encounters.update_service_line(clinic.biller, enc.lines[0].id, bad)
    assert err.value.field == field
    assert encounters.get_encounter(clinic.biller, enc.id) == enc


DIAGNOSIS_CASES = [
    (["J069", "XYZ99"], "diagnosis_2", "not an ICD-10-CM code"),
    (["E11"], "diagnosis_1", "header, not billable"),
    (["J069", "j06.9"], "diagnosis_2", "already diagnosis A"),
    ([""], "diagnosis_1", "Type a diagnosis"),
    (["J069"], "diagnosis_2", "Line 1 points at diagnosis B"),  # removing B that line 1 points at
    (["J069", "R509", "E119", "I10", "E785", "M5450", "R059", "J209", "N390", "K219", "F419", "G4700", "Z0000"],
     "diagnosis_13", "at most 12"),
]


@pytest.mark.parametrize(("codes", "field", "words"), DIAGNOSIS_CASES)
def test_bad_diagnoses_are_refused(clinic: BillingClinic, enc: EncounterDetail, codes: list[str], field: str,
                                   words: str) -> None:
    with pytest.raises(ValidationError) as err:
        encounters.set_diagnoses(clinic.biller, enc.id, codes)
    assert err.value.field == field and words in err.value.message
    assert encounters.get_encounter(clinic.biller, enc.id) == enc


def test_reordering_diagnoses_keeps_each_line_pointing_at_its_code(clinic: BillingClinic, enc: EncounterDetail) -> None:
    encounters.update_service_line(clinic.biller, enc.lines[0].id, line("99213", pointers="B"))
    detail = encounters.set_diagnoses(clinic.biller, enc.id, ["R509", "J069"])
    assert detail.lines[0].pointers == "A" and detail.diagnoses[0].code == "R509"


HEADER_CASES = [
    ({"service_date": date(2026, 11, 21)}, "service_date", "in the future"),
    ({"referring_qualifier": "DN", "referring_last_name": "Nguyen", "referring_npi": "1679576723"},
     "referring_npi", "check digit"),
    ({"referring_qualifier": "DN", "referring_last_name": "Nguyen", "referring_npi": "12345"}, "referring_npi",
     "10 digits"),
    ({"referring_npi": "1679576722", "referring_last_name": "Nguyen"}, "referring_qualifier", "DN"),
    ({"referring_qualifier": "DK", "referring_npi": "1679576722"}, "referring_last_name", "required"),
    ({"auto_accident": True}, "auto_accident_state", "state"),
    ({"auto_accident": True, "auto_accident_state": "XX"}, "auto_accident_state", "two-letter"),
    ({"onset_date": date(2026, 11, 17)}, "onset_date", "after the date of service"),
    ({"place_of_service": "00"}, "place_of_service", "place-of-service"),
    ({"rendering_provider_id": 999}, "rendering_provider_id", "no longer exists"),
]


@pytest.mark.parametrize(("changes", "field", "words"), HEADER_CASES)
def test_bad_headers_are_refused(clinic: BillingClinic, enc: EncounterDetail, changes: dict, field: str,
                                 words: str) -> None:
    bad = header(rendering_provider_id=clinic.provider_id, **changes) if "rendering_provider_id" not in changes \
        else header(**changes)
    with pytest.raises(ValidationError) as err:
        encounters.update_encounter(clinic.biller, enc.id, bad)
    assert err.value.field == field and words in err.value.message
    assert encounters.get_encounter(clinic.biller, enc.id) == enc
    before = len(encounters.list_encounters(clinic.biller))
    with pytest.raises(ValidationError):
        encounters.create_encounter(clinic.biller, clinic.patient_id, bad)
    assert len(encounters.list_encounters(clinic.biller)) == before


def test_inactive_rendering_provider_is_refused_for_new_encounters(clinic: BillingClinic) -> None:
    providers.set_provider_active(clinic.admin, clinic.provider_id, False)
    with pytest.raises(ValidationError) as err:
        encounters.create_encounter(clinic.biller, clinic.patient_id, header(rendering_provider_id=clinic.provider_id))
    assert err.value.field == "rendering_provider_id" and "no longer active" in err.value.message


def test_inactive_policy_on_the_date_of_service_means_no_claim(clinic: BillingClinic) -> None:
    insurance.end_policy(clinic.admin, clinic.policy_id, date(2026, 10, 31))
    made = encounters.create_encounter(clinic.biller, clinic.patient_id, header(rendering_provider_id=clinic.provider_id))
    with pytest.raises(ValidationError) as err:
        claims.create_claims(clinic.biller, made.id)
    assert err.value.field == "policy" and "11/16/2026" in err.value.message
    assert claims.claim_count(clinic.biller) == 0


def test_bad_claim_actions(clinic: BillingClinic, enc: EncounterDetail) -> None:
    [row] = claims.create_claims(clinic.biller, enc.id)
    with pytest.raises(ConflictError, match="sent"):
        claims.correct_claim(clinic.biller, row.id, "PX1")  # not submitted yet
    with pytest.raises(ValidationError) as err:
        claims.correct_claim(clinic.biller, row.id, "  ")
    assert err.value.field == "original_reference"
    with pytest.raises(ValidationError) as err:
        claims.set_claim_status(clinic.biller, row.id, "paid", "cheque came")
    assert err.value.field == "status"
    with pytest.raises(ValidationError) as err:
        claims.set_claim_status(clinic.biller, row.id, "closed", "")
    assert err.value.field == "note"
    with pytest.raises(ConflictError, match="cannot become denied"):
        claims.set_claim_status(clinic.biller, row.id, "denied", "no")
    assert claims.get_claim(clinic.biller, row.id).row.status == "ready"


def test_merged_patient_gets_no_encounter(clinic: BillingClinic) -> None:
    from frontdesk.models import Patient

    with clinic.admin.db.session(write=True) as session:
        session.get(Patient, clinic.self_pay_id).status = "merged"
    with pytest.raises(ConflictError, match="merged"):
        encounters.create_encounter(clinic.biller, clinic.self_pay_id, header(rendering_provider_id=clinic.provider_id))


def test_dates_use_the_practice_clock(clinic: BillingClinic, clock) -> None:  # type: ignore[no-untyped-def]
    assert TODAY > DOS
    made = encounters.create_encounter(clinic.biller, clinic.patient_id,
                                       header(service_date=TODAY, rendering_provider_id=clinic.provider_id))
    assert made.header.service_date == TODAY
