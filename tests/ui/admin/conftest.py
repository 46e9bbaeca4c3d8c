"""Fixtures for the Admin pane tests: set-up contexts that notify the pane, the pane shown at 1280x720.

The UiContext signed in as the admin, recorded error boxes and statuses, and drive_dialog: tests/ui/conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from uisupport import notifying

from frontdesk.services._base import ServiceContext
from frontdesk.ui.admin import AdminPane
from frontdesk.ui.context import UiContext


@pytest.fixture
def notifying_ctx(uictx: UiContext) -> Callable[..., ServiceContext]:
    """A service context for test set-up whose commits reach the panes like real ones do."""

    def make(actor=None) -> ServiceContext:  # type: ignore[no-untyped-def]
        return notifying(uictx, actor)

    return make


@pytest.fixture
def pane(qtbot, uictx: UiContext, statuses: list[str]) -> AdminPane:  # type: ignore[no-untyped-def]
    widget = AdminPane(uictx, status=statuses.append)
    qtbot.addWidget(widget)
    widget.resize(1280, 720)
    widget.show()
    qtbot.waitExposed(widget)
    return widget
