"""End of day screen fixtures: the end-of-day clinic, a synchronous UiContext signed in as the front desk."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "day_close"))

from eod_lib import Clinic, make_clinic
from uisupport import make_uictx, notifying

from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.ui.context import UiContext


@pytest.fixture
def clinic(db) -> Clinic:  # type: ignore[no-untyped-def]
    return make_clinic(db)


@pytest.fixture
def uictx(practice: FirstRunResult, data_paths: DataPaths, frontdesk_actor: Actor,
          shown_errors: list[UserMessage]) -> UiContext:
    return make_uictx(practice, data_paths, frontdesk_actor)


@pytest.fixture
def desk(uictx: UiContext) -> ServiceContext:
    """The front desk's service context whose commits reach the widgets like the screen's own do."""
    return notifying(uictx, uictx.actor)
