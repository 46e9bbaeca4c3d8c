"""Daylight saving: the spring-forward gap is refused, the fall-back hour is explicit, series keep local time."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest
from calendar_testlib import TZ, Clinic, local

from frontdesk.domain import schedule_time as st
from frontdesk.errors import ValidationError
from frontdesk.services.scheduling import appointments, availability, schedule_setup, schedule_views
from frontdesk.services.scheduling.appointments import BookingRequest, Recurrence

SPRING = date(2030, 3, 10)  # 2:00 AM -> 3:00 AM
FALL = date(2030, 11, 3)  # 2:00 AM -> 1:00 AM


def test_the_skipped_hour_does_not_exist() -> None:
    assert st.is_nonexistent(local(SPRING, 2, 30), TZ)
    assert not st.is_nonexistent(local(SPRING, 3, 0), TZ)
    with pytest.raises(ValidationError, match="does not exist.*Choose 3:00 AM or later") as err:
        st.to_utc(local(SPRING, 2, 30), TZ)
    assert err.value.field == "start"


def test_the_repeated_hour_follows_fold() -> None:
    assert st.is_ambiguous(local(FALL, 1, 30), TZ) and not st.is_ambiguous(local(FALL, 2, 30), TZ)
    first = st.to_utc(local(FALL, 1, 30), TZ)
    second = st.to_utc(local(FALL, 1, 30, fold=1), TZ)
    assert first == datetime(2030, 11, 3, 5, 30, tzinfo=UTC)  # still daylight time (UTC-4)
    assert second - first == timedelta(hours=1)  # standard time (UTC-5)


def test_day_bounds_have_23_and_25_hours() -> None:
    for day, hours in ((SPRING, 23), (FALL, 25), (date(2030, 7, 1), 24)):
        start, end = st.day_bounds_utc(day, TZ)
        assert end - start == timedelta(hours=hours)


def test_booking_in_the_gap_is_refused_even_with_an_override(clinic: Clinic) -> None:
    for ctx, override in ((clinic.desk, None), (clinic.admin, "night clinic")):
        with pytest.raises(ValidationError, match="does not exist") as err:
            appointments.book_appointment(ctx, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                              local(SPRING, 2, 30)), override)
        assert err.value.field == "start"


def test_a_fall_back_booking_is_unambiguous(clinic: Clinic) -> None:
    first = appointments.book_appointment(clinic.admin, BookingRequest(
        clinic.pat[0], clinic.dr_a, clinic.visit, local(FALL, 1, 30)), "night clinic")
    second = appointments.book_appointment(clinic.admin, BookingRequest(
        clinic.pat[0], clinic.dr_a, clinic.visit, local(FALL, 1, 30, fold=1)), "night clinic")
    assert first.start_utc == datetime(2030, 11, 3, 5, 30, tzinfo=UTC)
    assert second.start_utc == datetime(2030, 11, 3, 6, 30, tzinfo=UTC)
    assert first.start.utcoffset() == timedelta(hours=-4) and second.start.utcoffset() == timedelta(hours=-5)
    # both show at 1:30 AM local, and the day view (a 25-hour day) holds both
    assert (first.start.hour, first.start.minute) == (second.start.hour, second.start.minute) == (1, 30)
    view = schedule_views.day_view(clinic.admin, FALL)
    assert [a.id for a in view.appointments] == [first.id, second.id]


def test_a_visit_across_the_gap_lasts_its_real_length(clinic: Clinic) -> None:
    info = appointments.book_appointment(clinic.admin, BookingRequest(
        clinic.pat[0], clinic.dr_a, clinic.visit, local(SPRING, 1, 30), length_minutes=60), "night clinic")
    assert info.end_utc - info.start_utc == timedelta(minutes=60)
    assert (info.end.hour, info.end.minute) == (3, 30)  # 1:30 EST + 60 minutes = 3:30 EDT


def test_a_weekly_series_keeps_its_local_time_across_both_changes(clinic: Clinic, clock) -> None:  # type: ignore[no-untyped-def]
    series = appointments.book_series(clinic.desk, BookingRequest(
        clinic.pat[1], clinic.dr_a, clinic.visit, local(date(2030, 3, 5), 9)), Recurrence(count=40))
    starts = [a.start for a in series.appointments]
    assert len(starts) == 40
    assert all((s.hour, s.minute, s.weekday()) == (9, 0, 1) for s in starts)
    utc_hours = {a.start_utc.hour for a in series.appointments}
    assert utc_hours == {13, 14}  # EDT 9:00 = 13:00 UTC, EST 9:00 = 14:00 UTC
    assert series.appointments[0].start_utc.hour == 14 and series.appointments[1].start_utc.hour == 13
    assert series.appointments[-1].start_utc.hour == 14  # after the November change
    assert len({a.series_id for a in series.appointments}) == 1
    after = schedule_views.day_view(clinic.admin, date(2030, 11, 5), [clinic.dr_a])
    assert [(a.start.hour, a.start.minute) for a in after.appointments] == [(9, 0)]


def test_a_series_through_the_gap_is_refused_naming_the_date(clinic: Clinic) -> None:
    schedule_setup.set_weekly_hours(clinic.admin, clinic.dr_a, [schedule_setup.HoursSpan(6, time(1), time(5))])
    with pytest.raises(ValidationError, match="03/10/2030 2:30 AM does not exist"):
        appointments.book_series(clinic.desk, BookingRequest(
            clinic.pat[1], clinic.dr_a, clinic.visit, local(date(2030, 3, 3), 2, 30)), Recurrence(count=3))


def test_openings_on_change_days_skip_the_gap_and_offer_both_repeated_hours(clinic: Clinic) -> None:
    schedule_setup.add_exception(clinic.admin, clinic.dr_b, SPRING, SPRING, time(1), time(4), "night")
    schedule_setup.add_exception(clinic.admin, clinic.dr_b, FALL, FALL, time(1), time(2), "night")
    query = availability.OpeningQuery(clinic.visit, provider_ids=(clinic.dr_b,), from_day=SPRING, days=1, limit=50)
    spring = [o.start for o in availability.find_openings(clinic.desk, query)]
    assert [(s.hour, s.minute) for s in spring] == [(1, 0), (1, 15), (1, 30), (1, 45), (3, 0), (3, 15), (3, 30)]
    fall_q = availability.OpeningQuery(clinic.visit, provider_ids=(clinic.dr_b,), from_day=FALL, days=1, limit=50)
    fall = availability.find_openings(clinic.desk, fall_q)
    # 1:00 AM to 2:00 AM local lasts two real hours that night: both 1:15s are offered, in order
    assert [(o.start.hour, o.start.minute, o.start.utcoffset()) for o in fall][:2] == [
        (1, 0, timedelta(hours=-4)), (1, 15, timedelta(hours=-4))]
    assert len(fall) == 7  # 1:00 .. 2:30 real time in 15-minute steps, each ending by 2:00 AM standard time
    assert fall[-1].end.hour == 2 and fall[-1].end.utcoffset() == timedelta(hours=-5)
