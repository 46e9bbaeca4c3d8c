"""Fixtures for the encounter, claim and scrubber tests: a billing clinic and a fixed practice clock."""

from __future__ import annotations

from datetime import datetime

import pytest
from bc_testlib import NOW, BillingClinic, build_billing_clinic

from frontdesk.domain import schedule_time as st


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The services' clock frozen at NOW (tests may move it by assigning clock[0])."""
    now = [NOW]
    monkeypatch.setattr(st, "utc_now", lambda: now[0])
    return now


@pytest.fixture
def clinic(practice, admin_ctx, frontdesk_ctx, clock) -> BillingClinic:  # type: ignore[no-untyped-def]
    return build_billing_clinic(practice, admin_ctx, frontdesk_ctx)
