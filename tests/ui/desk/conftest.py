"""What the Desk pane's tab tests share: the scheduling clock, frozen at the start of the test week and moved by
hand (calendar_support.Clock)."""

from __future__ import annotations

import pytest
from calendar_support import START_OF_TEST, Clock

from frontdesk.domain import schedule_time as st


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock(START_OF_TEST)
    monkeypatch.setattr(st, "utc_now", lambda: c.now)
    return c
