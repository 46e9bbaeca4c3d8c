"""Read-only table columns for the payments screens: a patient's payments, the ledger, claims an EOB pays."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtGui import QColor

from frontdesk.domain.formats import format_date, format_money
from frontdesk.services.billing.billing_types import ClaimRow
from frontdesk.services.payments.payment_types import (
    PAYMENT_KINDS,
    InsurancePaymentInfo,
    LedgerEntry,
    PaymentInfo,
)
from frontdesk.ui.widgets.models import MUTED_COLOUR, Column, RecordTableModel


def money_or_blank(amount: Decimal | None) -> str:
    """'$12.50', or '' when there is nothing to show (a portion of a non-charge entry)."""
    return "" if amount is None else format_money(amount)


def payment_state(p: PaymentInfo) -> str:
    """In words, never colour alone: 'Reversed', 'Reverses #12', '$5.00 credit', 'Applied'."""
    if p.reversed_by_id is not None:
        return f"Reversed (#{p.reversed_by_id})"
    if p.kind == "reversal":
        return f"Reverses #{p.reverses_id}: {p.reason}"
    if p.kind == "refund":
        return f"Refund: {p.reason}"
    if p.unapplied > 0:
        return f"{format_money(p.unapplied)} credit"
    return "Applied"


def _muted(p: PaymentInfo) -> QColor | None:
    return MUTED_COLOUR if p.reversed_by_id is not None or p.kind == "reversal" else None


PAYMENT_COLUMNS: list[Column[PaymentInfo]] = [
    Column("#", lambda p: str(p.id), lambda p: p.id),
    Column("Date", lambda p: format_date(p.received_on), lambda p: (p.received_on.toordinal(), p.id)),
    Column("Kind", lambda p: PAYMENT_KINDS.get(p.kind, p.kind)),
    Column("Method", lambda p: p.method_text),
    Column("Amount", lambda p: format_money(p.amount), lambda p: p.amount),
    Column("Applied to", lambda p: ", ".join(f"{a.code} {format_date(a.service_date)}" for a in p.applications)),
    Column("Status", payment_state, colour=_muted),
    Column("By", lambda p: p.created_by),
]

LEDGER_COLUMNS: list[Column[LedgerEntry]] = [
    Column("Date", lambda e: format_date(e.on), lambda e: e.on.toordinal()),
    Column("Patient", lambda e: e.patient),  # whose line it is on a family ledger (hidden for one patient)
    Column("Entry", lambda e: e.kind.capitalize()),
    Column("Description", lambda e: e.description),
    Column("Provider", lambda e: e.provider),
    Column("Amount", lambda e: format_money(e.amount), lambda e: e.amount),
    Column("Balance", lambda e: format_money(e.balance), lambda e: e.balance),
    Column("Insurance owes", lambda e: money_or_blank(e.insurance_portion),
           lambda e: e.insurance_portion or Decimal(0)),
    Column("Patient owes", lambda e: money_or_blank(e.patient_portion), lambda e: e.patient_portion or Decimal(0)),
]

CLAIM_COLUMNS: list[Column[ClaimRow]] = [
    Column("Claim", lambda c: f"#{c.id}", lambda c: c.id),
    Column("Patient", lambda c: c.patient_name),
    Column("Account", lambda c: c.account_number),
    Column("Service date", lambda c: format_date(c.service_date), lambda c: c.service_date.toordinal()),
    Column("Payer", lambda c: f"{c.payer_name} ({'primary' if c.payer_rank == 1 else 'secondary'})"),
    Column("Status", lambda c: c.status_label),
    Column("Billed", lambda c: format_money(Decimal(c.total_cents) / 100), lambda c: c.total_cents),
]

CHECK_COLUMNS: list[Column[InsurancePaymentInfo]] = [
    Column("Paid on", lambda i: format_date(i.paid_on), lambda i: i.paid_on.toordinal()),
    Column("Payer", lambda i: i.payer_name),
    Column("Check / EFT", lambda i: f"{i.kind.upper() if i.kind == 'eft' else 'Check'} {i.number}"),
    Column("Total", lambda i: format_money(i.total), lambda i: i.total),
    Column("Posted", lambda i: format_money(i.posted), lambda i: i.posted),
    Column("Status", lambda i: "Closed" if i.status == "closed" else f"Open: {format_money(i.remaining)} to post"),
]


def payments_model(parent: object = None) -> RecordTableModel[PaymentInfo]:
    """A patient's payments, refunds and reversals."""
    return RecordTableModel(PAYMENT_COLUMNS, parent)


LEDGER_PATIENT_COLUMN = 1


def ledger_model(parent: object = None) -> RecordTableModel[LedgerEntry]:
    """Ledger entries with the running balance."""
    return RecordTableModel(LEDGER_COLUMNS, parent)


def claims_model(parent: object = None) -> RecordTableModel[ClaimRow]:
    """Claims found for an EOB."""
    return RecordTableModel(CLAIM_COLUMNS, parent)


def checks_model(parent: object = None) -> RecordTableModel[InsurancePaymentInfo]:
    """Payer checks and EFTs with what is left to post."""
    return RecordTableModel(CHECK_COLUMNS, parent)
