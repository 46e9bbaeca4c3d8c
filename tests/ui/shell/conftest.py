"""Fixtures for the application shell tests: a synchronous runner, a UiContext, recorded popups."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from uisupport import show_active

from frontdesk.error_messages import UserMessage
from frontdesk.services._base import Actor
from frontdesk.ui.context import UiContext
from frontdesk.ui.runner import Runner


def _raise(exc: BaseException) -> None:
    raise exc  # an unexpected error in a test is a failure, not a dialog


@pytest.fixture
def popups(shown_errors: list[UserMessage]) -> list[UserMessage]:
    """Every error dialog that would have popped up (none are shown; tests/ui/conftest.py records them)."""
    return shown_errors


@pytest.fixture
def runner(qtbot) -> Iterator[Runner]:  # type: ignore[no-untyped-def]
    r = Runner(_raise, synchronous=True)
    yield r
    r.shutdown()


@pytest.fixture
def uictx(practice, data_paths, runner) -> UiContext:  # type: ignore[no-untyped-def]
    return UiContext(practice.db, data_paths, runner)


@pytest.fixture
def make_main(qtbot, uictx) -> Callable[..., object]:  # type: ignore[no-untyped-def]
    """Build and show a MainWindow for ``actor`` (default: the practice's admin)."""
    from frontdesk.ui.app import build_main_window

    def make(actor: Actor | None = None, *, idle_timeout_ms: int | None = None):  # type: ignore[no-untyped-def]
        if actor is not None:
            uictx.set_actor(actor)
        return show_active(qtbot, build_main_window(uictx, idle_timeout_ms=idle_timeout_ms))

    return make
