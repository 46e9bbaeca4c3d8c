"""Attaching one file to a patient: what kind of document it is, its date and a short description.

The file was chosen by Add… or dropped on the Documents tab; the service checks its content (type, size, a
PDF that opens, a picture that decodes) and a refusal is shown beside the file, with nothing saved.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.document_kinds import CATEGORIES, MAX_DOCUMENT_BYTES, NewDocument, size_text
from frontdesk.services.patients import documents
from frontdesk.services.patients.documents import DocumentInfo
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.file_dialog import read_upload
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.schedule_inputs import date_edit, from_qdate


class AddDocumentDialog(QDialog):
    """Category, date and description for one chosen file; Attach saves it (sealed, audited)."""

    def __init__(self, parent: QWidget | None, uictx: UiContext, patient_id: int, path: Path) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.patient_id = patient_id
        self.path = path
        self.saved: DocumentInfo | None = None
        self.setWindowTitle("Attach document")
        self.setObjectName("add_document_dialog")
        self.form = ValidatedForm(self)
        self.file_label = QLabel(path.name, self)
        self.file_label.setWordWrap(True)
        self.form.add_field("file", "File:", self.file_label)
        self.category = QComboBox(self)
        self.category.addItem("Choose\u2026", "")
        for key, text in CATEGORIES.items():
            self.category.addItem(text, key)
        self.form.add_field("category", "&Kind of document:", self.category)
        self.day = date_edit(self, uictx.clock.today())
        self.form.add_field("document_date", "&Date on the document:", self.day)
        self.description = QLineEdit(self)
        self.description.setMaxLength(200)
        self.description.setPlaceholderText("e.g. Echocardiogram, Dr. Shah")
        self.form.add_field("description", "D&escription:", self.description)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.attach_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.attach_button.setText("&Attach")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.category.setFocus()
        self._data: bytes | None = None
        try:
            self._data = read_upload(path, MAX_DOCUMENT_BYTES)
            self.file_label.setText(f"{path.name} ({size_text(len(self._data))})")
        except Exception as exc:  # noqa: BLE001 (an unreadable file is said beside it; a bug goes further)
            self._failed(exc)

    def set_category(self, key: str) -> None:
        """Choose the kind of document (what a person picks; tests use it too)."""
        self.category.setCurrentIndex(self.category.findData(key))

    def submit(self) -> None:
        self.form.clear_errors()
        if self._data is None:
            return  # the file could not be read: its message stays beside it
        new = NewDocument(self.path.name, self._data, self.category.currentData() or "",
                          from_qdate(self.day.date()), self.description.text())
        self.attach_button.setEnabled(False)  # one attach per click, while a large file is checked
        self.uictx.call(documents.attach_document, self.patient_id, new,
                        on_done=guarded(self, self._saved), on_error=guarded(self, self._failed))

    def _saved(self, info: DocumentInfo) -> None:
        self.saved = info
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.attach_button.setEnabled(True)
        if self.form.show_exception(exc):
            self.adjustSize()  # room for a wrapped message under its field
        else:
            ErrorPresenter(self)(exc)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, patient_id: int, path: Path) -> DocumentInfo | None:
        """The attached document, or None when cancelled."""
        dialog = cls(parent, uictx, patient_id, path)
        try:
            return dialog.saved if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
