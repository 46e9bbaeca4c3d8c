"""Take a payment from a patient: cash, check or card (last 4 and authorization code only), then a receipt."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QRegularExpression
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_money
from frontdesk.services.payments import ledger, payments
from frontdesk.services.payments.payment_types import PAYMENT_METHODS, Ledger, PaymentInfo
from frontdesk.ui.billing.payments.ledger_page import portions_text
from frontdesk.ui.billing.payments.receipt import RECEIPT_CHOICES
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.money_field import make_money_field
from frontdesk.ui.widgets.schedule_inputs import date_edit, from_qdate

# Where the money goes: oldest charges first (None) or all of it kept as credit on the account ([]).
APPLY_CHOICES = (("Oldest open charges first (the rest stays as credit)", None), ("Keep it all as credit", []))
VISIT_CHOICE = ("This visit's charges (applied when the visit is charged)", None)


@dataclass(frozen=True)
class TakenPayment:
    """The saved payment and how the desk wants the receipt handed over (a key of RECEIPT_CHOICES)."""

    payment: PaymentInfo
    receipt: str


def _line(parent: QWidget, max_len: int, placeholder: str = "") -> QLineEdit:
    edit = QLineEdit(parent)
    edit.setMaxLength(max_len)
    edit.setPlaceholderText(placeholder)
    return edit


class TakePaymentDialog(QDialog):
    """Prefilled for a copay (cash, amount due, focus on the method); OK saves through the service."""

    def __init__(self, uictx: UiContext, patient_id: int, patient_name: str, *, amount: str = "",
                 appointment_id: int | None = None, title: str = "Take payment",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("take_payment_dialog")
        self.setWindowTitle(f"{title} \u2013 {patient_name}")
        self.uictx = uictx
        self.patient_id = patient_id
        self.appointment_id = appointment_id
        self.outcome: TakenPayment | None = None
        heading = QLabel(f"{title}: {patient_name}", self)
        heading.setObjectName("take_payment_heading")
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        self.balance = QLabel("Balance: looking it up\u2026", self)
        self.balance.setObjectName("take_payment_balance")
        self.balance.setWordWrap(True)
        self.form = ValidatedForm(self)
        self.method = QComboBox(self)
        for key, label in PAYMENT_METHODS.items():
            self.method.addItem(label, key)
        self.form.add_field("method", "&Method:", self.method)
        self.amount = make_money_field(_line(self, 20, "0.00"))
        self.amount.setText(amount)
        self.form.add_field("amount", "&Amount ($):", self.amount)
        self.received_on = date_edit(self, uictx.clock.today())
        self.form.add_field("received_on", "&Received on:", self.received_on)
        # Untouched, the date is left to the service: "today" is the practice's day, not this computer's.
        self._date_typed = False
        self.received_on.dateChanged.connect(self._date_changed)
        self.check_number = _line(self, 12, "as printed on the check")
        self.form.add_field("check_number", "Check &number:", self.check_number)
        # Never a field for a full card number: the last 4 digits and the terminal's authorization code only.
        self.card_last4 = _line(self, 4, "last 4 digits only")
        self.card_last4.setValidator(QRegularExpressionValidator(QRegularExpression(r"\d{0,4}"), self.card_last4))
        self.form.add_field("card_last4", "Card &last 4:", self.card_last4)
        self.card_auth_code = _line(self, 12, "from the terminal slip")
        self.form.add_field("card_auth_code", "A&uthorization code:", self.card_auth_code)
        self.apply_to = QComboBox(self)
        # A copay taken at check-in is that visit's (the service applies it there, now or once it is charged).
        for label, _value in (VISIT_CHOICE,) if appointment_id is not None else APPLY_CHOICES:
            self.apply_to.addItem(label)
        self.apply_to.setEnabled(appointment_id is None)
        self.form.add_field("apply_to", "Appl&y to:", self.apply_to)
        self.note = _line(self, 200)
        self.form.add_field("note", "N&ote:", self.note)
        self.receipt_group = QButtonGroup(self)
        receipt_row = QHBoxLayout()
        for key, label in RECEIPT_CHOICES.items():
            radio = QRadioButton(label, self)
            radio.setObjectName(f"receipt_{key}")
            radio.setProperty("choice", key)
            self.receipt_group.addButton(radio)
            receipt_row.addWidget(radio)
        self.receipt_group.buttons()[0].setChecked(True)
        receipt_row.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Save payment")
        self.ok_button.setObjectName("save_payment")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.balance)
        layout.addWidget(self.form)
        layout.addLayout(receipt_row)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)
        self.method.currentIndexChanged.connect(self._method_changed)
        self._method_changed()
        self.method.setFocus()
        uictx.call(ledger.ledger, patient_id=patient_id, on_done=guarded(self, self._show_balance),
                   on_error=guarded(self, lambda _exc: self.balance.setText("Balance: not available.")))

    def _show_balance(self, data: Ledger) -> None:
        self.balance.setText(f"Balance {format_money(data.balance)}: {portions_text(data)}.")

    def _method_changed(self) -> None:
        """Only the fields of the chosen method are shown (and sent): a check number, or the card's last 4."""
        method = self.method.currentData()
        for name, shown in (("check_number", method == "check"), ("card_last4", method == "card"),
                            ("card_auth_code", method == "card")):
            box = self.form.field(name).parentWidget()
            self.form.layout_.setRowVisible(box, shown)
        self.form.clear_errors()

    def _date_changed(self) -> None:
        self._date_typed = True

    def receipt_choice(self) -> str:
        checked = self.receipt_group.checkedButton()
        return str(checked.property("choice")) if checked is not None else "none"

    def submit(self) -> None:
        """Save the payment through the service; its errors appear next to the field they name."""
        method = self.method.currentData()
        self.form.clear_errors()
        self.ok_button.setEnabled(False)
        received: date | None = from_qdate(self.received_on.date()) if self._date_typed else None
        self.uictx.call(
            payments.take_payment, self.patient_id, method=method, amount=self.amount.text(), received_on=received,
            check_number=self.check_number.text() if method == "check" else "",
            card_last4=self.card_last4.text().strip() if method == "card" else "",
            card_auth_code=self.card_auth_code.text() if method == "card" else "",
            apply_to=self._apply_to(), appointment_id=self.appointment_id,
            note=self.note.text(), on_done=guarded(self, self._saved), on_error=guarded(self, self._failed))

    def _apply_to(self) -> list[int] | None:
        if self.appointment_id is not None:
            return VISIT_CHOICE[1]
        return APPLY_CHOICES[self.apply_to.currentIndex()][1]

    def _saved(self, payment: PaymentInfo) -> None:
        self.outcome = TakenPayment(payment, self.receipt_choice())
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if not self.form.show_exception(exc):
            ErrorPresenter(self)(exc)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, patient_id: int, patient_name: str, *,
            amount: str = "", appointment_id: int | None = None, title: str = "Take payment") -> TakenPayment | None:
        """The payment saved and the receipt choice, or None when cancelled."""
        dialog = cls(uictx, patient_id, patient_name, amount=amount, appointment_id=appointment_id, title=title,
                     parent=parent)
        try:
            return dialog.outcome if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
