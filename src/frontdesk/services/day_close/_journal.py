"""One day's money as a balanced journal: every posting comes from the rows the day sheet and the deposit
slips count, so the journal's totals are theirs.

Where the money sits until the bank has it decides the debit: cash (every kind: the drawer) and patients'
and payers' paper checks wait in "undeposited funds" until a deposit slip moves them to the bank; card money
waits in "card clearing"; an insurance EFT goes straight to the bank, and so does a refund or reversal of a
check the practice had already deposited (the money leaves the bank account, not the drawer).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from frontdesk.models import DepositItem, InsuranceLinePosting, InsurancePayment, Payment, PostingAdjustment
from frontdesk.services._ledger_queries import writes_off
from frontdesk.services.day_close._day_sheet_queries import METHOD_LABELS, day_bounds_utc
from frontdesk.services.day_close._deposit_queries import deposits_on


@dataclass(frozen=True)
class Posting:
    """One side of an entry: an account key of the map, signed cents (debit > 0, credit < 0), a memo."""

    key: str
    cents: int
    memo: str


def _entry(debit: str, credit: str, cents: int, memo: str) -> list[Posting]:
    return [Posting(debit, cents, memo), Posting(credit, -cents, memo)]


def _patient_money(session: Session, day: date) -> list[Posting]:
    reversed_payment = aliased(Payment)
    deposited = select(DepositItem.payment_id).where(DepositItem.payment_id.is_not(None))
    rows = session.execute(
        select(Payment.kind, Payment.method, Payment.amount_cents, reversed_payment.id.in_(deposited))
        .outerjoin(reversed_payment, reversed_payment.id == Payment.reverses_id)
        .where(Payment.received_on == day)).all()
    out: list[Posting] = []
    for kind, method, cents, target_deposited in rows:
        counter = "refunds" if kind == "refund" else "patient_payments"
        if method == "card":
            holding = "card_clearing"
        elif method == "check" and kind != "payment" and (kind == "refund" or target_deposited):
            holding = "bank"  # the practice's own check, or a deposited check taken back: the bank pays it
        else:
            holding = "undeposited_funds"
        memo = f"Patient {kind}s ({METHOD_LABELS.get(method, method).lower()})"
        out += _entry(holding, counter, int(cents), memo)
    return out


def _insurance_money(session: Session, day: date) -> list[Posting]:
    start, end = day_bounds_utc(session, day)
    deposited = select(DepositItem.insurance_payment_id).where(DepositItem.insurance_payment_id.is_not(None))
    out: list[Posting] = []
    for kind, cents in session.execute(select(InsurancePayment.kind, InsurancePayment.total_cents)
                                       .where(InsurancePayment.created_at >= start,
                                              InsurancePayment.created_at < end)):
        out += _entry("bank" if kind == "eft" else "undeposited_funds", "insurance_payments", int(cents),
                      f"Insurance {'EFTs' if kind == 'eft' else 'checks'}")
    for kind, cents, was_deposited in session.execute(
            select(InsurancePayment.kind, InsurancePayment.total_cents, InsurancePayment.id.in_(deposited))
            .where(InsurancePayment.voided_at >= start, InsurancePayment.voided_at < end)):
        holding = "bank" if kind == "eft" or was_deposited else "undeposited_funds"
        out += _entry("insurance_payments", holding, int(cents), "Voided insurance payments")
    return out


def _deposits(session: Session, day: date) -> list[Posting]:
    out: list[Posting] = []
    for deposit in deposits_on(session, day):
        out += _entry("bank", "undeposited_funds", int(deposit.total_cents), f"Deposit slip #{deposit.id}")
    return out


def _adjustments(session: Session, day: date) -> list[Posting]:
    start, end = day_bounds_utc(session, day)
    out: list[Posting] = []
    for group, reason, cents in session.execute(
            select(PostingAdjustment.group_code, PostingAdjustment.reason_code, PostingAdjustment.amount_cents)
            .join(InsuranceLinePosting, InsuranceLinePosting.id == PostingAdjustment.line_posting_id)
            .where(InsuranceLinePosting.created_at >= start, InsuranceLinePosting.created_at < end)):
        if writes_off(group, reason):  # the day sheet's rule: patient responsibility is not a write-off
            out += _entry(f"adjustment_{group}", "accounts_receivable", int(cents), f"Adjustments ({group})")
    return out


def day_postings(session: Session, day: date) -> list[Posting]:
    """Every posting of ``day``, summed per account and memo; zero sums left out (their order is stable)."""
    sums: dict[tuple[str, str], int] = defaultdict(int)
    for posting in (_patient_money(session, day) + _insurance_money(session, day) + _deposits(session, day)
                    + _adjustments(session, day)):
        sums[(posting.memo, posting.key)] += posting.cents
    return [Posting(key, cents, memo) for (memo, key), cents in sums.items() if cents]
