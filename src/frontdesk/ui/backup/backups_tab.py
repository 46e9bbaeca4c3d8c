"""The Admin pane's Backups tab: back up now, run a restore drill, restore (admin), the schedule of backups that
happen by themselves, and the history of backups and drills.

Everything it reads (the history, the manifest of a backup chosen for restore) comes through the runner,
off the GUI thread; while it loads the tab says so, and only a tab still shown gets the answer.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from frontdesk.services.admin.backup_jobs import BackupInfo
from frontdesk.domain.permissions import Permission
from frontdesk.error_messages import to_user_message
from frontdesk.services.admin import backups
from frontdesk.services.admin.backups import BackupRunRow, DrillRow, RestoreSummary
from frontdesk.ui.backup.backup_dialog import BackupDialog
from frontdesk.ui.backup.choosers import BackupFileDialog
from frontdesk.ui.backup.drill_dialog import DrillDialog
from frontdesk.ui.backup.history_model import (
    SORT_ROLE,
    BackupHistoryModel,
    merge_history,
)
from frontdesk.ui.backup.restore_dialog import RestoreDialog, restore_text
from frontdesk.ui.backup.schedule_section import BackupScheduleSection
from frontdesk.ui.backup.settings import load_backup_folder
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import Notice, StatusFn, allowed, fit_columns, make_table
from frontdesk.ui.widgets.tab_base import AdminTab
from frontdesk.ui.errors import ErrorDialog


LOADING_TEXT = "Loading the backup history\u2026"


def _plural(n: int, word: str) -> str:
    return f"{n:,} {word}{'' if n == 1 else 's'}"


class BackupsTab(AdminTab):
    """``restore_finished(RestoreSummary)`` fires after a restore: the old database is closed by then and the
    summary's ``db`` is the restored one, open; the app must switch to it and ask everyone to sign in again."""

    restore_finished = Signal(object)
    topics = frozenset({"backups"})
    permission = Permission.BACKUP
    denied_text = "Your role does not allow backups."

    def __init__(self, uictx: UiContext, status: StatusFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, status, parent)
        self.model = BackupHistoryModel(uictx.clock, self)
        self.notice = Notice(self)
        self.view, self.proxy = make_table(self, self.model, sort_role=SORT_ROLE, sort_column=0)
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        self.summary = QLabel(self)
        self.summary.setObjectName("backups_summary")
        self.summary.setWordWrap(True)
        self.backup_button = QPushButton("&Back up now\u2026", self)
        self.backup_button.setToolTip("Copy and verify the practice data into the backup folder (Ctrl+Shift+B)")
        self.drill_button = QPushButton("Run restore &drill\u2026", self)
        self.drill_button.setToolTip("Restore the newest backup into a temporary place and check it; the result "
                                     "is kept as evidence")
        self.restore_button = QPushButton("&Restore\u2026", self)
        self.restore_button.setToolTip("Replace the practice data with a backup (administrators only)")
        self.backup_button.clicked.connect(self.back_up_now)
        self.drill_button.clicked.connect(self.run_drill)
        self.restore_button.clicked.connect(self.restore)
        buttons = QHBoxLayout()
        for button in (self.backup_button, self.drill_button, self.restore_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.schedule = BackupScheduleSection(uictx, self.status, self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(buttons)
        layout.addWidget(self.schedule)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        self._runs: list[BackupRunRow] = []

    # -- data ---------------------------------------------------------------------------------------
    def load(self) -> None:
        self.notice.clear_text()
        self.restore_button.setEnabled(allowed(self.uictx, Permission.RESTORE))
        for button in (self.backup_button, self.drill_button):
            button.setEnabled(True)
        self.summary.setText(LOADING_TEXT)
        self.schedule.setEnabled(True)
        self.schedule.load()
        self.call(backups.list_backup_runs, on_done=self._runs_loaded)

    def _runs_loaded(self, runs: list[BackupRunRow]) -> None:
        self._runs = runs
        self.call(backups.list_drills, on_done=self._drills_loaded)

    def _drills_loaded(self, drills: list[DrillRow]) -> None:
        self.model.set_rows(merge_history(self._runs, drills))
        fit_columns(self.view)
        last_ok = next((r for r in self._runs if r.ok), None)
        last_drill = drills[0] if drills else None
        parts = [f"{_plural(len(self._runs), 'backup run')} and {_plural(len(drills), 'restore drill')} on record."]
        if last_ok is None:
            parts.append("\u26a0 No verified backup yet.")
        if last_drill is None:
            parts.append("\u26a0 No restore drill yet: run one at least every quarter.")
        elif not last_drill.ok:
            parts.append("\u26a0 The last restore drill FAILED: " + last_drill.message)
        self.summary.setText(" ".join(parts))

    def clear(self, reason: str) -> None:
        self.model.set_rows([])
        self.summary.clear()
        for button in (self.backup_button, self.drill_button, self.restore_button):
            button.setEnabled(False)
        self.schedule.setEnabled(False)
        if reason:
            self.notice.show_text(reason)
        else:
            self.notice.clear_text()

    # -- actions --------------------------------------------------------------------------------------
    def back_up_now(self) -> None:
        BackupDialog.ask(self, self.uictx, self.uictx.paths, status=self.status)

    def run_drill(self) -> None:
        drill = DrillDialog.ask(self, self.uictx, self.uictx.paths.settings_file)
        if drill is not None:
            result = "passed" if drill.ok else "FAILED"
            self.status(f"Restore drill {result}: {drill.backup_file} in {drill.duration_ms / 1000:.1f} s.")

    def restore(self) -> None:
        start = load_backup_folder(self.uictx.paths.settings_file)
        chosen = BackupFileDialog.ask(self, "Choose the backup to restore", start)
        if chosen is None:
            return
        # The manifest is read on the runner: the backup drive may be slow (or a network folder).
        self.restore_button.setEnabled(False)
        self.notice.show_text(f"Reading {Path(chosen).name}\u2026")
        self.call(backups.backup_to_restore, chosen, on_done=lambda info: self._restore_read(chosen, info),
                  on_error=self._restore_unreadable)

    def _restore_read(self, chosen: Path, info: BackupInfo) -> None:
        self._restore_ready()
        summary: RestoreSummary | None = RestoreDialog.ask(self, self.uictx, chosen, info)
        if summary is not None:
            self.status(restore_text(summary))
            self.restore_finished.emit(summary)

    def _restore_unreadable(self, exc: BaseException) -> None:
        self._restore_ready()
        ErrorDialog.ask(self, to_user_message(exc))  # not a backup, or not readable: nothing was changed

    def _restore_ready(self) -> None:
        self.notice.clear_text()
        self.restore_button.setEnabled(allowed(self.uictx, Permission.RESTORE))
