"""Run a restore drill: the latest backup restored into a temporary place and checked; kept as evidence."""

from __future__ import annotations

from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget

from frontdesk.services.admin import backups
from frontdesk.services.admin.backups import DrillRow
from frontdesk.ui.backup.choosers import BackupFileDialog, FolderDialog
from frontdesk.ui.backup.job_dialog import JobDialog, path_row, secret_edit
from frontdesk.ui.backup.settings import load_backup_folder
from frontdesk.ui.context import UiContext
from frontdesk.ui.runner import JobControl, LongJob


def drill_text(drill: DrillRow) -> str:
    """The drill's outcome in words: result, file, duration, what was counted."""
    head = "\u2714 Drill passed" if drill.ok else "\u26a0 Drill FAILED"
    lines = [f"{head}: {drill.backup_file} in {drill.duration_ms / 1000:.1f} s.", drill.message]
    if drill.counts_summary:
        lines.append("Rows restored: " + drill.counts_summary)
    lines.append("Recorded in the drill history as evidence of contingency-plan testing.")
    return "\n".join(lines)


def _drill(ctx: Any, control: JobControl, source: Path, passphrase: str | None) -> DrillRow:
    """On the runner's long-job worker: the restore-drill service with progress."""
    return backups.run_restore_drill(ctx, source, passphrase=passphrase, progress=control.progress())


class DrillDialog(JobDialog):
    """Source folder (its newest backup) or one file; the passphrase optionally proves the backup's key file."""

    run_text = "&Run drill"
    key_field = "passphrase"
    other_field = "source"
    min_width: ClassVar[int] = 560

    def __init__(self, uictx: UiContext, settings_file: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore drill")
        self.setMinimumWidth(self.min_width)
        self.uictx = uictx
        self.drill: DrillRow | None = None
        self.source = QLineEdit(load_backup_folder(settings_file), self)
        self.source.setObjectName("source_edit")
        folder_button = QPushButton("&Folder…", self)
        folder_button.clicked.connect(self._choose_folder)
        file_button = QPushButton("Fi&le…", self)
        file_button.clicked.connect(self._choose_file)
        self.form.add_field("source", "&Backup:", path_row(self, self.source, folder_button, file_button))
        self.passphrase = secret_edit("optional: also proves the backup opens on a new computer", self)
        self.form.add_field("passphrase", "&Passphrase:", self.passphrase)
        self.finish_layout("A drill restores the newest backup of a folder (or the file you choose) into a temporary "
                           "place, checks it and counts its rows, then deletes the copy. The live data is not "
                           "touched.")
        self.source.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, settings_file: Path) -> DrillRow | None:
        """Show the dialog; the last drill it ran, or None when none ran."""
        dialog = cls(uictx, settings_file, parent)
        try:
            dialog.exec()
            return dialog.drill
        finally:
            dialog.deleteLater()

    def prepare(self) -> bool:
        if not self.source.text().strip():
            return self.field_error("source", "Choose the backup folder or a backup file.")
        return True

    def launch(self, on_done: Any, on_error: Any, on_progress: Any) -> LongJob:
        source = Path(self.source.text().strip()).expanduser()
        return self.uictx.call_long(_drill, source, self.passphrase.text() or None, on_done=on_done,
                                    on_error=on_error, on_progress=on_progress)

    def succeeded(self, result: DrillRow) -> None:
        self.drill = result
        self.passphrase.clear()  # not kept in memory longer than needed
        self.result.setText(drill_text(result))
        self.close_button.setText("Close")
        self.close_button.setFocus()

    def _choose_folder(self) -> None:
        chosen = FolderDialog.ask(self, "Choose the backup folder", self.source.text().strip())
        if chosen is not None:
            self.source.setText(str(chosen))

    def _choose_file(self) -> None:
        chosen = BackupFileDialog.ask(self, "Choose a backup file", self.source.text().strip())
        if chosen is not None:
            self.source.setText(str(chosen))
