"""Fixtures for the Admin pane tests: a synchronous UiContext signed in as the admin, captured messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services._base import ServiceContext
from frontdesk.ui.admin import AdminPane
from frontdesk.ui.admin.dialog_base import ServiceFormDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorDialog, ErrorPresenter
from frontdesk.ui.runner import Runner


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[UserMessage]:
    """Every message the error box would have shown (the box itself never opens in tests)."""
    shown: list[UserMessage] = []
    monkeypatch.setattr(ErrorDialog, "ask", classmethod(lambda cls, parent, message: shown.append(message)))
    return shown


@pytest.fixture
def uictx(qtbot, practice: FirstRunResult, data_paths: DataPaths,  # type: ignore[no-untyped-def]
          shown_errors: list[UserMessage]) -> UiContext:
    runner = Runner(ErrorPresenter(), synchronous=True)
    ctx = UiContext(practice.db, data_paths, runner)
    ctx.set_actor(practice.actor)
    return ctx


@pytest.fixture
def notifying_ctx(uictx: UiContext) -> Callable[..., ServiceContext]:
    """A service context for test set-up whose commits reach the panes like real ones do."""

    def make(actor=None) -> ServiceContext:  # type: ignore[no-untyped-def]
        return ServiceContext(uictx.db, actor, notify=uictx.changed.emit)

    return make


@pytest.fixture
def statuses() -> list[str]:
    return []


@pytest.fixture
def pane(qtbot, uictx: UiContext, statuses: list[str]) -> AdminPane:  # type: ignore[no-untyped-def]
    widget = AdminPane(uictx, status=statuses.append)
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def drive_dialog(qtbot, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Replace ``cls.ask`` by: build the real dialog, let ``fill(dialog)`` type and press OK, return its outcome.

    Returns the list of dialogs opened so a test can look at them afterwards.
    """

    def install(cls: type[ServiceFormDialog], fill: Callable[[Any], None]) -> list[ServiceFormDialog]:
        opened: list[ServiceFormDialog] = []

        def fake_ask(klass, parent, uictx, *args, **kwargs):  # type: ignore[no-untyped-def]
            dialog = klass(uictx, *args, parent=parent, **kwargs)
            if parent is None:  # a parented dialog is closed and deleted with its parent
                qtbot.addWidget(dialog)
            dialog.show()
            qtbot.waitExposed(dialog)
            opened.append(dialog)
            fill(dialog)
            return dialog.outcome if dialog.result() == QDialog.DialogCode.Accepted else None

        monkeypatch.setattr(cls, "ask", classmethod(fake_ask))
        return opened

    return install

