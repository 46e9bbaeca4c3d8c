"""Fixtures for the Letters and Recalls tabs: frozen clock, a clinic, a synchronous UiContext, messages caught."""

from __future__ import annotations

import pytest
from calendar_support import START_OF_TEST, Clinic, Clock, build_clinic

from frontdesk.domain import schedule_time as st
from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services._base import ServiceContext
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorDialog, ErrorPresenter
from frontdesk.ui.runner import Runner


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock(START_OF_TEST)
    monkeypatch.setattr(st, "utc_now", lambda: c.now)
    return c


@pytest.fixture
def clinic(admin_ctx: ServiceContext, frontdesk_ctx: ServiceContext, clock: Clock) -> Clinic:
    return build_clinic(admin_ctx, frontdesk_ctx)


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[UserMessage]:
    """Every message the error box would have shown (the box never opens in tests)."""
    shown: list[UserMessage] = []
    monkeypatch.setattr(ErrorDialog, "ask", classmethod(lambda cls, parent, message: shown.append(message)))
    return shown


@pytest.fixture
def uictx(qtbot, practice: FirstRunResult, data_paths: DataPaths, shown_errors,  # type: ignore[no-untyped-def]
          clinic: Clinic) -> UiContext:
    ctx = UiContext(practice.db, data_paths, Runner(ErrorPresenter(), synchronous=True))
    ctx.set_actor(practice.actor)
    return ctx


@pytest.fixture
def statuses() -> list[str]:
    return []
