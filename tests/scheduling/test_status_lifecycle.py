"""Status lifecycle: each change stamped with time and user; late cancels; no-shows; counts; check-out offers next."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from calendar_testlib import Clinic, local

from frontdesk.errors import ConflictError, ValidationError
from frontdesk.services.scheduling import appointment_status as status
from frontdesk.services.scheduling import appointments, schedule_views
from frontdesk.services.scheduling.appointments import BookingRequest

MONDAY = date(2030, 3, 4)
TUESDAY = date(2030, 3, 5)


def _book(clinic: Clinic, day: date, hour: int, patient: int = 0, minute: int = 0, ctx=None):  # type: ignore[no-untyped-def]
    return appointments.book_appointment(ctx or clinic.desk, BookingRequest(
        clinic.pat[patient], clinic.dr_a, clinic.visit, local(day, hour, minute)))


def test_the_whole_visit(clinic: Clinic, clock) -> None:  # type: ignore[no-untyped-def]
    info = _book(clinic, MONDAY, 10)
    assert status.change_status(clinic.desk, info.id, "confirmed").status == "confirmed"
    clock.set_local(MONDAY, time(9, 52))
    arrived = status.check_in(clinic.desk, info.id)
    assert arrived.status == "arrived" and arrived.status_label == "Arrived"
    assert arrived.status_at == clock.now
    clock.set_local(MONDAY, time(10, 5))
    roomed = status.room_patient(clinic.desk, info.id, clinic.room_2)
    assert roomed.status == "in_room" and roomed.room_name == "Exam 2"
    clock.set_local(MONDAY, time(10, 40))
    done = status.check_out(clinic.desk, info.id)
    assert done.appointment.status == "checked_out" and done.next_appointment is None
    history = schedule_views.appointment_history(clinic.admin, info.id)
    assert [(e.kind, e.status) for e in history] == [("booked", "scheduled"), ("status", "confirmed"),
                                                     ("status", "arrived"), ("status", "in_room"),
                                                     ("status", "checked_out")]
    assert [e.at.strftime("%H:%M") for e in history[2:]] == ["09:52", "10:05", "10:40"]
    assert {e.username for e in history} == {"rita"}
    with pytest.raises(ConflictError, match="checked out"):
        status.change_status(clinic.desk, info.id, "arrived")


def test_no_check_in_for_a_later_day(clinic: Clinic) -> None:
    info = _book(clinic, TUESDAY, 10)
    with pytest.raises(ConflictError, match="03/05/2030"):
        status.check_in(clinic.desk, info.id)


def test_a_mistaken_check_in_can_be_undone(clinic: Clinic) -> None:
    info = _book(clinic, MONDAY, 10)
    status.check_in(clinic.desk, info.id)
    assert status.change_status(clinic.desk, info.id, "scheduled", "wrong patient").status == "scheduled"


def test_cancel_and_no_show_have_their_own_operations(clinic: Clinic) -> None:
    info = _book(clinic, MONDAY, 10)
    for target in ("cancelled", "no_show", "lost"):
        with pytest.raises(ValidationError) as err:
            status.change_status(clinic.desk, info.id, target)
        assert err.value.field == "status"
    with pytest.raises(ValidationError) as err:
        status.cancel_appointment(clinic.desk, info.id, "  ")
    assert err.value.field == "cancel_reason"


def test_late_cancel_is_under_24_hours(clinic: Clinic) -> None:
    # now: Monday 8:00 AM
    soon = status.cancel_appointment(clinic.desk, _book(clinic, MONDAY, 14).id, "car trouble")
    assert soon.appointments[0].late_cancel and soon.appointments[0].cancel_reason == "car trouble"
    assert soon.appointments[0].status_label == "Cancelled"
    later = status.cancel_appointment(clinic.desk, _book(clinic, TUESDAY, 9).id, "work")  # 25 hours ahead
    assert not later.appointments[0].late_cancel
    history = schedule_views.appointment_history(clinic.admin, soon.appointments[0].id)
    assert history[-1].note == "late cancel" and history[-1].status == "cancelled"


def test_no_show_only_after_the_start(clinic: Clinic, clock) -> None:  # type: ignore[no-untyped-def]
    info = _book(clinic, MONDAY, 10)
    with pytest.raises(ConflictError, match="not started"):
        status.mark_no_show(clinic.desk, info.id)
    clock.set_local(MONDAY, time(10, 20))
    freed = status.mark_no_show(clinic.desk, info.id)
    assert freed.appointments[0].status == "no_show"
    with pytest.raises(ConflictError):
        status.cancel_appointment(clinic.desk, info.id, "too late")


def _past(clinic: Clinic, day: date, patient: int = 0):  # type: ignore[no-untyped-def]
    return appointments.book_appointment(clinic.admin, BookingRequest(
        clinic.pat[patient], clinic.dr_a, clinic.visit, local(day, 10)), "entering paper records")


def test_attendance_counts_and_hidden_visits(clinic: Clinic) -> None:
    ann = clinic.pat[0]
    status.mark_no_show(clinic.desk, _past(clinic, date(2029, 3, 6)).id)  # a year ago
    status.mark_no_show(clinic.desk, _past(clinic, date(2030, 1, 8)).id)  # 55 days ago
    status.check_out(clinic.desk, status.room_patient(
        clinic.desk, status.change_status(clinic.desk, _past(clinic, date(2030, 2, 5)).id, "arrived").id).id)
    status.cancel_appointment(clinic.desk, _book(clinic, MONDAY, 14).id, "late")
    status.cancel_appointment(clinic.desk, _book(clinic, TUESDAY, 14).id, "early")
    _book(clinic, TUESDAY, 15)
    counts = schedule_views.patient_attendance(clinic.desk, ann, recent_days=90)
    assert (counts.no_shows, counts.cancellations, counts.late_cancellations, counts.recent_no_shows) == (2, 2, 1, 1)
    assert schedule_views.patient_attendance(clinic.desk, clinic.pat[1]).no_shows == 0
    shown = schedule_views.day_view(clinic.desk, TUESDAY).appointments
    assert [a.start.hour for a in shown] == [15]
    everything = schedule_views.day_view(clinic.desk, TUESDAY, include_inactive=True).appointments
    assert [(a.start.hour, a.status) for a in everything] == [(14, "cancelled"), (15, "scheduled")]
    upcoming = schedule_views.patient_appointments(clinic.desk, ann)
    assert [a.start.hour for a in upcoming] == [15]


def test_check_out_offers_the_next_visit(clinic: Clinic, clock) -> None:  # type: ignore[no-untyped-def]
    today = _book(clinic, MONDAY, 10)
    nxt = _book(clinic, TUESDAY + timedelta(days=7), 11)
    clock.set_local(MONDAY, time(9, 55))
    status.check_in(clinic.desk, today.id)
    result = status.check_out(clinic.desk, today.id, follow_up_days=14)
    assert result.next_appointment is not None and result.next_appointment.id == nxt.id
    assert result.suggestions == ()


def test_check_out_suggests_follow_up_openings(clinic: Clinic, clock) -> None:  # type: ignore[no-untyped-def]
    today = _book(clinic, MONDAY, 10)
    clock.set_local(MONDAY, time(9, 55))
    status.check_in(clinic.desk, today.id)
    result = status.check_out(clinic.desk, today.id, follow_up_days=14)
    assert result.next_appointment is None
    first = result.suggestions[0]
    assert first.start.date() == MONDAY + timedelta(days=14) and first.start.hour == 9
    assert first.provider_id == clinic.dr_a and first.length_minutes == 30
    assert len(result.suggestions) == 5
