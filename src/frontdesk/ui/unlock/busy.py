"""A small 'please wait' window for slow start-up steps (the runner does the work, so it never freezes).

A long step (building the demo practice) shows how far it got: the worker thread calls a
``ProgressRelay``, whose signal reaches the window on the GUI thread.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget


class ProgressRelay(QObject):
    """``report(done, total, text)`` may be called from any thread; ``progressed`` is delivered on the
    thread this object lives in (the GUI thread), as Qt queues a signal emitted from another thread."""

    progressed = Signal(int, int, str)

    def report(self, done: int, total: int, text: str) -> None:
        self.progressed.emit(done, total, text)


class BusyWindow(QWidget):
    """Progress with a sentence about what is happening: indeterminate until ``set_progress`` is called.

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
        self.step = QLabel("", self)
        self.step.setObjectName("busy_step")
        self.step.setWordWrap(True)
        self.step.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.step.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.addWidget(self.label)
        layout.addWidget(self.bar)
        layout.addWidget(self.step)
        self.resize(460, 140)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.show)

    def set_progress(self, done: int, total: int, text: str) -> None:
        """Show ``done`` of ``total`` on the bar (with its percentage) and what is being done now."""
        self.bar.setRange(0, max(total, 1))
        self.bar.setValue(min(done, total))
        self.bar.setTextVisible(True)
        self.step.setText(text)
        self.step.show()

    def show_after(self, ms: int) -> None:
        if ms <= 0:
            self.show()
        else:
            self._timer.start(ms)

    def finish(self) -> None:
        self._timer.stop()
        self.close()
        self.deleteLater()
