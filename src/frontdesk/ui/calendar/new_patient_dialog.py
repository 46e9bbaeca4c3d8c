"""Registering a patient from the booking dialog: the Patients pane's own form, in a dialog of its own."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from frontdesk.services.patients import patients
from frontdesk.services.patients.patients import PatientRecord
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.patients.patient_form import PatientForm
from frontdesk.ui.widgets.common import guarded


def split_search(text: str) -> tuple[str, str]:
    """('Last', 'First') from what was typed in the search box: 'Last, First' or 'First Last'."""
    text = text.strip()
    if any(ch.isdigit() for ch in text):
        return "", ""  # a phone number or a date, not a name
    if "," in text:
        last, _, first = text.partition(",")
        return last.strip().title(), first.strip().title()
    parts = text.split()
    if len(parts) >= 2:
        return parts[-1].title(), " ".join(parts[:-1]).title()
    return (parts[0].title(), "") if parts else ("", "")


class NewPatientDialog(QDialog):
    """The same registration form (and the same service rules, duplicate check included) as the Patients pane;
    Save closes it with the new record, choosing a look-alike closes it with that existing record."""

    def __init__(self, uictx: UiContext, search_text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New patient")
        self.setModal(True)
        self.record: PatientRecord | None = None
        self.form = PatientForm(uictx, self)
        last, first = split_search(search_text)
        self.form.edits["last_name"].setText(last)
        self.form.edits["first_name"].setText(first)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        self.form.saved.connect(self._saved)
        self.form.cancelled.connect(self.reject)
        self.form.open_other.connect(self._open_existing)
        self.uictx = uictx
        self.resize(940, 660)
        self.form.focus_first()

    def _saved(self, record: PatientRecord) -> None:
        self.record = record
        self.accept()

    def _open_existing(self, patient_id: int) -> None:
        """The receptionist chose a look-alike already registered: book that record instead."""
        self.uictx.call(patients.open_patient, patient_id, on_done=guarded(self, self._saved),
                        on_error=guarded(self, ErrorPresenter(self)))

    def reject(self) -> None:
        # Escape and the window's close button go through the form, which asks before discarding typing.
        if self.record is None and self.form.is_dirty() and not self.form.confirm_discard():
            return
        super().reject()

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, search_text: str = "") -> PatientRecord | None:
        """The registered patient, or None when cancelled."""
        dialog = cls(uictx, search_text, parent)
        dialog.exec()
        return dialog.record
