"""Fixtures for the 835 import tests: a billing user, the payments clinic (tests/payments/posting/pay_lib.py) with
its primary payer known by its EDI payer ID, and the services' clock after every date the fixtures use."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from testsupport import STAFF_PASSWORD

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "posting"))  # pay_lib: the shared clinic

from era_lib import PAYER_EDI_ID  # noqa: E402
from pay_lib import Clinic, make_clinic  # noqa: E402

from frontdesk.domain import schedule_time as st  # noqa: E402
from frontdesk.domain.permissions import Role  # noqa: E402
from frontdesk.models import Payer  # noqa: E402
from frontdesk.services.admin import users  # noqa: E402
from frontdesk.services.session import Actor, ServiceContext  # noqa: E402

# After the fixtures' dates (visits 10/01/2026, checks 11/20/2026), so none is "in the future".
ERA_NOW = datetime(2026, 11, 27, 17, 0, tzinfo=UTC)


@pytest.fixture
def billing_ctx(practice, admin_ctx: ServiceContext) -> ServiceContext:
    info = users.add_user(admin_ctx, "ben", "Ben Biller", Role.BILLING, STAFF_PASSWORD)
    return ServiceContext(practice.db, Actor(info.id, info.username, info.full_name, info.role))


@pytest.fixture
def clinic(db) -> Clinic:  # type: ignore[no-untyped-def]
    made = make_clinic(db)
    with db.session(write=True) as s:
        s.get(Payer, made.payer_id).edi_payer_id = PAYER_EDI_ID
    return made


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(st, "utc_now", lambda: ERA_NOW)
    return ERA_NOW
