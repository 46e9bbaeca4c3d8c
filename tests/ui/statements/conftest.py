"""Statements UI fixtures: the statement tests' clinic and clock, a biller and a front-desk UiContext."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path

import pytest

_TESTS = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(_TESTS / "payments" / "statements"))  # st_lib: clinic with addresses, fixed clock

from st_lib import NOW, Clinic, make_clinic
from uisupport import add_staff, make_uictx

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Role
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.ui.context import UiContext


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The services' clock frozen at NOW (tests move it by assigning clock[0])."""
    now = [NOW]
    monkeypatch.setattr(st, "utc_now", lambda: now[0])
    return now


@pytest.fixture
def clinic(db) -> Clinic:  # type: ignore[no-untyped-def]
    return make_clinic(db)


@pytest.fixture
def biller_actor(admin_ctx: ServiceContext) -> Actor:
    return add_staff(admin_ctx, "bea", "Bea Biller", Role.BILLING)


@pytest.fixture
def biller(practice, biller_actor: Actor, clock) -> ServiceContext:  # type: ignore[no-untyped-def]
    """The same biller for direct service calls (checking what the screens did)."""
    return ServiceContext(practice.db, biller_actor)


@pytest.fixture
def biller_ui(practice, data_paths, biller_actor: Actor, clock, shown_errors) -> UiContext:  # type: ignore[no-untyped-def]
    return make_uictx(practice, data_paths, biller_actor)


@pytest.fixture
def desk_ui(practice, data_paths, frontdesk_actor: Actor, clock, shown_errors) -> UiContext:  # type: ignore[no-untyped-def]
    return make_uictx(practice, data_paths, frontdesk_actor)
