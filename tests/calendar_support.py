"""What the calendar core and Calendar pane tests share: the frozen test week, a small clinic, local times.

Importable as ``calendar_support`` from any test (tests/ is on sys.path for its conftest).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from frontdesk.domain import schedule_time as st
from frontdesk.services.patients import patients
from frontdesk.services.admin import providers
from frontdesk.services.scheduling import schedule_catalog, schedule_setup
from frontdesk.services.session import ServiceContext
from frontdesk.demo.data import fake_npi
from frontdesk.services.patients.patients import PatientInput
from frontdesk.services.scheduling.schedule_setup import BlockoutInput, HoursSpan

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
    dr_a: int  # Maria Alvarez, MD
    dr_b: int  # James Okafor, DO
    room_1: int
    room_2: int
    visit: int  # 30-minute office visit, offered by both
    physical: int  # 60 minutes, Dr A only
    pat: list[int]  # Able Ann, Baker Bob, Cole Cy


def local(day: date, hour: int, minute: int = 0, fold: int = 0) -> datetime:
    """A naive practice-local wall time (what the booking form sends)."""
    return datetime(day.year, day.month, day.day, hour, minute, fold=fold)


def person(first: str, last: str, phone: str = "(518) 555-0142") -> PatientInput:
    return PatientInput(first_name=first, last_name=last, dob="03/14/1962", sex="F", phone=phone)


def build_clinic(admin_ctx: ServiceContext, frontdesk_ctx: ServiceContext) -> Clinic:
    """Dr A and Dr B work Mon-Fri 9-5 with a 12-1 lunch blockout; two rooms; two types; three patients."""
    rng = random.Random(3)
    dr_a = providers.add_provider(admin_ctx, "Maria", "Alvarez", fake_npi(rng), "MD").id
    dr_b = providers.add_provider(admin_ctx, "James", "Okafor", fake_npi(rng), "DO").id
    week = [HoursSpan(d, time(9), time(17)) for d in range(5)]
    for dr in (dr_a, dr_b):
        schedule_setup.set_weekly_hours(admin_ctx, dr, week)
        for d in range(5):
            schedule_setup.add_blockout(admin_ctx, BlockoutInput("lunch", time(12), time(13), provider_id=dr,
                                                                 weekday=d, reason="Lunch"))
    room_1 = schedule_catalog.add_room(admin_ctx, "Exam 1").id
    room_2 = schedule_catalog.add_room(admin_ctx, "Exam 2").id
    visit = schedule_catalog.add_appointment_type(admin_ctx, "Office visit", 30, "#4A90D9").id
    physical = schedule_catalog.add_appointment_type(admin_ctx, "Physical", 60, "#7ED321", [dr_a]).id
    pat = [patients.register_patient(admin_ctx, person(f, l, ph)).id for f, l, ph in (
        ("Ann", "Able", "(518) 555-0101"), ("Bob", "Baker", "(518) 555-0102"), ("Cy", "Cole", "(518) 555-0103"))]
    return Clinic(admin_ctx, frontdesk_ctx, dr_a, dr_b, room_1, room_2, visit, physical, pat)
