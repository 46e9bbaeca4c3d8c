"""Writing or changing an outgoing referral: patient, destination from the directory, kind, reason,
diagnoses, authorization and visits; errors sit beside their field."""

from __future__ import annotations

import re

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.error_messages import to_user_message
from frontdesk.services.admin import providers
from frontdesk.services.admin.providers import ProviderInfo
from frontdesk.services.desk import outside_directory, referrals
from frontdesk.services.desk.referral_types import (
    REFERRAL_KINDS,
    OutsideProviderRow,
    ReferralDetail,
    ReferralInput,
)
from frontdesk.ui.calendar.booking_picker import BookingPatientPicker
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.referral_directory import OutsideProviderDialog
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.form import ValidatedForm


def split_codes(text: str) -> tuple[str, ...]:
    """'R00.2, I10; e11.9' -> ('R00.2', 'I10', 'e11.9'): commas, semicolons or spaces between codes."""
    return tuple(part for part in re.split(r"[\s,;]+", text) if part)


class ReferralDialog(QDialog):
    """New referral (detail None) or changes to one; Save calls the service and closes only when it accepts."""

    def __init__(self, parent: QWidget | None, uictx: UiContext, detail: ReferralDetail | None = None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.detail = detail
        self.result_detail: ReferralDetail | None = None
        self.setWindowTitle("Change referral" if detail else "New referral")
        self.setObjectName("referral_dialog")
        self.picker: BookingPatientPicker | None = None
        layout = QVBoxLayout(self)
        if detail is None:
            self.picker = BookingPatientPicker(uictx, self, chosen_prefix="Referral for")
            self.picker.table.setMinimumHeight(90)
            layout.addWidget(self.picker, 1)
        else:
            who = QLabel(f"Patient: {detail.row.patient_name} (#{detail.row.account_number})", self)
            who.setObjectName("referral_patient")
            layout.addWidget(who)
        self.form = ValidatedForm(self)
        self.destination = QComboBox(self)
        self.new_entry = QPushButton("Add to director&y\u2026", self)
        self.new_entry.setObjectName("referral_new_entry")
        self.new_entry.setAutoDefault(False)
        row = QWidget(self)
        row_layout = QHBoxLayout(row)
        row_layout.setContentsMargins(0, 0, 0, 0)
        row_layout.addWidget(self.destination, 1)
        row_layout.addWidget(self.new_entry)
        self.form.add_field("outside_provider_id", "Referred &to:", row)
        row.setFocusProxy(self.destination)
        self.destination.setObjectName("referral_destination")
        self.kind = QComboBox(self)
        for key, text in REFERRAL_KINDS.items():
            self.kind.addItem(text, key)
        self.form.add_field("kind", "&Kind:", self.kind)
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.reason.setFixedHeight(60)
        self.form.add_field("reason", "&Reason:", self.reason)
        self.diagnoses = QLineEdit(self)
        self.diagnoses.setPlaceholderText("ICD-10-CM codes, e.g. R00.2, I10")
        self.form.add_field("diagnoses", "&Diagnoses:", self.diagnoses)
        self.authorization = QLineEdit(self)
        self.authorization.setMaxLength(30)
        self.form.add_field("authorization_number", "A&uthorization #:", self.authorization)
        self.visits = QLineEdit(self)
        self.visits.setMaxLength(3)
        self.visits.setPlaceholderText("blank = not limited")
        self.form.add_field("visits_allowed", "&Visits allowed:", self.visits)
        self.ordering = QComboBox(self)
        self.form.add_field("ordering_provider_id", "&Ordering provider:", self.ordering)
        self.notes = QLineEdit(self)
        self.notes.setMaxLength(500)
        self.form.add_field("notes", "Not&es:", self.notes)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)
        self.new_entry.clicked.connect(self.add_entry)
        if self.picker is not None:
            self.picker.patient_done.connect(self.destination.setFocus)
        if detail is not None:
            self._fill(detail)
        self._load_choices()

    # -- choices --------------------------------------------------------------------------------------
    def _load_choices(self, select_entry: int | None = None) -> None:
        chosen = select_entry if select_entry is not None else (self.detail.destination.id if self.detail else None)
        self.uictx.call(outside_directory.list_outside_providers,
                        on_done=guarded(self, lambda rows: self._show_entries(rows, chosen)))
        if self.ordering.count() == 0:
            self.uictx.call(providers.list_providers, on_done=guarded(self, self._show_providers))

    def _show_entries(self, rows: list[OutsideProviderRow], chosen: int | None) -> None:
        self.destination.clear()
        self.destination.addItem("Choose from the directory\u2026", None)
        for entry in rows:
            text = f"{entry.name} \u2014 {entry.specialty}" if entry.specialty else entry.name
            self.destination.addItem(f"{text} ({entry.kind_text})", entry.id)
        if self.detail is not None and chosen == self.detail.destination.id and self.destination.findData(chosen) < 0:
            self.destination.addItem(f"{self.detail.destination.name} (retired)", chosen)  # keep what was chosen
        self.destination.setCurrentIndex(max(0, self.destination.findData(chosen)) if chosen else 0)

    def _show_providers(self, rows: list[ProviderInfo]) -> None:
        self.ordering.clear()
        self.ordering.addItem("\u2014 none \u2014", None)
        for info in rows:
            self.ordering.addItem(info.display_name, info.id)
        wanted = self.detail.ordering_provider_id if self.detail else (rows[0].id if len(rows) == 1 else None)
        self.ordering.setCurrentIndex(max(0, self.ordering.findData(wanted)) if wanted else 0)

    def add_entry(self) -> None:
        """A destination not in the directory yet: add it, then it is chosen."""
        row = OutsideProviderDialog.ask(self, self.uictx)
        if row is not None:
            self._load_choices(row.id)

    def _fill(self, detail: ReferralDetail) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(detail.row.kind)))
        self.reason.setPlainText(detail.reason)
        self.diagnoses.setText(", ".join(detail.diagnoses))
        self.authorization.setText(detail.authorization_number)
        self.visits.setText(str(detail.visits_allowed) if detail.visits_allowed else "")
        self.notes.setText(detail.notes)

    # -- saving ---------------------------------------------------------------------------------------
    def data(self) -> ReferralInput:
        patient_id = self.picker.patient_id() if self.picker is not None else self.detail.row.patient_id  # type: ignore[union-attr]
        return ReferralInput(patient_id=patient_id, outside_provider_id=self.destination.currentData(),
                             kind=self.kind.currentData(), reason=self.reason.toPlainText(),
                             diagnoses=split_codes(self.diagnoses.text()),
                             authorization_number=self.authorization.text(), visits_allowed=self.visits.text(),
                             ordering_provider_id=self.ordering.currentData(), notes=self.notes.text())

    def submit(self) -> None:
        self.form.clear_errors()
        if self.detail is None:
            self.uictx.call(referrals.create_referral, self.data(), on_done=guarded(self, self._saved),
                            on_error=guarded(self, self._failed))
        else:
            self.uictx.call(referrals.update_referral, self.detail.id, self.data(),
                            on_done=guarded(self, self._saved), on_error=guarded(self, self._failed))

    def _saved(self, detail: ReferralDetail) -> None:
        self.result_detail = detail
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        message = to_user_message(exc)
        if message.expected and message.field == "patient_id" and self.picker is not None:
            self.picker.show_error(message.text)
        elif not self.form.show_exception(exc):
            ErrorPresenter(self)(exc)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext,
            detail: ReferralDetail | None = None) -> ReferralDetail | None:
        """The saved referral, or None when cancelled."""
        dialog = cls(parent, uictx, detail)
        try:
            return dialog.result_detail if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
