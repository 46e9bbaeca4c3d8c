"""The payer's check or EFT an EOB is posted against: enter a new one, or resume one (open, or closed to correct)."""

from __future__ import annotations

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_money
from frontdesk.services.billing import payers
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments.payment_types import (
    INSURANCE_PAYMENT_KINDS,
    InsurancePaymentInfo,
)
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.money_field import MoneyField
from frontdesk.ui.widgets.schedule_inputs import date_edit, from_qdate


def unapplied_text(p: InsurancePaymentInfo) -> str:
    """'$100.00 unapplied / dismissed: Not our patient', or '' when none of the check's money was dismissed."""
    if not p.unapplied:
        return ""
    return f"{format_money(p.unapplied)} unapplied / dismissed: {'; '.join(p.unapplied_reasons)}"


def payment_label(p: InsurancePaymentInfo) -> str:
    """'Blue Prairie Health check 1042 of 11/03/2026: $180.00 ($20.00 left to post)', '...: $180.00, closed',
    '...: $240.00, closed ($100.00 unapplied / dismissed: Not our patient)'."""
    what = "check" if p.kind == "check" else "EFT"
    head = f"{p.payer_name} {what} {p.number} of {format_date(p.paid_on)}: {format_money(p.total)}"
    unapplied = f"; {unapplied_text(p)}" if p.unapplied else ""
    if p.status != "open":  # closed or void: the state in words
        return f"{head}, {p.status}" + (f" ({unapplied_text(p)})" if p.unapplied else "")
    return f"{head} ({format_money(p.remaining)} left to post{unapplied})"


