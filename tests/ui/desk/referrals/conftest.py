"""Referrals tab fixtures: a clinic, a synchronous UiContext signed in as front desk, the tab shown at 1366x768."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from pytestqt.qtbot import QtBot
from refui_lib import UiClinic, build_ui_clinic

from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.referrals_tab import ReferralsTab
from frontdesk.ui.errors import ErrorDialog, ErrorPresenter
from frontdesk.ui.runner import Runner


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[UserMessage]:
    """Every message the error box would have shown (the box never opens in tests)."""
    shown: list[UserMessage] = []
    monkeypatch.setattr(ErrorDialog, "ask", classmethod(lambda cls, parent, message: shown.append(message)))
    return shown


@pytest.fixture
def clinic(admin_ctx: ServiceContext) -> UiClinic:
    return build_ui_clinic(admin_ctx)


@pytest.fixture
def uictx(practice: FirstRunResult, data_paths: DataPaths, clinic: UiClinic, frontdesk_actor: Actor,
          shown_errors: list[UserMessage]) -> Iterator[UiContext]:
    ctx = UiContext(practice.db, data_paths, Runner(ErrorPresenter(), synchronous=True))
    ctx.set_actor(frontdesk_actor)
    yield ctx


@pytest.fixture
def desk(uictx: UiContext) -> ServiceContext:
    """The front desk's service context whose commits reach the widgets like the tab's own do."""
    return ServiceContext(uictx.db, uictx.actor, notify=uictx.changed.emit)


@dataclass
class Harness:
    tab: ReferralsTab
    statuses: list[str] = field(default_factory=list)


@pytest.fixture
def harness(qtbot: QtBot, uictx: UiContext) -> Harness:
    statuses: list[str] = []
    tab = ReferralsTab(uictx, statuses.append)
    qtbot.addWidget(tab)
    tab.resize(1366, 768)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    return Harness(tab, statuses)
