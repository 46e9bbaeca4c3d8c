"""The conflict matrix: patient overlap never; provider/room overlap, hours, blockout, holiday, past need an override."""

from __future__ import annotations

from datetime import date, time

import pytest
from calendar_testlib import Clinic, local

from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.services.scheduling import appointments, schedule_setup, schedule_views
from frontdesk.services.admin import audit
from frontdesk.services.scheduling.appointments import BookingRequest, ScheduleConflict

TUESDAY = date(2030, 3, 5)
WEDNESDAY = date(2030, 3, 6)


def _book(clinic: Clinic, ctx, patient: int, provider: int, start, *, room=None, minutes=30,  # type: ignore[no-untyped-def]
          override=None):
    return appointments.book_appointment(
        ctx, BookingRequest(patient, provider, clinic.visit, start, length_minutes=minutes, room_id=room),
        override)


def _count(clinic: Clinic) -> int:
    return len(schedule_views.week_view(clinic.admin, date(2030, 3, 1), days=14, include_inactive=True).appointments)


@pytest.fixture
def booked(clinic: Clinic):  # type: ignore[no-untyped-def]
    """Ann with Dr A in Exam 1, Tuesday 10:00-10:30."""
    return _book(clinic, clinic.desk, clinic.pat[0], clinic.dr_a, local(TUESDAY, 10), room=clinic.room_1)


def test_a_clean_booking_needs_no_override(clinic: Clinic, booked) -> None:  # type: ignore[no-untyped-def]
    assert booked.status == "scheduled"
    assert booked.start.hour == 10 and booked.start.tzinfo is not None
    assert booked.length_minutes == 30 and booked.room_name == "Exam 1"
    assert booked.override_rules == "" and booked.override_reason == ""
    assert booked.patient_name == "Able, Ann" and booked.type_name == "Office visit"


def test_patient_overlap_is_never_allowed(clinic: Clinic, booked) -> None:  # type: ignore[no-untyped-def]
    for ctx, override in ((clinic.desk, None), (clinic.admin, None), (clinic.admin, "family insists")):
        with pytest.raises(ScheduleConflict) as err:
            _book(clinic, ctx, clinic.pat[0], clinic.dr_b, local(TUESDAY, 10, 15), override=override)
        assert err.value.rules == ("patient overlap",)
        assert err.value.overridable is False
    assert _count(clinic) == 1


CASES = {
    # name: (patient index, provider attr, start, room attr, expected rules)
    "provider overlap": (1, "dr_a", (TUESDAY, 10, 15), None, ("provider overlap",)),
    "room overlap": (1, "dr_b", (TUESDAY, 10, 0), "room_1", ("room overlap",)),
    "outside hours": (1, "dr_b", (TUESDAY, 8, 0), None, ("outside hours",)),
    "blockout": (1, "dr_b", (TUESDAY, 12, 15), None, ("blockout",)),
    "holiday": (1, "dr_b", (WEDNESDAY, 10, 0), None, ("holiday",)),
    "past date": (1, "dr_b", (date(2030, 3, 4), 9, 0), None, ("past date",)),
}


@pytest.fixture
def matrix(clinic: Clinic, booked, clock):  # type: ignore[no-untyped-def]
    schedule_setup.add_holiday(clinic.admin, WEDNESDAY, "Staff training day")
    clock.set_local(date(2030, 3, 4), time(9, 30))  # Monday 9:30: Monday 9:00 is in the past
    return clinic


@pytest.mark.parametrize("name", list(CASES))
def test_rule_needs_an_override(matrix: Clinic, name: str) -> None:
    p, dr, (day, h, m), room, rules = CASES[name]
    args = (matrix.pat[p], getattr(matrix, dr), local(day, h, m))
    kwargs = {"room": getattr(matrix, room) if room else None}
    with pytest.raises(ScheduleConflict) as err:
        _book(matrix, matrix.desk, *args, **kwargs)
    assert err.value.rules == rules and err.value.overridable
    assert "override" in str(err.value)
    # front desk lacks the permission: refused even with a reason, nothing saved
    with pytest.raises(PermissionDenied, match="overriding scheduling rules"):
        _book(matrix, matrix.desk, *args, override="patient asked", **kwargs)
    assert _count(matrix) == 1
    # an admin with a reason may book it; the reason stays on the appointment, the audit names the rule
    info = _book(matrix, matrix.admin, *args, override="Dr approved by phone", **kwargs)
    assert info.override_rules == name and info.override_reason == "Dr approved by phone"
    event = audit.list_events(matrix.admin, audit.AuditFilter(action="appointment.book"))[0]
    assert f"override: {name}" in event.detail
    assert "Dr approved" not in event.detail  # staff-written text stays out of the audit trail
    assert event.patient_id == matrix.pat[p]


