"""Calendar core fixtures: a frozen clock and a small clinic (2 providers, rooms, types, hours, patients)."""

from __future__ import annotations

import pytest
from calendar_support import build_clinic
from calendar_testlib import START_OF_TEST, Clinic, Clock

from frontdesk.domain import schedule_time as st
from frontdesk.services.session import ServiceContext


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock(START_OF_TEST)
    monkeypatch.setattr(st, "utc_now", lambda: c.now)
    return c


@pytest.fixture
def clinic(admin_ctx: ServiceContext, frontdesk_ctx: ServiceContext, clock: Clock) -> Clinic:
    """Dr A and Dr B work Mon-Fri 9-5 with a 12-1 lunch blockout; two rooms; three patients."""
    return build_clinic(admin_ctx, frontdesk_ctx)
