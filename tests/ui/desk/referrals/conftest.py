"""Referrals tab fixtures: a clinic, a synchronous UiContext signed in as front desk, the tab shown at 1366x768."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from pytestqt.qtbot import QtBot
from refui_lib import UiClinic, build_ui_clinic
from uisupport import make_uictx, notifying, show_active

from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.referrals_tab import ReferralsTab


@pytest.fixture
def clinic(admin_ctx: ServiceContext) -> UiClinic:
    return build_ui_clinic(admin_ctx)


@pytest.fixture
def uictx(practice: FirstRunResult, data_paths: DataPaths, clinic: UiClinic, frontdesk_actor: Actor,
          shown_errors: list[UserMessage]) -> UiContext:
    return make_uictx(practice, data_paths, frontdesk_actor)


@pytest.fixture
def desk(uictx: UiContext) -> ServiceContext:
    """The front desk's service context whose commits reach the widgets like the tab's own do."""
    return notifying(uictx, uictx.actor)


@dataclass
class Harness:
    tab: ReferralsTab
    statuses: list[str] = field(default_factory=list)


@pytest.fixture
def harness(qtbot: QtBot, uictx: UiContext) -> Harness:
    statuses: list[str] = []
    tab = show_active(qtbot, ReferralsTab(uictx, statuses.append), 1366, 768)
    return Harness(tab, statuses)
