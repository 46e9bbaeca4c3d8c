"""The scrubber finds each problem it claims to (one case per check), and a clean claim has none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest
from bc_testlib import BillingClinic, header, line
from sqlalchemy import update

from frontdesk.errors import ConflictError
from frontdesk.models import (
    Claim,
    ClaimBatch,
    ClaimLine,
    Encounter,
    EncounterDiagnosis,
    InsurancePolicy,
    Patient,
    Payer,
    Practice,
    Provider,
    ServiceLine,
)
from frontdesk.services.billing import claims, encounters
from frontdesk.services.billing.claim_states import submit


@dataclass
class Ids:
    claim: int
    encounter: int
    patient: int
    policy: int
    payer: int
    provider: int
    line: int


@pytest.fixture
def ready(clinic: BillingClinic) -> Ids:
    enc = encounters.create_encounter(clinic.biller, clinic.patient_id, header(
        rendering_provider_id=clinic.provider_id, referring_qualifier="DN", referring_first_name="Linh",
        referring_last_name="Nguyen", referring_npi="1679576722", onset_date=date(2026, 11, 10)))
    encounters.set_diagnoses(clinic.biller, enc.id, ["J069", "R509"])
    detail = encounters.add_service_line(clinic.biller, enc.id, line("99213", pointers="AB", modifiers=("25",)))
    [row] = claims.create_claims(clinic.biller, enc.id)
    assert row.status == "ready"
    return Ids(row.id, enc.id, clinic.patient_id, clinic.policy_id, clinic.payer_id, clinic.provider_id,
               detail.lines[0].id)


def test_a_clean_claim_has_no_problems(clinic: BillingClinic, ready: Ids) -> None:
    # Warnings do not count: the date of service is after the bundled ICD-10-CM release, which the claim's findings
    # say in a warning of their own (tests/billing/codes/test_icd_date_of_service.py).
    assert [p for p in claims.claim_problems(clinic.biller, ready.claim) if not p.warning] == []
    assert claims.get_claim(clinic.biller, ready.claim).problems == ()


def _set(model, attr: str, value: object):  # type: ignore[no-untyped-def]
    def change(session, ids: Ids) -> None:  # type: ignore[no-untyped-def]
        key = {Practice: None, Patient: ids.patient, InsurancePolicy: ids.policy, Payer: ids.payer,
               Provider: ids.provider, Encounter: ids.encounter, ServiceLine: ids.line, Claim: ids.claim}[model]
        # A Core UPDATE, as data an older version left: it passes under the services' column-length net.
        session.execute(update(model).values({attr: value}) if key is None else
                        update(model).where(model.id == key).values({attr: value}))
    return change


def _claim_line_charge(session, ids: Ids) -> None:  # type: ignore[no-untyped-def]
    session.query(ClaimLine).filter_by(claim_id=ids.claim).first().charge_cents = 0


def _diagnosis(code: str):  # type: ignore[no-untyped-def]
    def change(session, ids: Ids) -> None:  # type: ignore[no-untyped-def]
        session.query(EncounterDiagnosis).filter_by(encounter_id=ids.encounter, position=1).first().code = code
    return change


def _no_diagnoses(session, ids: Ids) -> None:  # type: ignore[no-untyped-def]
    session.query(ServiceLine).filter_by(id=ids.line).first().pointers = ""
    session.query(EncounterDiagnosis).filter_by(encounter_id=ids.encounter).delete()


def _thirteen_diagnoses(session, ids: Ids) -> None:  # type: ignore[no-untyped-def]
    codes = ["E119", "I10", "E785", "M5450", "R059", "J209", "N390", "K219", "F419", "G4700", "Z0000"]
    for position, code in enumerate(codes, start=3):
        session.add(EncounterDiagnosis(encounter_id=ids.encounter, position=position, code=code))


def _no_lines(session, ids: Ids) -> None:  # type: ignore[no-untyped-def]
    session.query(ClaimLine).filter_by(claim_id=ids.claim).delete()
    session.get(Claim, ids.claim).total_cents = 0


def _ndc_quantity(quantity: str):  # type: ignore[no-untyped-def]
    def change(session, ids: Ids) -> None:  # type: ignore[no-untyped-def]
        row = session.get(ServiceLine, ids.line)
        row.ndc, row.ndc_unit, row.ndc_quantity = "00409123401", "ML", quantity
    return change


CASES = [
    ("billing NPI", _set(Practice, "billing_npi", "1234567890"), "33a", "practice", "billing_npi"),
    ("facility NPI", _set(Practice, "billing_npi", "1234567890"), "32a", "practice", "billing_npi"),
    ("EIN", _set(Practice, "ein", "12345"), "25", "practice", "ein"),
    ("taxonomy", _set(Practice, "taxonomy", ""), "33b", "practice", "taxonomy"),
    ("practice address", _set(Practice, "city", ""), "33", "practice", "city"),
    ("rendering NPI", _set(Provider, "npi", "1245319590"), "24J", "provider", "npi"),
    ("rendering inactive", _set(Provider, "active", False), "31", "encounter", "rendering_provider_id"),
    ("referring NPI", _set(Encounter, "referring_npi", "1679576720"), "17b", "encounter", "referring_npi"),
    ("referring qualifier", _set(Encounter, "referring_qualifier", "XX"), "17", "encounter", "referring_qualifier"),
    ("referring name", _set(Encounter, "referring_last_name", ""), "17", "encounter", "referring_last_name"),
    ("insured id", _set(InsurancePolicy, "member_id", ""), "1a", "policy", "member_id"),
    ("patient name", _set(Patient, "first_name", ""), "2", "patient", "last_name"),
    ("patient sex", _set(Patient, "sex", ""), "3", "patient", "sex"),
    ("patient address", _set(Patient, "address_line1", ""), "5", "patient", "address_line1"),
    ("patient zip", _set(Patient, "zip_code", "627"), "5", "patient", "zip_code"),
    ("relationship", _set(InsurancePolicy, "relationship", ""), "6", "policy", "relationship"),
    ("insured name", _set(InsurancePolicy, "subscriber_last_name", ""), "4", "policy", "subscriber_last_name"),
    ("insured address", _set(InsurancePolicy, "subscriber_state", ""), "7", "policy", "subscriber_state"),
    ("insured DOB", _set(InsurancePolicy, "subscriber_dob", None), "11a", "policy", "subscriber_dob"),
    ("insured sex", _set(InsurancePolicy, "subscriber_sex", ""), "11a", "policy", "subscriber_sex"),
    ("release", _set(InsurancePolicy, "release_signed_on", None), "12", "policy", "release_signed_on"),
    ("assignment", _set(InsurancePolicy, "assignment_signed_on", None), "13", "policy", "assignment_signed_on"),
    ("payer address", _set(Payer, "address_line1", ""), "Carrier", "payer", "address_line1"),
    ("payer inactive", _set(Payer, "active", False), "1", "payer", "active"),
    ("claim type", _set(Payer, "claim_type", ""), "1", "payer", "claim_type"),
    ("policy ended", _set(InsurancePolicy, "end_date", date(2026, 11, 1)), "11", "policy", "end_date"),
    ("policy not yet", _set(InsurancePolicy, "effective_date", date(2026, 11, 17)), "11", "policy",
     "effective_date"),
    ("future date", _set(Encounter, "service_date", date(2026, 11, 25)), "24A", "encounter", "service_date"),
    ("future line", _set(ServiceLine, "to_date", date(2026, 11, 25)), "24A", "service_line", "from_date"),
    ("line dates", _set(ServiceLine, "from_date", date(2026, 11, 18)), "24A", "service_line", "to_date"),
    ("auto accident", _set(Encounter, "auto_accident", True), "10b", "encounter", "auto_accident_state"),
    ("onset", _set(Encounter, "onset_date", date(2026, 11, 19)), "14", "encounter", "onset_date"),
    ("no diagnoses", _no_diagnoses, "21", "encounter", "diagnosis_1"),
    ("unknown diagnosis", _diagnosis("XYZ99"), "21", "diagnosis", "code"),
    ("header diagnosis", _diagnosis("E11"), "21", "diagnosis", "code"),
    ("13 diagnoses", _thirteen_diagnoses, "21", "encounter", "diagnosis_13"),
    ("pointer to missing", _set(ServiceLine, "pointers", "AC"), "24E", "service_line", "pointers"),
    ("no pointer", _set(ServiceLine, "pointers", ""), "24E", "service_line", "pointers"),
    ("code format", _set(ServiceLine, "code", "9921X"), "24D", "service_line", "code"),
    ("modifiers", _set(ServiceLine, "modifiers", "25 59 95 GT 76"), "24D", "service_line", "modifiers"),
    ("place", _set(ServiceLine, "place_of_service", "98"), "24B", "service_line", "place_of_service"),
    ("units", _set(ServiceLine, "units", 0), "24G", "service_line", "units"),
    ("charge", _claim_line_charge, "24F", "service_line", "charge"),
    ("NDC", _set(ServiceLine, "ndc", "12345"), "24A", "service_line", "ndc"),
    ("no lines", _no_lines, "24", "encounter", "lines"),
    ("total", _set(Claim, "total_cents", 99), "28", "encounter", "lines"),
    ("original reference", _set(Claim, "frequency_code", "7"), "22", "claim", "original_reference"),
    # Too long for the box on the 1500 even USPS-abbreviated (names are never abbreviated): never cut.
    ("name too long for box 32", _set(Practice, "legal_name", "Maple Street Family Medicine"), "32", "practice",
     "legal_name"),
    ("street too long for box 5", _set(Patient, "address_line1", "12345 Bartholomew Kensington Street"), "5",
     "patient", "address_line1"),
    ("payer name too long", _set(Payer, "name", "Blue Prairie Health Insurance Company of IL"), "Carrier", "payer",
     "name"),
    ("NDC quantity too long", _ndc_quantity("1234.567"), "24A", "service_line", "ndc_quantity"),
]


# Five modifiers do not fit service_line.modifiers (VARCHAR(11)): PostgreSQL refuses such a row at the column.
_FIVE_MODIFIERS = pytest.mark.sqlite_only("only a SQLite file can hold a value longer than its column")


@pytest.mark.parametrize(("name", "change", "box", "kind", "field"), [
    pytest.param(*c, id=c[0], marks=_FIVE_MODIFIERS if c[0] == "modifiers" else ()) for c in CASES])
def test_the_scrubber_finds_it_and_submission_is_refused(clinic: BillingClinic, ready: Ids, name: str, change,  # type: ignore[no-untyped-def]
                                                         box: str, kind: str, field: str) -> None:
    with clinic.admin.db.session(write=True) as session:
        change(session, ids=ready)
    problems = claims.claim_problems(clinic.biller, ready.claim)
    found = [p for p in problems if p.box == box and p.target.kind == kind and p.target.field == field]
    assert found, f"{name}: {problems}"
    assert found[0].message.endswith(".") and len(found[0].message) > 15
    expected_id = {"practice": 0, "patient": ready.patient, "policy": ready.policy, "payer": ready.payer,
                   "provider": ready.provider, "encounter": ready.encounter, "service_line": ready.line,
                   "claim": ready.claim}.get(kind)
    if expected_id is not None:
        assert found[0].target.id == expected_id
    # The stored status says ready, but submission scrubs again: no claim with a problem is ever submitted.
    with clinic.biller.db.session(write=True) as session:
        batch = ClaimBatch(kind="paper")
        session.add(batch)
        session.flush()
        with pytest.raises(ConflictError, match=f"Claim #{ready.claim} has"):
            submit(session, session.get(Claim, ready.claim), via="paper", batch_id=batch.id,
                   on_date=date(2026, 11, 20), user_id=None)
    # (The refusing scrub moved it back to draft; this session caught the error and committed that.)
    assert claims.get_claim(clinic.biller, ready.claim).row.status == "draft"
    [row] = claims.check_claims(clinic.biller, [ready.claim])
    assert row.status == "draft" and row.problem_count == len([p for p in problems if not p.warning])


def test_an_address_printed_abbreviated_is_a_warning_and_the_claim_stays_ready(clinic: BillingClinic,
                                                                              ready: Ids) -> None:
    with clinic.admin.db.session(write=True) as session:
        patient = session.get(Patient, ready.patient)
        patient.address_line1, patient.address_line2 = "8560 Maple Boulevard", "Suite 856"  # 30 > box 5's 28
    [warning] = [p for p in claims.claim_problems(clinic.biller, ready.claim) if p.box != "21"]  # 21: code set
    assert warning.warning and warning.box == "5"
    assert (warning.target.kind, warning.target.id, warning.target.field) == ("patient", ready.patient,
                                                                              "address_line1")
    assert "'8560 MAPLE BLVD STE 856'" in warning.message and "'8560 MAPLE BOULEVARD SUITE 856'" in warning.message
    [row] = claims.check_claims(clinic.biller, [ready.claim])
    assert row.status == "ready" and row.problem_count == 0
    with clinic.admin.db.session(write=False) as session:  # printed abbreviated; the record says what was typed
        assert session.get(Patient, ready.patient).address_line1 == "8560 Maple Boulevard"
