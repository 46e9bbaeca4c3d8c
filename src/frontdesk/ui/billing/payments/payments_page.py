"""The Payments tab: one patient's payments, refunds and reversals; take, reverse, refund, apply credit, receipts."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from frontdesk.domain.formats import format_money
from frontdesk.domain.permissions import Permission
from frontdesk.services.payments import payments
from frontdesk.services.payments.payment_types import PaymentInfo
from frontdesk.ui.billing.payments.correction_dialogs import RefundDialog, ReverseDialog
from frontdesk.ui.billing.payments.models import payments_model
from frontdesk.ui.billing.payments.patient_bar import ChosenPatient, PatientBar
from frontdesk.ui.billing.payments.receipt import deliver_receipt, print_receipt
from frontdesk.ui.billing.payments.take_payment_dialog import TakePaymentDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import allowed, fit_columns, guarded, make_table
from frontdesk.ui.widgets.models import SORT_ROLE

StatusFn = Callable[[str], None]
TOPICS = frozenset({"payments", "ledger"})


class PaymentsPage(QWidget):
    """Ctrl+T take payment, Ctrl+R print the selected receipt; reversal and refund ask for a reason."""

    def __init__(self, uictx: UiContext, status: StatusFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("payments_page")
        self.uictx = uictx
        self._status = status
        self.credit = Decimal(0)
        self.bar = PatientBar(uictx, "Payments: choose the patient", self)
        self.model = payments_model(self)
        self.view, self.proxy = make_table(self, self.model, sort_role=SORT_ROLE, sort_column=0)
        self.view.setObjectName("payments_table")
        self.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
        self.credit_label = QLabel(self)
        self.credit_label.setObjectName("payments_credit")
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for name, text, slot in (("take", "&Take payment\u2026 (Ctrl+T)", lambda: self.take_payment()),
                                 ("receipt", "P&rint receipt\u2026 (Ctrl+R)", self.print_selected_receipt),
                                 ("apply", "Appl&y credit to charges", self.apply_credit),
                                 ("reverse", "Re&verse\u2026", self.reverse_selected),
                                 ("refund", "Re&fund credit\u2026", self.refund)):
            button = QPushButton(text, self)
            button.setObjectName(f"payments_{name}")
            button.clicked.connect(slot)
            self.buttons[name] = button
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.credit_label)
        layout.addWidget(self.view, 1)
        layout.addLayout(row)
        for sequence, slot in (("Ctrl+T", lambda: self.take_payment()), ("Ctrl+R", self.print_selected_receipt)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.bar.chosen.connect(lambda _p: self.reload())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        uictx.changed.connect(self._on_changed)
        uictx.actor_changed.connect(self._on_actor_changed)
        self._enable()

    @property
    def patient(self) -> ChosenPatient | None:
        return self.bar.patient

    def show_patient(self, patient: ChosenPatient) -> None:
        """Show this patient's payments (from the Patients pane or the ledger)."""
        self.bar.set_patient(patient)

    def selected(self) -> PaymentInfo | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        return self.model.record(self.proxy.mapToSource(rows[0]).row()) if self.proxy else None

    def _enable(self) -> None:
        has_patient = self.patient is not None
        chosen = self.selected()
        self.buttons["take"].setEnabled(has_patient and allowed(self.uictx, Permission.TAKE_PAYMENTS))
        self.buttons["receipt"].setEnabled(chosen is not None)
        self.buttons["apply"].setEnabled(has_patient and self.credit > 0
                                         and allowed(self.uictx, Permission.TAKE_PAYMENTS))
        self.buttons["reverse"].setEnabled(chosen is not None and chosen.kind != "reversal"
                                           and chosen.reversed_by_id is None
                                           and allowed(self.uictx, Permission.REVERSE_PAYMENTS))
        self.buttons["refund"].setEnabled(has_patient and self.credit > 0
                                          and allowed(self.uictx, Permission.REFUND_CREDITS))

    def _on_actor_changed(self, _actor: object) -> None:
        self._enable()

    def _on_changed(self, topics: frozenset[str]) -> None:
        if topics & TOPICS and self.patient is not None:
            self.reload()

    def reload(self) -> None:
        """Fetch the patient's payments and credit again."""
        if self.patient is None:
            return
        patient_id = self.patient.id
        self.uictx.call(payments.list_payments, patient_id, on_done=guarded(self, self._show),
                        on_error=guarded(self, ErrorPresenter(self)))
        self.uictx.call(payments.patient_credit, patient_id, on_done=guarded(self, self._show_credit))

    def _show(self, rows: list[PaymentInfo]) -> None:
        self.model.set_rows(rows)
        fit_columns(self.view)
        self._enable()

    def _show_credit(self, credit: Decimal) -> None:
        self.credit = credit
        self.credit_label.setText(f"Credit on account: {format_money(credit)}" if credit > 0
                                  else "No credit on account.")
        self._enable()

    # -- actions -----------------------------------------------------------------------------------
    def take_payment(self, amount: str = "", appointment_id: int | None = None) -> None:
        """Take money from the patient shown, then hand over the receipt as chosen in the dialog."""
        patient = self.patient
        if patient is None or not self.buttons["take"].isEnabled():
            return
        taken = TakePaymentDialog.ask(self, self.uictx, patient.id, patient.name, amount=amount,
                                      appointment_id=appointment_id)
        if taken is None:
            return
        self._status(f"Payment of {format_money(taken.payment.amount)} saved ({taken.payment.method_text}).")
        deliver_receipt(self, self.uictx, taken.payment.id, taken.receipt, self._status)

    def print_selected_receipt(self) -> None:
        """Print the receipt of the selected entry again."""
        chosen = self.selected()
        if chosen is not None:
            print_receipt(self, self.uictx, chosen.id, self._status)

    def reverse_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.buttons["reverse"].isEnabled():
            return
        reversal = ReverseDialog.ask(self, self.uictx, chosen)
        if reversal is not None:
            self._status(f"Entry #{chosen.id} reversed by entry #{reversal.id}.")

    def refund(self) -> None:
        patient = self.patient
        if patient is None or not self.buttons["refund"].isEnabled():
            return
        refund = RefundDialog.ask(self, self.uictx, patient.id, format_money(self.credit))
        if refund is not None:
            self._status(f"Refund of {format_money(abs(refund.amount))} saved ({refund.method_text}); "
                         f"Ctrl+R prints its receipt.")

    def apply_credit(self) -> None:
        """Apply the selected payment's credit (or the oldest payment with credit) to the oldest open charges."""
        chosen = self.selected()
        candidates = [chosen] if chosen is not None and chosen.unapplied > 0 else \
            [p for p in reversed(self.model.records()) if p.kind == "payment" and p.unapplied > 0
             and p.reversed_by_id is None]
        if not candidates:
            self._status("No payment with credit left to apply.")
            return
        self.uictx.call(payments.apply_credit, candidates[0].id,
                        on_done=guarded(self, lambda info: self._status(
                            f"Credit of payment #{info.id} applied; {format_money(info.unapplied)} left as credit.")),
                        on_error=guarded(self, ErrorPresenter(self)))
