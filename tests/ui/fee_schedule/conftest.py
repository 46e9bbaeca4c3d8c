"""Fixtures for the Fee schedule tab tests: a synchronous UiContext signed in as a billing user, a payer.

The billing user 'ben', recorded error boxes and statuses, drive_dialog: tests/ui/conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from uisupport import install_dialog_driver, notifying, show_at, strict_uictx

from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.services.billing import payers
from frontdesk.ui.context import UiContext


@pytest.fixture
def uictx(practice: FirstRunResult, data_paths: DataPaths, billing_actor: Actor,
          shown_errors: list[UserMessage]) -> Iterator[UiContext]:
    """Signed in as the billing user 'ben'; any error nobody handled fails the test."""
    with strict_uictx(practice, data_paths, billing_actor, shown_errors) as ctx:
        yield ctx


@pytest.fixture
def billing_ctx(uictx: UiContext) -> ServiceContext:
    """The billing user's service context for set-up; its commits reach the widgets like real ones do."""
    return notifying(uictx, uictx.actor)


@pytest.fixture
def payer_id(billing_ctx: ServiceContext) -> int:
    return payers.add_payer(billing_ctx, payers.PayerInput(name="Aetna", claim_type="group_health_plan",
                                                           edi_payer_id="60054")).id


@pytest.fixture
def show(qtbot: QtBot) -> Callable[..., Any]:
    """Show a widget at the smallest supported screen size (1366x700 unless given), exposed and active."""
    return show_at(qtbot, 1366, 700)


@pytest.fixture
def drive_dialog(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch) -> Callable[..., list[Any]]:
    """tests/ui/conftest.py's, with each dialog made the active window (the keyboard tests type its mnemonics)."""
    return partial(install_dialog_driver, qtbot, monkeypatch, activate=True)
