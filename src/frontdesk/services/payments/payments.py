"""Patient payments: take (cash, check, card), apply to charges or keep as credit, reverse, refund, receipts.

Posted entries are never edited or deleted (database triggers refuse it): a mistake is corrected by a
reversal entry carrying a reason, and refunds of credit are entries too. Money is Decimal in and out,
integer cents in the tables. The balance model is written down in services/payments/_ledger_queries.py.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from decimal import Decimal

from sqlalchemy import select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.money import from_cents, parse_money, to_cents
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import (
    Appointment,
    IntakeRecord,
    Payment,
    PaymentApplication,
    Practice,
    User,
)
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services._practice_clock import require_check_in_day
from frontdesk.services._day_locks import guard_day, record_correction
from frontdesk.services._practice_clock import practice_today
from frontdesk.services._ledger_queries import patient_balances, patient_credit_cents
from frontdesk.services._lookups import load_editable, load_patient
from frontdesk.services._payment_records import (
    applied_by_line,
    apply_money,
    apply_to_visit,
    fee_descriptions,
    load_payment,
    payment_info,
    visit_line_ids,
)
from frontdesk.services.payments._payment_rules import (
    clean_card, clean_check_number, clean_line_ids, clean_method, clean_payment_date, clean_reversal_reason,
)
from frontdesk.domain.card_numbers import clean_note
from frontdesk.services._practice_clock import practice_now, schedule_settings
from frontdesk.services.payments.payment_types import PaymentInfo, ReceiptData, ReceiptLine

TOPICS = ("payments", "ledger")


def _audit(tx: Tx, action: str, payment: Payment, detail: str) -> None:
    tx.audit(action, entity_type="payment", entity_id=payment.id, patient_id=payment.patient_id, detail=detail)
    tx.changed(*TOPICS)


def _clean_appointment(tx: Tx, appointment_id: object, patient_id: int) -> int | None:
    """The visit a copay is taken at: this patient's, and not a later day's (the money would wait on nothing)."""
    if appointment_id is None:
        return None
    appt = tx.session.get(Appointment, appointment_id) if isinstance(appointment_id, int) else None
    if appt is None or appt.patient_id != patient_id:
        raise ValidationError("appointment_id", "That appointment is not this patient's.")
    require_check_in_day(tx.session, appt, "a check-in copay is taken")
    return appt.id


def _mark_copay(tx: Tx, appointment_id: int, *, collected: bool) -> None:
    """A payment taken at check-in marks that visit's intake copay collected (its reversal un-marks it)."""
    intake = tx.session.scalar(select(IntakeRecord).where(IntakeRecord.appointment_id == appointment_id))
    if intake is not None and intake.copay_collected != collected:
        intake.copay_collected = collected
        tx.changed("intake")


@operation(Permission.TAKE_PAYMENTS)
def take_payment(tx: Tx, patient_id: int, *, method: str, amount: str, received_on: date | None = None,
                 check_number: str = "", card_last4: str = "", card_auth_code: str = "",
                 apply_to: Sequence[int] | None = None, appointment_id: int | None = None,
                 note: str = "") -> PaymentInfo:
    """Record money from a patient and apply it: ``apply_to`` None = oldest charges first (the rest stays
    as credit), [] = keep it all as credit, or the chosen charges (the amount may not exceed what they owe).

    A payment taken at check-in (``appointment_id``) is that visit's: it goes to the visit's own charges, and
    while the visit has none yet it waits for them (applied when they are entered); ``apply_to`` stays None."""
    actor = require_actor(tx)
    patient = load_editable(tx.session, patient_id)
    method = clean_method(method)
    cents = to_cents(parse_money(amount, "amount", "The amount", allow_zero=False))
    today = practice_today(tx.session)
    day = clean_payment_date(received_on, today=today)
    # A payment for a closed day goes in dated today, as an administrator's correction of that day.
    closed_day = day if guard_day(tx, day, "a payment") else None
    if closed_day is not None:
        day = today
    number = clean_check_number(check_number, method)
    last4, auth = clean_card(card_last4, card_auth_code, method)
    note_text = clean_note(note, "note", "The note", limit=200)
    appt_id = _clean_appointment(tx, appointment_id, patient.id)
    chosen = None if apply_to is None else clean_line_ids(apply_to)
    if appt_id is not None and chosen is not None:
        raise ValidationError("apply_to", "A copay taken at check-in goes to that visit's charges; take other "
                                          "money as a separate payment.")
    payment = Payment(patient_id=patient.id, kind="payment", method=method, amount_cents=cents, received_on=day,
                      check_number=number, card_last4=last4, card_auth_code=auth, appointment_id=appt_id,
                      note=note_text, created_by=actor.user_id)
    tx.session.add(payment)
    tx.session.flush()
    if appt_id is not None:
        applied = apply_to_visit(tx.session, payment, cents, user_id=actor.user_id)
    elif chosen != []:
        applied = apply_money(tx.session, payment, cents, chosen, user_id=actor.user_id, strict=chosen is not None)
    else:
        applied = 0
    tx.session.flush()
    if appt_id is not None:
        _mark_copay(tx, appt_id, collected=True)
    waiting = "; waits for the visit's charges" if appt_id and not visit_line_ids(tx.session, appt_id) else ""
    _audit(tx, "payment.take", payment, f"{method} ${from_cents(cents)}; applied ${from_cents(applied)}"
                                        f"{'; at check-in' if appt_id else ''}{waiting}")
    if closed_day is not None:
        record_correction(tx, closed_day, "payment", payment.id, f"{method} payment ${from_cents(cents)} "
                          f"dated {today:%m/%d/%Y}", patient_id=payment.patient_id)
    return payment_info(tx.session, payment)


