"""A small 'please wait' window for slow start-up steps (the runner does the work, so it never freezes)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget


class BusyWindow(QWidget):
    """Indeterminate progress with a sentence about what is happening.

    ``show_after(ms)`` avoids a flash for steps that usually finish at once; ``finish()`` closes it
    (and cancels a pending show).
    """

    def __init__(self, text: str, *, title: str = "FrontDesk", parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.setObjectName("busy_window")
        self.setWindowTitle(title)
        self.label = QLabel(text, self)
        self.label.setObjectName("busy_text")
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.bar = QProgressBar(self)
        self.bar.setRange(0, 0)  # indeterminate: Qt animates it while the event loop runs
        self.bar.setTextVisible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        self.resize(420, 120)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.show)

    def show_after(self, ms: int) -> None:
        if ms <= 0:
            self.show()
        else:
            self._timer.start(ms)

    def finish(self) -> None:
        self._timer.stop()
        self.close()
        self.deleteLater()
