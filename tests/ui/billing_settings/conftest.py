"""Fixtures for the Billing settings tab: a synchronous UiContext as the admin, the tab shown, messages caught."""

from __future__ import annotations

import pytest

from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.ui.admin.billing_settings_tab import BillingSettingsTab
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
    ctx = UiContext(practice.db, data_paths, Runner(ErrorPresenter(), synchronous=True))
    ctx.set_actor(practice.actor)
    return ctx


@pytest.fixture
def statuses() -> list[str]:
    return []


@pytest.fixture
def tab(qtbot, uictx: UiContext, statuses: list[str]) -> BillingSettingsTab:  # type: ignore[no-untyped-def]
    widget = BillingSettingsTab(uictx, status=statuses.append)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