@operation(Permission.TAKE_PAYMENTS)
def apply_credit(tx: Tx, payment_id: int, service_line_ids: Sequence[int] | None = None) -> PaymentInfo:
    """Apply what is left of a payment to charges (None = oldest first); what does not fit stays as credit."""
    actor = require_actor(tx)
    payment = load_payment(tx.session, payment_id)
    load_editable(tx.session, payment.patient_id)
    info = payment_info(tx.session, payment)
    if payment.kind != "payment":
        raise ConflictError(f"A {payment.kind} is not a credit to apply.")
    if info.reversed_by_id is not None:
        raise ConflictError("This payment was reversed; there is nothing left of it to apply.")
    # A refund draws on the patient's credit as a whole, so never apply more than the patient still has.
    available = min(to_cents(info.unapplied), patient_credit_cents(tx.session, [payment.patient_id]))
    if available <= 0:
        raise ConflictError("Nothing of this payment is left as credit.")
    chosen = None if service_line_ids is None else clean_line_ids(service_line_ids)
    if chosen == []:
        raise ValidationError("apply_to", "Choose the charges to apply the credit to.")
    applied = apply_money(tx.session, payment, available, chosen, user_id=actor.user_id, strict=False)
    if applied == 0:
        raise ConflictError("The patient has no open charges to apply the credit to.")
    tx.session.flush()
    _audit(tx, "payment.apply_credit", payment, f"applied ${from_cents(applied)}")
    return payment_info(tx.session, payment)


@operation(Permission.REVERSE_PAYMENTS)
def reverse_payment(tx: Tx, payment_id: int, reason: str) -> PaymentInfo:
    """Undo a payment or refund with a reversal entry (both stay on the ledger); returns the reversal."""
    actor = require_actor(tx)
    payment = load_payment(tx.session, payment_id)
    why = clean_reversal_reason(reason, "entry")
    if payment.kind == "reversal":
        raise ConflictError("A reversal cannot be reversed; take the payment again instead.")
    if tx.session.scalar(select(Payment.id).where(Payment.reverses_id == payment.id)) is not None:
        raise ConflictError("This entry was already reversed.")
    # The reversal is a new entry dated today; a saved deposit holding the original never changes.
    closed_days = [d for d in dict.fromkeys((payment.received_on, practice_today(tx.session)))
                   if guard_day(tx, d, "a reversal")]
    reversal = Payment(patient_id=payment.patient_id, kind="reversal", method=payment.method,
                       amount_cents=-payment.amount_cents, received_on=practice_today(tx.session),
                       check_number=payment.check_number, card_last4=payment.card_last4,
                       card_auth_code=payment.card_auth_code, reverses_id=payment.id, reason=why,
                       created_by=actor.user_id)
    tx.session.add(reversal)
    tx.session.flush()
    for line_id, cents in applied_by_line(tx.session, payment.id).items():
        tx.session.add(PaymentApplication(payment_id=reversal.id, service_line_id=line_id, amount_cents=-cents,
                                          created_by=actor.user_id))
    tx.session.flush()
    if payment.kind == "payment" and payment.appointment_id is not None:
        _mark_copay(tx, payment.appointment_id, collected=False)
    _audit(tx, "payment.reverse", reversal, f"reverses {payment.kind} {payment.id} "
                                            f"(${from_cents(payment.amount_cents)})")
    for closed_day in closed_days:
        record_correction(tx, closed_day, "payment", reversal.id, f"reversal of entry {payment.id} "
                          f"(${from_cents(payment.amount_cents)})", patient_id=payment.patient_id)
    return payment_info(tx.session, reversal)


