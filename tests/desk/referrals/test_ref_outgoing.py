"""Outgoing referrals: creation, bad input, status steps with history and contact history, tracking list."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from ref_lib import NOW, TODAY, RefClinic, referral
from sqlalchemy import select

from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import AuditEvent, ContactEvent
from frontdesk.services.patients import contact_history
from frontdesk.services.desk import outside_directory, referrals
from frontdesk.services.desk.referral_types import ReferralInput


def test_a_referral_starts_requested_with_history_contact_and_audit(practice, clinic: RefClinic) -> None:  # type: ignore[no-untyped-def]
    detail = referrals.create_referral(clinic.desk, referral(clinic, diagnoses=("r00.2", "I10", "R002")))
    assert detail.row.status == "requested" and detail.row.requested_on == TODAY and detail.row.age_days == 0
    assert detail.diagnoses == ("R00.2", "I10")  # normalised, the repeat kept once
    assert detail.destination.name == "Dr. Priya Shah" and detail.ordering_provider_name == "Ava Carter, MD"
    assert [(h.from_status, h.to_status, h.username) for h in detail.history] == [("", "requested", clinic.desk.actor.username)]
    # History is stamped by the services' clock (frozen here), like the request date (bug: it used the wall clock).
    assert detail.history[0].at == NOW
    timeline = contact_history.list_contact_history(clinic.desk, clinic.patient_id)
    assert [(e.kind, e.direction, e.outcome) for e in timeline] == [("referral", "out", "Requested")]
    assert "Dr. Priya Shah" in timeline[0].summary
    with practice.db.session(write=False) as session:
        audit = session.scalars(select(AuditEvent).where(AuditEvent.action == "referral.create")).one()
        assert "Palpitations" not in audit.detail  # the reason is PHI: never in the audit detail


@pytest.mark.parametrize(("changes", "field"), [
    ({"outside_provider_id": None}, "outside_provider_id"),  # a referral without a destination
    ({"outside_provider_id": 9999}, "outside_provider_id"),
    ({"reason": " "}, "reason"),
    ({"kind": "lab"}, "kind"),
    ({"diagnoses": ("E11",)}, "diagnoses"),  # a header code
    ({"diagnoses": ("ZZZ.9",)}, "diagnoses"),
    ({"authorization_number": "A/B"}, "authorization_number"),
    ({"visits_allowed": "0"}, "visits_allowed"),
    ({"visits_allowed": "two"}, "visits_allowed"),
    ({"ordering_provider_id": 777}, "ordering_provider_id"),
    ({"patient_id": None}, "patient_id"),
])
def test_bad_referrals_are_refused_naming_the_field(clinic: RefClinic, changes: dict[str, object], field: str) -> None:
    with pytest.raises(ValidationError) as err:
        referrals.create_referral(clinic.desk, referral(clinic, **changes))
    assert err.value.field == field
    assert referrals.open_referrals(clinic.desk).total == 0  # nothing half-saved


def test_a_retired_destination_is_refused(clinic: RefClinic) -> None:
    outside_directory.set_outside_provider_active(clinic.desk, clinic.cardiology_id, False)
    with pytest.raises(ValidationError, match="retired"):
        referrals.create_referral(clinic.desk, referral(clinic))


def test_moving_through_every_state(clinic: RefClinic, clock) -> None:  # type: ignore[no-untyped-def]
    ref_id = referrals.create_referral(clinic.desk, referral(clinic)).id
    referrals.change_referral_status(clinic.desk, ref_id, "authorization_pending", note="Faxed payer form")
    with pytest.raises(ValidationError) as err:  # scheduled needs the appointment
        referrals.change_referral_status(clinic.desk, ref_id, "scheduled")
    assert err.value.field == "appointment_date"
    with pytest.raises(ValidationError) as err:
        referrals.change_referral_status(clinic.desk, ref_id, "scheduled", appointment_date=date(2026, 11, 1),
                                         appointment_time=time(9, 0))
    assert err.value.field == "appointment_date"  # before the request
    with pytest.raises(ValidationError) as err:
        referrals.change_referral_status(clinic.desk, ref_id, "scheduled", appointment_date=date(2026, 12, 3))
    assert err.value.field == "appointment_time"
    detail = referrals.change_referral_status(clinic.desk, ref_id, "scheduled", appointment_date=date(2026, 12, 3),
                                              appointment_time=time(10, 30))
    assert (detail.row.appointment_date, detail.row.appointment_time) == (date(2026, 12, 3), time(10, 30))
    referrals.change_referral_status(clinic.desk, ref_id, "confirmed")
    clock[0] = datetime(2026, 12, 3, 20, 0, tzinfo=UTC)  # the afternoon of the visit: it can be completed
    for step in ("completed", "report_received"):
        detail = referrals.change_referral_status(clinic.desk, ref_id, step)
    assert [h.to_status for h in detail.history] == ["requested", "authorization_pending", "scheduled", "confirmed",
                                                     "completed", "report_received"]
    assert detail.history[1].note == "Faxed payer form"
    with pytest.raises(ConflictError, match="stays closed"):
        referrals.change_referral_status(clinic.desk, ref_id, "completed")
    with pytest.raises(ConflictError):
        referrals.update_referral(clinic.desk, ref_id, referral(clinic))
    outcomes = [e.outcome for e in contact_history.list_contact_history(clinic.desk, clinic.patient_id)]
    assert sorted(outcomes) == sorted(["Requested", "Authorization pending", "Scheduled", "Confirmed with patient",
                                       "Completed", "Report received"])
    assert referrals.open_referrals(clinic.desk).total == 0


def test_steps_may_be_skipped_and_a_reschedule_goes_back(clinic: RefClinic) -> None:
    ref_id = referrals.create_referral(clinic.desk, referral(clinic)).id
    referrals.change_referral_status(clinic.desk, ref_id, "confirmed", appointment_date=date(2026, 12, 3),
                                     appointment_time=time(10, 30))
    detail = referrals.change_referral_status(clinic.desk, ref_id, "scheduled", appointment_date=date(2026, 12, 10),
                                              appointment_time=time(14, 0), note="Facility rescheduled")
    assert detail.row.appointment_date == date(2026, 12, 10) and detail.row.status == "scheduled"
    with pytest.raises(ConflictError, match="already"):
        referrals.change_referral_status(clinic.desk, ref_id, "scheduled")
    with pytest.raises(ConflictError, match="already"):  # the same appointment again changes nothing
        referrals.change_referral_status(clinic.desk, ref_id, "scheduled", appointment_date=date(2026, 12, 10),
                                         appointment_time=time(14, 0))
    moved = referrals.change_referral_status(clinic.desk, ref_id, "scheduled", appointment_date=date(2026, 12, 11),
                                             appointment_time=time(14, 0), note="Moved a day")
    assert moved.row.appointment_date == date(2026, 12, 11) and moved.history[-1].note == "Moved a day"
    with pytest.raises(ValidationError) as err:
        referrals.change_referral_status(clinic.desk, ref_id, "lost")
    assert err.value.field == "status"


def test_the_tracking_list_is_oldest_first_with_age_and_overdue_reasons(clinic: RefClinic, clock) -> None:  # type: ignore[no-untyped-def]
    clock[0] = datetime(2026, 10, 1, 17, 0, tzinfo=UTC)
    old = referrals.create_referral(clinic.desk, referral(clinic)).id
    clock[0] = datetime(2026, 11, 2, 17, 0, tzinfo=UTC)
    visit = referrals.create_referral(clinic.desk, referral(clinic, outside_provider_id=clinic.imaging_id,
                                                            kind="diagnostic")).id
    referrals.change_referral_status(clinic.desk, visit, "scheduled", appointment_date=date(2026, 11, 10),
                                     appointment_time=time(8, 15))
    clock[0] = datetime(2026, 11, 19, 17, 0, tzinfo=UTC)
    fresh = referrals.create_referral(clinic.desk, referral(clinic, patient_id=clinic.other_patient_id)).id
    done = referrals.create_referral(clinic.desk, referral(clinic)).id
    referrals.change_referral_status(clinic.desk, done, "cancelled", note="Patient declined")
    clock[0] = datetime(2026, 11, 20, 17, 0, tzinfo=UTC)
    page = referrals.open_referrals(clinic.desk)
    assert page.total == 3 and [r.id for r in page.rows] == [old, visit, fresh]
    assert [r.age_days for r in page.rows] == [50, 18, 1]
    assert page.rows[0].overdue_reason.startswith("No appointment yet 50 days")
    assert "has passed" in page.rows[1].overdue_reason and page.rows[1].kind_text == "Diagnostic test"
    assert not page.rows[2].overdue and page.rows[2].patient_name == "Cash, Sam"
    assert [r.id for r in referrals.open_referrals(clinic.desk, offset=1, limit=1).rows] == [visit]
    mine = referrals.patient_referrals(clinic.desk, clinic.patient_id)
    assert [r.id for r in mine] == [done, visit, old]  # newest first, closed ones included


def test_a_completed_referral_without_a_report_turns_overdue(clinic: RefClinic, clock) -> None:  # type: ignore[no-untyped-def]
    ref_id = referrals.create_referral(clinic.desk, referral(clinic)).id
    clock[0] = datetime(2026, 11, 23, 17, 0, tzinfo=UTC)  # completed on the day of the outside visit
    referrals.change_referral_status(clinic.desk, ref_id, "completed", appointment_date=date(2026, 11, 23),
                                     appointment_time=time(9, 0))
    assert not referrals.open_referrals(clinic.desk).rows[0].overdue
    clock[0] += timedelta(days=20)
    assert referrals.open_referrals(clinic.desk).rows[0].overdue_reason.startswith("No report")


def test_a_referral_is_not_completed_before_its_outside_appointment(clinic: RefClinic, clock) -> None:  # type: ignore[no-untyped-def]
    ref_id = referrals.create_referral(clinic.desk, referral(clinic)).id
    tomorrow = TODAY + timedelta(days=1)
    referrals.change_referral_status(clinic.desk, ref_id, "scheduled", appointment_date=tomorrow,
                                     appointment_time=time(8, 0))
    with pytest.raises(ValidationError, match=f"on {tomorrow:%m/%d/%Y}") as err:
        referrals.change_referral_status(clinic.desk, ref_id, "completed")
    assert err.value.field == "appointment_date"
    with pytest.raises(ValidationError) as err:  # typing the future date with the step is refused the same way
        referrals.change_referral_status(clinic.desk, ref_id, "completed", appointment_date=tomorrow + timedelta(days=1),
                                         appointment_time=time(8, 0))
    assert err.value.field == "appointment_date"
    detail = referrals.get_referral(clinic.desk, ref_id)
    assert (detail.row.status, detail.row.appointment_date) == ("scheduled", tomorrow)  # nothing half-saved
    # 11:59 PM Eastern tonight is still the day before; 12:01 AM tomorrow is the appointment's day.
    clock[0] = datetime.combine(tomorrow, time(4, 59), tzinfo=UTC)
    with pytest.raises(ValidationError):
        referrals.change_referral_status(clinic.desk, ref_id, "completed")
    clock[0] = datetime.combine(tomorrow, time(5, 1), tzinfo=UTC)
    assert referrals.change_referral_status(clinic.desk, ref_id, "completed").row.status == "completed"


def test_editing_keeps_the_status_and_checks_the_fields(clinic: RefClinic) -> None:
    detail = referrals.create_referral(clinic.desk, referral(clinic))
    changed = referrals.update_referral(clinic.desk, detail.id, ReferralInput(**{
        **detail.as_input().__dict__, "reason": "Chest pain on exertion", "visits_allowed": ""}))
    assert changed.reason == "Chest pain on exertion" and changed.visits_allowed is None
    assert changed.row.status == "requested"
    with pytest.raises(ValidationError):
        referrals.update_referral(clinic.desk, detail.id, referral(clinic, outside_provider_id=None))
    assert referrals.get_referral(clinic.desk, detail.id).reason == "Chest pain on exertion"


def test_the_letter_data_has_everything_and_is_logged(practice, clinic: RefClinic) -> None:  # type: ignore[no-untyped-def]
    ref_id = referrals.create_referral(clinic.desk, referral(clinic)).id
    data = referrals.referral_letter(clinic.desk, ref_id)
    assert data.patient_name == "Mary O'Brien-Smith" and data.patient_dob == date(1975, 3, 7)
    assert data.patient_phone == "(217) 555-0142" and data.destination.fax == "+12175550301"
    assert data.diagnoses[0][0] == "R00.2" and "palpitations" in data.diagnoses[0][1].lower()
    assert (data.authorization_number, data.visits_allowed) == ("AUTH-5521", 3)
    assert data.ordering_provider_name == "Ava Carter, MD" and data.practice_name
    with practice.db.session(write=False) as session:
        kinds = session.scalars(select(ContactEvent.outcome).where(ContactEvent.ref_id == ref_id)).all()
    assert "Letter printed" in kinds
