"""Recurring appointments (edit/cancel this, this and following, all) and moves that keep their history."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from calendar_testlib import Clinic, local

from frontdesk.errors import ConflictError, ValidationError
from frontdesk.services.scheduling import appointment_status, appointments, schedule_views
from frontdesk.services.admin import audit
from frontdesk.services.scheduling.appointments import (
    AppointmentChanges,
    BookingRequest,
    Recurrence,
    ScheduleConflict,
)

TUESDAY = date(2030, 3, 5)


def _series(clinic: Clinic, count: int = 6, override=None):  # type: ignore[no-untyped-def]
    ctx = clinic.admin if override else clinic.desk
    return appointments.book_series(ctx, BookingRequest(clinic.pat[1], clinic.dr_a, clinic.visit, local(TUESDAY, 10),
                                                        room_id=clinic.room_1, reason="physio check"),
                                    Recurrence(count=count), override)


def _all(clinic: Clinic, series_id: int):  # type: ignore[no-untyped-def]
    rows = schedule_views.patient_appointments(clinic.admin, clinic.pat[1], upcoming_only=False)
    return sorted((a for a in rows if a.series_id == series_id), key=lambda a: a.start_utc)


def test_a_series_is_real_linked_appointments(clinic: Clinic) -> None:
    series = _series(clinic)
    assert series.series_id > 0
    assert [a.start.date() for a in series.appointments] == [TUESDAY + timedelta(weeks=k) for k in range(6)]
    assert all(a.reason == "physio check" and a.room_name == "Exam 1" for a in series.appointments)
    event = audit.list_events(clinic.admin, audit.AuditFilter(action="appointment.series_book"))[0]
    assert "series of 6" in event.detail


def test_edit_this_one_only(clinic: Clinic) -> None:
    series = _series(clinic)
    target = series.appointments[2]
    appointments.update_appointment(clinic.desk, target.id, AppointmentChanges(notes="bring x-rays"), "this")
    notes = [a.notes for a in _all(clinic, series.series_id)]
    assert notes == ["", "", "bring x-rays", "", "", ""]


def test_edit_this_and_following_moves_the_time(clinic: Clinic) -> None:
    series = _series(clinic)
    changed = appointments.update_appointment(clinic.desk, series.appointments[3].id,
                                              AppointmentChanges(start_time=time(11)), "following")
    assert [a.id for a in changed] == [a.id for a in series.appointments[3:]]
    hours = [a.start.hour for a in _all(clinic, series.series_id)]
    assert hours == [10, 10, 10, 11, 11, 11]
    history = schedule_views.appointment_history(clinic.admin, series.appointments[4].id)
    assert [e.kind for e in history] == ["booked", "move"]
    assert history[1].from_start.hour == 10 and history[1].username == "rita"


def test_edit_all_changes_every_upcoming_visit_but_not_the_past(clinic: Clinic, clock) -> None:  # type: ignore[no-untyped-def]
    series = _series(clinic)
    clock.set_local(TUESDAY, time(11))  # the first visit is over
    changed = appointments.update_appointment(clinic.desk, series.appointments[2].id,
                                              AppointmentChanges(provider_id=clinic.dr_b, room_id=clinic.room_2), "all")
    assert len(changed) == 5
    rows = _all(clinic, series.series_id)
    assert [a.provider_id for a in rows] == [clinic.dr_a] + [clinic.dr_b] * 5
    assert [a.room_name for a in rows] == ["Exam 1"] + ["Exam 2"] * 5


def test_series_edits_are_checked_together(clinic: Clinic) -> None:
    series = _series(clinic)
    appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[2], clinic.dr_b, clinic.visit,
                                                              local(TUESDAY + timedelta(weeks=3), 10)))
    with pytest.raises(ScheduleConflict, match="03/26/2030") as err:
        appointments.update_appointment(clinic.desk, series.appointments[0].id,
                                        AppointmentChanges(provider_id=clinic.dr_b), "all")
    assert err.value.rules == ("provider overlap",)
    assert {a.provider_id for a in _all(clinic, series.series_id)} == {clinic.dr_a}  # nothing half-done
    appointments.update_appointment(clinic.admin, series.appointments[0].id,
                                    AppointmentChanges(provider_id=clinic.dr_b), "all", "Dr A on leave")
    assert {a.provider_id for a in _all(clinic, series.series_id)} == {clinic.dr_b}


def test_cancel_this_following_and_all(clinic: Clinic) -> None:
    series = _series(clinic)
    ids = [a.id for a in series.appointments]
    appointment_status.cancel_appointment(clinic.desk, ids[1], "sick", "this")
    assert [a.status for a in _all(clinic, series.series_id)] == ["scheduled", "cancelled"] + ["scheduled"] * 4
    freed = appointment_status.cancel_appointment(clinic.desk, ids[4], "moving away", "following")
    assert [a.id for a in freed.appointments] == ids[4:]
    assert [a.status for a in _all(clinic, series.series_id)] == ["scheduled", "cancelled", "scheduled",
                                                                   "scheduled", "cancelled", "cancelled"]
    appointment_status.cancel_appointment(clinic.desk, ids[2], "stopped therapy", "all")
    rows = _all(clinic, series.series_id)
    assert [a.status for a in rows] == ["cancelled"] * 6
    assert rows[0].cancel_reason == "stopped therapy" and rows[1].cancel_reason == "sick"


def test_scope_needs_a_series(clinic: Clinic) -> None:
    one = appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                                    local(TUESDAY, 9)))
    for call in (lambda: appointment_status.cancel_appointment(clinic.desk, one.id, "x", "following"),
                 lambda: appointments.update_appointment(clinic.desk, one.id, AppointmentChanges(notes="x"), "all")):
        with pytest.raises(ValidationError) as err:
            call()
        assert err.value.field == "scope"


def test_a_series_with_one_clash_is_refused_as_a_whole(clinic: Clinic) -> None:
    appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[2], clinic.dr_a, clinic.visit,
                                                              local(TUESDAY + timedelta(weeks=2), 10)))
    with pytest.raises(ScheduleConflict, match="03/19/2030") as err:
        _series(clinic)
    assert err.value.rules == ("provider overlap",)
    assert len(schedule_views.week_view(clinic.admin, TUESDAY, days=31).appointments) == 1
    series = _series(clinic, override="double-booked on purpose")
    assert all(a.override_rules == "provider overlap" for a in series.appointments)


def test_a_series_over_the_patients_own_visit_is_never_booked(clinic: Clinic) -> None:
    appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[1], clinic.dr_b, clinic.visit,
                                                              local(TUESDAY + timedelta(weeks=3), 10, 15)))
    with pytest.raises(ScheduleConflict) as err:
        _series(clinic, override="please")
    assert err.value.overridable is False


def test_move_keeps_where_the_appointment_was(clinic: Clinic) -> None:
    info = appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                                     local(TUESDAY, 9), room_id=clinic.room_1))
    moved = appointments.move_appointment(clinic.desk, info.id, local(TUESDAY, 9, 15))  # overlaps only itself
    assert moved.start.minute == 15 and moved.length_minutes == 30
    moved = appointments.move_appointment(clinic.desk, info.id, local(TUESDAY, 14), clinic.dr_b, 45)
    assert (moved.provider_id, moved.start.hour, moved.length_minutes) == (clinic.dr_b, 14, 45)
    history = schedule_views.appointment_history(clinic.admin, info.id)
    assert [e.kind for e in history] == ["booked", "move", "move"]
    assert history[2].from_start.hour == 9 and history[2].from_start.minute == 15
    assert history[2].from_provider_name == "Maria Alvarez, MD" and history[2].from_room_name == "Exam 1"
    assert audit.list_events(clinic.admin, audit.AuditFilter(action="appointment.move"))[0].patient_id == clinic.pat[0]


def test_move_onto_a_busy_provider_needs_an_override(clinic: Clinic) -> None:
    first = appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                                      local(TUESDAY, 9)))
    second = appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[1], clinic.dr_a, clinic.visit,
                                                                       local(TUESDAY, 11)))
    with pytest.raises(ScheduleConflict) as err:
        appointments.move_appointment(clinic.desk, second.id, local(TUESDAY, 9))
    assert err.value.rules == ("provider overlap",)
    assert appointments.get_appointment(clinic.desk, second.id).start.hour == 11
    moved = appointments.move_appointment(clinic.admin, second.id, local(TUESDAY, 9), override_reason="work-in")
    assert moved.override_rules == "provider overlap" and first.id != moved.id


def test_move_checks_the_new_provider_offers_the_type(clinic: Clinic) -> None:
    info = appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.physical,
                                                                     local(TUESDAY, 9)))
    with pytest.raises(ValidationError, match="does not offer Physical") as err:
        appointments.move_appointment(clinic.desk, info.id, local(TUESDAY, 10), clinic.dr_b)
    assert err.value.field == "provider_id"


def test_a_confirmed_visit_moved_in_time_needs_confirming_again(clinic: Clinic) -> None:
    info = appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                                     local(TUESDAY, 9)))
    appointment_status.change_status(clinic.desk, info.id, "confirmed")
    assert appointments.move_appointment(clinic.desk, info.id, local(TUESDAY, 10)).status == "scheduled"


def test_finished_visits_cannot_be_moved(clinic: Clinic) -> None:
    info = appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                                     local(TUESDAY, 9)))
    appointment_status.cancel_appointment(clinic.desk, info.id, "no longer needed")
    with pytest.raises(ConflictError, match="cancelled"):
        appointments.move_appointment(clinic.desk, info.id, local(TUESDAY, 10))


def test_changing_only_the_type_or_notes_of_a_past_visit_needs_no_override(clinic: Clinic, clock) -> None:  # type: ignore[no-untyped-def]
    info = appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[0], clinic.dr_b, clinic.visit,
                                                                     local(TUESDAY, 9)))
    clock.set_local(TUESDAY, time(15))
    with pytest.raises(ValidationError, match="does not offer Physical"):
        appointments.update_appointment(clinic.desk, info.id, AppointmentChanges(type_id=clinic.physical))
    appointments.move_appointment(clinic.admin, info.id, local(TUESDAY, 9), clinic.dr_a, override_reason="fix")
    changed = appointments.update_appointment(clinic.desk, info.id, AppointmentChanges(type_id=clinic.physical,
                                                                                       notes="billed as physical"))
    assert changed[0].type_name == "Physical" and changed[0].notes == "billed as physical"
    with pytest.raises(ScheduleConflict, match="past"):
        appointments.update_appointment(clinic.desk, info.id, AppointmentChanges(start_time=time(10)))