@operation(Permission.REFUND_CREDITS)
def refund_credit(tx: Tx, patient_id: int, amount: str, method: str, reason: str,
                  check_number: str = "") -> PaymentInfo:
    """Pay back part or all of a patient's unapplied credit (cash, check or to the card)."""
    actor = require_actor(tx)
    patient = load_editable(tx.session, patient_id)
    cents = to_cents(parse_money(amount, "amount", "The refund", allow_zero=False))
    method = clean_method(method)
    number = clean_check_number(check_number, method)
    why = clean_note(reason, "reason", "The reason", limit=200, required=True)
    credit = patient_credit_cents(tx.session, [patient.id])
    if cents > credit:
        raise ValidationError("amount", f"The refund is more than the patient's credit "
                                        f"(${from_cents(max(credit, 0)):,.2f}).")
    closed_today = guard_day(tx, practice_today(tx.session), "a refund")
    refund = Payment(patient_id=patient.id, kind="refund", method=method, amount_cents=-cents,
                     received_on=practice_today(tx.session), check_number=number, reason=why,
                     created_by=actor.user_id)
    tx.session.add(refund)
    tx.session.flush()
    _audit(tx, "payment.refund", refund, f"{method} ${from_cents(cents)}")
    if closed_today:
        record_correction(tx, refund.received_on, "payment", refund.id, f"{method} refund ${from_cents(cents)}",
                          patient_id=patient.id)
    return payment_info(tx.session, refund)


@operation(Permission.VIEW_BILLING, write=False)
def get_payment(tx: Tx, payment_id: int) -> PaymentInfo:
    """One payment, refund or reversal with its applications and what is left of it as credit."""
    return payment_info(tx.session, load_payment(tx.session, payment_id))


@operation(Permission.VIEW_BILLING, write=False)
def list_payments(tx: Tx, patient_id: int) -> list[PaymentInfo]:
    """Every payment, refund and reversal of a patient, newest first."""
    load_patient(tx.session, patient_id)
    rows = tx.session.scalars(select(Payment).where(Payment.patient_id == patient_id)
                              .order_by(Payment.received_on.desc(), Payment.id.desc()))
    return [payment_info(tx.session, p) for p in rows]


@operation(Permission.VIEW_BILLING, write=False)
def patient_credit(tx: Tx, patient_id: int) -> Decimal:
    """The patient's unapplied credit (Decimal; negative if a reversal took back money already used)."""
    load_patient(tx.session, patient_id)
    return from_cents(patient_credit_cents(tx.session, [patient_id]))


def _receipt(tx: Tx, payment_id: int) -> ReceiptData:
    payment = load_payment(tx.session, payment_id)
    patient = load_patient(tx.session, payment.patient_id)
    info = payment_info(tx.session, payment)
    practice = tx.session.scalar(select(Practice).limit(1))
    descriptions = fee_descriptions(tx.session, [a.code for a in info.applications])
    applied = tuple(ReceiptLine(a.service_date, a.code, descriptions.get(a.code, ""), a.amount)
                    for a in info.applications)
    user = tx.session.get(User, payment.created_by) if payment.created_by else None
    address: tuple[str, ...] = ()
    if practice is not None:
        address = tuple(x for x in (practice.address_line1, practice.address_line2,
                                    f"{practice.city}, {practice.state} {practice.zip_code}") if x)
    return ReceiptData(
        practice_name=practice.legal_name if practice else "", practice_address=address,
        practice_phone=practice.phone if practice else "",
        patient_name=f"{patient.first_name} {patient.last_name}", account_number=patient.account_number,
        payment=info, applied=applied, balance_after=patient_balances(tx.session, [patient.id])[patient.id],
        received_by=user.full_name if user else "", printed_at=practice_now(tx.session),
        **_visit_fields(tx, payment, info))


def _visit_fields(tx: Tx, payment: Payment, info: PaymentInfo) -> dict[str, object]:
    """The visit a check-in copay belongs to, and how much of it still waits for that visit's charges."""
    appt = tx.session.get(Appointment, payment.appointment_id) if payment.appointment_id else None
    if appt is None:
        return {}
    waiting = info.unapplied if not visit_line_ids(tx.session, appt.id) else Decimal("0.00")
    return {"visit_date": st.local_date(appt.start_utc, schedule_settings(tx.session).tz),
            "awaiting_visit_charges": waiting}


@operation(Permission.VIEW_BILLING, write=False)
def receipt_data(tx: Tx, payment_id: int) -> ReceiptData:
    """What a receipt shows (for a preview; printing goes through write_receipt_pdf, which is audited)."""
    return _receipt(tx, payment_id)


@operation(Permission.VIEW_BILLING)
def write_receipt_pdf(tx: Tx, payment_id: int, out_path: str | os.PathLike[str]) -> ReceiptData:
    """Write the receipt PDF to ``out_path`` (atomically) and record that it was printed."""
    from frontdesk.reports.receipt import write_receipt

    data = _receipt(tx, payment_id)
    write_receipt(data, out_path)
    tx.audit("payment.receipt", entity_type="payment", entity_id=data.payment.id,
             patient_id=data.payment.patient_id, detail="receipt printed")
    return data


__all__ = [
    "apply_credit",
    "get_payment",
    "list_payments",
    "patient_credit",
    "receipt_data",
    "refund_credit",
    "reverse_payment",
    "take_payment",
    "write_receipt_pdf",
]
