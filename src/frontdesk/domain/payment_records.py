"""A payment, a receipt and a ledger as plain values: the payment services build them, the receipt and
ledger writers (reports/receipt.py, reports/ledger_pdf.py) only read them (frozen; money as Decimal).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

PAYMENT_METHODS = {"cash": "Cash", "check": "Check", "card": "Card"}


@dataclass(frozen=True)
class Application:
    """Part of a payment applied to one charge (negative on a reversal)."""

    service_line_id: int
    service_date: date
    code: str
    amount: Decimal


@dataclass(frozen=True)
class PaymentInfo:
    id: int
    patient_id: int
    kind: str  # payment, refund, reversal
    method: str  # cash, check, card
    amount: Decimal  # money received: > 0 payment, < 0 refund, reversal = minus what it reverses
    received_on: date
    check_number: str
    card_last4: str
    card_auth_code: str
    appointment_id: int | None
    note: str
    reverses_id: int | None
    reason: str
    reversed_by_id: int | None  # the reversal of this entry, if any
    applications: tuple[Application, ...]
    unapplied: Decimal  # what is left of this entry as credit (0 for refunds and reversed entries)
    created_at: datetime
    created_by: str  # username

    @property
    def method_text(self) -> str:
        """'Check #1042', 'Card ending 4242', 'Cash' (never more of a card than the last 4)."""
        if self.method == "check" and self.check_number:
            return f"Check #{self.check_number}"
        if self.method == "card" and self.card_last4:
            return f"Card ending {self.card_last4}"
        return PAYMENT_METHODS.get(self.method, self.method)


@dataclass(frozen=True)
class LedgerEntry:
    on: date
    kind: str  # one of LEDGER_KINDS
    description: str
    provider: str  # rendering provider of the charge ("" for unapplied payments)
    amount: Decimal  # + raises the balance (charges, refunds, reversed payments), - lowers it
    balance: Decimal  # running balance after this entry
    insurance_portion: Decimal | None  # charges only: what of this charge still awaits a payer today
    patient_portion: Decimal | None  # charges only: what of this charge the patient owes today
    patient_id: int
    service_line_id: int | None
    ref: str  # stable id of the source row, e.g. "sl:12", "pay:5", "ins:7", "adj:3"
    patient: str  # whose entry it is, "First Last" (a family ledger holds several patients)


@dataclass(frozen=True)
class Ledger:
    """Entries in date order with a running balance; see services/payments/ledger.py for the balance model."""

    patient_ids: tuple[int, ...]
    since: date | None
    until: date | None
    provider_id: int | None
    entries: tuple[LedgerEntry, ...]
    opening_balance: Decimal  # balance before ``since`` (0 without it)
    closing_balance: Decimal  # balance after the last entry shown (at ``until``)
    charges: Decimal  # totals of the entries shown, each as a positive figure
    payments: Decimal  # patient payments net of reversals of payments
    insurance_payments: Decimal
    adjustments: Decimal
    refunds: Decimal  # refunds net of reversals of refunds
    balance: Decimal  # today's balance (all dates): insurance_portion + patient_portion
    insurance_portion: Decimal
    patient_portion: Decimal
    credit: Decimal  # unapplied patient money (already inside patient_portion); 0 with a provider filter


@dataclass(frozen=True)
class ReceiptLine:
    service_date: date
    code: str
    description: str
    amount: Decimal


@dataclass(frozen=True)
class ReceiptData:
    practice_name: str
    practice_address: tuple[str, ...]
    practice_phone: str
    patient_name: str
    account_number: str
    payment: PaymentInfo
    applied: tuple[ReceiptLine, ...]
    balance_after: Decimal  # the patient's balance now (negative = credit on account)
    received_by: str  # the user's full name
    printed_at: datetime
    visit_date: date | None = None  # the visit a copay was taken at (check-in), in the practice's time zone
    awaiting_visit_charges: Decimal = Decimal("0.00")  # of this payment, held for that visit until it is charged


@dataclass(frozen=True)
class LedgerHeader:
    """Who and what a printed ledger is about."""

    practice_name: str
    practice_lines: tuple[str, ...]
    who: str  # "Patient: Mary Smith (account A0001)" or "Guarantor: John Smith"
    members: tuple[str, ...]  # a guarantor's patients, "Last, First (account)"
    provider: str  # the provider filter, "" for all
    printed_on: date
