"""Billing part 2 screens: take payments and copays with receipts, post EOBs, the patient / guarantor ledger."""

from frontdesk.ui.billing.payments.eob_page import EobPage
from frontdesk.ui.billing.payments.ledger_page import LedgerPage
from frontdesk.ui.billing.payments.patient_bar import ChosenPatient
from frontdesk.ui.billing.payments.payments_page import PaymentsPage
from frontdesk.ui.billing.payments.take_payment_dialog import (
    TakenPayment,
    TakePaymentDialog,
)

__all__ = ["ChosenPatient", "EobPage", "LedgerPage", "PaymentsPage", "TakePaymentDialog", "TakenPayment"]
