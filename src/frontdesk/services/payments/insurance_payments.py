"""Insurance payments: a payer's check or EFT posted across the claims it pays, line by line (EOB posting).

A posting records per service line the allowed and paid amounts, CARC adjustments and remark codes,
or a denial. It moves the claim to paid / partly paid / denied (services/billing/claim_states.py), leaves the
PR amounts owed by the patient, and releases a held secondary claim with the primary's payments.
Postings are append-only; the check is closed only when its postings add up to its total.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date

from sqlalchemy import or_, select

from frontdesk.domain.money import from_cents
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import fold_key
from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.models import (
    Claim,
    ClaimLine,
    InsurancePayment,
    Patient,
    Payer,
)
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services.billing.claim_rows import claim_row_select, claim_rows_from
from frontdesk.services.payments._eob_posting import post_many
from frontdesk.services._ledger_queries import line_states
from frontdesk.services.payments._payer_checks import (
    balances,
    close_payer_check,
    guard_today,
    load_payer_check,
    new_payer_check,
    payer_check_info,
    posted_cents,
)
from frontdesk.services.payments._posting_rules import posted_on_claims
from frontdesk.services._query import prefix_range
from frontdesk.services.billing.billing_types import SUBMITTED_OR_LATER, ClaimRow
from frontdesk.services.payments.payment_types import (
    ClaimLineOpen,
    ClaimPostingInput,
    ClaimPostingResult,
    InsurancePaymentInfo,
    LinePostingInput,
)

TOPICS = ("payments", "ledger", "claims")


@operation(Permission.POST_INSURANCE_PAYMENTS)
def enter_insurance_payment(tx: Tx, payer_id: int, *, kind: str, number: str, paid_on: date | None,
                            total: str) -> InsurancePaymentInfo:
    """Record a payer's check or EFT (a $0.00 total is allowed: an EOB that only denies or adjusts)."""
    actor = require_actor(tx)
    payer = tx.session.get(Payer, payer_id) if isinstance(payer_id, int) else None
    if payer is None:
        raise ValidationError("payer_id", "Choose the payer that sent this payment.")
    ip = new_payer_check(tx, payer, kind=kind, number=number, paid_on=paid_on, total=total, user_id=actor.user_id)
    tx.changed(*TOPICS)
    return payer_check_info(tx, ip)


def _open_payment(tx: Tx, insurance_payment_id: object) -> InsurancePayment:
    ip = load_payer_check(tx, insurance_payment_id)
    if ip.status == "void":
        raise ConflictError("This payment was voided; enter the payer's check again to post it.")
    if ip.status != "open":
        raise ConflictError("This payment is closed; its postings add up to its total. Reverse a claim's "
                            "posting to reopen it.")
    guard_today(tx, ip, "posting")
    return ip


@operation(Permission.POST_INSURANCE_PAYMENTS)
def post_claim_lines(tx: Tx, insurance_payment_id: int, claim_id: int, lines: Sequence[LinePostingInput], *,
                     payer_claim_number: str = "") -> ClaimPostingResult:
    """Post EOB lines of one claim against an open payment; all or nothing (one transaction).

    Refused (ValidationError naming ``lines[i].<field>``): bad amounts or codes, a line not on the claim,
    paid + adjustments over what is still open on the charge, more paid than is left of the payment.
    """
    actor = require_actor(tx)
    ip = _open_payment(tx, insurance_payment_id)
    item = ClaimPostingInput(claim_id, tuple(lines) if not isinstance(lines, (str, bytes)) else (),
                             payer_claim_number)
    [result] = post_many(tx, ip, [item], user_id=actor.user_id, prefixed=False)
    tx.changed(*TOPICS)
    return dataclasses.replace(result, payment=payer_check_info(tx, ip))


@operation(Permission.POST_INSURANCE_PAYMENTS)
def post_eob(tx: Tx, insurance_payment_id: int, claims: Sequence[ClaimPostingInput]) -> list[ClaimPostingResult]:
    """Post a whole EOB (several claims) in one transaction: every claim is saved, or none is.

    An error names the claim: its field is prefixed with ``claims[k].`` (e.g. ``claims[1].lines[0].paid``).
    """
    actor = require_actor(tx)
    ip = _open_payment(tx, insurance_payment_id)
    if isinstance(claims, (str, bytes)) or not claims:
        raise ValidationError("claims", "Enter at least one claim of the EOB.")
    items = [c if isinstance(c, ClaimPostingInput) else ClaimPostingInput(*c) for c in claims]
    results = post_many(tx, ip, items, user_id=actor.user_id, prefixed=True)
    tx.changed(*TOPICS)
    info = payer_check_info(tx, ip)
    return [dataclasses.replace(r, payment=info) for r in results]


