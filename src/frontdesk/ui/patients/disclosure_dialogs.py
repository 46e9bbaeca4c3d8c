"""Dialogs of the Disclosures tab: record a disclosure (also asked when records are printed to go outside
treatment, payment and operations) and void a mistaken entry. Errors sit beside their fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services.patients import disclosures
from frontdesk.services.patients.disclosures import KINDS, DisclosureEntry, DisclosureInput
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.form_parts import code_combo, date_edit, line_edit, narrow

# Runs the one service call that saves the entry (on its own, or with the printout it is for).
Submit = Callable[[DisclosureInput, Done, Failed], None]


class PurposeBox(QGroupBox):
    """Who a printed or saved copy is for: routine (the default) or a disclosure to be logged."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Who is this copy for?", parent)
        self.routine = QRadioButton("The patient, or for &treatment, payment or our operations", self)
        self.routine.setChecked(True)
        self.disclose = QRadioButton("Someone else (a &disclosure: it is recorded in the disclosure log)", self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.routine)
        layout.addWidget(self.disclose)


class CopyPurposeDialog(QDialog):
    """Asked before a patient's document is printed or saved as a file."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Who is this copy for?")
        self.purpose = PurposeBox(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.purpose)
        layout.addWidget(buttons)

    @classmethod
    def ask(cls, parent: QWidget | None) -> bool | None:
        """True for a disclosure, False for a routine copy, None when cancelled."""
        dialog = cls(parent)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
            return dialog.purpose.disclose.isChecked()
        finally:
            dialog.deleteLater()


def _text_box(parent: QWidget, placeholder: str, lines: int = 3) -> QPlainTextEdit:
    box = QPlainTextEdit(parent)
    box.setTabChangesFocus(True)
    box.setPlaceholderText(placeholder)
    # At most ``lines`` high, and free to give way to an error message below it (a fixed height let the
    # message overlap the box when the dialog grew by less than the wrapped messages needed).
    line = box.fontMetrics().lineSpacing()
    box.setMinimumHeight(line + 14)
    box.setMaximumHeight(line * lines + 14)
    return box


class DisclosureDialog(ServiceFormDialog):
    """To whom, what, why and when; OK runs ``submit`` (default: disclosures.record_disclosure)."""

    def __init__(self, uictx: UiContext, patient_id: int, parent: QWidget | None = None, *,
                 what: str = "", submit: Submit | None = None, ok_text: str = "&Record") -> None:
        super().__init__(uictx, "Record a disclosure", ok_text, parent)
        self.patient_id = patient_id
        self._submit_entry = submit or self._record
        self.disclosed_on = date_edit(self, uictx.clock.today())
        self.kind = narrow(code_combo(self, KINDS, placeholder="Choose"), 46)
        self.recipient = line_edit(self, max_len=120, placeholder="Person or organisation")
        self.address = _text_box(self, "Address, if known (optional)", 2)
        self.description = _text_box(self, "e.g. visit notes 01/2024 to 06/2025, billing records")
        self.description.setPlainText(what)
        self.purpose = _text_box(self, "Why, or \"copy of the written request on file\"", 2)
        note = QLabel("Disclosures for treatment, payment or our own operations are not logged here.", self)
        note.setWordWrap(True)
        self.form.add_field("disclosed_on", "&Date disclosed:", self.disclosed_on)
        self.form.add_field("kind", "&Kind:", self.kind)
        self.form.add_field("recipient", "Disclosed &to:", self.recipient)
        self.form.add_field("recipient_address", "&Address:", self.address)
        self.form.add_field("description", "&What was disclosed:", self.description)
        self.form.add_field("purpose", "&Purpose:", self.purpose)
        self.layout().insertWidget(0, note)
        self.setMinimumWidth(560)
        self.kind.setFocus()

    def entry(self) -> DisclosureInput:
        """The form as typed (the service checks every field)."""
        return DisclosureInput(self.disclosed_on.text(), self.kind.currentData() or "", self.recipient.text(),
                               self.description.toPlainText(), self.purpose.toPlainText(),
                               self.address.toPlainText())

    def _record(self, entry: DisclosureInput, on_done: Done, on_error: Failed) -> None:
        self.uictx.call(disclosures.record_disclosure, self.patient_id, entry, on_done=on_done, on_error=on_error)

    def start(self, on_done: Done, on_error: Failed) -> None:
        self._submit_entry(self.entry(), on_done, on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, patient_id: int, *, what: str = "",
            submit: Submit | None = None, ok_text: str = "&Record") -> Any:
        """What ``submit`` returned (the saved entry by default), or None when cancelled."""
        return cls.run(cls(uictx, patient_id, parent, what=what, submit=submit, ok_text=ok_text))


class VoidDisclosureDialog(ServiceFormDialog):
    """Void a mistaken entry with a reason -> disclosures.void_disclosure (it stays in the log)."""

    def __init__(self, uictx: UiContext, entry: DisclosureEntry, parent: QWidget | None = None) -> None:
        super().__init__(uictx, "Void a disclosure entry", "&Void entry", parent)
        self.entry_id = entry.id
        self.reason = line_edit(self, max_len=200, placeholder="e.g. entered on the wrong patient")
        self.form.add_field("void_reason", "&Reason:", self.reason)
        self.reason.setFocus()

    def start(self, on_done: Done, on_error: Failed) -> None:
        self.uictx.call(disclosures.void_disclosure, self.entry_id, self.reason.text(), on_done=on_done,
                        on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, entry: DisclosureEntry) -> DisclosureEntry | None:
        """The voided entry, or None when cancelled."""
        return cls.run(cls(uictx, entry, parent))
