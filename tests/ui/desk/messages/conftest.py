"""Desk Messages/Tasks tab fixtures: frozen clock, staff, a synchronous UiContext signed in as Rita."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from calendar_support import START_OF_TEST, Clock
from deskui_lib import Staff, build_staff

from frontdesk.domain import schedule_time as st
from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorDialog, ErrorPresenter
from frontdesk.ui.runner import Runner


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[UserMessage]:
    shown: list[UserMessage] = []
    monkeypatch.setattr(ErrorDialog, "ask", classmethod(lambda cls, parent, message: shown.append(message)))
    return shown


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock(START_OF_TEST)
    monkeypatch.setattr(st, "utc_now", lambda: c.now)
    return c


@pytest.fixture
def staff(admin_ctx: ServiceContext, frontdesk_ctx: ServiceContext, frontdesk_actor: Actor, clock: Clock) -> Staff:
    return build_staff(admin_ctx, frontdesk_ctx, frontdesk_actor)


@pytest.fixture
def uictx(practice: FirstRunResult, data_paths: DataPaths, staff: Staff,
          shown_errors: list[UserMessage]) -> Iterator[UiContext]:
    ctx = UiContext(practice.db, data_paths, Runner(ErrorPresenter(), synchronous=True))
    ctx.set_actor(staff.rita)
    yield ctx
