"""Ledger rows from the tables: charges, insurance postings and adjustments, patient money; a few indexed queries."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.domain import carc
from frontdesk.domain import schedule_time as st
from frontdesk.domain.money import from_cents
from frontdesk.models import (
    InsuranceLinePosting,
    InsurancePayment,
    Payer,
    Payment,
    PaymentApplication,
    PostingAdjustment,
    Provider,
    Statement,
    StatementPatient,
)
from frontdesk.services._ledger_queries import LineState, writes_off
from frontdesk.services._payment_records import fee_descriptions
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services.payments.payment_types import LEDGER_KINDS, PAYMENT_METHODS

_ORDER = {kind: i for i, kind in enumerate(LEDGER_KINDS)}


@dataclass
class RawEntry:
    """An entry before the running balance: amount in cents (+ raises the balance)."""

    on: date
    kind: str
    description: str
    provider: str
    cents: int
    patient_id: int
    service_line_id: int | None
    ref: str

    def sort_key(self) -> tuple[date, int, str]:
        return self.on, _ORDER[self.kind], self.ref


def _providers(session: Session, states: dict[int, LineState]) -> dict[int, str]:
    ids = {s.provider_id for s in states.values()}
    return {pid: f"{first[:1]}. {last}".strip() for pid, first, last in session.execute(
        select(Provider.id, Provider.first_name, Provider.last_name).where(Provider.id.in_(ids)))}


def charge_entries(session: Session, states: dict[int, LineState]) -> list[RawEntry]:
    """One ledger entry per charge, described by code and the practice's own wording."""
    providers = _providers(session, states)
    names = fee_descriptions(session, [s.code for s in states.values()])
    return [RawEntry(s.service_date, "charge", f"{s.code} {names.get(s.code, '')}".strip(),
                     providers.get(s.provider_id, ""), s.charge, s.patient_id, s.id, f"sl:{s.id:012d}")
            for s in states.values()]


def insurance_entries(session: Session, states: dict[int, LineState], sub) -> list[RawEntry]:  # type: ignore[no-untyped-def]
    """Payer payments (or denials) and adjustments on the charges; PR amounts show for information (0.00).

    A reversal of a posting is its own entry ("reversal"), dated the day it was made, so the original stays
    on the ledger as it was and the correction shows beside it.
    """
    providers = _providers(session, states)
    tz = schedule_settings(session).tz
    entries: list[RawEntry] = []
    rows = session.execute(
        select(InsuranceLinePosting.id, InsuranceLinePosting.service_line_id, InsuranceLinePosting.paid_cents,
               InsuranceLinePosting.denied_reason, InsuranceLinePosting.claim_id, InsuranceLinePosting.reverses_id,
               InsuranceLinePosting.reason, InsuranceLinePosting.created_at, InsurancePayment.paid_on,
               InsurancePayment.kind, InsurancePayment.number, Payer.name)
        .join(InsurancePayment, InsurancePayment.id == InsuranceLinePosting.insurance_payment_id)
        .join(Payer, Payer.id == InsurancePayment.payer_id)
        .where(InsuranceLinePosting.service_line_id.in_(sub)))
    posted: dict[int, tuple[date, bool]] = {}
    for pid, line_id, paid, denied, claim_id, reverses, why, created, on, kind, number, payer in rows:
        state = states.get(line_id)
        if state is None:
            continue
        how = "EFT" if kind == "eft" else "check"
        if reverses is not None:
            on = st.local_date(created, tz)
            text = f"Reversed {payer} {how} #{number} posting: {state.code} (claim #{claim_id}): {why}"
        elif denied:
            text = f"{payer} denied {state.code} (claim #{claim_id}): {denied}"
        else:
            text = f"{payer} {how} #{number}: {state.code} (claim #{claim_id})"
        posted[pid] = (on, reverses is not None)
        entries.append(RawEntry(on, "reversal" if reverses is not None else "insurance payment", text,
                                providers.get(state.provider_id, ""), -paid, state.patient_id, line_id,
                                f"ins:{pid:012d}"))
    for aid, line_id, posting_id, group, reason, amount in session.execute(
            select(PostingAdjustment.id, PostingAdjustment.service_line_id, PostingAdjustment.line_posting_id,
                   PostingAdjustment.group_code, PostingAdjustment.reason_code, PostingAdjustment.amount_cents)
            .where(PostingAdjustment.service_line_id.in_(sub))):
        state = states.get(line_id)
        if state is None or posting_id not in posted:
            continue
        on, is_reversal = posted[posting_id]
        effect = -amount if writes_off(group, reason) else 0
        note = "" if effect else f" (${from_cents(amount):,.2f}, stays owed)" if group == "PR" else \
            f" (${from_cents(amount):,.2f}, for information)"
        prefix = "Reversed " if is_reversal else ""
        entries.append(RawEntry(on, "reversal" if is_reversal else "adjustment",
                                f"{prefix}{carc.describe(group, reason)}{note}: {state.code}",
                                providers.get(state.provider_id, ""), effect, state.patient_id, line_id,
                                f"adj:{aid:012d}"))
    return entries


