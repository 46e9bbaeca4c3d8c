"""Helpers shared by the calendar core tests: the practice time zone, the test week, local times, patients."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from frontdesk.domain import schedule_time as st
from frontdesk.services._base import ServiceContext
from frontdesk.services.patients import PatientInput

TZ = st.zone("America/New_York")
# Monday 03/04/2030 8:00 AM Eastern: the week before the spring-forward Sunday (03/10/2030).
MONDAY = date(2030, 3, 4)
START_OF_TEST = datetime(2030, 3, 4, 13, 0, tzinfo=UTC)


class Clock:
    """The scheduling services' clock, moved by hand."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def set_local(self, day: date, at: time) -> None:
        self.now = st.to_utc(datetime.combine(day, at), TZ)


@dataclass
class Clinic:
    admin: ServiceContext
    desk: ServiceContext
    dr_a: int
    dr_b: int
    room_1: int
    room_2: int
    visit: int  # 30-minute office visit, offered by both
    physical: int  # 60 minutes, Dr A only
    pat: list[int]


def local(day: date, hour: int, minute: int = 0, fold: int = 0) -> datetime:
    """A naive practice-local wall time (what the booking form sends)."""
    return datetime(day.year, day.month, day.day, hour, minute, fold=fold)


def person(first: str, last: str, phone: str = "(518) 555-0142") -> PatientInput:
    return PatientInput(first_name=first, last_name=last, dob="03/14/1962", sex="F", phone=phone)