@operation(Permission.POST_INSURANCE_PAYMENTS)
def close_insurance_payment(tx: Tx, insurance_payment_id: int) -> InsurancePaymentInfo:
    """Close a payment whose postings add up to its total, or fall short of it by exactly the paid amount of its
    835 claims dismissed from the unmatched queue (left unapplied, recorded so); refused (ConflictError on total)
    otherwise."""
    ip = load_payer_check(tx, insurance_payment_id)
    if ip.status == "closed":
        raise ConflictError("This payment is already closed.")
    if ip.status == "void":
        raise ConflictError("This payment was voided; it cannot be closed.")
    accounted = balances(tx, ip)
    if accounted is None:
        posted = posted_cents(tx, ip.id)
        info = payer_check_info(tx, ip)
        unapplied = f" and ${info.unapplied:,.2f} of dismissed ERA claims" if info.unapplied else ""
        raise ConflictError(f"The postings add up to ${from_cents(posted):,.2f}{unapplied} but the payment is "
                            f"${from_cents(ip.total_cents):,.2f} (${info.remaining:,.2f} not posted).", field="total")
    close_payer_check(tx, ip, *accounted)
    tx.changed(*TOPICS)
    return payer_check_info(tx, ip)


@operation(Permission.VIEW_BILLING, write=False)
def get_insurance_payment(tx: Tx, insurance_payment_id: int) -> InsurancePaymentInfo:
    """One payer check or EFT with what is posted of it so far."""
    return payer_check_info(tx, load_payer_check(tx, insurance_payment_id))


@operation(Permission.VIEW_BILLING, write=False)
def list_insurance_payments(tx: Tx, *, status: str | None = "open", limit: int = 200) -> list[InsurancePaymentInfo]:
    """Payer checks and EFTs, newest first (``status`` None = every one: open, closed and void)."""
    query = select(InsurancePayment).order_by(InsurancePayment.paid_on.desc(), InsurancePayment.id.desc())
    if status is not None:
        query = query.where(InsurancePayment.status == status)
    return [payer_check_info(tx, ip) for ip in tx.session.scalars(query.limit(max(1, min(limit, 1000))))]


@operation(Permission.VIEW_BILLING, write=False)
def claim_lines_to_post(tx: Tx, claim_id: int) -> list[ClaimLineOpen]:
    """A claim's lines with what is already posted on them, for the EOB posting screen."""
    claim = tx.session.get(Claim, claim_id) if isinstance(claim_id, int) else None
    if claim is None:
        raise NotFoundError("That claim does not exist.")
    lines = list(tx.session.scalars(select(ClaimLine).where(ClaimLine.claim_id == claim.id)
                                    .order_by(ClaimLine.line_number)))
    states = line_states(tx.session, [], line_ids=[cl.service_line_id for cl in lines])
    on_claim = posted_on_claims(tx.session, [claim.id])
    return [ClaimLineOpen(cl.service_line_id, cl.line_number, states[cl.service_line_id].service_date,
                          states[cl.service_line_id].code, from_cents(cl.charge_cents),
                          from_cents(on_claim.get((claim.id, cl.service_line_id), 0)),
                          from_cents(states[cl.service_line_id].charge - states[cl.service_line_id].insurance_paid
                                     - states[cl.service_line_id].written_off))
            for cl in lines if cl.service_line_id in states]


@operation(Permission.VIEW_BILLING, write=False)
def find_claims_to_post(tx: Tx, text: str, *, payer_id: int | None = None, limit: int = 50) -> list[ClaimRow]:
    """Sent claims an EOB may pay, found by claim number ('#12' or '12'), the payer's claim number,
    the patient's account number or last name (start of it); newest first, of one payer if given."""
    words = str(text or "").strip()
    if not words:
        raise ValidationError("search", "Type a claim number, the payer's claim number, an account or a last name.")
    stmt = claim_row_select().where(Claim.status.in_(sorted(SUBMITTED_OR_LATER)))
    if isinstance(payer_id, int):
        stmt = stmt.where(Claim.payer_id == payer_id)
    number = words.lstrip("#").strip()
    found = [Claim.payer_claim_number == words, Patient.account_number == words.upper()]
    key = fold_key(words)
    if key:
        found.append(prefix_range(Patient.last_name_key, key))
    if number.isdigit() and len(number) < 10:
        found.append(Claim.id == int(number))
    stmt = stmt.where(or_(*found)).order_by(Claim.id.desc()).limit(max(1, min(int(limit), 200)))
    return claim_rows_from(tx.session, stmt)
