"""The ERA import's progress line on the Post EOB page: what is being read or posted, a bar, and Cancel.

Fed by the long job's ``on_progress`` (``UiContext.call_long``, as the backup dialog's panel is). Cancel asks
the job to stop: while files are read and matched, or before posting begins, nothing is posted; once posting
of a check has begun the runner refuses the cancel (the point of no return) and says so.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QPushButton, QWidget


class EraProgress(QWidget):
    """Hidden until a job starts; ``cancel_asked`` when the person presses Cancel (Esc-free: a button)."""

    cancel_asked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("era_progress")
        self.step = QLabel("", self)
        self.step.setObjectName("era_progress_step")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("era_progress_bar")
        self.bar.setRange(0, 100)
        self.bar.setMaximumWidth(260)
        self.cancel_button = QPushButton("&Cancel import", self)
        self.cancel_button.setObjectName("era_progress_cancel")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel_asked)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.step, 1)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancel_button)
        self.hide()

    def begin(self, text: str) -> None:
        """Show ``text`` with a busy bar until the first report."""
        self.step.setText(text)
        self.bar.setRange(0, 0)
        self.cancel_button.setEnabled(True)
        self.show()

    def update_progress(self, fraction: float | None, step: str) -> None:
        """One report from the job: the step in words, the bar at ``fraction`` (busy when not known)."""
        self.step.setText(step)
        if fraction is None:
            self.bar.setRange(0, 0)
            return
        self.bar.setRange(0, 100)
        self.bar.setValue(int(100 * min(max(fraction, 0.0), 1.0)))

    def finish(self) -> None:
        self.hide()
