"""Bad input is refused with an error naming the field, and nothing is saved half-way."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import pytest
from calendar_testlib import Clinic, local

from frontdesk.errors import NotFoundError, PermissionDenied, ValidationError
from frontdesk.models import Patient
from frontdesk.services.scheduling import appointments, schedule_catalog, schedule_setup, schedule_views
from frontdesk.services.admin import providers
from frontdesk.services.scheduling.appointments import BookingRequest, Recurrence
from frontdesk.services.scheduling.schedule_setup import BlockoutInput, HoursSpan

TUESDAY = date(2030, 3, 5)


@pytest.fixture
def request_(clinic: Clinic) -> BookingRequest:
    return BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit, local(TUESDAY, 10), room_id=clinic.room_1)


def _nothing_booked(clinic: Clinic) -> bool:
    return schedule_views.patient_appointments(clinic.admin, clinic.pat[0], upcoming_only=False) == []


BAD = {
    "end before start": ({"end": local(TUESDAY, 9)}, "end"),
    "end equals start": ({"end": local(TUESDAY, 10)}, "end"),
    "zero length": ({"length_minutes": 0}, "length_minutes"),
    "negative length": ({"length_minutes": -30}, "length_minutes"),
    "over 12 hours": ({"length_minutes": 12 * 60 + 1}, "length_minutes"),
    "end 13 hours later": ({"end": local(TUESDAY, 23)}, "end"),
    "length and end disagree": ({"end": local(TUESDAY, 11), "length_minutes": 30}, "length_minutes"),
    "length is text": ({"length_minutes": "30"}, "length_minutes"),
    "year 1": ({"start": datetime(1, 1, 1, 10)}, "start"),
    "year 9999": ({"start": datetime(9999, 12, 31, 10)}, "start"),
    "a date without a time": ({"start": TUESDAY}, "start"),
    "reason too long": ({"reason": "x" * 201}, "reason"),
    "control character in notes": ({"notes": "a\x07b"}, "notes"),
    "patient id not a number": ({"patient_id": "1"}, "patient_id"),
}


@pytest.mark.parametrize("name", list(BAD))
def test_bad_booking_input(clinic: Clinic, request_: BookingRequest, name: str) -> None:
    changes, field = BAD[name]
    with pytest.raises(ValidationError) as err:
        appointments.book_appointment(clinic.admin, replace(request_, **changes), "admin override")
    assert err.value.field == field, err.value.message
    assert _nothing_booked(clinic)


@pytest.mark.parametrize("status", ["inactive", "deceased", "merged"])
def test_only_active_patients_are_booked(clinic: Clinic, request_: BookingRequest, db, status: str) -> None:  # type: ignore[no-untyped-def]
    if not hasattr(Patient, "status"):
        pytest.skip("the patient status column is not in this build yet")
    with db.session(write=True) as s:
        s.get(Patient, clinic.pat[0]).status = status
    with pytest.raises(ValidationError) as err:
        appointments.book_appointment(clinic.desk, request_)
    assert err.value.field == "patient_id" and status[:5] in err.value.message
    assert _nothing_booked(clinic)


def test_inactive_provider_room_and_type_are_refused(clinic: Clinic, request_: BookingRequest) -> None:
    schedule_catalog.update_room(clinic.admin, clinic.room_1, "Exam 1", active=False)
    with pytest.raises(ValidationError) as err:
        appointments.book_appointment(clinic.desk, request_)
    assert err.value.field == "room_id"
    schedule_catalog.update_appointment_type(clinic.admin, clinic.visit, "Office visit", 30, "#4A90D9", active=False)
    with pytest.raises(ValidationError) as err:
        appointments.book_appointment(clinic.desk, replace(request_, room_id=None))
    assert err.value.field == "type_id"
    providers.set_provider_active(clinic.admin, clinic.dr_b, False)
    with pytest.raises(ValidationError, match="inactive") as err:
        appointments.book_appointment(clinic.desk, replace(request_, room_id=None, type_id=clinic.physical,
                                                           provider_id=clinic.dr_b))
    assert err.value.field == "provider_id"
    with pytest.raises(NotFoundError):
        appointments.book_appointment(clinic.desk, replace(request_, patient_id=999))
    assert _nothing_booked(clinic)


@pytest.mark.parametrize("recurrence, message", [
    (Recurrence(count=1), "2 to 104"), (Recurrence(count=105), "2 to 104"),
    (Recurrence(), "either"), (Recurrence(count=3, until=date(2030, 6, 1)), "either"),
    (Recurrence(every_weeks=0, count=3), "1 to 52"), (Recurrence(until=date(2032, 6, 1)), "at most 104"),
    (Recurrence(until=TUESDAY), "after its first"),
])
def test_bad_recurrence(clinic: Clinic, request_: BookingRequest, recurrence: Recurrence, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as err:
        appointments.book_series(clinic.desk, request_, recurrence)
    assert err.value.field == "recurrence"
    assert _nothing_booked(clinic)


def test_setup_input_is_checked(clinic: Clinic) -> None:
    a = clinic.admin
    cases = [
        (lambda: schedule_setup.set_schedule_settings(a, "Mars/Olympus", 15), "time_zone"),
        (lambda: schedule_setup.set_schedule_settings(a, "../../etc/passwd", 15), "time_zone"),
        (lambda: schedule_setup.set_schedule_settings(a, "America/Chicago", 7), "slot_minutes"),
        (lambda: schedule_setup.set_weekly_hours(a, clinic.dr_a, [HoursSpan(0, time(9), time(12)),
                                                                  HoursSpan(0, time(11), time(14))]), "hours"),
        (lambda: schedule_setup.set_weekly_hours(a, clinic.dr_a, [HoursSpan(0, time(17), time(9))]), "hours"),
        (lambda: schedule_setup.set_weekly_hours(a, clinic.dr_a, [HoursSpan(7, time(9), time(12))]), "weekday"),
        (lambda: schedule_setup.add_exception(a, clinic.dr_a, TUESDAY, date(2030, 3, 1)), "last_day"),
        (lambda: schedule_setup.add_exception(a, clinic.dr_a, TUESDAY, TUESDAY, time(9)), "end"),
        (lambda: schedule_setup.add_blockout(a, BlockoutInput("nap", time(12), time(13), weekday=0)), "kind"),
        (lambda: schedule_setup.add_blockout(a, BlockoutInput("lunch", time(12), time(13))), "on_date"),
        (lambda: schedule_setup.add_blockout(a, BlockoutInput("lunch", time(12), time(13), weekday=0,
                                                              on_date=TUESDAY)), "on_date"),
        (lambda: schedule_setup.add_holiday(a, date(1, 1, 1), "Year one"), "day"),
        (lambda: schedule_catalog.add_room(a, "Exam 1"), "name"),
        (lambda: schedule_catalog.add_appointment_type(a, "New type", 30, "blue"), "colour"),
        (lambda: schedule_catalog.add_appointment_type(a, "New type", 0, "#000000"), "default_minutes"),
        (lambda: schedule_catalog.add_appointment_type(a, "New type", 30, "#000000", [999]), "provider_ids"),
    ]
    for call, field in cases:
        with pytest.raises(ValidationError) as err:
            call()
        assert err.value.field == field, (field, err.value.message)
    schedule_setup.add_holiday(a, TUESDAY, "Closed")
    with pytest.raises(ValidationError) as err:
        schedule_setup.add_holiday(a, TUESDAY, "Twice")
    assert err.value.field == "day"
    assert len(schedule_setup.weekly_hours(a, clinic.dr_a)) == 5  # the refused replacements left hours alone


def test_front_desk_cannot_change_the_setup(clinic: Clinic) -> None:
    for call in (lambda: schedule_setup.set_schedule_settings(clinic.desk, "America/Chicago", 10),
                 lambda: schedule_setup.add_holiday(clinic.desk, TUESDAY, "Day off"),
                 lambda: schedule_catalog.add_room(clinic.desk, "Exam 9"),
                 lambda: schedule_setup.set_weekly_hours(clinic.desk, clinic.dr_a, [])):
        with pytest.raises(PermissionDenied):
            call()
    assert schedule_setup.get_schedule_settings(clinic.desk).time_zone == "America/New_York"


def test_settings_round_trip(clinic: Clinic) -> None:
    assert schedule_setup.get_schedule_settings(clinic.desk).slot_minutes == 15
    saved = schedule_setup.set_schedule_settings(clinic.admin, "America/Chicago", 10)
    assert (saved.time_zone, saved.slot_minutes) == ("America/Chicago", 10)
    assert schedule_setup.get_schedule_settings(clinic.desk) == saved
