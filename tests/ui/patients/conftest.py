"""Fixtures for the Patients pane: a UiContext over a real encrypted practice, synchronous runner."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services.patients import patients
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.services.patients.patients import PatientInput, PatientRecord
from frontdesk.ui.context import UiContext
from frontdesk.ui.patients import PatientsPane
from frontdesk.ui.runner import Runner


@pytest.fixture
def uictx(practice: FirstRunResult, data_paths: DataPaths, frontdesk_actor: Actor) -> Iterator[UiContext]:
    """Signed in as the front-desk user; any error nobody handled fails the test."""
    unhandled: list[BaseException] = []
    ctx = UiContext(practice.db, data_paths, Runner(unhandled.append, synchronous=True))
    ctx.set_actor(frontdesk_actor)
    yield ctx
    assert unhandled == [], f"service errors reached the app's error presenter: {unhandled!r}"


@dataclass
class PaneHarness:
    pane: PatientsPane
    statuses: list[str] = field(default_factory=list)


@pytest.fixture
def harness(qtbot: QtBot, uictx: UiContext) -> PaneHarness:
    """The pane shown and active at 1280x720 (shortcuts need an active window)."""
    statuses: list[str] = []
    pane = PatientsPane(uictx, status=statuses.append)
    qtbot.addWidget(pane)
    pane.resize(1280, 720)
    pane.show()
    qtbot.waitExposed(pane)
    pane.activateWindow()
    qtbot.waitUntil(pane.isActiveWindow)
    pane.focus_search()
    return PaneHarness(pane, statuses)


@pytest.fixture
def pane(harness: PaneHarness) -> PatientsPane:
    return harness.pane


@pytest.fixture
def make_patient(admin_ctx: ServiceContext) -> Callable[..., PatientRecord]:
    """Register a patient straight through the service (set-up for search tests)."""

    def make(first: str, last: str, dob: str, *, phone: str = "", sex: str = "F", middle: str = "") -> PatientRecord:
        return patients.register_patient(admin_ctx, PatientInput(first_name=first, last_name=last, dob=dob, sex=sex,
                                                                 middle_name=middle, phone=phone))

    return make


@pytest.fixture
def desk_ctx(uictx: UiContext) -> ServiceContext:
    """The front-desk user's service context whose commits reach the widgets like the pane's own do."""
    return ServiceContext(uictx.db, uictx.actor, notify=uictx.changed.emit)


@pytest.fixture
def admin_notify_ctx(uictx: UiContext, practice: FirstRunResult) -> ServiceContext:
    """The administrator's service context, notifying the widgets."""
    return ServiceContext(uictx.db, practice.actor, notify=uictx.changed.emit)


@pytest.fixture
def drive_dialog(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Callable[..., list[Any]]:
    """Replace ``cls.ask`` by: build the real dialog, let ``fill(dialog)`` type and press OK, return its outcome."""

    def install(cls: type, fill: Callable[[Any], None]) -> list[Any]:
        opened: list[Any] = []

        def fake_ask(klass, parent, uictx, *args, **kwargs):  # type: ignore[no-untyped-def]
            dialog = klass(uictx, *args, parent=parent, **kwargs)
            dialog.show()
            qtbot.waitExposed(dialog)
            opened.append(dialog)
            fill(dialog)
            return dialog.outcome if dialog.result() == dialog.DialogCode.Accepted else None

        monkeypatch.setattr(cls, "ask", classmethod(fake_ask))
        return opened

    return install
