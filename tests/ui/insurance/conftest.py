"""Fixtures for the insurance, consent and intake screens: a synchronous UiContext, a patient and payers.

Recorded error boxes and statuses, desk_ctx, admin_notify_ctx and drive_dialog: tests/ui/conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from insui_helpers import patient_input, payer_input
from pytestqt.qtbot import QtBot
from uisupport import show_at, strict_uictx

from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.services.billing import payers
from frontdesk.services.patients import patients
from frontdesk.ui.context import UiContext


@pytest.fixture
def uictx(practice: FirstRunResult, data_paths: DataPaths, frontdesk_actor: Actor,
          shown_errors: list[UserMessage]) -> Iterator[UiContext]:
    """Signed in as the front-desk user 'rita'; any error nobody handled fails the test."""
    with strict_uictx(practice, data_paths, frontdesk_actor, shown_errors) as ctx:
        yield ctx


@pytest.fixture
def patient_id(desk_ctx: ServiceContext) -> int:
    return patients.register_patient(desk_ctx, patient_input()).id


@pytest.fixture
def payer(admin_notify_ctx: ServiceContext) -> payers.PayerInfo:
    return payers.add_payer(admin_notify_ctx, payer_input())


@pytest.fixture
def other_payer(admin_notify_ctx: ServiceContext) -> payers.PayerInfo:
    return payers.add_payer(admin_notify_ctx, payer_input("Cigna", edi_payer_id="62308", claim_type="other"))


@pytest.fixture
def show(qtbot: QtBot) -> Callable[..., Any]:
    """Show a widget at a laptop-ish size (1100x650 unless given), exposed and active."""
    return show_at(qtbot, 1100, 650)