class EobHeader(QGroupBox):
    """``payment_changed(InsurancePaymentInfo | None)`` when another payment is entered, resumed or closed.

    The resume list offers open checks (to go on posting) and closed ones (to correct a posting), newest first.
    """

    payment_changed = Signal(object)

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__("Payer's check or EFT", parent)
        self.uictx = uictx
        self.payment: InsurancePaymentInfo | None = None
        self.open_payments = QComboBox(self)
        self.open_payments.setObjectName("eob_open_payments")
        resume_label = QLabel("Payer c&hecks:", self)
        resume_label.setBuddy(self.open_payments)
        self.resume_button = QPushButton("&Resume", self)
        self.resume_button.clicked.connect(self.resume)
        resume_row = QHBoxLayout()
        resume_row.addWidget(resume_label)
        resume_row.addWidget(self.open_payments, 1)
        resume_row.addWidget(self.resume_button)
        self.form = ValidatedForm(self)
        self.payer = QComboBox(self)
        self.form.add_field("payer_id", "Pa&yer:", self.payer)
        self.kind = QComboBox(self)
        for key, label in INSURANCE_PAYMENT_KINDS.items():
            self.kind.addItem(label, key)
        self.form.add_field("kind", "Chec&k or EFT:", self.kind)
        self.number = QLineEdit(self)
        self.number.setMaxLength(30)
        self.form.add_field("number", "Check / &trace no.:", self.number)
        self.paid_on = date_edit(self, uictx.clock.today())
        self.form.add_field("paid_on", "Pai&d on:", self.paid_on)  # Alt+N is the pane's New encounter
        self.total = MoneyField(self, placeholder="0.00")
        self.form.add_field("total", "T&otal ($):", self.total)
        self.enter_button = QPushButton("&Enter payment", self)
        self.enter_button.setObjectName("eob_enter_payment")
        self.enter_button.clicked.connect(self.enter_payment)
        self.current = QLabel(self)
        self.current.setObjectName("eob_current_payment")
        self.current.setWordWrap(True)
        self.new_button = QPushButton("Ne&w payment", self)
        self.new_button.clicked.connect(lambda: self.set_payment(None))
        current_row = QHBoxLayout()
        current_row.addWidget(self.current, 1)
        current_row.addWidget(self.new_button)
        layout = QVBoxLayout(self)
        layout.addLayout(resume_row)
        layout.addWidget(self.form)
        layout.addWidget(self.enter_button)
        layout.addLayout(current_row)
        self.number.returnPressed.connect(self.total.setFocus)
        self.total.returnPressed.connect(self.enter_payment)
        self._show_state()
        uictx.changed.connect(self._on_changed)
        self.reload()

    def _on_changed(self, topics: frozenset[str]) -> None:
        if topics & {"payers", "payments"}:
            self.reload()

    def reload(self) -> None:
        """Fetch the payers and the payments that can be resumed."""
        self.uictx.call(payers.list_payers, on_done=guarded(self, self._payers))
        self._list_payments()

    def _list_payments(self) -> None:
        # status None lists every payment; a void one is final, so it is left out of the list.
        self.uictx.call(ins.list_insurance_payments, status=None, on_done=guarded(self, self._open_payments))

    def _payers(self, rows: list) -> None:
        current = self.payer.currentData()
        self.payer.clear()
        for p in rows:
            self.payer.addItem(p.name, p.id)
        if current is not None and self.payer.findData(current) >= 0:
            self.payer.setCurrentIndex(self.payer.findData(current))

    def _open_payments(self, rows: list[InsurancePaymentInfo]) -> None:
        chosen = self.open_payments.currentData()
        self.open_payments.clear()
        for p in rows:
            if p.status != "void":
                self.open_payments.addItem(payment_label(p), p.id)
        if chosen is not None and self.open_payments.findData(chosen) >= 0:
            self.open_payments.setCurrentIndex(self.open_payments.findData(chosen))
        self.resume_button.setEnabled(self.open_payments.count() > 0)

    def _show_state(self) -> None:
        editing = self.payment is None
        # While posting, only the payment's one-line summary shows: the claims below need the room.
        self.form.setVisible(editing)
        self.enter_button.setVisible(editing)
        self.new_button.setVisible(not editing)
        verb = "Posting against: " if self.payment is not None and self.payment.status == "open" else "Payment: "
        self.current.setText(verb + payment_label(self.payment) if self.payment else "")
        self.current.setVisible(not editing)

    def set_payment(self, payment: InsurancePaymentInfo | None, *, keep_claims: bool = False) -> None:
        """Post against ``payment`` (None: enter a new one). ``keep_claims`` = same payment, just refreshed."""
        self.payment = payment
        self._show_state()
        if payment is None:
            self.number.clear()
            self.total.clear()
            self.form.clear_errors()
            self.payer.setFocus()
        self._list_payments()
        if not keep_claims:
            self.payment_changed.emit(payment)

    def start_again(self, voided: InsurancePaymentInfo) -> None:
        """Enter a new payment in place of a voided one: its payer, kind, number and date filled in, not its total."""
        self.set_payment(None)
        if self.payer.findData(voided.payer_id) >= 0:
            self.payer.setCurrentIndex(self.payer.findData(voided.payer_id))
        self.kind.setCurrentIndex(max(0, self.kind.findData(voided.kind)))
        self.number.setText(voided.number)
        self.paid_on.setDate(QDate(voided.paid_on))
        self.total.setFocus()  # the figure most often mistyped; the others are just above it

    def enter_payment(self) -> None:
        """Record the check or EFT through the service (errors beside their field)."""
        if not self.enter_button.isEnabled():  # Enter in the Total box, for a role that may not post
            return
        self.form.clear_errors()
        self.uictx.call(ins.enter_insurance_payment, self.payer.currentData(), kind=self.kind.currentData(),
                        number=self.number.text(), paid_on=from_qdate(self.paid_on.date()), total=self.total.text(),
                        on_done=guarded(self, self.set_payment), on_error=guarded(self, self._failed))

    def _failed(self, exc: BaseException) -> None:
        if not self.form.show_exception(exc):
            ErrorPresenter(self)(exc)

    def resume(self) -> None:
        """Carry on posting a payment entered earlier, or open a closed one to correct its postings."""
        payment_id = self.open_payments.currentData()
        if isinstance(payment_id, int):
            self.uictx.call(ins.get_insurance_payment, payment_id, on_done=guarded(self, self.set_payment),
                            on_error=guarded(self, ErrorPresenter(self)))
