"""Fixtures for the end-of-day core tests: a billing user, the clinic, and a backup folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from eod_lib import Clinic, make_clinic
from testsupport import STAFF_PASSWORD

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


@pytest.fixture
def backup_dir(tmp_path: Path) -> Path:
    target = tmp_path / "backups"
    target.mkdir()
    return target
