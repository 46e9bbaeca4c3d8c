"""Fixtures for the Fee schedule tab tests: a synchronous UiContext signed in as a billing user, a payer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
from testsupport import STAFF_PASSWORD

from frontdesk.domain.permissions import Role
from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services.billing import payers
from frontdesk.services.admin import users
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.ui.admin.dialog_base import ServiceFormDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorDialog
from frontdesk.ui.runner import Runner


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[UserMessage]:
    """Every message the error box would have shown (the box itself never opens in tests)."""
    shown: list[UserMessage] = []
    monkeypatch.setattr(ErrorDialog, "ask", classmethod(lambda cls, parent, message: shown.append(message)))
    return shown


@pytest.fixture
def billing_actor(admin_ctx: ServiceContext) -> Actor:
    info = users.add_user(admin_ctx, "ben", "Ben Biller", Role.BILLING, STAFF_PASSWORD)
    return Actor(info.id, info.username, info.full_name, info.role)


@pytest.fixture
def uictx(practice: FirstRunResult, data_paths: DataPaths, billing_actor: Actor,
          shown_errors: list[UserMessage]) -> Iterator[UiContext]:
    """Signed in as the billing user 'ben'; any error nobody handled fails the test."""
    unhandled: list[BaseException] = []
    ctx = UiContext(practice.db, data_paths, Runner(unhandled.append, synchronous=True))
    ctx.set_actor(billing_actor)
    yield ctx
    assert unhandled == [], f"service errors reached the app's error presenter: {unhandled!r}"
    assert shown_errors == [], f"error boxes were shown: {shown_errors!r}"


@pytest.fixture
def billing_ctx(uictx: UiContext) -> ServiceContext:
    """The billing user's service context for set-up; its commits reach the widgets like real ones do."""
    return ServiceContext(uictx.db, uictx.actor, notify=uictx.changed.emit)


@pytest.fixture
def payer_id(billing_ctx: ServiceContext) -> int:
    return payers.add_payer(billing_ctx, payers.PayerInput(name="Aetna", claim_type="group_health_plan",
                                                           edi_payer_id="60054")).id


@pytest.fixture
def statuses() -> list[str]:
    return []


@pytest.fixture
def show(qtbot: QtBot) -> Callable[..., Any]:
    """Show a widget at the smallest supported screen size, exposed and active (mnemonics need it)."""

    def run(widget, width: int = 1366, height: int = 700):  # type: ignore[no-untyped-def]
        qtbot.addWidget(widget)
        widget.resize(width, height)
        widget.show()
        qtbot.waitExposed(widget)
        widget.activateWindow()
        qtbot.waitUntil(widget.isActiveWindow)
        return widget

    return run


@pytest.fixture
def drive_dialog(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """Replace ``cls.ask`` by: build the real dialog, let ``fill(dialog)`` type and press OK, return its outcome."""

    def install(cls: type[ServiceFormDialog], fill: Callable[[Any], None]) -> list[ServiceFormDialog]:
        opened: list[ServiceFormDialog] = []

        def fake_ask(klass, parent, uictx, *args):  # type: ignore[no-untyped-def]
            dialog = klass(uictx, *args, parent=parent)
            dialog.show()
            qtbot.waitExposed(dialog)
            dialog.activateWindow()  # as exec() makes it: the active window, typing goes to its focus
            qtbot.waitUntil(dialog.isActiveWindow)
            opened.append(dialog)
            fill(dialog)
            return dialog.outcome if dialog.result() == QDialog.DialogCode.Accepted else None

        monkeypatch.setattr(cls, "ask", classmethod(fake_ask))
        return opened

    return install
