"""What the ui test folders share besides fixtures: a UiContext over the test practice, staff logins, service
contexts whose commits reach the widgets, showing a widget the way a person sees it, clicking and retyping,
driving a dialog's ``ask``.

Importable as ``uisupport`` from any test (pytest puts tests/ on sys.path for its conftest); the fixtures built on
these live in tests/ui/conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from testsupport import STAFF_PASSWORD

from frontdesk.domain.permissions import Role
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.services.admin import users
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.runner import Runner


def make_uictx(practice: FirstRunResult, data_paths: DataPaths, actor: Actor | None,
               on_error: Callable[[BaseException], None] | None = None) -> UiContext:
    """A UiContext over ``practice`` with a synchronous runner, signed in as ``actor``.

    Errors nobody handled go to ``on_error``, by default the app's error presenter (whose dialog the
    ``shown_errors`` fixture records instead of showing).
    """
    ctx = UiContext(practice.db, data_paths, Runner(on_error or ErrorPresenter(), synchronous=True))
    ctx.set_actor(actor)
    return ctx


@contextmanager
def strict_uictx(practice: FirstRunResult, data_paths: DataPaths, actor: Actor,
                 shown_errors: list[Any] | None = None) -> Iterator[UiContext]:
    """:func:`make_uictx` where an error nobody handled (or, given ``shown_errors``, an error box) fails the test."""
    unhandled: list[BaseException] = []
    yield make_uictx(practice, data_paths, actor, on_error=unhandled.append)
    assert unhandled == [], f"service errors reached the app's error presenter: {unhandled!r}"
    if shown_errors is not None:
        assert shown_errors == [], f"error boxes were shown: {shown_errors!r}"


def add_staff(admin: ServiceContext, username: str, full_name: str, role: Role) -> Actor:
    """Add a user through the service and return them as a signed-in actor."""
    info = users.add_user(admin, username, full_name, role, STAFF_PASSWORD)
    return Actor(info.id, info.username, info.full_name, info.role)


def notifying(uictx: UiContext, actor: Actor | None) -> ServiceContext:
    """A service context for test set-up whose commits reach the widgets like the app's own calls do."""
    return ServiceContext(uictx.db, actor, notify=uictx.changed.emit)


def click(qtbot: QtBot, widget: Any) -> None:
    """A left mouse click on ``widget``."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def retype(qtbot: QtBot, edit: Any, text: str) -> None:
    """Replace a line edit's text the way a person does: select all, type."""
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClicks(edit, text)


def show_active(qtbot: QtBot, widget: Any, width: int | None = None, height: int | None = None) -> Any:
    """Show ``widget`` (at ``width`` x ``height`` when given), exposed and active (shortcuts and mnemonics need
    an active window)."""
    qtbot.addWidget(widget)
    if width is not None and height is not None:
        widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def show_at(qtbot: QtBot, width: int, height: int) -> Callable[..., Any]:
    """``show(widget, width=..., height=...)``: :func:`show_active` with these sizes unless the call gives others."""

    def show(widget: Any, width: int = width, height: int = height) -> Any:
        return show_active(qtbot, widget, width, height)

    return show


def install_dialog_driver(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, cls: type, fill: Callable[[Any], None],
                          result: Callable[[Any], Any] | None = None, *, activate: bool = False) -> list[Any]:
    """Replace ``cls.ask`` by: build the real dialog, show it (``activate``: active, as exec() makes it, for
    tests that type mnemonics), let ``fill(dialog)`` type and press OK, and return its outcome (or
    ``result(dialog)`` when given).

    Returns the list of dialogs opened, so a test can look at them afterwards.
    """
    opened: list[Any] = []

    def fake_ask(klass, parent, uictx, *args, **kwargs):  # type: ignore[no-untyped-def]
        dialog = klass(uictx, *args, parent=parent, **kwargs)
        if parent is None:  # a parented dialog is closed and deleted with its parent
            qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        if activate:
            dialog.activateWindow()  # as exec() makes it: the active window, typing goes to its focus
            qtbot.waitUntil(dialog.isActiveWindow)
        opened.append(dialog)
        fill(dialog)
        if result is not None:
            return result(dialog)
        return dialog.outcome if dialog.result() == dialog.DialogCode.Accepted else None

    monkeypatch.setattr(cls, "ask", classmethod(fake_ask))
    return opened
