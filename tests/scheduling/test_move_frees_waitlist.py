"""Moving an appointment frees its old time: the waitlist entries that fit what it left, as a cancellation does."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from calendar_testlib import Clinic, local

from frontdesk.errors import NotFoundError, ValidationError
from frontdesk.services.scheduling import appointments, waitlist
from frontdesk.services.scheduling.appointments import BookingRequest
from frontdesk.services.scheduling.waitlist import WaitlistInput

TUESDAY = date(2030, 3, 5)
pytestmark = pytest.mark.both_engines


def _moved_from(clinic: Clinic, hour: int, to_hour: int, minute: int = 0, provider: int | None = None):  # type: ignore[no-untyped-def]
    booked = appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                                       local(TUESDAY, hour)))
    appointments.move_appointment(clinic.desk, booked.id, local(TUESDAY, to_hour, minute), provider)
    return booked  # as it was before the move


def test_a_move_offers_its_old_time_to_the_waitlist(clinic: Clinic) -> None:
    cy = waitlist.add_to_waitlist(clinic.desk, WaitlistInput(clinic.pat[2], 30, provider_ids=(clinic.dr_a,)))
    waitlist.add_to_waitlist(clinic.desk, WaitlistInput(clinic.pat[1], 30, provider_ids=(clinic.dr_b,)))
    before = _moved_from(clinic, 10, 15)
    found = waitlist.waitlist_after_move(clinic.desk, before.id, before.provider_id, before.start, before.end)
    assert [(m.entry_id, m.slot_provider_id, m.slot_start.hour, m.slot_end.hour, m.slot_end.minute)
            for m in found] == [(cy.id, clinic.dr_a, 10, 10, 30)]


def test_only_the_part_left_free_counts_and_never_the_moved_patient(clinic: Clinic) -> None:
    waitlist.add_to_waitlist(clinic.desk, WaitlistInput(clinic.pat[0], 15))  # Ann herself waits for anything
    bob = waitlist.add_to_waitlist(clinic.desk, WaitlistInput(clinic.pat[1], 15, provider_ids=(clinic.dr_a,)))
    cy = waitlist.add_to_waitlist(clinic.desk, WaitlistInput(clinic.pat[2], 30, provider_ids=(clinic.dr_a,)))
    before = _moved_from(clinic, 10, 10, 15)  # 10:00-10:30 -> 10:15-10:45: 10:00-10:15 is free
    found = waitlist.waitlist_after_move(clinic.desk, before.id, before.provider_id, before.start, before.end)
    assert [(m.entry_id, m.slot_start.minute, m.slot_end.minute) for m in found] == [(bob.id, 0, 15)]
    assert cy.id not in [m.entry_id for m in found]  # 15 free minutes are too short for Cy's 30


def test_a_move_to_another_provider_frees_the_whole_slot(clinic: Clinic) -> None:
    cy = waitlist.add_to_waitlist(clinic.desk, WaitlistInput(clinic.pat[2], 30, provider_ids=(clinic.dr_a,)))
    before = _moved_from(clinic, 10, 10, provider=clinic.dr_b)
    found = waitlist.waitlist_after_move(clinic.desk, before.id, clinic.dr_a, before.start, before.end)
    assert [m.entry_id for m in found] == [cy.id]


def test_time_already_past_is_not_offered(clinic: Clinic, clock) -> None:  # type: ignore[no-untyped-def]
    waitlist.add_to_waitlist(clinic.desk, WaitlistInput(clinic.pat[2], 30, provider_ids=(clinic.dr_a,)))
    before = _moved_from(clinic, 10, 15)
    clock.set_local(TUESDAY, time(10, 20))  # only ten minutes of the old slot are ahead
    assert waitlist.waitlist_after_move(clinic.desk, before.id, before.provider_id, before.start, before.end) == ()


def test_bad_input_is_refused_by_field(clinic: Clinic) -> None:
    before = _moved_from(clinic, 10, 15)
    with pytest.raises(ValidationError) as err:
        waitlist.waitlist_after_move(clinic.desk, before.id, clinic.dr_a, before.end, before.start)
    assert err.value.field == "end"
    with pytest.raises(NotFoundError):
        waitlist.waitlist_after_move(clinic.desk, before.id + 99, clinic.dr_a, before.start,
                                     before.start + timedelta(minutes=30))
