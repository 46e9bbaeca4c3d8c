"""Billing pane fixtures: a billing clinic, a synchronous UiContext signed in as the biller, the pane shown."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from billui_lib import BillingClinic, build_billing_clinic
from pytestqt.qtbot import QtBot

from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services._base import ServiceContext
from frontdesk.ui.billing import BillingPane
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorDialog, ErrorPresenter
from frontdesk.ui.runner import Runner


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[UserMessage]:
    """Every message the error box would have shown (the box never opens in tests)."""
    shown: list[UserMessage] = []
    monkeypatch.setattr(ErrorDialog, "ask", classmethod(lambda cls, parent, message: shown.append(message)))
    return shown


@pytest.fixture
def clinic(practice: FirstRunResult, admin_ctx: ServiceContext) -> BillingClinic:
    return build_billing_clinic(practice.db, admin_ctx)


@pytest.fixture
def uictx(practice: FirstRunResult, data_paths: DataPaths, clinic: BillingClinic,
          shown_errors: list[UserMessage]) -> Iterator[UiContext]:
    ctx = UiContext(practice.db, data_paths, Runner(ErrorPresenter(), synchronous=True))
    ctx.set_actor(clinic.biller)
    yield ctx


@pytest.fixture
def biller(uictx: UiContext) -> ServiceContext:
    """The biller's service context whose commits reach the widgets like the pane's own do."""
    return ServiceContext(uictx.db, uictx.actor, notify=uictx.changed.emit)


@dataclass
class Harness:
    pane: BillingPane
    statuses: list[str] = field(default_factory=list)


@pytest.fixture
def harness(qtbot: QtBot, uictx: UiContext) -> Harness:
    """The pane at 1366x768, shown and active (shortcuts need an active window)."""
    statuses: list[str] = []
    pane = BillingPane(uictx, status=statuses.append)
    qtbot.addWidget(pane)
    pane.resize(1366, 768)
    pane.show()
    qtbot.waitExposed(pane)
    pane.activateWindow()
    qtbot.waitUntil(pane.isActiveWindow)
    return Harness(pane, statuses)
