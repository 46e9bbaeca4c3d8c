"""Backup-screen fixtures: a UiContext signed in as the admin (synchronous, or with the real threaded runner),
a backup folder, captured messages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
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
    runner = Runner(ErrorPresenter(), synchronous=True)
    ctx = UiContext(practice.db, data_paths, runner)
    ctx.set_actor(practice.actor)
    return ctx


@pytest.fixture
def threaded_uictx(qtbot, practice: FirstRunResult, data_paths: DataPaths,  # type: ignore[no-untyped-def]
                   shown_errors: list[UserMessage]) -> Iterator[UiContext]:
    """As the app runs: database calls on the runner's worker, long jobs on its second worker."""
    runner = Runner(ErrorPresenter())
    ctx = UiContext(practice.db, data_paths, runner)
    ctx.set_actor(practice.actor)
    yield ctx
    runner.shutdown()


@pytest.fixture
def target(tmp_path: Path) -> Path:
    folder = tmp_path / "backups"
    folder.mkdir()
    return folder


@pytest.fixture
def statuses() -> list[str]:
    return []
