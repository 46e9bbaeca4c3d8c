"""Typed times of day: every way a receptionist writes one is read, impossible times are refused (never
changed into another time), and what is shown ("3:15 PM") reads back as the same time."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from frontdesk.domain.time_entry import format_time, parse_time
from frontdesk.errors import ValidationError

whole_minutes = st.builds(time, st.integers(0, 23), st.integers(0, 59))


@pytest.mark.parametrize(("typed", "expected"), [
    ("3:15 PM", time(15, 15)), ("3:15 pm", time(15, 15)), ("3:15PM", time(15, 15)), ("3:15 p.m.", time(15, 15)),
    ("3:15p", time(15, 15)), ("315p", time(15, 15)), ("315 P", time(15, 15)), ("15:15", time(15, 15)),
    ("1515", time(15, 15)), ("3.15pm", time(15, 15)),
    ("9:45a", time(9, 45)), ("945a", time(9, 45)), ("9:45 AM", time(9, 45)), ("0945", time(9, 45)),
    ("945", time(9, 45)), ("9:45", time(9, 45)),
    ("9a", time(9)), ("9 am", time(9)), ("9", time(9)), ("09", time(9)),
    ("12p", time(12)), ("12 PM", time(12)), ("noon", time(12)), ("Noon", time(12)),
    ("12a", time(0)), ("12:30 am", time(0, 30)), ("midnight", time(0)), ("0:00", time(0)), ("00:05", time(0, 5)),
    ("1215", time(12, 15)), ("12:15", time(12, 15)), ("123", time(1, 23)),
    ("11:59 PM", time(23, 59)), ("23:59", time(23, 59)), ("  3:15\u00a0PM  ", time(15, 15)),
])
def test_the_ways_a_time_is_typed(typed: str, expected: time) -> None:
    assert parse_time(typed) == expected


@pytest.mark.parametrize("typed", [
    "13:75", "25p", "abc", "24:00", "2400", "0a", "13pm", "00 PM", "9:5", "9:5 PM", "12345", "3:15 XM", "3::15",
    "-1", "3:15 PM PM", "\u0663:15", "3:15:00", "9 15", "p", ":30", "3:60", "1:15 a.m.x", "99",
])
def test_impossible_or_unreadable_times_are_refused_naming_the_field(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_time(typed, "start", "Start time")
    assert caught.value.field == "start"
    assert caught.value.message.startswith("Start time")


@pytest.mark.parametrize("typed", ["", "   ", None])
def test_a_blank_time_is_required(typed: str | None) -> None:
    with pytest.raises(ValidationError, match="Appointment time is required") as caught:
        parse_time(typed, "appointment_time", "Appointment time")  # type: ignore[arg-type]
    assert caught.value.field == "appointment_time"


def test_messages_say_what_is_wrong() -> None:
    with pytest.raises(ValidationError, match="has 75 minutes"):
        parse_time("13:75")
    with pytest.raises(ValidationError, match="with AM or PM the hour is 1 to 12"):
        parse_time("25p")
    with pytest.raises(ValidationError, match="the hour is 0 to 23"):
        parse_time("25:00")
    with pytest.raises(ValidationError, match="is not a time; type it like 3:15 PM") as caught:
        parse_time("x" * 500)
    assert len(caught.value.message) < 120  # a pasted page is not echoed back whole


def test_us_format() -> None:
    assert [format_time(t) for t in (time(9, 5), time(15, 15), time(12), time(0, 30))] == [
        "9:05 AM", "3:15 PM", "12:00 PM", "12:30 AM"]


@given(whole_minutes)
def test_what_is_shown_reads_back_as_the_same_time(at: time) -> None:
    assert parse_time(format_time(at)) == at
    assert parse_time(format_time(at).lower().replace(" ", "")) == at


@given(whole_minutes, st.sampled_from(["{h}:{m:02d}", "{h:02d}{m:02d}", "{h:02d}:{m:02d}"]))
def test_the_24_hour_clock_reads_as_itself(at: time, pattern: str) -> None:
    assert parse_time(pattern.format(h=at.hour, m=at.minute)) == at


@given(whole_minutes, st.sampled_from(["{h}{m:02d}{ap}", "{h}:{m:02d} {ap}M", "{h}:{m:02d}{ap}.m."]))
def test_the_12_hour_clock_with_a_or_p(at: time, pattern: str) -> None:
    hour12 = at.hour % 12 or 12
    half = "a" if at.hour < 12 else "p"
    assert parse_time(pattern.format(h=hour12, m=at.minute, ap=half)) == at


@given(st.text(max_size=30))
def test_any_text_is_a_time_or_a_validation_error(text: str) -> None:
    try:
        at = parse_time(text, "t", "T")
    except ValidationError as exc:
        assert exc.field == "t"
    else:
        assert at.second == 0 and at.microsecond == 0
        assert parse_time(format_time(at)) == at
