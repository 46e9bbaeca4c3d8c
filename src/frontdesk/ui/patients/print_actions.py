"""Printing from an open patient: face sheet or intake form, saved as PDF (then optionally opened to print).

Printing goes through the system PDF viewer: the reportlab PDF is the document, and QtPdf (to paint
it onto a QPrinter) is not part of PySide6-Essentials. A copy that leaves the practice other than for
treatment, payment or operations is a disclosure: the dialog asks, and then the disclosure-log entry is
recorded in the same service call that gathers the data (HIPAA 164.528).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
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
from frontdesk.ui.patients.disclosure_dialogs import DisclosureDialog, PurposeBox
from frontdesk.ui.widgets.file_dialog import SaveFileDialog, open_in_viewer

WRITERS = {"face_sheet": write_face_sheet_pdf, "intake_form": write_intake_form_pdf}
FILE_NAMES = {"face_sheet": "face-sheet", "intake_form": "intake-form"}
WHAT = {"face_sheet": "Face sheet (demographics, guarantor, insurance)", "intake_form": "Intake form (demographics, "
        "guarantor, insurance)"}


@dataclass(frozen=True)
class PrintChoice:
    """Which document, whether to open the PDF to print it, and whether the copy is a disclosure."""

    document: str
    open_after: bool
    disclosure: bool = False


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
        purpose = PurposeBox(self)
        self.disclose = purpose.disclose
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Save PDF\u2026")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (self.face, self.intake, purpose, self.open_after, buttons):
            layout.addWidget(widget)

    @classmethod
    def ask(cls, parent: QWidget | None) -> PrintChoice | None:
        """What to print and for whom, or None when cancelled."""
        dialog = cls(parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return PrintChoice("face_sheet" if dialog.face.isChecked() else "intake_form",
                               dialog.open_after.isChecked(), dialog.disclose.isChecked())
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
        document, open_after = choice.document, choice.open_after
        suggested = f"{FILE_NAMES[document]}-{account_number}.pdf"  # the account number, never the name (PHI)
        path = SaveFileDialog.ask(self.parent, "Save as PDF", suggested, "PDF files (*.pdf)", ".pdf")
        if path is None:
            return
        if not choice.disclosure:
            self.uictx.call(patient_print.patient_sheet, patient_id, document,
                            on_done=lambda sheet: self._write(sheet, path, open_after), on_error=self._failed)
            return

        def gather_and_log(entry, on_done, on_error):  # type: ignore[no-untyped-def]
            self.uictx.call(patient_print.patient_sheet, patient_id, document, disclosure=entry, on_done=on_done,
                            on_error=on_error)

        # The entry's errors stay beside its fields; OK logs it and gathers the data in one service call.
        sheet = DisclosureDialog.ask(self.parent, self.uictx, patient_id, what=WHAT[document], submit=gather_and_log,
                                     ok_text="&Record and save PDF")
        if sheet is not None:
            self._write(sheet, path, open_after)

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
