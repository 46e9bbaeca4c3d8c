"""Moving a referral to another step (with the outside appointment once it is scheduled) and a note; at "Report
received" the report file itself may be attached (it goes to the patient's documents)."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.document_kinds import FILE_FILTER, MAX_DOCUMENT_BYTES, NewDocument
from frontdesk.errors import ValidationError
from frontdesk.services.desk import referrals
from frontdesk.services.desk.referral_types import (
    CLOSED_STATUSES,
    REFERRAL_STATUSES,
    ReferralDetail,
)
from frontdesk.services.desk.referrals import NEEDS_APPOINTMENT
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.file_dialog import OpenFilesDialog, read_upload
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.schedule_inputs import (
    date_edit,
    from_qdate,
    time_edit,
    to_qdate,
)

_ORDER = list(REFERRAL_STATUSES)
REPORT_STEP = "report_received"
NO_REPORT = "No file chosen (a report can also be attached later on the patient's Documents tab)."


def next_status(current: str) -> str:
    """The usual next step (the dialog's default choice); a closed referral has none."""
    if current in CLOSED_STATUSES or current not in _ORDER:
        return current
    return _ORDER[_ORDER.index(current) + 1]  # the order ends ... completed, report received, cancelled


class ReferralStatusDialog(QDialog):
    """Choose the step; 'Scheduled' and 'Confirmed' ask for the appointment's date and time at the facility."""

    def __init__(self, parent: QWidget | None, uictx: UiContext, detail: ReferralDetail) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.detail = detail
        self.result_detail: ReferralDetail | None = None
        self.setWindowTitle("Referral step")
        self.setObjectName("referral_status_dialog")
        intro = QLabel(f"{detail.row.patient_name} \u2192 {detail.destination.name}: now "
                       f"{detail.row.status_text.lower()}.", self)
        intro.setWordWrap(True)
        self.form = ValidatedForm(self)
        self.status_box = QComboBox(self)
        for key, text in REFERRAL_STATUSES.items():
            self.status_box.addItem(text + (" (current)" if key == detail.row.status else ""), key)
        self.status_box.setCurrentIndex(self.status_box.findData(next_status(detail.row.status)))
        self.form.add_field("status", "&Step:", self.status_box)
        self.has_appointment = QCheckBox("&Appointment at the facility is known", self)
        self.has_appointment.setObjectName("referral_has_appointment")
        self.form.add_field("appointment_known", "", self.has_appointment)
        self.day = date_edit(self, detail.row.appointment_date or detail.row.requested_on)
        self.at = time_edit(self, detail.row.appointment_time or time(9, 0), field="appointment_time",
                            label="Appointment time")
        self.form.add_field("appointment_date", "Appointment &date:", self.day)
        self.form.add_field("appointment_time", "Appointment ti&me:", self.at)
        self.note = QLineEdit(self)
        self.note.setMaxLength(200)
        self.form.add_field("note", "&Note:", self.note)
        self.report_path: Path | None = None
        self.report_button = QPushButton("Choose the re&port file\u2026", self)
        self.report_button.clicked.connect(self.choose_report)
        self.report_label = QLabel(NO_REPORT, self)
        self.report_label.setWordWrap(True)
        report_row = QWidget(self)
        row_layout = QHBoxLayout(report_row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.report_button)
        row_layout.addWidget(self.report_label, 1)
        self.form.add_field("file", "Report:", report_row)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.form)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(buttons)
        layout.addLayout(row)
        self.setMinimumWidth(460)
        self.status_box.currentIndexChanged.connect(lambda _i: self._status_changed())
        self.has_appointment.toggled.connect(self._enable_appointment)
        self.has_appointment.setChecked(detail.row.appointment_date is not None)
        self._status_changed()
        self._enable_appointment(self.has_appointment.isChecked())

    def _status_changed(self) -> None:
        if self.status_box.currentData() in NEEDS_APPOINTMENT:
            self.has_appointment.setChecked(True)
        self.form.field("file").setEnabled(self.status_box.currentData() == REPORT_STEP)

    def choose_report(self) -> None:
        """The report as a scanned or saved file (PDF, JPEG, PNG, TIFF); it is checked when the step is saved."""
        chosen = OpenFilesDialog.ask(self, "Choose the report", FILE_FILTER, "document")
        if chosen:
            self.report_path = chosen[0]
            self.report_label.setText(chosen[0].name)

    def _enable_appointment(self, on: bool) -> None:
        self.day.setEnabled(on)
        self.at.setEnabled(on)

    def set_appointment(self, day, at) -> None:  # type: ignore[no-untyped-def]
        """Fill the appointment fields (what a person types; tests use it too)."""
        self.has_appointment.setChecked(True)
        self.day.setDate(to_qdate(day))
        self.at.set_value(at)

    def submit(self) -> None:
        self.form.clear_errors()
        known = self.has_appointment.isChecked()
        try:
            at = self.at.value() if known else None
        except ValidationError as exc:  # a time typed that is not one: beside the field, nothing sent
            self._failed(exc)
            return
        status = self.status_box.currentData()
        report = None
        if status == REPORT_STEP and self.report_path is not None:
            try:  # a referral result on the patient's documents, dated the day it came in
                report = NewDocument(self.report_path.name, read_upload(self.report_path, MAX_DOCUMENT_BYTES),
                                     "referral_result", self.uictx.clock.today())
            except Exception as exc:  # noqa: BLE001 (an unreadable file is said beside it; a bug goes further)
                self._failed(exc)
                return
        self.uictx.call(referrals.change_referral_status, self.detail.id, status,
                        appointment_date=from_qdate(self.day.date()) if known else None,
                        appointment_time=at, note=self.note.text(), report=report,
                        on_done=guarded(self, self._saved), on_error=guarded(self, self._failed))

    def _saved(self, detail: ReferralDetail) -> None:
        self.result_detail = detail
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        if self.form.show_exception(exc):
            self.adjustSize()  # room for a wrapped message under its field
        else:
            ErrorPresenter(self)(exc)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, detail: ReferralDetail) -> ReferralDetail | None:
        """The referral after the step, or None when cancelled."""
        dialog = cls(parent, uictx, detail)
        try:
            return dialog.result_detail if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
