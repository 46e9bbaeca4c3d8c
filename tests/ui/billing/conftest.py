"""Billing pane fixtures: a billing clinic, a synchronous UiContext signed in as the biller, the pane shown."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from billui_lib import BillingClinic, build_billing_clinic
from pytestqt.qtbot import QtBot
from uisupport import make_uictx, notifying, show_active

from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services._base import ServiceContext
from frontdesk.ui.billing import BillingPane
from frontdesk.ui.context import UiContext


@pytest.fixture
def clinic(practice: FirstRunResult, admin_ctx: ServiceContext) -> BillingClinic:
    return build_billing_clinic(practice.db, admin_ctx)


@pytest.fixture
def uictx(practice: FirstRunResult, data_paths: DataPaths, clinic: BillingClinic,
          shown_errors: list[UserMessage]) -> UiContext:
    return make_uictx(practice, data_paths, clinic.biller)


@pytest.fixture
def biller(uictx: UiContext) -> ServiceContext:
    """The biller's service context whose commits reach the widgets like the pane's own do."""
    return notifying(uictx, uictx.actor)


@dataclass
class Harness:
    pane: BillingPane
    statuses: list[str] = field(default_factory=list)


@pytest.fixture
def harness(qtbot: QtBot, uictx: UiContext) -> Harness:
    """The pane at 1366x768, shown and active (shortcuts need an active window)."""
    statuses: list[str] = []
    pane = show_active(qtbot, BillingPane(uictx, status=statuses.append), 1366, 768)
    return Harness(pane, statuses)
