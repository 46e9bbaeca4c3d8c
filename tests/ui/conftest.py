"""Fixtures every ui test may use: recorded error boxes and status messages, a UiContext signed in as the
practice's administrator (folders that need another user override ``uictx``), service contexts whose commits
reach the widgets, a billing login, and a driver for dialogs' ``ask``. The helpers behind them: uisupport.py."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from uisupport import add_staff, install_dialog_driver, make_uictx, notifying

from frontdesk.domain.permissions import Role
from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorDialog


@pytest.fixture(autouse=True)
def _qt_application(qapp):  # type: ignore[no-untyped-def]
    """Every UI test has its QApplication, even one whose fixtures never ask for qtbot: a widget made before
    it aborts the worker ("Must construct a QApplication"), which the suite hid whenever an earlier test in
    the same worker had made one."""
    return qapp


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[UserMessage]:
    """Every message the error box would have shown (the box itself never opens in tests)."""
    shown: list[UserMessage] = []
    monkeypatch.setattr(ErrorDialog, "ask", classmethod(lambda cls, parent, message: shown.append(message)))
    return shown


@pytest.fixture
def statuses() -> list[str]:
    """The status-bar messages a widget gave (pass ``statuses.append`` as its status function)."""
    return []


@pytest.fixture
def uictx(qtbot: QtBot, practice: FirstRunResult, data_paths: DataPaths,
          shown_errors: list[UserMessage]) -> UiContext:
    """Signed in as the practice's administrator; errors go to the (recorded) error box."""
    return make_uictx(practice, data_paths, practice.actor)


@pytest.fixture
def desk_ctx(uictx: UiContext) -> ServiceContext:
    """The signed-in user's service context for set-up; its commits reach the widgets like real ones do."""
    return notifying(uictx, uictx.actor)


@pytest.fixture
def admin_notify_ctx(uictx: UiContext, practice: FirstRunResult) -> ServiceContext:
    """The administrator's service context, notifying the widgets."""
    return notifying(uictx, practice.actor)


@pytest.fixture
def billing_actor(admin_ctx: ServiceContext) -> Actor:
    """A billing-staff login, 'ben' (Ben Biller)."""
    return add_staff(admin_ctx, "ben", "Ben Biller", Role.BILLING)


@pytest.fixture
def drive_dialog(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Callable[..., list[Any]]:
    """``drive_dialog(cls, fill, result=None)``: see uisupport.install_dialog_driver."""
    return partial(install_dialog_driver, qtbot, monkeypatch)
