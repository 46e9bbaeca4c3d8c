"""A message line right above the grid (why a drop snapped back, who is on the waitlist), with one action."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

_STYLES = {
    "error": ("\u26a0", "#fdecea", "#b00020"),
    "info": ("\u2139", "#e8f4fd", "#0d47a1"),
}


class MessageBar(QFrame):
    """Hidden until :meth:`show_message`; Escape-free: it stays until dismissed or replaced."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendar_message")
        self.icon = QLabel(self)
        self.text = QLabel(self)
        self.text.setObjectName("calendar_message_text")
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.action = QPushButton(self)
        self.action.setObjectName("calendar_message_action")
        self.close_button = QPushButton("Dismiss", self)
        self.close_button.setObjectName("calendar_message_close")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.icon)
        layout.addWidget(self.text, 1)
        layout.addWidget(self.action)
        layout.addWidget(self.close_button)
        self.close_button.clicked.connect(self.clear)
        self.action.clicked.connect(self._run_action)
        self._callback: Callable[[], None] | None = None
        self.kind = ""
        self.hide()

    def show_message(self, text: str, kind: str = "error", *, action_text: str = "",
                     action: Callable[[], None] | None = None) -> None:
        icon, background, ink = _STYLES.get(kind, _STYLES["info"])
        self.kind = kind
        self.setStyleSheet(f"QFrame#calendar_message {{ background: {background}; border: 1px solid {ink}; }}"
                           f"QLabel {{ color: {ink}; }}")
        self.icon.setText(icon)
        self.text.setText(text)
        self._callback = action
        self.action.setText(action_text)
        self.action.setVisible(bool(action_text and action))
        self.show()

    def clear(self) -> None:
        self._callback = None
        self.text.clear()
        self.hide()

    def message(self) -> str:
        return "" if self.isHidden() else self.text.text()

    def _run_action(self) -> None:
        callback = self._callback
        self.clear()
        if callback is not None:
            callback()
