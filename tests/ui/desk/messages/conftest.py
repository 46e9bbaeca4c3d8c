"""Desk Messages/Tasks tab fixtures: staff, a synchronous UiContext signed in as Rita (the frozen clock:
tests/ui/desk/conftest.py; recorded error boxes: tests/ui/conftest.py)."""

from __future__ import annotations

import pytest
from calendar_support import Clock
from deskui_lib import Staff, build_staff
from uisupport import make_uictx

from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.ui.context import UiContext


@pytest.fixture
def staff(admin_ctx: ServiceContext, frontdesk_ctx: ServiceContext, frontdesk_actor: Actor, clock: Clock) -> Staff:
    return build_staff(admin_ctx, frontdesk_ctx, frontdesk_actor)


@pytest.fixture
def uictx(practice: FirstRunResult, data_paths: DataPaths, staff: Staff,
          shown_errors: list[UserMessage]) -> UiContext:
    return make_uictx(practice, data_paths, staff.rita)
