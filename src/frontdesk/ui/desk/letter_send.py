"""Writing one letter: choose the patient, type what the template asks for, print; the patient's letters sent."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.error_messages import to_user_message
from frontdesk.services.desk import letters
from frontdesk.services.desk.letters import (
    TYPED_FIELDS,
    LetterInfo,
    LetterRequest,
    PrintResult,
    TemplateInfo,
    placeholders,
)
from frontdesk.services.patients.patients import PatientSummary
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.letter_models import LettersModel
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.patient_picker import PatientPickerDialog

PDF_FILTER = "PDF files (*.pdf)"


def ask_pdf_path(parent: QWidget, caption: str, suggested: str) -> Path | None:
    """Where to save a PDF (the shared Save-as wrapper that tests replace)."""
    return SaveFileDialog.ask(parent, caption, suggested, PDF_FILTER, ".pdf")


class LetterSender(QGroupBox):
    """The 'Write a letter' box: patient, typed fields the template uses, Print; then that patient's letters."""

    def __init__(self, uictx: UiContext, status: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__("Write a letter", parent)
        self.setObjectName("letter_sender")
        self.uictx = uictx
        self._status = status
        self.template: TemplateInfo | None = None
        self.patient: PatientSummary | None = None
        self.patient_label = QLabel("No patient chosen", self)
        self.patient_label.setObjectName("letter_patient")
        self.choose_button = QPushButton("Choose &patient\u2026", self)
        self.choose_button.setObjectName("choose_letter_patient")
        self.form = ValidatedForm(self)
        self.typed: dict[str, QWidget] = {}
        self.form.add_field("patient_ids", "Patient:", self.patient_label)
        for field, label in TYPED_FIELDS.items():
            widget: QWidget = QPlainTextEdit(self) if field == "letter.text" else QLineEdit(self)
            if isinstance(widget, QPlainTextEdit):
                widget.setTabChangesFocus(True)
                widget.setMaximumHeight(90)
            self.form.add_field(field.replace(".", "_"), f"{label}:", widget)
            self.typed[field] = widget
        self.print_button = QPushButton("P&rint letter\u2026", self)
        self.print_button.setObjectName("print_letter")
        self.print_button.setToolTip("Print the letter to a PDF and keep it in the patient's correspondence (Ctrl+P)")
        self.sent_model = LettersModel(uictx.clock, self)
        self.sent_view = QTableView(self)
        self.sent_view.setObjectName("letters_sent")
        self.sent_view.setAccessibleName("Letters sent to this patient")
        self.sent_view.setModel(self.sent_model)
        self.sent_view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.sent_view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.sent_view.verticalHeader().hide()
        self.sent_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.sent_view.horizontalHeader().setStretchLastSection(True)
        self.sent_text = QPlainTextEdit(self)
        self.sent_text.setObjectName("letter_sent_text")
        self.sent_text.setReadOnly(True)
        self.sent_text.setAccessibleName("Text of the letter as sent")
        self.reprint_button = QPushButton("R&eprint\u2026", self)
        self.reprint_button.setObjectName("reprint_letter")
        self.reprint_button.setEnabled(False)
        top = QHBoxLayout()
        top.addWidget(self.choose_button)
        top.addStretch(1)
        top.addWidget(self.print_button)
        sent_label = QLabel("Letters &sent to this patient:", self)
        sent_label.setBuddy(self.sent_view)
        sent_row = QHBoxLayout()
        sent_row.addWidget(self.sent_view, 3)
        sent_row.addWidget(self.sent_text, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.form)
        layout.addWidget(sent_label)
        layout.addLayout(sent_row, 1)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.reprint_button)
        layout.addLayout(bottom)
        self.choose_button.clicked.connect(self.choose_patient)
        self.print_button.clicked.connect(self.print_letter)
        self.reprint_button.clicked.connect(self.reprint)
        self.sent_view.selectionModel().currentRowChanged.connect(lambda cur, _prev: self._show_sent(cur.row()))
        self.set_template(None)

    def set_template(self, template: TemplateInfo | None) -> None:
        """Show only the typed fields the chosen template uses."""
        self.template = template
        used = set(placeholders(template.subject + template.body)) if template else set()
        for field, widget in self.typed.items():
            self.form.layout_.setRowVisible(widget.parentWidget(), field in used)
        self.print_button.setEnabled(template is not None)
        self.form.clear_errors()

    def choose_patient(self) -> None:
        chosen = PatientPickerDialog.ask(self, self.uictx, "Write a letter to")
        if chosen is not None:
            self.set_patient(chosen)

    def set_patient(self, patient: PatientSummary) -> None:
        self.patient = patient
        self.patient_label.setText(f"{patient.last_name}, {patient.first_name} (account {patient.account_number})")
        self.form.clear_errors()
        self.refresh_sent()

    def refresh_sent(self) -> None:
        if self.patient is None:
            self.sent_model.set_rows([])
            return
        self.uictx.call(letters.list_letters, self.patient.id, on_done=guarded(self, self._sent_loaded))

    def _sent_loaded(self, rows: list[LetterInfo]) -> None:
        self.sent_model.set_rows(rows)
        self.sent_text.clear()
        self.reprint_button.setEnabled(False)

    def _show_sent(self, row: int) -> None:
        if 0 <= row < self.sent_model.rowCount():
            letter = self.sent_model.record(row)
            self.sent_text.setPlainText("\n".join(letter.address) + "\n\n" + (letter.subject + "\n\n" if letter.subject
                                                                             else "") + letter.body)
            self.reprint_button.setEnabled(True)

    def _typed_values(self) -> dict[str, str]:
        out = {}
        for field, widget in self.typed.items():
            out[field] = widget.toPlainText() if isinstance(widget, QPlainTextEdit) else widget.text()  # type: ignore[attr-defined]
        return out

    def print_letter(self) -> None:
        """Ask where to save, then merge, store and print in one service call."""
        self.form.clear_errors()
        if self.template is None:
            return
        if self.patient is None:
            self.form.error_label("patient_ids").show_error("Choose the patient to write to.")
            self.choose_button.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        name = f"letter-{self.template.key}-{self.patient.account_number}.pdf"
        path = ask_pdf_path(self, "Save the letter as", name)
        if path is None:
            return
        request = LetterRequest(self.template.key, (self.patient.id,), extras=self._typed_values())
        self.uictx.call(letters.print_letters, request, str(path),
                        on_done=guarded(self, lambda result: self._printed(result, path)),
                        on_error=guarded(self, self._failed))

    def _printed(self, result: PrintResult, path: Path) -> None:
        self._status(f"Letter saved to {path.name} and added to the patient's correspondence.")
        self.refresh_sent()

    def _failed(self, exc: BaseException) -> None:
        if not self.form.show_exception(exc):
            self.form.form_error.show_error(to_user_message(exc).text)

    def reprint(self) -> None:
        row = self.sent_view.currentIndex().row()
        if not 0 <= row < self.sent_model.rowCount():
            return
        letter = self.sent_model.record(row)
        path = ask_pdf_path(self, "Save the copy as", f"letter-copy-{letter.id}.pdf")
        if path is None:
            return
        self.uictx.call(letters.reprint_letters, [letter.id], str(path),
                        on_done=guarded(self, lambda _n: self._status(f"Copy saved to {path.name}.")),
                        on_error=guarded(self, self._failed))
