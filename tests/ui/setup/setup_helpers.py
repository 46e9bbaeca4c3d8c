"""Helpers for the setup-wizard tests: the top conftest's constants and fake OS key stores."""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

_TOP_CONFTEST = Path(__file__).resolve().parents[2] / "conftest.py"


def _top_conftest():  # type: ignore[no-untyped-def]
    """tests/conftest.py as a module, even when another folder's conftest now owns the name 'conftest'."""
    loaded = sys.modules.get("conftest")
    if loaded is not None and Path(getattr(loaded, "__file__", "")).resolve() == _TOP_CONFTEST:
        return loaded
    spec = importlib.util.spec_from_file_location("frontdesk_setup_tests_top_conftest", _TOP_CONFTEST)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_top = _top_conftest()
FAST_KDF: dict[str, int] = _top.FAST_KDF
PASSPHRASE: str = _top.PASSPHRASE
ADMIN_PASSWORD: str = _top.ADMIN_PASSWORD


class SecureStore:
    """Stands in for a real OS credential store (priority >= 1, not a refused module)."""

    priority = 5

    def __init__(self) -> None:
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, name: str) -> str | None:
        return self.secrets.get((service, name))

    def set_password(self, service: str, name: str, value: str) -> None:
        self.secrets[(service, name)] = value

    def delete_password(self, service: str, name: str) -> None:
        self.secrets.pop((service, name), None)


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
