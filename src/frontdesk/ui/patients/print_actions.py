"""Printing from an open patient: face sheet or intake form, saved as PDF (then optionally opened to print).

Printing goes through the system PDF viewer: the reportlab PDF is the document, and QtPdf (to paint
it onto a QPrinter) is not part of PySide6-Essentials.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.error_messages import to_user_message
from frontdesk.reports.face_sheet import write_face_sheet_pdf
from frontdesk.reports.intake_form import write_intake_form_pdf
from frontdesk.services.patients import patient_print
from frontdesk.services.patients.patient_print import PatientSheet
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.file_dialog import SaveFileDialog, open_in_viewer

WRITERS = {"face_sheet": write_face_sheet_pdf, "intake_form": write_intake_form_pdf}
FILE_NAMES = {"face_sheet": "face-sheet", "intake_form": "intake-form"}


class PrintChoiceDialog(QDialog):
    """Which document, and whether to open the saved PDF in the system viewer to print it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print patient document")
        self.face = QRadioButton("&Face sheet (demographics, guarantor, insurance)", self)
        self.face.setChecked(True)
        self.intake = QRadioButton("&Intake form for the patient to check and sign", self)
        group = QButtonGroup(self)
        group.addButton(self.face)
        group.addButton(self.intake)
        self.open_after = QCheckBox("&Open the PDF in the system viewer to print it", self)
        self.open_after.setChecked(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Save PDF\u2026")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.face, self.intake, self.open_after, buttons):
            layout.addWidget(widget)

    @classmethod
    def ask(cls, parent: QWidget | None) -> tuple[str, bool] | None:
        """(document, open_after) or None when cancelled."""
        dialog = cls(parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return ("face_sheet" if dialog.face.isChecked() else "intake_form"), dialog.open_after.isChecked()
        finally:
            dialog.deleteLater()


class PatientPrinter:
    """Runs one print: ask which document, fetch its data (audited), ask where to save, write the PDF."""

    def __init__(self, parent: QWidget, uictx: UiContext, status: Callable[[str], None]) -> None:
        self.parent = parent
        self.uictx = uictx
        self.status = status

    def start(self, patient_id: int, account_number: str) -> None:
        """Ask what to print for the open patient and produce it."""
        choice = PrintChoiceDialog.ask(self.parent)
        if choice is None:
            return
        document, open_after = choice
        suggested = f"{FILE_NAMES[document]}-{account_number}.pdf"  # the account number, never the name (PHI)
        path = SaveFileDialog.ask(self.parent, "Save as PDF", suggested, "PDF files (*.pdf)", ".pdf")
        if path is None:
            return
        self.uictx.call(patient_print.patient_sheet, patient_id, document,
                        on_done=lambda sheet: self._write(sheet, path, open_after), on_error=self._failed)

    def _write(self, sheet: PatientSheet, path: Path, open_after: bool) -> None:
        try:
            WRITERS[sheet.document](path, sheet)
        except Exception as exc:  # noqa: BLE001 (a disk problem is shown, a bug goes to the presenter)
            self._failed(exc)
            return
        self.status(f"Saved {path.name}")
        if open_after:
            open_in_viewer(path)

    def _failed(self, exc: BaseException) -> None:
        message = to_user_message(exc)
        if message.expected:
            self.status("\u26a0 " + message.text)
        else:
            ErrorPresenter(self.parent)(exc)
