"""Fixtures for the payment core tests: a billing user and a clinic with providers, payers and a fee."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pay_lib import Clinic, make_clinic
from testsupport import STAFF_PASSWORD

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Role
from frontdesk.services.admin import users
from frontdesk.services.session import Actor, ServiceContext


@pytest.fixture
def billing_ctx(practice, admin_ctx: ServiceContext) -> ServiceContext:
    info = users.add_user(admin_ctx, "ben", "Ben Biller", Role.BILLING, STAFF_PASSWORD)
    return ServiceContext(practice.db, Actor(info.id, info.username, info.full_name, info.role))


@pytest.fixture
def clinic(db) -> Clinic:  # type: ignore[no-untyped-def]
    return make_clinic(db)


# After every fixed date these tests use (visits in September and October 2026, checks in November), so
# "not in the future" and every age-in-days keeps its answer whatever the real date.
PAYMENTS_NOW = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    """The services' clock at PAYMENTS_NOW (files of fixed dates use it: pytestmark usefixtures)."""
    monkeypatch.setattr(st, "utc_now", lambda: PAYMENTS_NOW)
    return PAYMENTS_NOW
