"""Messages/tasks core fixtures: a frozen clock (Monday 03/04/2030 8:00 AM Eastern) and the Desk set-up."""

from __future__ import annotations

import pytest
from calendar_support import START_OF_TEST, Clock
from msg_lib import Desk, build_desk

from frontdesk.domain import schedule_time as st
from frontdesk.services.session import ServiceContext


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock(START_OF_TEST)
    monkeypatch.setattr(st, "utc_now", lambda: c.now)
    return c


@pytest.fixture
def desk(admin_ctx: ServiceContext, frontdesk_ctx: ServiceContext, clock: Clock) -> Desk:
    return build_desk(admin_ctx, frontdesk_ctx)
