"""Encounters from appointments, visits without charges, and who may enter and send charges."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from bc_testlib import BillingClinic, header, line

from frontdesk.errors import ConflictError, PermissionDenied
from frontdesk.models import Appointment, AppointmentType
from frontdesk.services.billing import claims, encounters


def _appointment(clinic: BillingClinic, start_utc: datetime, status: str, patient_id: int | None = None) -> int:
    with clinic.admin.db.session(write=True) as session:
        appt_type = session.query(AppointmentType).first()
        if appt_type is None:
            appt_type = AppointmentType(name="Office visit", default_minutes=15, colour="#4A90D9")
            session.add(appt_type)
            session.flush()
        appt = Appointment(patient_id=patient_id or clinic.patient_id, provider_id=clinic.provider_id,
                           type_id=appt_type.id, start_utc=start_utc, end_utc=start_utc + timedelta(minutes=15),
                           length_minutes=15, status=status)
        session.add(appt)
        session.flush()
        return appt.id


def test_encounter_for_an_appointment_uses_its_local_date_provider_and_referral(clinic: BillingClinic) -> None:
    # 11:30 PM Eastern on 11/18 is already 11/19 in UTC: the date of service is the practice-local one.
    appt_id = _appointment(clinic, datetime(2026, 11, 19, 4, 30, tzinfo=UTC), "checked_out")
    enc = encounters.encounter_for_appointment(clinic.biller, appt_id)
    assert enc.header.service_date == date(2026, 11, 18) and enc.appointment_id == appt_id
    assert enc.header.rendering_provider_id == clinic.provider_id
    assert (enc.header.referring_qualifier, enc.header.referring_first_name, enc.header.referring_last_name,
            enc.header.referring_npi) == ("DN", "Linh", "Nguyen", "1679576722")
    assert encounters.encounter_for_appointment(clinic.biller, appt_id).id == enc.id  # the same one again
    with pytest.raises(ConflictError):
        encounters.create_encounter(clinic.biller, clinic.patient_id,
                                    header(rendering_provider_id=clinic.provider_id), appointment_id=appt_id)


def test_a_visit_that_has_not_happened_gets_no_encounter(clinic: BillingClinic) -> None:
    appt_id = _appointment(clinic, datetime(2026, 11, 20, 20, 0, tzinfo=UTC), "scheduled")
    with pytest.raises(ConflictError, match="check the patient in"):
        encounters.encounter_for_appointment(clinic.biller, appt_id)


def test_unbilled_visits_are_checked_out_ones_without_an_encounter(clinic: BillingClinic) -> None:
    done = _appointment(clinic, datetime(2026, 11, 16, 15, 0, tzinfo=UTC), "checked_out")
    billed = _appointment(clinic, datetime(2026, 11, 17, 15, 0, tzinfo=UTC), "checked_out", clinic.self_pay_id)
    _appointment(clinic, datetime(2026, 11, 18, 15, 0, tzinfo=UTC), "no_show")
    late = _appointment(clinic, datetime(2026, 11, 19, 15, 0, tzinfo=UTC), "checked_out")
    encounters.encounter_for_appointment(clinic.biller, billed)
    visits = encounters.unbilled_visits(clinic.desk)
    assert [v.appointment_id for v in visits] == [done, late]
    assert visits[0].patient_name == "O'Brien-Smith, Mary" and visits[0].provider_name == "Ava Carter, MD"
    assert visits[0].service_date == date(2026, 11, 16) and visits[0].type_name == "Office visit"
    assert [v.appointment_id for v in encounters.unbilled_visits(clinic.desk, through=date(2026, 11, 18))] == [done]
    assert [v.appointment_id for v in encounters.unbilled_visits(clinic.desk, since=date(2026, 11, 17))] == [late]


def test_front_desk_views_billing_but_cannot_enter_or_send_charges(clinic: BillingClinic) -> None:
    enc = encounters.create_encounter(clinic.biller, clinic.patient_id, header(rendering_provider_id=clinic.provider_id))
    encounters.set_diagnoses(clinic.biller, enc.id, ["J069"])
    encounters.add_service_line(clinic.biller, enc.id, line())
    assert encounters.get_encounter(clinic.desk, enc.id).id == enc.id
    assert encounters.list_encounters(clinic.desk)[0].id == enc.id
    denied = [
        lambda: encounters.create_encounter(clinic.desk, clinic.patient_id, header(rendering_provider_id=clinic.provider_id)),
        lambda: encounters.update_encounter(clinic.desk, enc.id, header(rendering_provider_id=clinic.provider_id)),
        lambda: encounters.set_diagnoses(clinic.desk, enc.id, ["R509"]),
        lambda: encounters.add_service_line(clinic.desk, enc.id, line("90471")),
        lambda: encounters.void_encounter(clinic.desk, enc.id, "oops"),
        lambda: claims.create_claims(clinic.desk, enc.id),
        lambda: claims.check_claims(clinic.desk),
    ]
    for call in denied:
        with pytest.raises(PermissionDenied):
            call()
    [row] = claims.create_claims(clinic.biller, enc.id)
    assert claims.claim_rows(clinic.desk)[0].id == row.id
    assert claims.get_claim(clinic.desk, row.id).row.status == "ready"
    for call in (lambda: claims.set_claim_status(clinic.desk, row.id, "closed", "x"),
                 lambda: claims.correct_claim(clinic.desk, row.id, "P1"),
                 lambda: claims.void_claim(clinic.desk, row.id, "P1")):
        with pytest.raises(PermissionDenied):
            call()
    assert claims.set_claim_status(clinic.biller, row.id, "closed", "written off").status == "closed"
