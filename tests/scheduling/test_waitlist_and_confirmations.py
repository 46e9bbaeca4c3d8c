"""Waitlist matching when a slot opens; confirmation-call list and outcomes in the contact history."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from calendar_testlib import Clinic, local
from sqlalchemy import select

from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import ContactEvent
from frontdesk.services.scheduling import appointment_status, appointments, confirmations, schedule_setup, waitlist
from frontdesk.services.scheduling.appointments import BookingRequest
from frontdesk.services.scheduling.waitlist import WaitlistInput

TUESDAY = date(2030, 3, 5)


def _book(clinic: Clinic, patient: int, day: date, hour: int, provider=None, ctx=None, override=None):  # type: ignore[no-untyped-def]
    return appointments.book_appointment(ctx or clinic.desk, BookingRequest(
        clinic.pat[patient], provider or clinic.dr_a, clinic.visit, local(day, hour)), override)


@pytest.fixture
def waiting(clinic: Clinic):  # type: ignore[no-untyped-def]
    """Cy wants Dr A on Tuesday mornings (30 min); Bob wants anyone, an hour; Ann only Dr B."""
    cy = waitlist.add_to_waitlist(clinic.desk, WaitlistInput(clinic.pat[2], 30, provider_ids=(clinic.dr_a,),
                                                             weekdays=(1,), earliest=time(8), latest=time(12),
                                                             note="any Tuesday morning"))
    bob = waitlist.add_to_waitlist(clinic.desk, WaitlistInput(clinic.pat[1], type_id=clinic.physical,
                                                              length_minutes=60))
    ann = waitlist.add_to_waitlist(clinic.desk, WaitlistInput(clinic.pat[0], 30, provider_ids=(clinic.dr_b,)))
    return cy, bob, ann


def test_a_cancellation_returns_the_matching_entries(clinic: Clinic, waiting) -> None:  # type: ignore[no-untyped-def]
    cy, _bob, _ann = waiting
    booked = _book(clinic, 0, TUESDAY, 10)
    freed = appointment_status.cancel_appointment(clinic.desk, booked.id, "feeling better")
    assert [m.entry_id for m in freed.waitlist_matches] == [cy.id]
    match = freed.waitlist_matches[0]
    assert match.patient_name == "Cole, Cy" and match.slot_start.hour == 10 and match.note == "any Tuesday morning"


def test_matching_waitlist_checks_provider_day_time_and_length(clinic: Clinic, waiting) -> None:  # type: ignore[no-untyped-def]
    cy, bob, ann = waiting
    def ids(provider, day, hour, minutes, minute=0):  # type: ignore[no-untyped-def]
        start = local(day, hour, minute)
        return [m.entry_id for m in waitlist.matching_waitlist(clinic.desk, provider, start,
                                                               start + timedelta(minutes=minutes))]
    assert ids(clinic.dr_a, TUESDAY, 9, 60) == [cy.id, bob.id]  # first come, first served
    assert ids(clinic.dr_a, TUESDAY, 11, 60, 45) == [bob.id]  # Cy's visit would end after noon
    assert ids(clinic.dr_a, TUESDAY + timedelta(days=1), 9, 60) == [bob.id]  # Cy only on Tuesdays
    assert ids(clinic.dr_b, TUESDAY, 9, 30) == [ann.id]
    assert ids(clinic.dr_b, TUESDAY, 13, 60) == [ann.id]  # Bob waits for a Physical, which only Dr A offers
    _book(clinic, 0, TUESDAY, 9, provider=clinic.dr_a)  # Ann is busy then
    assert ids(clinic.dr_b, TUESDAY, 9, 30) == []
    waitlist.close_waitlist_entry(clinic.desk, bob.id, "withdrawn")
    assert ids(clinic.dr_a, TUESDAY, 13, 60) == []
    assert [e.id for e in waitlist.list_waitlist(clinic.desk)] == [cy.id, ann.id]
    assert waitlist.list_waitlist(clinic.desk, include_closed=True)[1].closed_reason == "withdrawn"


def test_only_slots_earlier_than_their_own_visit_match(clinic: Clinic) -> None:
    later = _book(clinic, 2, TUESDAY + timedelta(days=14), 10)
    entry = waitlist.add_to_waitlist(clinic.desk, WaitlistInput(clinic.pat[2], 30, appointment_id=later.id,
                                                                until=TUESDAY + timedelta(days=20)))
    def ids(day):  # type: ignore[no-untyped-def]
        return [m.entry_id for m in waitlist.matching_waitlist(clinic.desk, clinic.dr_b, local(day, 9),
                                                               local(day, 9, 30))]
    assert ids(TUESDAY) == [entry.id]
    assert ids(TUESDAY + timedelta(days=15)) == []  # later than what they have
    with pytest.raises(ValidationError) as err:
        waitlist.add_to_waitlist(clinic.desk, WaitlistInput(clinic.pat[0], 30, appointment_id=later.id))
    assert err.value.field == "appointment_id"


def test_confirmation_list_covers_the_next_two_business_days(clinic: Clinic, clock) -> None:  # type: ignore[no-untyped-def]
    friday, saturday, monday = date(2030, 3, 8), date(2030, 3, 9), date(2030, 3, 11)
    clock.set_local(friday, time(8))
    _book(clinic, 0, friday, 14)
    _book(clinic, 0, saturday, 10, ctx=clinic.admin, override="Saturday clinic")
    tue_visit = _book(clinic, 2, monday + timedelta(days=1), 16)
    mon_visit = _book(clinic, 1, monday, 9)
    _book(clinic, 0, monday + timedelta(days=2), 9)
    items = confirmations.confirmation_list(clinic.desk)
    assert [i.appointment.id for i in items] == [mon_visit.id, tue_visit.id]
    assert items[0].phone == "+15185550102" and items[0].attempts == 0
    schedule_setup.add_holiday(clinic.admin, monday, "Holiday")
    later = confirmations.confirmation_list(clinic.desk, 2)
    assert [i.appointment.start.date() for i in later] == [monday + timedelta(days=1), monday + timedelta(days=2)]


def _contacts(db, patient_id: int) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    with db.session(write=False) as s:
        return [(e.kind, e.outcome, e.ref_type, e.ref_id, e.direction, e.summary, e.user_id) for e in s.scalars(
            select(ContactEvent).where(ContactEvent.patient_id == patient_id).order_by(ContactEvent.id))]


def test_call_outcomes_go_to_the_contact_history(clinic: Clinic, db, clock) -> None:  # type: ignore[no-untyped-def]
    wednesday = TUESDAY + timedelta(days=1)
    visit = _book(clinic, 1, wednesday, 9)
    other = _book(clinic, 2, wednesday, 10)
    first = confirmations.record_confirmation_call(clinic.desk, visit.id, "left_message", "voicemail, line 2")
    assert first.appointment.status == "scheduled"
    items = {i.appointment.id: i for i in confirmations.confirmation_list(clinic.desk)}
    assert items[visit.id].attempts == 1 and items[visit.id].last_outcome == "left message"
    done = confirmations.record_confirmation_call(clinic.desk, visit.id, "confirmed")
    assert done.appointment.status == "confirmed"
    assert visit.id not in {i.appointment.id for i in confirmations.confirmation_list(clinic.desk)}
    assert visit.id in {i.appointment.id for i in confirmations.confirmation_list(clinic.desk, include_confirmed=True)}
    events = _contacts(db, clinic.pat[1])
    assert [e[:5] for e in events] == [
        ("confirmation", "left message", "appointment", visit.id, "out"),
        ("confirmation", "confirmed", "appointment", visit.id, "out")]
    assert "voicemail, line 2" in events[0][5] and events[0][6] is not None
    gone = confirmations.record_confirmation_call(clinic.desk, other.id, "cancelled", "has the flu")
    assert gone.appointment.status == "cancelled" and gone.appointment.late_cancel is False
    assert gone.appointment.cancel_reason == "Cancelled on confirmation call: has the flu"
    with pytest.raises(ConflictError):
        confirmations.record_confirmation_call(clinic.desk, other.id, "confirmed")
    with pytest.raises(ValidationError) as err:
        confirmations.record_confirmation_call(clinic.desk, visit.id, "maybe")
    assert err.value.field == "outcome"