def test_an_override_needs_a_real_reason(matrix: Clinic) -> None:
    with pytest.raises(ValidationError) as err:
        _book(matrix, matrix.admin, matrix.pat[1], matrix.dr_a, local(TUESDAY, 10), override="   ")
    assert err.value.field == "override_reason"
    assert _count(matrix) == 1


def test_several_rules_are_named_together(clinic: Clinic) -> None:
    _book(clinic, clinic.desk, clinic.pat[0], clinic.dr_a, local(TUESDAY, 16, 30))
    with pytest.raises(ScheduleConflict) as err:
        _book(clinic, clinic.desk, clinic.pat[1], clinic.dr_a, local(TUESDAY, 16, 45))
    assert err.value.rules == ("provider overlap", "outside hours")
    _book(clinic, clinic.admin, clinic.pat[1], clinic.dr_a, local(TUESDAY, 16, 45), override="urgent")
    event = audit.list_events(clinic.admin, audit.AuditFilter(action="appointment.book"))[0]
    assert "override: provider overlap, outside hours" in event.detail


def test_cancelled_and_no_show_visits_do_not_block(clinic: Clinic, booked) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.services.scheduling import appointment_status

    appointment_status.cancel_appointment(clinic.desk, booked.id, "patient is travelling")
    again = _book(clinic, clinic.desk, clinic.pat[1], clinic.dr_a, local(TUESDAY, 10), room=clinic.room_1)
    assert again.override_rules == ""


def test_back_to_back_visits_do_not_overlap(clinic: Clinic, booked) -> None:  # type: ignore[no-untyped-def]
    after = _book(clinic, clinic.desk, clinic.pat[1], clinic.dr_a, local(TUESDAY, 10, 30), room=clinic.room_1)
    before = _book(clinic, clinic.desk, clinic.pat[2], clinic.dr_a, local(TUESDAY, 9, 30), room=clinic.room_1)
    assert after.override_rules == before.override_rules == ""


def test_hours_exceptions_replace_weekly_hours(clinic: Clinic) -> None:
    schedule_setup.add_exception(clinic.admin, clinic.dr_b, TUESDAY, TUESDAY, reason="conference")
    schedule_setup.add_exception(clinic.admin, clinic.dr_a, TUESDAY, TUESDAY, time(7), time(11), "early clinic")
    with pytest.raises(ScheduleConflict, match="not working") as err:
        _book(clinic, clinic.desk, clinic.pat[0], clinic.dr_b, local(TUESDAY, 10))
    assert err.value.rules == ("outside hours",)
    assert _book(clinic, clinic.desk, clinic.pat[0], clinic.dr_a, local(TUESDAY, 7, 30)).override_rules == ""
    with pytest.raises(ScheduleConflict):
        _book(clinic, clinic.desk, clinic.pat[1], clinic.dr_a, local(TUESDAY, 11))


def test_a_one_off_practice_blockout_blocks_everyone(clinic: Clinic) -> None:
    schedule_setup.add_blockout(clinic.admin, schedule_setup.BlockoutInput(
        "meeting", time(15), time(16), on_date=TUESDAY, reason="All-staff meeting"))
    for dr in (clinic.dr_a, clinic.dr_b):
        with pytest.raises(ScheduleConflict, match="All-staff meeting") as err:
            _book(clinic, clinic.desk, clinic.pat[0], dr, local(TUESDAY, 15, 30))
        assert err.value.rules == ("blockout",)
    assert _book(clinic, clinic.desk, clinic.pat[0], clinic.dr_a, local(WEDNESDAY, 15, 30)).override_rules == ""
