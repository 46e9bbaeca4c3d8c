"""Fixtures for the code-set and fee schedule tests: a billing user and a payer."""

from __future__ import annotations

import pytest
from codes_testlib import add_payer
from testsupport import STAFF_PASSWORD

from frontdesk.domain.permissions import Role
from frontdesk.services.admin import users
from frontdesk.services.session import Actor, ServiceContext


@pytest.fixture
def billing_ctx(practice, admin_ctx: ServiceContext) -> ServiceContext:
    info = users.add_user(admin_ctx, "ben", "Ben Biller", Role.BILLING, STAFF_PASSWORD)
    return ServiceContext(practice.db, Actor(info.id, info.username, info.full_name, info.role))


@pytest.fixture
def payer_id(admin_ctx: ServiceContext) -> int:
    return add_payer(admin_ctx)
