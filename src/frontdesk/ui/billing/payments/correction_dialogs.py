"""Corrections to posted money: reverse a payment (with a reason) and refund a patient's credit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_money
from frontdesk.services.payments import payments
from frontdesk.services.payments.payment_types import PAYMENT_KINDS, PAYMENT_METHODS, PaymentInfo
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.money_field import MoneyField


class _ServiceDialog(QDialog):
    """A small form whose OK runs one service call; errors sit next to the field the service names."""

    def __init__(self, uictx: UiContext, title: str, intro: str, ok_text: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.setWindowTitle(title)
        self.outcome: PaymentInfo | None = None
        label = QLabel(intro, self)
        label.setWordWrap(True)
        self.form = ValidatedForm(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText(ok_text)
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    def submit(self) -> None:
        raise NotImplementedError

    def run(self, service: Callable[..., PaymentInfo], *args: Any, **kwargs: Any) -> None:
        self.form.clear_errors()
        self.ok_button.setEnabled(False)
        self.uictx.call(service, *args, on_done=guarded(self, self._saved), on_error=guarded(self, self._failed),
                        **kwargs)

    def _saved(self, info: PaymentInfo) -> None:
        self.outcome = info
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.ok_button.setEnabled(True)
        if not self.form.show_exception(exc):
            ErrorPresenter(self)(exc)


class ReverseDialog(_ServiceDialog):
    """Reverse one payment or refund: both entries stay on the ledger; the reason is required."""

    def __init__(self, uictx: UiContext, payment: PaymentInfo, parent: QWidget | None = None) -> None:
        what = f"{PAYMENT_KINDS.get(payment.kind, payment.kind)} #{payment.id}: {format_money(payment.amount)} " \
               f"({payment.method_text})"
        super().__init__(uictx, "Reverse entry", f"Reverse {what}. Both entries stay on the ledger.",
                         "Re&verse", parent)
        self.setObjectName("reverse_dialog")
        self.payment_id = payment.id
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText("e.g. entered twice, check returned by the bank")
        self.form.add_field("reason", "&Reason:", self.reason)
        self.reason.setFocus()

    def submit(self) -> None:
        self.run(payments.reverse_payment, self.payment_id, self.reason.text())

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, payment: PaymentInfo) -> PaymentInfo | None:
        """The reversal entry saved, or None when cancelled."""
        dialog = cls(uictx, payment, parent)
        try:
            return dialog.outcome if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()


class RefundDialog(_ServiceDialog):
    """Pay back part or all of the patient's credit (cash, check or to the card), with a reason."""

    def __init__(self, uictx: UiContext, patient_id: int, credit_text: str, parent: QWidget | None = None) -> None:
        super().__init__(uictx, "Refund credit", f"Credit on account: {credit_text}.", "Re&fund", parent)
        self.setObjectName("refund_dialog")
        self.patient_id = patient_id
        self.amount = MoneyField(self)
        self.form.add_field("amount", "&Amount ($):", self.amount)
        self.method = QComboBox(self)
        for key, label in PAYMENT_METHODS.items():
            self.method.addItem(label, key)
        self.form.add_field("method", "&Method:", self.method)
        self.check_number = QLineEdit(self)
        self.check_number.setMaxLength(12)
        self.check_number.setPlaceholderText("only for a refund check")
        self.form.add_field("check_number", "Check &number:", self.check_number)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(200)
        self.form.add_field("reason", "&Reason:", self.reason)
        self.amount.setFocus()

    def submit(self) -> None:
        method = self.method.currentData()
        self.run(payments.refund_credit, self.patient_id, self.amount.text(), method, self.reason.text(),
                 check_number=self.check_number.text() if method == "check" else "")

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, patient_id: int, credit_text: str) -> PaymentInfo | None:
        """The refund entry saved, or None when cancelled."""
        dialog = cls(uictx, patient_id, credit_text, parent)
        try:
            return dialog.outcome if dialog.exec() == QDialog.DialogCode.Accepted else None
        finally:
            dialog.deleteLater()
