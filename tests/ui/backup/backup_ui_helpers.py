"""Helpers for driving the modal backup dialogs from inside their own event loop."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

W = TypeVar("W", bound=QWidget)


def open_dialog(cls: type[W]) -> W:
    """The visible top-level dialog of type ``cls`` (exactly one must be open)."""
    found = [w for w in QApplication.topLevelWidgets() if isinstance(w, cls) and w.isVisible()]
    assert len(found) == 1, found
    return found[0]


def when_shown(cls: type[W], action: Callable[[W], None]) -> None:
    """Run ``action(dialog)`` once the dialog of type ``cls`` is running its event loop."""
    QTimer.singleShot(0, lambda: action(open_dialog(cls)))
