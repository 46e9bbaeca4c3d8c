"""The banner across the top of the main window while the practice server cannot be reached (server mode).

An icon and words, not a colour alone; it cannot be dismissed, since it is true until the server answers
again (then it goes by itself and the status bar says so quietly). Panes and dialogs stay as they are, so
nothing typed is lost; a save tried meanwhile fails whole and can be tried again.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStyle, QWidget

from frontdesk.error_messages import SERVER_UNAVAILABLE

BACK_MESSAGE = "Connected to the practice server again."


class ServerBanner(QFrame):
    """Hidden while the server answers; :meth:`set_reachable` shows or hides it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("server_banner")
        self.setStyleSheet("QFrame#server_banner { background: #fff4e5; border: 2px solid #8a4b00; }"
                           "QLabel { color: #5c3200; }")
        self.icon = QLabel(self)
        self.icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(24, 24))
        self.text = QLabel(SERVER_UNAVAILABLE, self)
        self.text.setObjectName("server_banner_text")
        self.text.setWordWrap(True)
        font = self.text.font()
        font.setBold(True)
        self.text.setFont(font)
        self.setAccessibleName("Practice server unreachable")
        self.setAccessibleDescription(SERVER_UNAVAILABLE)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignVCenter)
        layout.addWidget(self.text, 1)
        self.hide()

    def set_reachable(self, reachable: bool) -> None:
        self.setVisible(not reachable)
