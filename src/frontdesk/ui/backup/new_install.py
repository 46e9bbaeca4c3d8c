"""A new installation starts from a backup: choose the file, give the passphrase or recovery key, restore."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QWidget

from frontdesk.services.admin.backup_jobs import BackupInfo, read_backup_info, restore_into_new_folder
from frontdesk.domain import schedule_time as st
from frontdesk.error_messages import to_user_message
from frontdesk.paths import DataPaths
from frontdesk.storage.restore import RestoreReport
from frontdesk.ui.backup.choosers import BackupFileDialog
from frontdesk.ui.backup.info import describe_backup
from frontdesk.ui.backup.job import fit_height
from frontdesk.ui.backup.job_dialog import JobDialog, path_row, secret_edit
from frontdesk.ui.runner import JobControl, LongJob, Runner

# No practice is open on a new machine, so its time zone is not known yet: the default zone reads the
# backup's time (it only helps recognise the file).
NO_PRACTICE_YET = st.zone(st.DEFAULT_TIME_ZONE)


class NewInstallRestoreDialog(JobDialog):
    """For the setup wizard's first page. Afterwards the practice opens with that passphrase or recovery key."""

    run_text = "&Restore"
    key_field = "passphrase"
    other_field = "backup_file"

    def __init__(self, paths: DataPaths, runner: Runner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Restore FrontDesk from a backup")
        self.setMinimumWidth(580)
        self.paths = paths
        self.runner = runner  # the setup wizard's: no practice is open, so no UiContext yet
        self.report: RestoreReport | None = None
        self.file = QLineEdit(self)
        self.file.setObjectName("backup_file_edit")
        self.file.editingFinished.connect(self._describe)
        choose = QPushButton("C&hoose…", self)
        choose.clicked.connect(self._choose)
        self.form.add_field("backup_file", "&Backup file:", path_row(self, self.file, choose))
        self.about = QLabel("", self)
        self.about.setObjectName("backup_info")
        self.about.setWordWrap(True)
        self.form.layout_.addRow("", self.about)
        self.passphrase = secret_edit("the administrator passphrase in use when the backup was made", self)
        self.form.add_field("passphrase", "&Passphrase:", self.passphrase)
        self.recovery = secret_edit("or the recovery key from the Emergency Kit", self)
        self.form.add_field("recovery_key", "Re&covery key:", self.recovery)
        self.finish_layout("Choose a FrontDesk backup (the .fdbackup file; its .fdbackup.json must be beside it). "
                           f"It is verified, then restored into {paths.root}. Afterwards sign in with the user "
                           "accounts of the backup's day.")
        self.file.setFocus()

    @classmethod
    def ask(cls, parent: QWidget | None, paths: DataPaths, runner: Runner) -> RestoreReport | None:
        """The finished restore (the data folder now holds the practice), or None when cancelled."""
        dialog = cls(paths, runner, parent)
        try:
            dialog.exec()
            return dialog.report
        finally:
            dialog.deleteLater()

    def _choose(self) -> None:
        chosen = BackupFileDialog.ask(self, "Choose the backup to restore", self.file.text().strip())
        if chosen is not None:
            self.file.setText(str(chosen))
            self._describe()

    def _describe(self) -> None:
        """Show what the file is as soon as it is chosen (its manifest read on the runner); a wrong file is
        flagged before Restore."""
        self.form.clear_errors()
        text = self.file.text().strip()
        self.about.clear()
        if not text:
            return
        self.about.setText("Reading the backup file\u2026")
        self.runner.submit(lambda: read_backup_info(Path(text).expanduser()),
                           on_done=lambda info: self._described(text, info),
                           on_error=lambda exc: self._unreadable(text, exc))

    def _described(self, text: str, info: BackupInfo) -> None:
        if text == self.file.text().strip():  # not a file chosen before the one now in the field
            self.about.setText(describe_backup(info, NO_PRACTICE_YET))
            fit_height(self)

    def _unreadable(self, text: str, exc: BaseException) -> None:
        if text != self.file.text().strip():
            return
        message = to_user_message(exc)
        self.about.clear()
        self.form.error_label("backup_file").show_error(
            message.text if message.expected else f"{message.text} (reference {message.reference})")
        fit_height(self)

    def prepare(self) -> bool:
        text = self.file.text().strip()
        if not text:
            return self.field_error("backup_file", "Choose the backup file to restore.")
        passphrase, recovery = self.passphrase.text() or None, self.recovery.text().strip() or None
        if not (passphrase or recovery):
            return self.field_error("passphrase", "Enter the administrator passphrase of the backup's day, or the "
                                    "recovery key.")
        self._job_args = (Path(text).expanduser(), passphrase, recovery)
        return True

    def launch(self, on_done: Any, on_error: Any, on_progress: Any) -> LongJob:
        backup_file, passphrase, recovery = self._job_args
        self._job_args = (backup_file, None, None)  # the secrets are not kept in the dialog
        paths = self.paths

        def work(control: JobControl) -> RestoreReport:
            return restore_into_new_folder(backup_file, paths, passphrase, recovery, progress=control.progress())

        return self.runner.submit_long(work, on_done, on_error, on_progress)

    def succeeded(self, result: RestoreReport) -> None:
        self.report = result
        self.passphrase.clear()
        self.recovery.clear()
        self.accept()
