"""Fixtures for the insurance, consent and intake screens: a synchronous UiContext, a patient and payers."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from insui_helpers import patient_input, payer_input
from pytestqt.qtbot import QtBot

from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services.patients import patients
from frontdesk.services.billing import payers
from frontdesk.services._base import Actor, ServiceContext
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
def uictx(practice: FirstRunResult, data_paths: DataPaths, frontdesk_actor: Actor,
          shown_errors: list[UserMessage]) -> Iterator[UiContext]:
    """Signed in as the front-desk user 'rita'; any error nobody handled fails the test."""
    unhandled: list[BaseException] = []
    ctx = UiContext(practice.db, data_paths, Runner(unhandled.append, synchronous=True))
    ctx.set_actor(frontdesk_actor)
    yield ctx
    assert unhandled == [], f"service errors reached the app's error presenter: {unhandled!r}"
    assert shown_errors == [], f"error boxes were shown: {shown_errors!r}"


@pytest.fixture
def desk_ctx(uictx: UiContext) -> ServiceContext:
    """The front-desk user's service context for set-up; its commits reach the widgets like real ones do."""
    return ServiceContext(uictx.db, uictx.actor, notify=uictx.changed.emit)


@pytest.fixture
def admin_notify_ctx(uictx: UiContext, practice: FirstRunResult) -> ServiceContext:
    """The administrator's service context, notifying the widgets."""
    return ServiceContext(uictx.db, practice.actor, notify=uictx.changed.emit)


@pytest.fixture
def patient_id(desk_ctx: ServiceContext) -> int:
    return patients.register_patient(desk_ctx, patient_input()).id


@pytest.fixture
def payer(admin_notify_ctx: ServiceContext) -> payers.PayerInfo:
    return payers.add_payer(admin_notify_ctx, payer_input())


@pytest.fixture
def other_payer(admin_notify_ctx: ServiceContext) -> payers.PayerInfo:
    return payers.add_payer(admin_notify_ctx, payer_input("Cigna", edi_payer_id="62308", claim_type="other"))


@pytest.fixture
def statuses() -> list[str]:
    return []


@pytest.fixture
def show(qtbot: QtBot) -> Callable[..., Any]:
    """Show a widget at a laptop-ish size, exposed and active (mnemonics need an active window)."""

    def run(widget, width: int = 1100, height: int = 650):  # type: ignore[no-untyped-def]
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
    """Replace ``cls.ask`` by: build the real dialog, let ``fill(dialog)`` type and press OK, return its outcome.

    Returns the list of dialogs opened, so a test can look at them afterwards.
    """

    def install(cls: type, fill: Callable[[Any], None], result: Callable[[Any], Any] | None = None) -> list[Any]:
        opened: list[Any] = []

        def fake_ask(klass, parent, uictx, *args, **kwargs):  # type: ignore[no-untyped-def]
            dialog = klass(uictx, *args, parent=parent, **kwargs)
            if parent is None:  # a parented dialog is closed and deleted with its parent
                qtbot.addWidget(dialog)
            dialog.show()
            qtbot.waitExposed(dialog)
            opened.append(dialog)
            fill(dialog)
            if result is not None:
                return result(dialog)
            return dialog.outcome if dialog.result() == dialog.DialogCode.Accepted else None

        monkeypatch.setattr(cls, "ask", classmethod(fake_ask))
        return opened

    return install
