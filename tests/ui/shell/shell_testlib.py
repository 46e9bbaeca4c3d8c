"""Helpers for the shell tests: what text a person could read on screen right now."""

from __future__ import annotations

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
from testsupport import (  # noqa: F401  (re-exported for this folder's tests)
    ADMIN_PASSWORD,
    FAST_KDF,
    PASSPHRASE,
    PRACTICE,
    STAFF_PASSWORD,
    MemoryKeyring,
)

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
