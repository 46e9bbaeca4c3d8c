"""Fixtures for the letters and recalls core tests: the frozen calendar clock, a clinic, patients with addresses."""

from __future__ import annotations

import pytest
from calendar_support import START_OF_TEST, Clinic, Clock, build_clinic

from frontdesk.domain import schedule_time as st
from frontdesk.services.session import ServiceContext


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock(START_OF_TEST)
    monkeypatch.setattr(st, "utc_now", lambda: c.now)
    return c


@pytest.fixture
def clinic(admin_ctx: ServiceContext, frontdesk_ctx: ServiceContext, clock: Clock) -> Clinic:
    return build_clinic(admin_ctx, frontdesk_ctx)
