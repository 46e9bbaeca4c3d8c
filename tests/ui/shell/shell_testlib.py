"""Helpers for the shell tests: what text a person could read on screen right now."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabBar,
    QTextEdit,
    QWidget,
)

_TOP_CONFTEST = Path(__file__).resolve().parents[2] / "conftest.py"


def _top_conftest():  # type: ignore[no-untyped-def]
    """tests/conftest.py as a module, even though this folder's conftest owns the name 'conftest'."""
    loaded = sys.modules.get("conftest")
    if loaded is not None and Path(getattr(loaded, "__file__", "")).resolve() == _TOP_CONFTEST:
        return loaded
    spec = importlib.util.spec_from_file_location("frontdesk_shell_tests_top_conftest", _TOP_CONFTEST)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_top = _top_conftest()
FAST_KDF: dict[str, int] = _top.FAST_KDF
PASSPHRASE: str = _top.PASSPHRASE
ADMIN_PASSWORD: str = _top.ADMIN_PASSWORD
STAFF_PASSWORD: str = _top.STAFF_PASSWORD
PRACTICE = _top.PRACTICE


class MemoryKeyring:
    """A stand-in for a genuine OS credential store (priority like the Secret Service's)."""

    priority = 5

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.items.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.items[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.items.pop((service, username), None)


# pytest-qt fails a test on Qt warnings; the offscreen platform warns about something it cannot do.


def _model_texts(view: QAbstractItemView) -> list[str]:
    model = view.model()
    if model is None:
        return []
    texts: list[str] = []

    def columns(parent: QModelIndex) -> int:
        try:
            return model.columnCount(parent)
        except TypeError:  # list models hide columnCount: they have one column
            return 1

    def walk(parent: QModelIndex) -> None:
        for row in range(model.rowCount(parent)):
            for col in range(columns(parent)):
                index = model.index(row, col, parent)
                value = model.data(index, Qt.ItemDataRole.DisplayRole)
                if value is not None:
                    texts.append(str(value))
                if col == 0 and model.rowCount(index) > 0:
                    walk(index)

    walk(QModelIndex())
    for section in range(columns(QModelIndex())):
        value = model.headerData(section, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        if value is not None:
            texts.append(str(value))
    return texts


def widget_texts(widget: QWidget) -> list[str]:
    """Text a widget itself displays."""
    texts: list[str] = []
    if widget.isWindow():
        texts.append(widget.windowTitle())
    if isinstance(widget, (QLabel, QAbstractButton)):
        texts.append(widget.text())
    elif isinstance(widget, QLineEdit):
        texts += [widget.text(), widget.placeholderText()]
    elif isinstance(widget, QTextEdit):
        texts.append(widget.toPlainText())
    elif isinstance(widget, QPlainTextEdit):
        texts.append(widget.toPlainText())
    elif isinstance(widget, QComboBox):
        texts.append(widget.currentText())
    elif isinstance(widget, QGroupBox):
        texts.append(widget.title())
    elif isinstance(widget, QTabBar):
        texts += [widget.tabText(i) for i in range(widget.count())]
    if isinstance(widget, QAbstractItemView):
        texts += _model_texts(widget)
    return [t for t in texts if t]


def visible_texts() -> list[str]:
    """Everything readable in every visible widget of the application."""
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        if widget.isVisible():
            texts += widget_texts(widget)
    return texts


def text_on_screen(needle: str) -> bool:
    needle = needle.lower()
    return any(needle in text.lower() for text in visible_texts())
