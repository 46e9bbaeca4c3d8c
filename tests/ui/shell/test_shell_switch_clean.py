"""Switching user and unlocking are clean: late answers for the previous user's panes are dropped quietly.

The real, threaded runner is used (not the synchronous one), so every pane's and tab's queries are
still on their way when the screen locks and another user signs in.
"""

from __future__ import annotations

import logging
import sys
import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QTabWidget
from shell_testlib import ADMIN_PASSWORD, STAFF_PASSWORD

from frontdesk.domain.permissions import Role
from frontdesk.services.admin import users
from frontdesk.services.patients.patients import PatientInput, register_patient
from frontdesk.ui.app import build_main_window
from frontdesk.ui.errors import install_excepthook
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.lock import SwitchUserConfirm
from frontdesk.ui.main_window.panes import PANES
from frontdesk.ui.runner import Runner


@pytest.fixture
def threaded(qtbot, practice, data_paths, popups) -> Iterator[tuple[UiContext, Runner]]:  # type: ignore[no-untyped-def]
    """A UiContext on the threaded runner, with the app's own error presenter and excepthook."""
    presenter = ErrorPresenter(None)  # ErrorDialog.ask is replaced by ``popups``
    runner = Runner(presenter)
    previous_hook = install_excepthook(presenter)  # an exception in a slot becomes a dialog, as in the app
    try:
        yield UiContext(practice.db, data_paths, runner), runner
    finally:
        sys.excepthook = previous_hook
        runner.shutdown()


class Gate:
    """Holds the database thread so that everything queued after it is still pending."""

    def __init__(self, runner: Runner) -> None:
        self._open = threading.Event()
        runner.submit(lambda: self._open.wait(30))

    def release(self) -> None:
        self._open.set()


def _open_every_pane_and_tab(main, patient_id: int) -> None:  # type: ignore[no-untyped-def]
    """Show each pane this user may see, then each of its tabs, so that all their loads are queued."""
    for spec in PANES:
        pane = main.go(spec.key)
        if pane is None:
            continue
        if spec.key == "patients":
            main.open_patient(patient_id)
        tab_widgets = pane.findChildren(QTabWidget) + ([pane] if isinstance(pane, QTabWidget) else [])
        for tabs in tab_widgets:
            for index in range(tabs.count()):
                tabs.setCurrentIndex(index)


def _lock_and_sign_in(main, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    main.lock("manual")
    screen = main.lock_screen
    if username == main.uictx.actor.username:
        screen.password.setText(password)
        screen.submit_unlock()
    else:
        screen.show_switch_user()
        screen.switch_username.setText(username)
        screen.switch_password.setText(password)
        screen.submit_switch()


def _settle(qtbot, runner: Runner) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not runner.is_busy(), timeout=30_000)
    qtbot.wait(50)  # let deferred deletions and queued signals run before the next step


def test_switch_three_users_then_lock_and_unlock_with_loads_pending_shows_no_error(  # type: ignore[no-untyped-def]
        qtbot, threaded, practice, admin_ctx, popups, monkeypatch, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    uictx, runner = threaded
    users.add_user(admin_ctx, "bill", "Bill Biller", Role.BILLING, STAFF_PASSWORD)
    users.add_user(admin_ctx, "rita", "Rita Reception", Role.FRONT_DESK, STAFF_PASSWORD)
    first = register_patient(admin_ctx, PatientInput(first_name="Ann", last_name="Able", dob="03/14/1962", sex="F"))
    second = register_patient(admin_ctx, PatientInput(first_name="Bob", last_name="Baker", dob="07/04/1955", sex="M"))
    monkeypatch.setattr(SwitchUserConfirm, "ask", classmethod(lambda cls, parent, locked, new: True))
    uictx.set_actor(practice.actor)
    main = build_main_window(uictx)
    qtbot.addWidget(main)
    main.show()
    qtbot.waitExposed(main)

    for username, password in (("bill", STAFF_PASSWORD), ("rita", STAFF_PASSWORD), ("admin", ADMIN_PASSWORD)):
        gate = Gate(runner)
        _open_every_pane_and_tab(main, first.id)  # queued behind the gate: all pending when the lock comes
        _lock_and_sign_in(main, username, password)
        gate.release()
        qtbot.waitUntil(lambda: not main.is_locked(), timeout=30_000)  # noqa: B023
        assert uictx.actor is not None and uictx.actor.username == username
        _open_every_pane_and_tab(main, first.id)  # the new user's panes start loading at once
        _settle(qtbot, runner)
        assert popups == [], [m.text for m in popups]

    # Lock and unlock as the same user: the panes stay, and what they asked for before the lock arrives.
    gate = Gate(runner)
    _open_every_pane_and_tab(main, second.id)
    panes = {spec.key: main.panes.pane(spec.key) for spec in PANES}
    _lock_and_sign_in(main, "admin", ADMIN_PASSWORD)
    gate.release()
    qtbot.waitUntil(lambda: not main.is_locked(), timeout=30_000)
    _settle(qtbot, runner)
    assert all(main.panes.pane(key) is pane for key, pane in panes.items())
    assert main.panes.pane("patients").current_record().id == second.id
    assert popups == []
    errors = [f"{r.name}: {r.getMessage()}" for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
