"""Fixtures for the calendar side panels and schedule set-up tabs: a frozen clock, a small clinic.

The UiContext signed in as the admin, recorded error boxes and statuses, drive_dialog: tests/ui/conftest.py.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import time

import pytest
from calx_helpers import NOW

from frontdesk.domain import schedule_time as st
from frontdesk.services.patients import patients
from frontdesk.services.admin import providers
from frontdesk.services.scheduling import schedule_catalog, schedule_setup
from frontdesk.services._base import ServiceContext
from frontdesk.demo.data import fake_npi
from frontdesk.services.patients.patients import PatientInput
from frontdesk.services.scheduling.schedule_setup import BlockoutInput, HoursSpan


@dataclass
class Clinic:
    admin: ServiceContext  # reports changes to the panels like a real commit does
    dr_a: int
    dr_b: int
    room_1: int
    visit: int  # 30 minutes, offered by both
    physical: int  # 60 minutes, Dr A only
    pat: list[int]  # Ann Able, Bob Baker, Cy Cole


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The scheduling services read this clock; it stands still at Monday 8:00 AM Eastern."""
    monkeypatch.setattr(st, "utc_now", lambda: NOW)


@pytest.fixture
def clinic(admin_notify_ctx: ServiceContext) -> Clinic:
    """Dr Alvarez and Dr Okafor work Mon-Fri 9-5 with a 12-1 lunch blockout; a room; two types; three patients."""
    admin = admin_notify_ctx
    rng = random.Random(5)
    dr_a = providers.add_provider(admin, "Maria", "Alvarez", fake_npi(rng), "MD").id
    dr_b = providers.add_provider(admin, "James", "Okafor", fake_npi(rng), "DO").id
    for dr in (dr_a, dr_b):
        schedule_setup.set_weekly_hours(admin, dr, [HoursSpan(d, time(9), time(17)) for d in range(5)])
        for d in range(5):
            schedule_setup.add_blockout(admin, BlockoutInput("lunch", time(12), time(13), provider_id=dr,
                                                             weekday=d, reason="Lunch"))
    room_1 = schedule_catalog.add_room(admin, "Exam 1").id
    visit = schedule_catalog.add_appointment_type(admin, "Office visit", 30, "#4A90D9").id
    physical = schedule_catalog.add_appointment_type(admin, "Physical", 60, "#7ED321", [dr_a]).id
    pat = [patients.register_patient(admin, PatientInput(first_name=f, last_name=l, dob="03/14/1962", sex="F",
                                                         phone=ph)).id
           for f, l, ph in (("Ann", "Able", "(518) 555-0101"), ("Bob", "Baker", "(518) 555-0102"),
                            ("Cy", "Cole", "(518) 555-0103"))]
    return Clinic(admin, dr_a, dr_b, room_1, visit, physical, pat)
