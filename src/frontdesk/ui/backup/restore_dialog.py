"""Restore (admin): what the chosen backup is, the key if it came from another installation, typed confirmation."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QWidget

from frontdesk.services.admin.backup_jobs import BackupInfo
from frontdesk.services.admin import backups
from frontdesk.services.admin.backups import RestoreSummary
from frontdesk.ui.backup.confirm import ConfirmRestoreDialog
from frontdesk.ui.backup.info import describe_backup
from frontdesk.ui.backup.job_dialog import JobDialog, secret_edit
from frontdesk.ui.context import UiContext
from frontdesk.ui.runner import JobControl, LongJob


def restore_text(summary: RestoreSummary) -> str:
    """What the restore did, for the status bar and the sign-in that follows."""
    text = f"Restored {summary.backup_name} in {summary.seconds:.1f} s; everyone signs in again."
    if summary.key_replaced:
        text += " From now on use the passphrase (or recovery key) that was in use when the backup was made."
    return text


def _restore(ctx: Any, control: JobControl, backup_file: Path, passphrase: str | None,
             recovery: str | None) -> RestoreSummary:
    """On the runner's long-job worker: the restore service with progress."""
    return backups.restore(ctx, backup_file, passphrase=passphrase, recovery_key=recovery,
                           progress=control.progress())


class RestoreDialog(JobDialog):
    """For one chosen .fdbackup. The manifest is read first, so a wrong file is refused before anything runs."""

    run_text = "&Restore…"
    key_field = "passphrase"

    def __init__(self, uictx: UiContext, backup_file: Path, info: BackupInfo, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore from a backup")
        self.setMinimumWidth(560)
        self.uictx = uictx
        self.backup_file = backup_file
        self.info = info
        self.summary: RestoreSummary | None = None
        self.about = QLabel(describe_backup(info, uictx.clock.tz), self)
        self.about.setObjectName("backup_info")
        self.about.setWordWrap(True)
        self.layout_.addWidget(self.about)
        self.passphrase = secret_edit("the administrator passphrase of the backup's day", self)
        self.form.add_field("passphrase", "&Passphrase:", self.passphrase)
        self.recovery = secret_edit("or that installation's recovery key", self)
        self.form.add_field("recovery_key", "Re&covery key:", self.recovery)
        # A backup of this practice opens with the current key: no secret to type.
        for name in ("passphrase", "recovery_key"):
            self.form.layout_.setRowVisible(self.form.field(name).parentWidget(), info.same_key is False)
        self.finish_layout("The backup is verified before anything changes. If it is refused, the practice data "
                           "stays exactly as it is.")

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, backup_file: Path, info: BackupInfo
            ) -> RestoreSummary | None:
        """The finished restore (its ``db`` is open: the app switches to it), or None.

        ``info`` is the backup's manifest, read beforehand on the runner (``backups.backup_to_restore``).
        """
        dialog = cls(uictx, Path(backup_file), info, parent)
        try:
            dialog.exec()
            return dialog.summary
        finally:
            dialog.deleteLater()

    def prepare(self) -> bool:
        passphrase, recovery = self.passphrase.text() or None, self.recovery.text().strip() or None
        if self.info.same_key is False and not (passphrase or recovery):
            return self.field_error("passphrase", "This backup was made by another installation: enter the "
                                    "passphrase of the backup's day or that installation's recovery key.")
        if not ConfirmRestoreDialog.ask(self, describe_backup(self.info, self.uictx.clock.tz)):
            return False
        self._secrets = (passphrase, recovery)
        return True

    def launch(self, on_done: Any, on_error: Any, on_progress: Any) -> LongJob:
        passphrase, recovery = self._secrets
        self._secrets = (None, None)  # not kept in the dialog longer than needed
        return self.uictx.call_long(_restore, self.backup_file, passphrase, recovery, on_done=on_done,
                                    on_error=on_error, on_progress=on_progress)

    def succeeded(self, result: RestoreSummary) -> None:
        self.summary = result
        self.passphrase.clear()
        self.recovery.clear()
        self.accept()
