"""Fixtures for the Billing settings tab: the tab shown at 1000x700 (the UiContext signed in as the admin, recorded
error boxes and statuses: tests/ui/conftest.py)."""

from __future__ import annotations

import pytest

from frontdesk.ui.admin.billing_settings_tab import BillingSettingsTab
from frontdesk.ui.context import UiContext


@pytest.fixture
def tab(qtbot, uictx: UiContext, statuses: list[str]) -> BillingSettingsTab:  # type: ignore[no-untyped-def]
    widget = BillingSettingsTab(uictx, status=statuses.append)
    qtbot.addWidget(widget)
    widget.resize(1000, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
