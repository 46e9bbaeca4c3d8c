"""Helpers for the setup-wizard tests: the top conftest's constants and fake OS key stores."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from testsupport import ADMIN_PASSWORD, FAST_KDF, PASSPHRASE, MemoryKeyring  # noqa: F401  (re-exported for this folder's tests)

SecureStore = MemoryKeyring  # a real (trusted) credential store stand-in


class UntrustedStore(SecureStore):
    """A key store the app must refuse (too low a priority: not a trusted credential store)."""

    priority = 0.5


def click(qtbot, widget: QWidget) -> None:  # type: ignore[no-untyped-def]
    assert widget.isVisible() and widget.isEnabled(), widget.objectName() or widget
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def tick(qtbot, box: QWidget) -> None:  # type: ignore[no-untyped-def]
    """Toggle a check box from the keyboard (a click at its centre can miss a wide box's hit area)."""
    assert box.isVisible() and box.isEnabled()
    box.setFocus()
    qtbot.keyClick(box, Qt.Key.Key_Space)


def retype(qtbot, edit: QWidget, text: str) -> None:  # type: ignore[no-untyped-def]
    """Select all, then type: what a person does to replace a field's text."""
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    if text:
        qtbot.keyClicks(edit, text)


def save_screenshot(widget: QWidget, name: str) -> None:
    """Grab the widget; kept as a PNG when FRONTDESK_SCREENSHOTS names a folder (for looking at layouts)."""
    image = widget.grab()
    assert not image.isNull() and image.width() > 0
    folder = os.environ.get("FRONTDESK_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        image.save(str(Path(folder) / f"{name}.png"))
