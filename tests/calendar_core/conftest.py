"""Calendar core fixtures: a frozen clock and a small clinic (2 providers, rooms, types, hours, patients)."""

from __future__ import annotations

import random
from datetime import time

import pytest
from calendar_testlib import START_OF_TEST, Clinic, Clock, person

from frontdesk.domain import schedule_time as st
from frontdesk.services import patients, providers, schedule_catalog, schedule_setup
from frontdesk.services._base import ServiceContext
from frontdesk.services.demo_data import fake_npi
from frontdesk.services.schedule_setup import BlockoutInput, HoursSpan


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock(START_OF_TEST)
    monkeypatch.setattr(st, "utc_now", lambda: c.now)
    return c


@pytest.fixture
def clinic(admin_ctx: ServiceContext, frontdesk_ctx: ServiceContext, clock: Clock) -> Clinic:
    """Dr A and Dr B work Mon-Fri 9-5 with a 12-1 lunch blockout; two rooms; three patients."""
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
