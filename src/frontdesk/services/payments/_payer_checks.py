"""Payer checks and EFTs as the insurance-payment services share them: loading, totals, info, day locks."""

from __future__ import annotations

from sqlalchemy import func, select

from frontdesk.domain.money import from_cents
from frontdesk.errors import NotFoundError
from frontdesk.models import InsuranceLinePosting, InsurancePayment, Payer
from frontdesk.services._base import Tx
from frontdesk.services._day_locks import guard_day, record_correction
from frontdesk.services._practice_clock import practice_today
from frontdesk.services.payments.payment_types import InsurancePaymentInfo


def load_payer_check(tx: Tx, payment_id: object) -> InsurancePayment:
    """The insurance payment row, or NotFoundError."""
    found = tx.session.get(InsurancePayment, payment_id) if isinstance(payment_id, int) else None
    if found is None:
        raise NotFoundError("That insurance payment does not exist.")
    return found


def posted_cents(tx: Tx, payment_id: int) -> int:
    """Paid amounts posted from the payment, reversals taken off."""
    return int(tx.session.scalar(select(func.coalesce(func.sum(InsuranceLinePosting.paid_cents), 0))
                                 .where(InsuranceLinePosting.insurance_payment_id == payment_id)) or 0)


def payer_check_info(tx: Tx, ip: InsurancePayment) -> InsurancePaymentInfo:
    """The frozen view of a payer check with what is posted of it."""
    payer = tx.session.get(Payer, ip.payer_id)
    claim_ids = tuple(dict.fromkeys(tx.session.scalars(
        select(InsuranceLinePosting.claim_id).where(InsuranceLinePosting.insurance_payment_id == ip.id)
        .order_by(InsuranceLinePosting.id))))
    return InsurancePaymentInfo(ip.id, ip.payer_id, payer.name if payer else "", ip.kind, ip.number, ip.paid_on,
                                from_cents(ip.total_cents), from_cents(posted_cents(tx, ip.id)), ip.status,
                                claim_ids, ip.void_reason)


def guard_today(tx: Tx, ip: InsurancePayment, what: str) -> None:
    """Insurance money counts on the day it is entered or posted: once today is closed, only a correction."""
    today = practice_today(tx.session)
    if guard_day(tx, today, "insurance payments"):
        record_correction(tx, today, "insurance_payment", ip.id, f"insurance payment {what} after closing")
