"""Fixtures for the Patients pane: a UiContext over a real encrypted practice, synchronous runner.

desk_ctx, admin_notify_ctx and drive_dialog: tests/ui/conftest.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import pytest
from pytestqt.qtbot import QtBot
from uisupport import show_active, strict_uictx

from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.services.patients import patients
from frontdesk.services.patients.patients import PatientInput, PatientRecord
from frontdesk.ui.context import UiContext
from frontdesk.ui.patients import PatientsPane


@pytest.fixture
def uictx(practice: FirstRunResult, data_paths: DataPaths, frontdesk_actor: Actor) -> Iterator[UiContext]:
    """Signed in as the front-desk user; any error nobody handled fails the test."""
    with strict_uictx(practice, data_paths, frontdesk_actor) as ctx:
        yield ctx


@dataclass
class PaneHarness:
    pane: PatientsPane
    statuses: list[str] = field(default_factory=list)


@pytest.fixture
def harness(qtbot: QtBot, uictx: UiContext) -> PaneHarness:
    """The pane shown and active at 1280x720 (shortcuts need an active window)."""
    statuses: list[str] = []
    pane = show_active(qtbot, PatientsPane(uictx, status=statuses.append), 1280, 720)
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
