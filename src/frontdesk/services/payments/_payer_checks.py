"""Payer checks and EFTs as the insurance-payment services share them: recording, loading, totals, info,
closing, day locks. Manual entry (insurance_payments) and the 835 import (era_import) both go through here.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import func, select

from frontdesk.domain.card_numbers import refuse_card_number
from frontdesk.domain.money import from_cents, parse_money, to_cents
from frontdesk.errors import NotFoundError, ValidationError
from frontdesk.models import EraUnmatchedClaim, InsuranceLinePosting, InsurancePayment, Payer, PayerCheckAdjustment
from frontdesk.models.base import utcnow
from frontdesk.services._base import Tx
from frontdesk.services._day_locks import guard_day, record_correction
from frontdesk.services._practice_clock import practice_today
from frontdesk.services.payments._payment_rules import clean_payment_date
from frontdesk.services.payments.payment_types import INSURANCE_PAYMENT_KINDS, InsurancePaymentInfo

_NUMBER_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,29}$")


def new_payer_check(tx: Tx, payer: Payer, *, kind: str, number: str, paid_on: date | None, total: str,
                    user_id: int) -> InsurancePayment:
    """Check and record a payer's check or EFT (audited, day lock respected); the caller reports the change."""
    kind = str(kind or "").strip().lower()
    if kind not in INSURANCE_PAYMENT_KINDS:
        raise ValidationError("kind", "Choose check or EFT.")
    number_text = str(number or "").strip()
    label = "The check number" if kind == "check" else "The EFT trace number"
    if not number_text:
        raise ValidationError("number", f"{label} is required.")
    if kind == "check":  # EFT trace numbers are long digit runs by design; check numbers never are
        refuse_card_number(number_text, "number", label)
    if not _NUMBER_RE.match(number_text):
        raise ValidationError("number", f"{label} is letters, digits or hyphens (up to 30).")
    if paid_on is None:
        raise ValidationError("paid_on", "The payment date is required (MM/DD/YYYY).")
    day = clean_payment_date(paid_on, today=practice_today(tx.session), field="paid_on")
    cents = to_cents(parse_money(total, "total", "The total"))
    ip = InsurancePayment(payer_id=payer.id, kind=kind, number=number_text, paid_on=day, total_cents=cents,
                          created_by=user_id)
    tx.session.add(ip)
    tx.session.flush()
    tx.audit("insurance_payment.enter", entity_type="insurance_payment", entity_id=ip.id,
             detail=f"payer {payer.id} {kind} ${from_cents(cents)}")
    guard_today(tx, ip, "entered")
    return ip


def load_payer_check(tx: Tx, payment_id: object) -> InsurancePayment:
    """The insurance payment row, or NotFoundError."""
    found = tx.session.get(InsurancePayment, payment_id) if isinstance(payment_id, int) else None
    if found is None:
        raise NotFoundError("That insurance payment does not exist.")
    return found


def posted_cents(tx: Tx, payment_id: int) -> int:
    """What of the payment is accounted for: paid amounts posted (reversals taken off), less its provider-level
    adjustments (an 835's PLB: a recovery taken off the check counts as posted, interest added to it as not)."""
    paid = int(tx.session.scalar(select(func.coalesce(func.sum(InsuranceLinePosting.paid_cents), 0))
                                 .where(InsuranceLinePosting.insurance_payment_id == payment_id)) or 0)
    plb = int(tx.session.scalar(select(func.coalesce(func.sum(PayerCheckAdjustment.amount_cents), 0))
                                .where(PayerCheckAdjustment.insurance_payment_id == payment_id)) or 0)
    return paid - plb


def _dismissed(tx: Tx, payment_id: int) -> tuple[int, tuple[str, ...]]:
    """The paid amount of the check's 835 claims the desk dismissed from the unmatched queue, and their reasons."""
    rows = tx.session.execute(select(EraUnmatchedClaim.paid_cents, EraUnmatchedClaim.resolution_note)
                              .where(EraUnmatchedClaim.insurance_payment_id == payment_id,
                                     EraUnmatchedClaim.resolution == "dismissed")
                              .order_by(EraUnmatchedClaim.id)).all()
    return sum(int(cents) for cents, _note in rows), tuple(dict.fromkeys(str(note) for _cents, note in rows))


def unapplied_cents(tx: Tx, ip: InsurancePayment, posted: int) -> tuple[int, tuple[str, ...]]:
    """What of the check stays unapplied because its claims were dismissed (with the reasons), else (0, ()).

    Only while the dismissed claims' money is still unposted (it is no more than what is left): money dismissed
    as "posted by hand already" and then posted on this check is posted, not unapplied.
    """
    dismissed, reasons = _dismissed(tx, ip.id)
    return (dismissed, reasons) if 0 < dismissed <= ip.total_cents - posted else (0, ())


def balances(tx: Tx, ip: InsurancePayment) -> tuple[int, int] | None:
    """(posted, unapplied) when the check is accounted for (posted plus dismissed-unapplied = its total), else None."""
    posted = posted_cents(tx, ip.id)
    unapplied, _reasons = unapplied_cents(tx, ip, posted)
    return (posted, unapplied) if posted + unapplied == ip.total_cents else None


def close_payer_check(tx: Tx, ip: InsurancePayment, posted: int, unapplied: int = 0) -> None:
    """Close a check whose postings, and the dismissed 835 claims' unapplied money, add up to its total (the
    caller checked that they do); what was left unapplied is recorded in the closing audit event."""
    ip.status = "closed"
    ip.closed_at = utcnow()
    tail = f", ${from_cents(unapplied)} unapplied (dismissed 835 claims)" if unapplied else ""
    tx.audit("insurance_payment.close", entity_type="insurance_payment", entity_id=ip.id,
             detail=f"${from_cents(posted)} posted{tail}")


def payer_check_info(tx: Tx, ip: InsurancePayment) -> InsurancePaymentInfo:
    """The frozen view of a payer check with what is posted of it."""
    payer = tx.session.get(Payer, ip.payer_id)
    claim_ids = tuple(dict.fromkeys(tx.session.scalars(
        select(InsuranceLinePosting.claim_id).where(InsuranceLinePosting.insurance_payment_id == ip.id)
        .order_by(InsuranceLinePosting.id))))
    posted = posted_cents(tx, ip.id)
    unapplied, reasons = unapplied_cents(tx, ip, posted) if ip.status != "void" else (0, ())
    return InsurancePaymentInfo(ip.id, ip.payer_id, payer.name if payer else "", ip.kind, ip.number, ip.paid_on,
                                from_cents(ip.total_cents), from_cents(posted), ip.status, claim_ids, ip.void_reason,
                                from_cents(unapplied), reasons)


def guard_today(tx: Tx, ip: InsurancePayment, what: str) -> None:
    """Insurance money counts on the day it is entered or posted: once today is closed, only a correction."""
    today = practice_today(tx.session)
    if guard_day(tx, today, "insurance payments"):
        record_correction(tx, today, "insurance_payment", ip.id, f"insurance payment {what} after closing")
