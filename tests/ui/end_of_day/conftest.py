"""End of day screen fixtures: the end-of-day clinic, a synchronous UiContext signed in as the front desk."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "day_close"))

from eod_lib import Clinic, make_clinic

from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorDialog, ErrorPresenter
from frontdesk.ui.runner import Runner


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[UserMessage]:
    """Every message the error box would have shown (the box never opens in tests)."""
    shown: list[UserMessage] = []
    monkeypatch.setattr(ErrorDialog, "ask", classmethod(lambda cls, parent, message: shown.append(message)))
    return shown


@pytest.fixture
def clinic(db) -> Clinic:  # type: ignore[no-untyped-def]
    return make_clinic(db)


@pytest.fixture
def uictx(practice: FirstRunResult, data_paths: DataPaths, frontdesk_actor: Actor,
          shown_errors: list[UserMessage]) -> Iterator[UiContext]:
    ctx = UiContext(practice.db, data_paths, Runner(ErrorPresenter(), synchronous=True))
    ctx.set_actor(frontdesk_actor)
    yield ctx


@pytest.fixture
def desk(uictx: UiContext) -> ServiceContext:
    """The front desk's service context whose commits reach the widgets like the screen's own do."""
    return ServiceContext(uictx.db, uictx.actor, notify=uictx.changed.emit)