def _method_text(method: str, check_number: str, last4: str) -> str:
    if method == "check" and check_number:
        return f"check #{check_number}"
    if method == "card" and last4:
        return f"card ending {last4}"
    return PAYMENT_METHODS.get(method, method).lower()


def patient_money_entries(session: Session, patient_ids: Iterable[int], states: dict[int, LineState],
                          provider_id: int | None) -> list[RawEntry]:
    """Payments, refunds and reversals; with a provider filter, only what was applied to that provider's charges."""
    ids = list(patient_ids)
    query = select(Payment.id, Payment.patient_id, Payment.kind, Payment.method, Payment.amount_cents,
                   Payment.received_on, Payment.check_number, Payment.card_last4, Payment.reverses_id,
                   Payment.reason, Payment.appointment_id)
    amounts: dict[int, int] | None = None
    if provider_id is not None:
        amounts = {}
        for payment_id, line_id, cents in session.execute(
                select(PaymentApplication.payment_id, PaymentApplication.service_line_id,
                       func.sum(PaymentApplication.amount_cents))
                .join(Payment, Payment.id == PaymentApplication.payment_id)
                .where(Payment.patient_id.in_(ids))
                .group_by(PaymentApplication.payment_id, PaymentApplication.service_line_id)):
            if line_id in states:
                amounts[payment_id] = amounts.get(payment_id, 0) + int(cents)
        query = query.where(Payment.id.in_(list(amounts)))
    else:
        query = query.where(Payment.patient_id.in_(ids))
    entries = []
    for pid, patient_id, kind, method, cents, on, check, last4, reverses, reason, visit in session.execute(query):
        how = _method_text(method, check, last4)
        if kind == "payment":
            # A copay taken at check-in is that visit's (applied to its charges once they are entered).
            text = f"Copay at check-in, {how}" if visit is not None else f"Payment, {how}"
        elif kind == "refund":
            text = f"Refund of credit, {how}: {reason}"
        else:
            text = f"Reversal of entry #{reverses}: {reason}"
        amount = amounts[pid] if amounts is not None else cents
        entries.append(RawEntry(on, kind, text, "", -amount, patient_id, None, f"pay:{pid:012d}"))
    return entries


def statement_entries(session: Session, patient_ids: Iterable[int]) -> list[RawEntry]:
    """'Statement sent' entries (amount 0) for statements confirmed as printed that covered these patients.

    A family statement covers several patients: a guarantor's ledger shows it once.
    """
    entries: dict[int, RawEntry] = {}
    for sid, sent_on, due, patient_id in session.execute(
            select(Statement.id, Statement.sent_on, Statement.amount_due_cents, StatementPatient.patient_id)
            .join(StatementPatient, StatementPatient.statement_id == Statement.id)
            .where(StatementPatient.patient_id.in_(list(patient_ids)), Statement.sent_on.is_not(None))
            .order_by(StatementPatient.patient_id)):
        entries.setdefault(sid, RawEntry(sent_on, "statement", f"Statement sent: amount due ${from_cents(due):,.2f}",
                                         "", 0, patient_id, None, f"stm:{sid:012d}"))
    return list(entries.values())
