"""Money waiting for the bank and saved deposits: which entries may go on a deposit, and a deposit's slip data.

On a deposit: patient cash entries of any kind (a cash refund or reversal paid from the drawer lowers the
cash total), patient checks that were not reversed, and payers' paper checks. Card payments and EFTs never
reach the drawer. A payment on a saved deposit is locked: it is never on a second one (UNIQUE) and the
deposit rows are never edited (migration 0009 triggers); a later reversal is a new entry dated its own day.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, aliased

from frontdesk.domain.money import from_cents
from frontdesk.models import (
    Deposit,
    DepositItem,
    InsurancePayment,
    Patient,
    Payer,
    Payment,
    Practice,
    User,
)
from frontdesk.services.day_close._day_sheet_queries import day_bounds_utc
from frontdesk.services.day_close.end_of_day_types import DepositCandidate, DepositInfo


def _patient_name(last: str, first: str) -> str:
    return f"{last}, {first}"


def candidates(session: Session, through: date) -> list[DepositCandidate]:
    """Everything received on or before ``through`` that is not on a deposit yet (oldest first)."""
    reversal = aliased(Payment)
    deposited_payments = select(DepositItem.payment_id).where(DepositItem.payment_id.is_not(None))
    reversed_ids = select(reversal.reverses_id).where(reversal.reverses_id.is_not(None))
    patient_rows = session.execute(
        select(Payment.id, Payment.received_on, Payment.method, Payment.check_number, Patient.last_name,
               Patient.first_name, Payment.amount_cents)
        .join(Patient, Patient.id == Payment.patient_id)
        .where(Payment.received_on <= through, Payment.id.not_in(deposited_payments),
               or_(Payment.method == "cash",
                   and_(Payment.method == "check", Payment.kind == "payment", Payment.id.not_in(reversed_ids))))
        .order_by(Payment.received_on, Payment.id)).all()
    out = [DepositCandidate(f"p:{r[0]}", r[1], r[2], r[3], _patient_name(r[4], r[5]), from_cents(r[6]))
           for r in patient_rows]
    _, end = day_bounds_utc(session, through)
    deposited_checks = select(DepositItem.insurance_payment_id).where(DepositItem.insurance_payment_id.is_not(None))
    for ip_id, paid_on, number, payer, cents in session.execute(
            select(InsurancePayment.id, InsurancePayment.paid_on, InsurancePayment.number, Payer.name,
                   InsurancePayment.total_cents)
            .join(Payer, Payer.id == InsurancePayment.payer_id)
            .where(InsurancePayment.kind == "check", InsurancePayment.created_at < end,
                   InsurancePayment.status != "void",
                   InsurancePayment.total_cents > 0, InsurancePayment.id.not_in(deposited_checks))
            .order_by(InsurancePayment.id)):
        out.append(DepositCandidate(f"i:{ip_id}", paid_on, "check", number, payer, from_cents(cents)))
    return out


def deposit_info(session: Session, deposit: Deposit) -> DepositInfo:
    """The slip's data of a saved deposit: checks one by one, cash as a total."""
    items: list[DepositCandidate] = []
    for item, received_on, number, last, first in session.execute(
            select(DepositItem, Payment.received_on, Payment.check_number, Patient.last_name, Patient.first_name)
            .join(Payment, Payment.id == DepositItem.payment_id).join(Patient, Patient.id == Payment.patient_id)
            .where(DepositItem.deposit_id == deposit.id).order_by(DepositItem.id)):
        items.append(DepositCandidate(f"p:{item.payment_id}", received_on, item.method, number,
                                      _patient_name(last, first), from_cents(item.amount_cents)))
    for item, paid_on, number, payer in session.execute(
            select(DepositItem, InsurancePayment.paid_on, InsurancePayment.number, Payer.name)
            .join(InsurancePayment, InsurancePayment.id == DepositItem.insurance_payment_id)
            .join(Payer, Payer.id == InsurancePayment.payer_id)
            .where(DepositItem.deposit_id == deposit.id).order_by(DepositItem.id)):
        items.append(DepositCandidate(f"i:{item.insurance_payment_id}", paid_on, "check", number, payer,
                                      from_cents(item.amount_cents)))
    practice = session.scalar(select(Practice.legal_name).limit(1)) or ""
    user = session.get(User, deposit.created_by) if deposit.created_by else None
    return DepositInfo(deposit.id, deposit.deposit_date, tuple(i for i in items if i.method == "check"),
                       tuple(i for i in items if i.method == "cash"), from_cents(deposit.cash_cents),
                       from_cents(deposit.check_cents), from_cents(deposit.total_cents), deposit.note, practice,
                       deposit.created_at, user.full_name if user else "")


def deposits_on(session: Session, day: date) -> list[Deposit]:
    """Deposits dated ``day``, oldest first."""
    return list(session.scalars(select(Deposit).where(Deposit.deposit_date == day).order_by(Deposit.id)))
