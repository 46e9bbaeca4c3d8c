"""The New recall dialog: patient (searched), due date, reason, provider, note -> recalls.add_recall."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from frontdesk.errors import ValidationError
from frontdesk.services.admin import providers as providers_service
from frontdesk.services.admin.providers import ProviderInfo
from frontdesk.services.desk import recalls
from frontdesk.services.desk.recalls import RecallRow
from frontdesk.services.patients.patients import PatientSummary
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.patient_picker import PatientPickerDialog

REASONS = ("Annual visit", "6-month check", "Annual physical", "Lab follow-up", "Immunization due")


class RecallDialog(ServiceFormDialog):
    """Collect one recall; the patient comes from the shared patient search (or is given)."""

    def __init__(self, uictx: UiContext, today: date, patient: PatientSummary | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(uictx, "New recall", "&Add recall", parent)
        self.patient = patient
        self.patient_label = QLabel(self)
        self.pick_button = QPushButton("&Choose\u2026", self)
        self.pick_button.setObjectName("recall_pick_patient")
        patient_box = QWidget(self)
        row = QHBoxLayout(patient_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.patient_label, 1)
        row.addWidget(self.pick_button)
        self.due = QDateEdit(self)
        self.due.setDisplayFormat("MM/dd/yyyy")
        self.due.setCalendarPopup(True)
        next_year = today.replace(year=today.year + 1) if not (today.month == 2 and today.day == 29) \
            else today.replace(year=today.year + 1, day=28)
        self.due.setDate(QDate(next_year.year, next_year.month, next_year.day))
        self.reason = QComboBox(self)
        self.reason.setEditable(True)
        self.reason.addItems(REASONS)
        self.provider = QComboBox(self)
        self.provider.addItem("Any provider", None)
        self.note = QLineEdit(self)
        self.note.setMaxLength(500)
        self.form.add_field("patient_id", "&Patient:", patient_box)
        self.form.add_field("due_date", "&Due by:", self.due)
        self.form.add_field("reason", "&Reason:", self.reason)
        self.form.add_field("provider_id", "Pro&vider:", self.provider)
        self.form.add_field("note", "&Note:", self.note)
        self.pick_button.clicked.connect(self.pick_patient)
        self._show_patient()
        uictx.call(providers_service.list_providers, on_done=self._providers)
        (self.due if patient else self.pick_button).setFocus()

    def _providers(self, rows: list[ProviderInfo]) -> None:
        for provider in rows:
            self.provider.addItem(provider.display_name, provider.id)

    def _show_patient(self) -> None:
        p = self.patient
        self.patient_label.setText(f"{p.last_name}, {p.first_name} (account {p.account_number})" if p
                                   else "No patient chosen")

    def pick_patient(self) -> None:
        chosen = PatientPickerDialog.ask(self, self.uictx, "Recall for")
        if chosen is not None:
            self.patient = chosen
            self._show_patient()
            self.form.error_label("patient_id").clear_error()
            self.due.setFocus()

    def check(self) -> None:
        if self.patient is None:
            raise ValidationError("patient_id", "Choose the patient who is due back.")

    def start(self, on_done: Done, on_error: Failed) -> None:
        due = self.due.date()
        if self.patient is None:  # check() refused this already
            return
        self.uictx.call(recalls.add_recall, self.patient.id, date(due.year(), due.month(), due.day()),
                        self.reason.currentText(), self.provider.currentData(), self.note.text(),
                        on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, today: date,
            patient: PatientSummary | None = None) -> RecallRow | None:
        """Show the dialog; the new recall, or None when cancelled."""
        return cls.run(cls(uictx, today, patient, parent))
