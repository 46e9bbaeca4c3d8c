"""Fixtures for the Billing > Reports tests: the end-of-day tests' clinic (two providers, a payer) and a biller."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "day_close"))

from eod_lib import Clinic, make_clinic  # noqa: E402
from testsupport import STAFF_PASSWORD  # noqa: E402

from frontdesk.domain.permissions import Role  # noqa: E402
from frontdesk.services.admin import users  # noqa: E402
from frontdesk.services.session import Actor, ServiceContext  # noqa: E402


@pytest.fixture
def billing_ctx(practice, admin_ctx: ServiceContext) -> ServiceContext:
    info = users.add_user(admin_ctx, "ben", "Ben Biller", Role.BILLING, STAFF_PASSWORD)
    return ServiceContext(practice.db, Actor(info.id, info.username, info.full_name, info.role))


@pytest.fixture
def clinic(db) -> Clinic:  # type: ignore[no-untyped-def]
    return make_clinic(db)
