"""Admin > Backups: the backup schedule (a time each day, and/or when FrontDesk closes after business hours).

Everyone who may back up sees it; only an administrator changes it (the service checks, the audit trail keeps
each change). The times are the practice's (its time zone), never this PC's. The backup itself is the same
verified one as "Back up now", made in the background by the first FrontDesk open at that time.
"""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from frontdesk.domain.backup_schedule import BackupPlan
from frontdesk.domain.permissions import Permission
from frontdesk.error_messages import to_user_message
from frontdesk.errors import ValidationError
from frontdesk.services.admin import backup_schedule
from frontdesk.ui.backup.choosers import FolderDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorDialog
from frontdesk.ui.widgets.common import StatusFn, allowed, guarded
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.time_field import TimeField

WHERE_TEXT = ("The backup runs in the background on the first FrontDesk that is open at that time (on any computer "
              "of the practice, even at the sign-in screen), into the backup folder: choose one every computer can "
              "reach, such as a network folder or the backup drive of the computer left on. A time that passes "
              "while FrontDesk is closed everywhere is flagged as missed until a backup is made.")
ADMIN_ONLY_TEXT = "Only an administrator changes the schedule."


def _row(*widgets: QWidget) -> QWidget:
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget)
    layout.addStretch(1)
    return box


class BackupScheduleSection(QGroupBox):
    """``saved(BackupPlan)`` after an administrator saved the schedule."""

    saved = Signal(object)

    def __init__(self, uictx: UiContext, status: StatusFn, parent: QWidget | None = None) -> None:
        super().__init__("Backups by themselves", parent)
        self.setObjectName("backup_schedule_section")
        self.uictx = uictx
        self.status = status
        self.daily = QCheckBox("&Every day at", self)
        self.daily_at = TimeField(self, time(21, 0), field="daily_at", label="Daily backup time")
        self.on_close = QCheckBox("When FrontDesk c&loses after", self)
        self.close_after = TimeField(self, time(18, 0), field="close_after", label="End of business hours")
        self.zone = QLabel(self._zone_text(), self)
        self.folder = QLineEdit(self)
        self.folder.setPlaceholderText("for example \\\\SERVER\\FrontDesk backups or E:\\FrontDesk backups")
        self.folder.setMinimumWidth(380)
        self.choose = QPushButton("C&hoose\u2026", self)
        self.choose.clicked.connect(self._choose)
        self.form = ValidatedForm(self)
        self.form.add_field("daily_at", "Daily:", _row(self.daily, self.daily_at, self.zone))
        self.form.add_field("close_after", "Closing:", _row(self.on_close, self.close_after,
                                                            QLabel("(the end of business hours)", self)))
        folder_row = _row(self.folder, self.choose)
        folder_row.layout().setStretch(0, 1)
        self.form.add_field("folder", "Backup f&older:", folder_row)
        self.note = QLabel(WHERE_TEXT, self, wordWrap=True)
        self.note.setObjectName("backup_schedule_note")
        self.save_button = QPushButton("&Save schedule", self)
        self.save_button.clicked.connect(self.save)
        self.rights = QLabel("", self)
        self.rights.setObjectName("backup_schedule_rights")
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(self.note)
        layout.addWidget(_row(self.save_button, self.rights))
        # the form's field names its row; the widgets themselves keep their own names for tests and tab order
        self.daily_at.setObjectName("daily_at_edit")
        self.close_after.setObjectName("close_after_edit")
        self.folder.setObjectName("folder_edit")
        for box in (self.daily, self.on_close):
            box.toggled.connect(lambda _on: self._enable())

    # -- data ---------------------------------------------------------------------------------------
    def load(self) -> None:
        self.form.clear_errors()
        self.zone.setText(self._zone_text())
        self.uictx.call(backup_schedule.get_backup_schedule, on_done=guarded(self, self.show_plan))

    def _zone_text(self) -> str:
        return f"(practice time, {self.uictx.clock.tz.key})"

    def show_plan(self, plan: BackupPlan) -> None:
        self.daily.setChecked(plan.daily)
        self.daily_at.set_value(plan.daily_at)
        self.on_close.setChecked(plan.on_close)
        self.close_after.set_value(plan.close_after)
        self.folder.setText(plan.folder)
        self._enable()

    def _enable(self) -> None:
        admin = allowed(self.uictx, Permission.MANAGE_PRACTICE)
        for widget in (self.daily, self.on_close, self.folder, self.choose, self.save_button):
            widget.setEnabled(admin)
        self.daily_at.setEnabled(admin and self.daily.isChecked())
        self.close_after.setEnabled(admin and self.on_close.isChecked())
        self.rights.setText("" if admin else ADMIN_ONLY_TEXT)

    def plan(self) -> BackupPlan:
        """What is on screen; ValidationError naming the field when a time is not one."""
        return BackupPlan(self.daily.isChecked(), self.daily_at.value(), self.on_close.isChecked(),
                          self.close_after.value(), self.folder.text().strip())

    # -- saving -------------------------------------------------------------------------------------
    def save(self) -> None:
        self.form.clear_errors()
        try:
            plan = self.plan()
        except ValidationError as exc:
            self.form.show_exception(exc)
            return
        self.save_button.setEnabled(False)
        self.uictx.call(backup_schedule.set_backup_schedule, plan, on_done=guarded(self, self._saved),
                        on_error=guarded(self, self._refused))

    def _saved(self, plan: BackupPlan) -> None:
        self.show_plan(plan)
        if not plan.enabled:
            self.status("Backup schedule saved: off.")
        else:
            parts = ([f"every day at {self.daily_at.text()}"] if plan.daily else []) + (
                [f"when FrontDesk closes after {self.close_after.text()}"] if plan.on_close else [])
            self.status(f"Backup schedule saved: {' and '.join(parts)}, into {plan.folder}.")
        self.saved.emit(plan)

    def _refused(self, exc: BaseException) -> None:
        self._enable()
        if not self.form.show_exception(exc):  # not about a field: a bug, shown with its reference
            ErrorDialog.ask(self, to_user_message(exc))

    def _choose(self) -> None:
        chosen = FolderDialog.ask(self, "Choose the folder for scheduled backups", self.folder.text().strip())
        if chosen is not None:
            self.folder.setText(str(chosen))
            self.form.clear_errors()
