"""Patient payment rows -> PaymentInfo, and applying money to charges (oldest first, as chosen, or to the
visit a copay was taken for)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.domain.money import from_cents, to_cents
from frontdesk.errors import NotFoundError, ValidationError
from frontdesk.models import (
    Encounter,
    FeeScheduleItem,
    Payment,
    PaymentApplication,
    ServiceLine,
    User,
)
from frontdesk.services._ledger_queries import LineState, line_states, patient_credit_cents
from frontdesk.domain.payment_records import Application, PaymentInfo


def load_payment(session: Session, payment_id: object) -> Payment:
    """The payment row, or NotFoundError."""
    payment = session.get(Payment, payment_id) if isinstance(payment_id, int) and not isinstance(
        payment_id, bool) else None
    if payment is None:
        raise NotFoundError("That payment does not exist.")
    return payment


def applied_by_line(session: Session, payment_id: int) -> dict[int, int]:
    """Net cents of one payment entry applied per service line (lines netting to 0 left out)."""
    rows = session.execute(select(PaymentApplication.service_line_id, func.sum(PaymentApplication.amount_cents))
                           .where(PaymentApplication.payment_id == payment_id)
                           .group_by(PaymentApplication.service_line_id))
    return {line_id: int(total) for line_id, total in rows if total}


def payment_info(session: Session, payment: Payment) -> PaymentInfo:
    """The frozen view of one entry, with its applications and what is left of it as credit."""
    applied = applied_by_line(session, payment.id)
    lines = {row.id: row for row in session.execute(
        select(ServiceLine.id, ServiceLine.from_date, ServiceLine.code).where(ServiceLine.id.in_(list(applied))))}
    applications = tuple(Application(line_id, lines[line_id].from_date, lines[line_id].code, from_cents(cents))
                         for line_id, cents in sorted(applied.items(), key=lambda i: (lines[i[0]].from_date, i[0])))
    reversal_id = session.scalar(select(Payment.id).where(Payment.reverses_id == payment.id))
    unapplied = 0
    if payment.kind == "payment" and reversal_id is None:
        unapplied = payment.amount_cents - sum(applied.values())
    user = session.get(User, payment.created_by) if payment.created_by else None
    return PaymentInfo(
        id=payment.id, patient_id=payment.patient_id, kind=payment.kind, method=payment.method,
        amount=from_cents(payment.amount_cents), received_on=payment.received_on,
        check_number=payment.check_number, card_last4=payment.card_last4, card_auth_code=payment.card_auth_code,
        appointment_id=payment.appointment_id, note=payment.note, reverses_id=payment.reverses_id,
        reason=payment.reason, reversed_by_id=reversal_id, applications=applications,
        unapplied=from_cents(unapplied), created_at=payment.created_at, created_by=user.username if user else "")


def apply_money(session: Session, payment: Payment, available: int, line_ids: Sequence[int] | None, *,
                user_id: int | None, strict: bool) -> int:
    """Apply up to ``available`` cents of ``payment`` to charges; returns the cents applied.

    ``line_ids`` None = the patient's charges with an open amount, oldest date of service first;
    otherwise the chosen charges in the order given (each must be this patient's). ``strict`` refuses
    an amount larger than the chosen charges' open total (a payment taken for chosen charges).
    """
    if available <= 0:
        return 0
    if line_ids is None:
        states = sorted((s for s in line_states(session, [payment.patient_id]).values() if s.open > 0),
                        key=lambda s: (s.service_date, s.id))
    else:
        found = line_states(session, [], line_ids=line_ids)
        for line_id in line_ids:
            state = found.get(line_id)
            if state is None or state.patient_id != payment.patient_id:
                raise ValidationError("apply_to", "One of the chosen charges is not this patient's (or was voided).")
        states = [found[i] for i in line_ids]
        open_total = sum(max(s.open, 0) for s in states)
        if open_total <= 0:
            raise ValidationError("apply_to", "The chosen charges have nothing left to pay.")
        if strict and available > open_total:
            raise ValidationError("amount", f"The amount is more than the ${from_cents(open_total):,.2f} still open "
                                            f"on the chosen charges; apply it oldest first or keep the rest as "
                                            f"credit.")
    return _write(session, payment, available, states, user_id)


def visit_line_ids(session: Session, appointment_id: int) -> list[int]:
    """The charges of the visit (its non-void encounter's service lines, in line order); [] before it is charged."""
    return list(session.scalars(select(ServiceLine.id).join(Encounter, Encounter.id == ServiceLine.encounter_id)
                                .where(Encounter.appointment_id == appointment_id, Encounter.status != "void")
                                .order_by(ServiceLine.line_number)))


def apply_to_visit(session: Session, payment: Payment, available: int, *, user_id: int | None) -> int:
    """Apply up to ``available`` cents of a check-in payment to its own visit's open charges (cents applied).
    Nothing is applied while the visit has no charge: the money waits for them (see settle_visit_payments)."""
    if payment.appointment_id is None or available <= 0:
        return 0
    ids = visit_line_ids(session, payment.appointment_id)
    states = line_states(session, [], line_ids=ids) if ids else {}
    return _write(session, payment, available, [states[i] for i in ids if i in states], user_id)


def settle_visit_payments(session: Session, appointment_id: int, *, user_id: int | None) -> list[tuple[Payment, int]]:
    """Once the visit has charges, apply what is left of the copays taken at its check-in to them.

    Returns (payment, cents applied) for each payment that moved. Never more than the patient's credit as a
    whole (a refund may have paid part of it back), and never a reversed payment.
    """
    moved: list[tuple[Payment, int]] = []
    rows = session.scalars(select(Payment).where(Payment.appointment_id == appointment_id, Payment.kind == "payment")
                           .order_by(Payment.id))
    for payment in list(rows):
        info = payment_info(session, payment)
        if info.reversed_by_id is not None:
            continue
        available = min(to_cents(info.unapplied), patient_credit_cents(session, [payment.patient_id]))
        applied = apply_to_visit(session, payment, available, user_id=user_id)
        session.flush()
        if applied:
            moved.append((payment, applied))
    return moved


def _write(session: Session, payment: Payment, available: int, states: list[LineState], user_id: int | None) -> int:
    applied = 0
    for state in states:
        share = min(available - applied, max(state.open, 0))
        if share <= 0:
            continue
        session.add(PaymentApplication(payment_id=payment.id, service_line_id=state.id, amount_cents=share,
                                       created_by=user_id))
        applied += share
        if applied == available:
            break
    return applied


def fee_descriptions(session: Session, codes: Sequence[str]) -> dict[str, str]:
    """The practice's own descriptions of procedure codes ('' for codes not in the fee schedule)."""
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    return dict(session.execute(select(FeeScheduleItem.code, FeeScheduleItem.description)
                                .where(FeeScheduleItem.code.in_(wanted))).all())
