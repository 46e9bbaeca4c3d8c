"""The "do not send statements" hold for one patient: choose the patient, see the hold, put on hold or release."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QWidget

from frontdesk.services.payments import statements as st_service
from frontdesk.ui.billing.statements.dialogs import ReasonDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.patient_picker import PatientPickerDialog


class HoldBox(QGroupBox):
    """One line: the patient, their hold state in words, and the one button that changes it."""

    def __init__(self, uictx: UiContext, status: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__("Do not send statements", parent)
        self.setObjectName("st_hold_box")
        self.uictx = uictx
        self._status = status
        self.patient_id: int | None = None
        self.patient_name = ""
        self.reason: str | None = None  # None: not held
        self.choose_button = QPushButton("Choose pati&ent\u2026", self)
        self.patient_label = QLabel("No patient chosen.", self)
        self.patient_label.setObjectName("st_hold_patient")
        self.toggle_button = QPushButton("Put &on hold\u2026", self)
        self.toggle_button.setObjectName("st_hold_toggle")
        self.toggle_button.setEnabled(False)
        layout = QHBoxLayout(self)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.patient_label, 1)
        layout.addWidget(self.toggle_button)
        self.choose_button.clicked.connect(self.choose)
        self.toggle_button.clicked.connect(self.toggle)
        uictx.changed.connect(self._on_changed)

    def choose(self) -> None:
        """Pick a patient (Patients search) and show whether their statements are held."""
        patient = PatientPickerDialog.ask(self, self.uictx, "Statement hold: choose the patient")
        if patient is not None:
            self.show_patient(patient.id, f"{patient.last_name}, {patient.first_name}")

    def show_patient(self, patient_id: int, name: str) -> None:
        """Look up the hold of ``patient_id``."""
        self.patient_id, self.patient_name = patient_id, name
        self.uictx.call(st_service.statement_hold, patient_id,
                        on_done=guarded(self, lambda reason: self._show(patient_id, reason)),
                        on_error=guarded(self, ErrorPresenter(self)))

    def _on_changed(self, topics: frozenset[str]) -> None:
        if "patients" in topics and self.patient_id is not None:
            self.show_patient(self.patient_id, self.patient_name)

    def _show(self, patient_id: int, reason: str | None) -> None:
        if patient_id != self.patient_id:
            return
        self.reason = reason
        if reason is None:
            state = "statements are sent"
            self.toggle_button.setText("Put &on hold\u2026")
        else:
            state = "\u26d4 ON HOLD: no statements" + (f" ({reason})" if reason else "")
            self.toggle_button.setText("Re&lease hold")
        self.patient_label.setText(f"{self.patient_name}: {state}")
        self.toggle_button.setEnabled(True)

    def toggle(self) -> None:
        """Hold (asking why) or release the chosen patient's statements."""
        if self.patient_id is None:
            return
        hold = self.reason is None
        reason = ""
        if hold:
            answer = ReasonDialog.ask(self, "Hold statements", f"Why should {self.patient_name} get no statements?",
                                      "Put on hold")
            if answer is None:
                return
            reason = answer
        self.uictx.call(st_service.set_statement_hold, self.patient_id, hold, reason,
                        on_done=guarded(self, lambda held: self._status(
                            f"Statements {'held' if held else 'released'} for {self.patient_name}.")),
                        on_error=guarded(self, ErrorPresenter(self)))
