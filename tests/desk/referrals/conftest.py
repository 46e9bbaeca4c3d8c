"""Fixtures for the referral tests: a fixed practice clock and a small clinic on a real encrypted practice."""

from __future__ import annotations

from datetime import datetime

import pytest
from ref_lib import NOW, RefClinic, build_clinic

from frontdesk.domain import schedule_time as st


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The services' clock frozen at NOW (tests move it by assigning clock[0])."""
    now = [NOW]
    monkeypatch.setattr(st, "utc_now", lambda: now[0])
    return now


@pytest.fixture
def clinic(practice, admin_ctx, frontdesk_ctx, clock) -> RefClinic:  # type: ignore[no-untyped-def]
    return build_clinic(practice, admin_ctx, frontdesk_ctx)
