"""Incoming referrals (another provider sent the patient here): see the patient's, record one, withdraw one.
The one in effect on a visit's date fills the referring provider (box 17) on its claim."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.error_messages import to_user_message
from frontdesk.services.desk import referrals
from frontdesk.services.desk.referral_types import IncomingReferralInput, IncomingReferralRow
from frontdesk.ui.calendar.booking_picker import BookingPatientPicker
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.referral_models import IncomingModel
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.schedule_inputs import date_edit, from_qdate


class IncomingReferralDialog(QDialog):
    """Pick the patient, review their incoming referrals, and record a new one with Save."""

    def __init__(self, parent: QWidget | None, uictx: UiContext, today: date | None = None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.saved: list[IncomingReferralRow] = []
        self.setWindowTitle("Incoming referrals")
        self.setObjectName("incoming_referral_dialog")
        self.picker = BookingPatientPicker(uictx, self, chosen_prefix="Patient")
        self.picker.table.setMinimumHeight(80)
        self.model = IncomingModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("incoming_table")
        self.table.setAccessibleName("The patient's incoming referrals")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.verticalHeader().hide()
        self.table.setMinimumHeight(90)
        self.table.setMaximumHeight(130)
        self.withdraw_button = QPushButton("&Withdraw selected", self)
        self.withdraw_button.setObjectName("incoming_withdraw")
        self.withdraw_button.setAutoDefault(False)
        self.withdraw_button.setEnabled(False)
        self.form = ValidatedForm(self)
        self.first = QLineEdit(self)
        self.last = QLineEdit(self)
        self.npi = QLineEdit(self)
        self.npi.setMaxLength(10)
        self.form.add_field("referring_first_name", "Referring &first name:", self.first)
        self.form.add_field("referring_last_name", "Referring &last name:", self.last)
        self.form.add_field("referring_npi", "Referring NP&I:", self.npi)
        self.starts = date_edit(self, today or uictx.clock.today())
        self.form.add_field("starts_on", "Referral &date:", self.starts)
        self.has_end = QCheckBox("&Ends on a date", self)
        self.ends = date_edit(self, today or uictx.clock.today())
        self.ends.setEnabled(False)
        ends_row = QWidget(self)
        ends_layout = QHBoxLayout(ends_row)
        ends_layout.setContentsMargins(0, 0, 0, 0)
        ends_layout.addWidget(self.has_end)
        ends_layout.addWidget(self.ends, 1)
        ends_row.setFocusProxy(self.has_end)
        self.form.add_field("ends_on", "&Valid until:", ends_row)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(500)
        self.form.add_field("reason", "&Reason:", self.reason)
        self.authorization = QLineEdit(self)
        self.authorization.setMaxLength(30)
        self.form.add_field("authorization_number", "A&uthorization #:", self.authorization)
        self.visits = QLineEdit(self)
        self.visits.setMaxLength(3)
        self.form.add_field("visits_allowed", "Visi&ts allowed:", self.visits)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save referral")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.picker, 1)
        layout.addWidget(QLabel("This patient's incoming referrals (the one in effect on a visit goes on its claim):",
                                self))
        layout.addWidget(self.table)
        layout.addWidget(self.withdraw_button)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(720)
        self.has_end.toggled.connect(self.ends.setEnabled)
        self.picker.chosen.connect(lambda _pid: self.reload())
        self.picker.patient_done.connect(self.first.setFocus)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_withdraw())
        self.withdraw_button.clicked.connect(self.withdraw)

    def reload(self) -> None:
        patient_id = self.picker.patient_id()
        if patient_id is None:
            self.model.set_rows([])
            return
        self.uictx.call(referrals.list_incoming_referrals, patient_id,
                        on_done=guarded(self, self._show))

    def _show(self, rows: list[IncomingReferralRow]) -> None:
        self.model.set_rows(rows)
        self._update_withdraw()

    def _selected(self) -> IncomingReferralRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _update_withdraw(self) -> None:
        row = self._selected()
        self.withdraw_button.setEnabled(row is not None and row.active)

    def withdraw(self) -> None:
        row = self._selected()
        if row is not None:
            self.uictx.call(referrals.withdraw_incoming_referral, row.id,
                            on_done=guarded(self, lambda _r: self.reload()))

    def data(self) -> IncomingReferralInput:
        return IncomingReferralInput(
            patient_id=self.picker.patient_id(), referring_first_name=self.first.text(),
            referring_last_name=self.last.text(), referring_npi=self.npi.text(),
            starts_on=from_qdate(self.starts.date()),
            ends_on=from_qdate(self.ends.date()) if self.has_end.isChecked() else None, reason=self.reason.text(),
            authorization_number=self.authorization.text(), visits_allowed=self.visits.text())

    def submit(self) -> None:
        """Record it; the form empties for the next one and the list shows it."""
        self.form.clear_errors()
        self.uictx.call(referrals.add_incoming_referral, self.data(), on_done=guarded(self, self._saved),
                        on_error=guarded(self, self._failed))

    def _saved(self, row: IncomingReferralRow) -> None:
        self.saved.append(row)
        for edit in (self.first, self.last, self.npi, self.reason, self.authorization, self.visits):
            edit.clear()
        self.has_end.setChecked(False)
        self.reload()

    def _failed(self, exc: BaseException) -> None:
        message = to_user_message(exc)
        if message.expected and message.field == "patient_id":
            self.picker.show_error(message.text)
        elif not self.form.show_exception(exc):
            ErrorPresenter(self)(exc)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, today: date | None = None) -> list[IncomingReferralRow]:
        """The referrals recorded while the dialog was open (empty when none)."""
        dialog = cls(parent, uictx, today)
        try:
            dialog.exec()
            return dialog.saved
        finally:
            dialog.deleteLater()
