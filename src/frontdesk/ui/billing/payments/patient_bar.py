"""The 'whose account' row of the Payments and Ledger tabs: the patient shown and a button to choose another."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.patient_picker import PatientPickerDialog


@dataclass(frozen=True)
class ChosenPatient:
    id: int
    name: str  # "Last, First"
    account_number: str


class PatientBar(QWidget):
    """Emits ``chosen(ChosenPatient)`` when the desk picks a patient (or another screen sets one)."""

    chosen = Signal(object)

    def __init__(self, uictx: UiContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.title = title
        self.patient: ChosenPatient | None = None
        self.label = QLabel("No patient chosen.", self)
        self.label.setObjectName("patient_bar_label")
        font = self.label.font()
        font.setBold(True)
        self.label.setFont(font)
        self.button = QPushButton("C&hoose patient\u2026", self)
        self.button.setObjectName("choose_patient")
        self.button.clicked.connect(self.choose)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.button)

    def choose(self) -> None:
        """Find the patient through the Patients search."""
        found = PatientPickerDialog.ask(self, self.uictx, self.title)
        if found is not None:
            self.set_patient(ChosenPatient(found.id, f"{found.last_name}, {found.first_name}", found.account_number))

    def set_patient(self, patient: ChosenPatient) -> None:
        self.patient = patient
        self.label.setText(f"{patient.name} (account {patient.account_number})")
        self.chosen.emit(patient)
