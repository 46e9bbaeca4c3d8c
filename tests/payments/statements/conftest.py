"""Fixtures for the statement and aging tests: a fixed clock, a billing user and a clinic."""

from __future__ import annotations

from datetime import datetime

import pytest
from st_lib import NOW, Clinic, make_clinic
from testsupport import STAFF_PASSWORD

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Role
from frontdesk.services.admin import users
from frontdesk.services.session import Actor, ServiceContext


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The services' clock frozen at NOW (tests move it by assigning clock[0])."""
    now = [NOW]
    monkeypatch.setattr(st, "utc_now", lambda: now[0])
    return now


@pytest.fixture
def biller(practice, admin_ctx: ServiceContext, clock) -> ServiceContext:  # type: ignore[no-untyped-def]
    info = users.add_user(admin_ctx, "bea", "Bea Biller", Role.BILLING, STAFF_PASSWORD)
    return ServiceContext(practice.db, Actor(info.id, info.username, info.full_name, info.role))


@pytest.fixture
def clinic(db) -> Clinic:  # type: ignore[no-untyped-def]
    return make_clinic(db)
