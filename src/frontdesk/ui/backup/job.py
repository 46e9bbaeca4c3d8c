"""What the backup dialogs share while a long job runs on the runner: the progress panel and growing to fit."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QProgressBar, QVBoxLayout, QWidget

STAGE_TEXT = {
    "copy": "Copying the database",
    "verify": "Verifying the copy",
    "checksum": "Checking the backup file",
    "restore": "Restoring",
    "publish": "Saving the backup",  # past the point of no return: a cancel is refused from here
}


def fit_height(dialog: QWidget) -> None:
    """Grow ``dialog`` so word-wrapped text that just appeared (an error, the result) is not cut off.

    A top-level window does not follow its layout's height-for-width by itself; never shrinks it.
    """
    layout = dialog.layout()
    if layout is None:
        return
    layout.activate()
    width = dialog.width()
    needed = layout.totalHeightForWidth(width) if layout.hasHeightForWidth() else layout.totalSizeHint().height()
    if needed > dialog.height():
        dialog.resize(width, needed)


class ProgressPanel(QWidget):
    """A stage label over a progress bar, fed by a long job's ``on_progress`` (see ``UiContext.call_long``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stage = QLabel("", self)
        self.stage.setObjectName("progress_stage")
        self.bar = QProgressBar(self)
        self.bar.setObjectName("progress_bar")
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        layout.addWidget(self.stage)
        layout.addWidget(self.bar)
        self.reports: int = 0

    def begin(self, text: str) -> None:
        """Reset for a new run; the bar is busy (no percentage) until the first report arrives."""
        self.reports = 0
        self.stage.setText(text)
        self.bar.setRange(0, 0)

    def update_progress(self, fraction: float | None, stage: str) -> None:
        """One report: the stage in words; the bar at ``fraction`` (busy while it is not known)."""
        self.reports += 1
        self.stage.setText(STAGE_TEXT.get(stage, stage.capitalize()) + "…")
        if fraction is None:
            self.bar.setRange(0, 0)
            return
        self.bar.setRange(0, 100)
        self.bar.setValue(int(100 * min(max(fraction, 0.0), 1.0)))

    def finish(self, text: str) -> None:
        self.stage.setText(text)
        self.bar.setRange(0, 100)
        self.bar.setValue(100)
