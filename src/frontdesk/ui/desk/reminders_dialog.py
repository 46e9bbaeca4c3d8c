"""Desk > Letters > Reminders...: batch appointment reminders for a date range (letters, Avery 5160 labels, a
call list, a file for an outside reminder service), with a preview of who each output reaches and the
patients who need a personal call. The work is done by services.desk.reminder_batch through the runner.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_phone
from frontdesk.error_messages import to_user_message
from frontdesk.reports._pdf import clock_text
from frontdesk.services.desk import reminder_batch
from frontdesk.services.desk.reminder_batch import ReminderFiles, ReminderItem, ReminderPlan, ReminderResult
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.file_folders import folder_near, remember_folder
from frontdesk.ui.widgets.models import Column, RecordTableModel
from frontdesk.ui.widgets.schedule_inputs import date_edit, from_qdate, stretch_last_column

REMINDER_KIND = "reminders"  # the kind of file whose last folder file_folders remembers
OUTPUT_LABELS = {"letters": "&Letters (appointment reminder template)",
                 "postcards": "P&ostcards (the same text, 4 a sheet, 4\u00bc\" x 5\u00bd\")",
                 "labels": "La&bels (Avery 5160, 30 a sheet)",
                 "calls": "&Call list", "service": "Reminder &service file (CSV)"}
COUNT_WORDS = {"letters": "Letters", "postcards": "Postcards", "labels": "Labels", "calls": "Call list", "service": "Service file"}
FILE_NAMES = {"letters": "letters.pdf", "postcards": "postcards.pdf", "labels": "labels.pdf", "calls": "call list.pdf",
              "service": "reminder service.csv"}
PERSONAL_COLUMNS: list[Column[ReminderItem]] = [
    Column("Date", lambda i: format_date(i.start.date()), lambda i: i.start),
    Column("Time", lambda i: clock_text(i.start), lambda i: i.start),
    Column("Patient", lambda i: i.patient_name),
    Column("Phone", lambda i: format_phone(i.phone) or "none"),
    Column("Why no reminder reaches them", lambda i: i.why_personal),
]


class ReminderFolderDialog:
    """'Choose a folder' for the reminder files; tests replace :meth:`ask` with a function returning a path."""

    @classmethod
    def ask(cls, parent: QWidget | None) -> Path | None:
        chosen = QFileDialog.getExistingDirectory(parent, "Save the reminder files in",
                                                  str(folder_near("", REMINDER_KIND)))
        if not chosen:
            return None
        remember_folder(REMINDER_KIND, Path(chosen), is_folder=True)
        return Path(chosen)


class RemindersDialog(QDialog):
    """From/To (default: tomorrow in the practice's time zone), outputs, a live preview, and Make..."""

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Appointment reminders")
        self.setObjectName("reminders_dialog")
        self.uictx = uictx
        self.outcome: str | None = None
        self._plan: ReminderPlan | None = None
        tomorrow = uictx.clock.today() + timedelta(days=1)
        self.start_edit = date_edit(self, tomorrow)
        self.start_edit.setObjectName("reminders_start")
        self.end_edit = date_edit(self, tomorrow)
        self.end_edit.setObjectName("reminders_end")
        self.checks = {name: QCheckBox(text, self) for name, text in OUTPUT_LABELS.items()}
        for name, check in self.checks.items():
            check.setObjectName(f"reminders_{name}")
            check.setChecked(name in ("letters", "calls"))
        self.counts = QLabel(self)
        self.counts.setObjectName("reminders_counts")
        self.counts.setWordWrap(True)
        self.error = QLabel(self)
        self.error.setObjectName("reminders_error")
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #a00000; font-weight: bold")
        self.error.hide()
        self.model: RecordTableModel[ReminderItem] = RecordTableModel(PERSONAL_COLUMNS, self)
        self.table = QTableView(self)
        self.table.setObjectName("reminders_personal")
        self.table.setAccessibleName("Patients who need a personal call")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        stretch_last_column(self.table)
        self.make_button = QPushButton("&Make\u2026", self)
        self.make_button.setObjectName("reminders_make")
        self.make_button.setDefault(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.make_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.make_button.clicked.connect(self.make)
        self._layout(buttons)
        self.start_edit.dateChanged.connect(lambda _d: self.refresh())
        self.end_edit.dateChanged.connect(lambda _d: self.refresh())
        # A patient gets a letter or a postcard, not both: choosing one clears the other.
        self.checks["letters"].toggled.connect(lambda on: on and self.checks["postcards"].setChecked(False))
        self.checks["postcards"].toggled.connect(lambda on: on and self.checks["letters"].setChecked(False))
        for check in self.checks.values():
            check.toggled.connect(lambda _on: self.refresh())
        self.resize(820, 560)
        self.refresh()

    def _layout(self, buttons: QDialogButtonBox) -> None:
        dates = QFormLayout()
        dates.addRow("&From:", self.start_edit)
        dates.addRow("&To:", self.end_edit)
        outputs = QGroupBox("Make", self)
        column = QVBoxLayout(outputs)
        for check in self.checks.values():
            column.addWidget(check)
        top = QHBoxLayout()
        top.addLayout(dates)
        top.addWidget(outputs, 1)
        personal = QLabel("Need a &personal call (no chosen reminder reaches them):", self)
        personal.setBuddy(self.table)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.error)
        layout.addWidget(self.counts)
        layout.addWidget(personal)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext) -> str | None:
        """Run the dialog; returns the status-bar message after reminders were made, None when closed."""
        dialog = cls(uictx, parent=parent)
        return dialog.outcome if dialog.exec() == QDialog.DialogCode.Accepted else None

    def chosen(self) -> tuple[str, ...]:
        return tuple(name for name, check in self.checks.items() if check.isChecked())

    def refresh(self) -> None:
        """Plan again for the range and outputs on screen (reads only)."""
        self._plan = None
        self.make_button.setEnabled(False)
        self.uictx.call(reminder_batch.plan_reminders, from_qdate(self.start_edit.date()),
                        from_qdate(self.end_edit.date()), self.chosen(),
                        on_done=guarded(self, self._planned), on_error=guarded(self, self._show_error))

    def _planned(self, plan: ReminderPlan) -> None:
        if plan.start != from_qdate(self.start_edit.date()) or plan.end != from_qdate(self.end_edit.date()) \
                or plan.outputs != self.chosen():
            return  # an older answer: a newer refresh is on its way
        self._plan = plan
        self.error.hide()
        parts = [f"{COUNT_WORDS[name]}: {len(plan.reached_by(name))}" for name in plan.outputs]
        patients = len({i.patient_id for i in plan.items})
        self.counts.setText(f"{len(plan.items)} appointments of {patients} patients. " + ", ".join(parts)
                            + f", personal calls: {len(plan.personal_calls)}.")
        self.model.set_rows(list(plan.personal_calls))
        self.make_button.setEnabled(any(plan.reached_by(name) for name in plan.outputs))

    def _show_error(self, exc: BaseException) -> None:
        message = to_user_message(exc)
        self.error.setText(message.text)
        self.error.show()
        self.counts.clear()
        self.model.set_rows([])
        target = {"start": self.start_edit, "end": self.end_edit}.get(message.field or "")
        if target is not None:
            target.setFocus()

    def make(self) -> None:
        """Ask for a folder, then write the chosen files there and record the reminders."""
        plan = self._plan
        if plan is None:
            return
        folder = ReminderFolderDialog.ask(self)
        if folder is None:
            return
        stem = f"reminders {plan.start:%m-%d-%Y}" + ("" if plan.end == plan.start else f" to {plan.end:%m-%d-%Y}")
        files = ReminderFiles(**{name: folder / f"{stem} {FILE_NAMES[name]}" for name in plan.outputs})
        self.make_button.setEnabled(False)
        self.uictx.call(reminder_batch.run_reminders, plan.start, plan.end, files,
                        on_done=guarded(self, lambda result: self._made(result, folder)),
                        on_error=guarded(self, self._failed))

    def _made(self, result: ReminderResult, folder: Path) -> None:
        self.outcome = (f"Reminders for {result.patients_reminded} patients saved in {folder.name}"
                        + (f"; {result.personal_calls} need a personal call." if result.personal_calls else "."))
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._show_error(exc)
        self.make_button.setEnabled(self._plan is not None)
