"""Find an opening: hours, exceptions, holidays, blockouts, bookings, granularity, preferences, first N."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from calendar_testlib import Clinic, local

from frontdesk.errors import ValidationError
from frontdesk.services.scheduling import appointments, availability, schedule_setup
from frontdesk.services.scheduling.appointments import BookingRequest
from frontdesk.services.scheduling.availability import OpeningQuery

MONDAY = date(2030, 3, 4)
TUESDAY = date(2030, 3, 5)


def _find(clinic: Clinic, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("type_id", clinic.visit)
    kw.setdefault("provider_ids", (clinic.dr_a,))
    kw.setdefault("from_day", TUESDAY)
    return availability.find_openings(clinic.desk, OpeningQuery(**kw))


def _hm(openings) -> list[tuple[int, int]]:  # type: ignore[no-untyped-def]
    return [(o.start.hour, o.start.minute) for o in openings]


def test_first_openings_on_the_grid(clinic: Clinic) -> None:
    found = _find(clinic, limit=3)
    assert _hm(found) == [(9, 0), (9, 15), (9, 30)]
    assert all(o.start.date() == TUESDAY and o.length_minutes == 30 for o in found)
    assert found[0].provider_name == "Maria Alvarez, MD"


def test_booked_time_and_lunch_are_skipped(clinic: Clinic) -> None:
    appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                              local(TUESDAY, 9), length_minutes=37))
    assert _hm(_find(clinic, limit=2)) == [(9, 45), (10, 0)]
    late_morning = _find(clinic, windows=((time(11, 30), time(13, 45)),), limit=10)
    # 12-1 is lunch; 13:15-13:45 is the last that fits the window; four weekdays are needed for ten
    assert _hm(late_morning) == [(11, 30), (13, 0), (13, 15)] * 3 + [(11, 30)]
    assert [o.start.day for o in late_morning] == [5] * 3 + [6] * 3 + [7] * 3 + [8]


def test_granularity_follows_the_practice_setting(clinic: Clinic) -> None:
    appointments.book_appointment(clinic.desk, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                              local(TUESDAY, 9), length_minutes=37))
    schedule_setup.set_schedule_settings(clinic.admin, "America/New_York", 10)
    assert _hm(_find(clinic, limit=2)) == [(9, 40), (9, 50)]
    schedule_setup.set_schedule_settings(clinic.admin, "America/New_York", 5)
    assert _hm(_find(clinic, limit=2)) == [(9, 40), (9, 45)]


def test_preferred_days_windows_and_several_providers(clinic: Clinic) -> None:
    found = _find(clinic, provider_ids=(clinic.dr_b, clinic.dr_a), weekdays=(4,), windows=((time(15), time(16)),),
                  limit=6)
    assert all(o.start.weekday() == 4 and 15 <= o.start.hour < 16 for o in found)
    assert [(o.start.hour, o.start.minute, o.provider_id) for o in found[:4]] == [
        (15, 0, clinic.dr_b), (15, 0, clinic.dr_a), (15, 15, clinic.dr_b), (15, 15, clinic.dr_a)]
    assert len(found) == 6 and found[-1].end.hour == 16


def test_holidays_exceptions_and_blockouts_are_respected(clinic: Clinic) -> None:
    schedule_setup.add_holiday(clinic.admin, TUESDAY, "Closed")
    schedule_setup.add_exception(clinic.admin, clinic.dr_a, TUESDAY + timedelta(days=1), TUESDAY + timedelta(days=2),
                                 reason="conference")
    schedule_setup.add_blockout(clinic.admin, schedule_setup.BlockoutInput(
        "procedure", time(9), time(11), provider_id=clinic.dr_a, on_date=TUESDAY + timedelta(days=3)))
    first = _find(clinic, limit=1)[0]
    assert (first.start.date(), first.start.hour) == (TUESDAY + timedelta(days=3), 11)


def test_the_past_is_never_offered(clinic: Clinic, clock) -> None:  # type: ignore[no-untyped-def]
    clock.set_local(MONDAY, time(10, 7))
    found = availability.find_openings(clinic.desk, OpeningQuery(clinic.visit, provider_ids=(clinic.dr_a,), limit=1))
    assert (found[0].start.date(), found[0].start.hour, found[0].start.minute) == (MONDAY, 10, 15)


def test_a_type_is_searched_only_with_providers_who_offer_it(clinic: Clinic) -> None:
    found = availability.find_openings(clinic.desk, OpeningQuery(clinic.physical, from_day=TUESDAY, limit=20))
    assert {o.provider_id for o in found} == {clinic.dr_a} and found[0].length_minutes == 60
    with pytest.raises(ValidationError) as err:
        _find(clinic, type_id=clinic.physical, provider_ids=(clinic.dr_b,))
    assert err.value.field == "provider_id"


def test_nothing_fits_returns_nothing(clinic: Clinic) -> None:
    assert _find(clinic, length_minutes=9 * 60, days=60) == []


def test_search_input_is_checked(clinic: Clinic) -> None:
    for kw, field in (({"days": 0}, "days"), ({"days": 400}, "days"), ({"limit": 0}, "limit"),
                      ({"weekdays": (7,)}, "weekdays"), ({"windows": ((time(10), time(9)),)}, "windows"),
                      ({"length_minutes": 0}, "length_minutes"), ({"length_minutes": 721}, "length_minutes")):
        with pytest.raises(ValidationError) as err:
            _find(clinic, **kw)
        assert err.value.field == field
