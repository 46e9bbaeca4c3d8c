"""A weekly series with some weeks taken: the plan lists the free weeks and, for each taken one, the next
opening (same provider and length, on or after its time); booking then leaves the taken weeks out."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from calendar_testlib import TZ, Clinic, local

from frontdesk.errors import ValidationError
from frontdesk.services.scheduling import appointments, schedule_views, series_plan
from frontdesk.services.admin import audit
from frontdesk.services.scheduling.appointments import BookingRequest, Recurrence, ScheduleConflict

TUESDAY = date(2030, 3, 5)
WEEKS = [TUESDAY + timedelta(weeks=k) for k in range(5)]


def _request(clinic: Clinic) -> BookingRequest:
    return BookingRequest(clinic.pat[1], clinic.dr_a, clinic.visit, local(TUESDAY, 10), room_id=clinic.room_1)


def _book(clinic: Clinic, patient: int, provider: int, day: date, hour: int, minute: int = 0) -> None:
    appointments.book_appointment(clinic.desk, BookingRequest(patient, provider, clinic.visit,
                                                              local(day, hour, minute)))


def _aware(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


@pytest.fixture
def taken(clinic: Clinic) -> Clinic:
    """Week 2: Dr A busy at 10:00. Week 4: Dr A busy 10:00-11:00 and the patient busy with Dr B at 11:00."""
    _book(clinic, clinic.pat[0], clinic.dr_a, WEEKS[1], 10)
    _book(clinic, clinic.pat[0], clinic.dr_a, WEEKS[3], 10)
    _book(clinic, clinic.pat[2], clinic.dr_a, WEEKS[3], 10, 30)
    _book(clinic, clinic.pat[1], clinic.dr_b, WEEKS[3], 11)
    return clinic


def _booked(clinic: Clinic) -> list[date]:
    rows = schedule_views.patient_appointments(clinic.admin, clinic.pat[1], upcoming_only=False)
    return sorted(a.start.date() for a in rows if a.provider_id == clinic.dr_a)


def test_the_plan_lists_free_weeks_and_the_next_opening_of_each_taken_one(taken: Clinic) -> None:
    plan = series_plan.plan_series(taken.desk, _request(taken), Recurrence(count=5))
    assert [v.start for v in plan.visits] == [_aware(d, 10) for d in WEEKS]
    assert [v.free for v in plan.visits] == [True, False, True, False, True]
    assert plan.free_count == 3 and plan.skip_dates == (WEEKS[1], WEEKS[3])
    first, second = plan.taken
    assert first.problem == "Maria Alvarez, MD already has an appointment 03/12/2030 10:00 AM-10:30 AM."
    assert first.next_opening == _aware(WEEKS[1], 10, 30)
    # 10:30 is Dr A's next patient; 11:00 is free for Dr A but the patient is with Dr B then.
    assert second.next_opening == _aware(WEEKS[3], 11, 30)
    assert all(v.next_opening is None for v in plan.visits if v.free)
    assert plan.provider_name == "Maria Alvarez, MD"
    assert _booked(taken) == [], "planning books nothing"


def test_book_only_the_free_weeks_in_one_audited_step(taken: Clinic) -> None:
    with pytest.raises(ScheduleConflict):  # without a choice, one taken week still refuses the whole series
        appointments.book_series(taken.desk, _request(taken), Recurrence(count=5))
    plan = series_plan.plan_series(taken.desk, _request(taken), Recurrence(count=5))
    series = appointments.book_series(taken.desk, _request(taken), Recurrence(count=5), None, plan.skip_dates)
    assert [a.start for a in series.appointments] == [_aware(WEEKS[k], 10) for k in (0, 2, 4)]
    assert series.skipped == (WEEKS[1], WEEKS[3])
    assert {a.series_id for a in series.appointments} == {series.series_id}
    assert _booked(taken) == [WEEKS[0], WEEKS[2], WEEKS[4]]
    event = audit.list_events(taken.admin, audit.AuditFilter(action="appointment.series_book"))[0]
    assert "series of 3" in event.detail and "2 of 5 weeks left out" in event.detail


def test_a_week_taken_after_the_plan_refuses_the_booking(taken: Clinic) -> None:
    plan = series_plan.plan_series(taken.desk, _request(taken), Recurrence(count=5))
    _book(taken, taken.pat[2], taken.dr_a, WEEKS[2], 10)  # someone else books a free week meanwhile
    with pytest.raises(ScheduleConflict, match="03/19/2030"):
        appointments.book_series(taken.desk, _request(taken), Recurrence(count=5), None, plan.skip_dates)
    assert _booked(taken) == []


@pytest.mark.parametrize("skip, message", [((date(2030, 3, 6),), "03/06/2030 is not a visit"),
                                           (tuple(WEEKS[:2]), None), (("03/12/2030",), "as dates")])
def test_weeks_to_leave_out_must_be_weeks_of_the_series(clinic: Clinic, skip: tuple, message: str | None) -> None:  # type: ignore[type-arg]
    recurrence = Recurrence(count=2) if message is None else Recurrence(count=5)
    with pytest.raises(ValidationError, match=message or "nothing would be booked") as err:
        appointments.book_series(clinic.desk, _request(clinic), recurrence, None, skip)
    assert err.value.field == "skip_dates"
    assert _booked(clinic) == []


def test_a_taken_week_with_no_opening_left_that_day_gets_the_next_working_day(clinic: Clinic) -> None:
    # Dr A's Tuesday afternoon is full from 4:00 PM to the end of the day (5:00 PM).
    _book(clinic, clinic.pat[0], clinic.dr_a, WEEKS[1], 16)
    _book(clinic, clinic.pat[2], clinic.dr_a, WEEKS[1], 16, 30)
    request = BookingRequest(clinic.pat[1], clinic.dr_a, clinic.visit, local(TUESDAY, 16))
    plan = series_plan.plan_series(clinic.desk, request, Recurrence(count=2))
    assert plan.taken[0].next_opening == _aware(WEEKS[1] + timedelta(days=1), 9)
