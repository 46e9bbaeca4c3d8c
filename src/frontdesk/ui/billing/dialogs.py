"""Small questions the Billing pane asks: the payer's claim number, a status change, a walk-in's provider."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services.billing.billing_types import CLAIM_STATUS_LABELS, EncounterHeader
from frontdesk.services.admin.providers import ProviderInfo
from frontdesk.ui.widgets.form import FieldError
from frontdesk.ui.widgets.schedule_inputs import date_edit, from_qdate

# Statuses a person may set by hand from the claim detail (payments set the others).
MANUAL_STATUSES = ("denied", "closed")


class TextPromptDialog(QDialog):
    """One required line of text (e.g. the payer's original claim number for a corrected claim)."""

    EMPTY_MESSAGE = "Type it as the payer wrote it on the remittance or the claim status."
    MAX_LENGTH = 50

    def __init__(self, parent: QWidget | None, title: str, prompt: str, ok_text: str, *,
                 max_length: int | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setObjectName("text_prompt")
        label = QLabel(prompt, self)
        label.setWordWrap(True)
        self.edit = QLineEdit(self)
        self.edit.setObjectName("prompt_edit")
        self.edit.setMaxLength(max_length if max_length is not None else self.MAX_LENGTH)
        label.setBuddy(self.edit)
        self.error = FieldError(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (label, self.edit, self.error, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(420)
        self.outcome: str | None = None

    def submit(self) -> None:
        """Accept only with some text; say so beside the field otherwise."""
        text = self.edit.text().strip()
        if not text:
            self.error.show_error(self.EMPTY_MESSAGE)
            self.edit.setFocus()
            return
        self.outcome = text
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, prompt: str, ok_text: str) -> str | None:
        """The text typed, or None when cancelled."""
        dialog = cls(parent, title, prompt, ok_text)
        try:
            return dialog.outcome if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class ReasonPromptDialog(TextPromptDialog):
    """One required line saying why (voiding, cancelling, discarding, holding): kept in history and audit."""

    EMPTY_MESSAGE = "Type a short reason; it is kept in the history and the audit log."
    MAX_LENGTH = 200


@dataclass(frozen=True)
class StatusChange:
    status: str
    note: str


class ClaimStatusDialog(QDialog):
    """Mark a claim denied or closed, with a note saying why (it goes into the claim's history)."""

    def __init__(self, parent: QWidget | None, claim_label: str) -> None:
        super().__init__(parent)
        self.setWindowTitle("Change claim status")
        self.setObjectName("claim_status_dialog")
        intro = QLabel(f"Claim {claim_label}", self)
        self.status = QComboBox(self)
        self.status.setObjectName("status_combo")
        for key in MANUAL_STATUSES:
            self.status.addItem(CLAIM_STATUS_LABELS[key], key)
        self.note = QLineEdit(self)
        self.note.setObjectName("note_edit")
        self.note.setMaxLength(200)
        self.note.setPlaceholderText("e.g. CO-29: filed after the time limit")
        self.error = FieldError(self)
        form = QFormLayout()
        status_label = QLabel("New &status:", self)
        status_label.setBuddy(self.status)
        note_label = QLabel("&Note:", self)
        note_label.setBuddy(self.note)
        form.addRow(status_label, self.status)
        form.addRow(note_label, self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Change status")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.outcome: StatusChange | None = None

    def submit(self) -> None:
        note = self.note.text().strip()
        if not note:
            self.error.show_error("Say why, so whoever reads the claim's history later knows.")
            self.note.setFocus()
            return
        self.outcome = StatusChange(self.status.currentData(), note)
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, claim_label: str) -> StatusChange | None:
        """The new status and note, or None when cancelled."""
        dialog = cls(parent, claim_label)
        try:
            return dialog.outcome if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class WalkInDialog(QDialog):
    """A walk-in's encounter: which provider saw the patient, and when (today unless typed)."""

    def __init__(self, parent: QWidget | None, patient_name: str, providers: list[ProviderInfo], today: date) -> None:
        """``today``: the practice's (the date of service unless another is typed)."""
        super().__init__(parent)
        self.setWindowTitle("New encounter")
        self.setObjectName("walk_in_dialog")
        intro = QLabel(f"Charges for {patient_name}", self)
        self.provider = QComboBox(self)
        self.provider.setObjectName("walk_in_provider")
        for p in providers:
            self.provider.addItem(p.display_name, p.id)
        self.service_date = date_edit(self, today)
        self.service_date.setObjectName("walk_in_date")
        form = QFormLayout()
        provider_label = QLabel("Rendering pro&vider:", self)
        provider_label.setBuddy(self.provider)
        date_label = QLabel("&Date of service:", self)
        date_label.setBuddy(self.service_date)
        form.addRow(provider_label, self.provider)
        form.addRow(date_label, self.service_date)
        self.error = FieldError(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("&Start encounter")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.outcome: EncounterHeader | None = None

    def submit(self) -> None:
        provider_id = self.provider.currentData()
        if not isinstance(provider_id, int):
            self.error.show_error("Add a provider first (Admin \u203a Providers).")
            return
        self.outcome = EncounterHeader(service_date=from_qdate(self.service_date.date()),
                                       rendering_provider_id=provider_id)
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, patient_name: str, providers: list[ProviderInfo],
            today: date) -> EncounterHeader | None:
        """The new encounter's header, or None when cancelled."""
        dialog = cls(parent, patient_name, providers, today)
        try:
            return dialog.outcome if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
