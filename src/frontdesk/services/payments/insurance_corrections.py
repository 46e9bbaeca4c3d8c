"""Correcting insurance payments: reverse a claim's postings on a payer check, or void a mistyped check.

Nothing posted is edited or deleted. Reversing writes negated postings (services/payments/_posting_reversal.py):
the claim awaits the payer again, a closed check reopens so the money can be posted to the right claim,
and the ledger shows the original beside its reversal. A check entered with the wrong total, number, date
or payer is voided (every standing posting reversed, the check kept as void with the reason) and entered
again. Both need the permission to reverse payments, take a reason, and are audited.
"""

from __future__ import annotations

from sqlalchemy import and_, case, func, select

from frontdesk.domain.money import from_cents
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import (
    Claim,
    ClaimLine,
    Deposit,
    DepositItem,
    InsuranceLinePosting,
    Patient,
    PostingAdjustment,
    ServiceLine,
)
from frontdesk.models.base import utcnow
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services.payments._payer_checks import (
    guard_today,
    load_payer_check,
    payer_check_info,
)
from frontdesk.services.payments._payment_rules import clean_reversal_reason
from frontdesk.services.payments._posting_reversal import reverse_postings, standing_postings
from frontdesk.services.payments.payment_types import InsurancePaymentInfo, PostedClaim

TOPICS = ("payments", "ledger", "claims")


@operation(Permission.REVERSE_PAYMENTS)
def reverse_claim_posting(tx: Tx, insurance_payment_id: int, claim_id: int, reason: str) -> InsurancePaymentInfo:
    """Reverse every standing posting of one claim on a payer check (wrong claim, wrong amounts).

    The claim goes back to awaiting the payer (submitted or partly paid), a closed check reopens with that
    money unposted, and an unsent secondary claim is held again. Refused: a void check, a claim with nothing
    standing on the check (a reversal is never reversed), a secondary claim already sent with these figures.
    """
    actor = require_actor(tx)
    ip = load_payer_check(tx, insurance_payment_id)
    why = clean_reversal_reason(reason, "posting")
    if ip.status == "void":
        raise ConflictError("This payment was voided; its postings are already reversed.")
    if not isinstance(claim_id, int) or tx.session.get(Claim, claim_id) is None:
        raise ValidationError("claim_id", "Choose a claim posted on this payment.")
    postings = standing_postings(tx, ip.id, claim_id)
    if not postings:
        raise ConflictError(f"Nothing of claim #{claim_id} stands on this payment: it was never posted here, or "
                            f"its posting was already reversed (a reversal is not reversed again; post the "
                            f"EOB lines anew instead).", field="claim_id")
    guard_today(tx, ip, "reversal")
    reverse_postings(tx, ip, postings, reason=why, user_id=actor.user_id)
    if ip.status == "closed":
        ip.status = "open"
        ip.closed_at = None
        tx.audit("insurance_payment.reopen", entity_type="insurance_payment", entity_id=ip.id,
                 detail=f"reopened by the reversal of claim #{claim_id}")
    tx.changed(*TOPICS)
    return payer_check_info(tx, ip)


@operation(Permission.REVERSE_PAYMENTS)
def void_insurance_payment(tx: Tx, insurance_payment_id: int, reason: str) -> InsurancePaymentInfo:
    """Void a payer check or EFT entered wrongly (total, number, date, payer): its postings are reversed.

    The voided check stays listed with its reason; enter the check again with the right figures and post
    it. Refused when the check is on a saved bank deposit (the deposit slip already shows it).
    """
    actor = require_actor(tx)
    ip = load_payer_check(tx, insurance_payment_id)
    why = clean_reversal_reason(reason, "posting")
    if ip.status == "void":
        raise ConflictError("This payment is already void.")
    deposit = tx.session.execute(select(Deposit.id, Deposit.deposit_date).join(
        DepositItem, DepositItem.deposit_id == Deposit.id).where(DepositItem.insurance_payment_id == ip.id)).first()
    if deposit is not None:
        raise ConflictError(f"This check is on deposit #{deposit[0]} of {deposit[1]:%m/%d/%Y}, so it cannot be "
                            f"voided. Reverse the claims posted wrongly instead and post them again.")
    guard_today(tx, ip, "void")
    postings = standing_postings(tx, ip.id)
    if postings:
        reverse_postings(tx, ip, postings, reason=f"Payment voided: {why}", user_id=actor.user_id)
    ip.status = "void"
    ip.void_reason = why
    ip.voided_at = utcnow()
    ip.voided_by = actor.user_id
    tx.audit("insurance_payment.void", entity_type="insurance_payment", entity_id=ip.id,
             detail=f"${from_cents(ip.total_cents)} voided; {len(postings)} line posting(s) reversed")
    tx.changed(*TOPICS)
    return payer_check_info(tx, ip)


@operation(Permission.VIEW_BILLING, write=False)
def posted_claims(tx: Tx, insurance_payment_id: int) -> list[PostedClaim]:
    """The claims a payer check was posted to, in posting order, with what stands of each."""
    ip = load_payer_check(tx, insurance_payment_id)
    on_check = InsuranceLinePosting.insurance_payment_id == ip.id
    # Standing: a posting of this check that no posting reverses, here or on a later check (an 835 takes a payment
    # back on the payer's next remittance, CLP02 = 22), the rule standing_postings() applies.
    reversed_ids = select(InsuranceLinePosting.reverses_id).where(InsuranceLinePosting.reverses_id.is_not(None))
    standing = case((and_(InsuranceLinePosting.reverses_id.is_(None), InsuranceLinePosting.id.not_in(reversed_ids)),
                     1), else_=0)
    # claim -> [standing line postings, paid, adjusted] (cents), in the order the claims were posted
    totals: dict[int, list[int]] = {}
    for claim_id, standing_lines, paid in tx.session.execute(
            select(InsuranceLinePosting.claim_id, func.sum(standing), func.sum(InsuranceLinePosting.paid_cents))
            .where(on_check).group_by(InsuranceLinePosting.claim_id).order_by(func.min(InsuranceLinePosting.id))):
        totals[claim_id] = [int(standing_lines), int(paid), 0]
    for claim_id, adjusted in tx.session.execute(
            select(InsuranceLinePosting.claim_id, func.sum(PostingAdjustment.amount_cents))
            .join(PostingAdjustment, PostingAdjustment.line_posting_id == InsuranceLinePosting.id)
            .where(on_check).group_by(InsuranceLinePosting.claim_id)):
        totals[claim_id][2] = int(adjusted)
    claims = {c.id: c for c in tx.session.scalars(select(Claim).where(Claim.id.in_(list(totals))))}
    names = {p.id: (f"{p.last_name}, {p.first_name}", p.account_number) for p in tx.session.scalars(
        select(Patient).where(Patient.id.in_([c.patient_id for c in claims.values()])))}
    first = dict(tx.session.execute(select(ClaimLine.claim_id, func.min(ServiceLine.from_date))
                                    .join(ServiceLine, ServiceLine.id == ClaimLine.service_line_id)
                                    .where(ClaimLine.claim_id.in_(list(totals))).group_by(ClaimLine.claim_id)).all())
    out = []
    for claim_id, (lines, paid, adj) in totals.items():
        claim = claims[claim_id]
        name, account = names.get(claim.patient_id, ("", ""))
        out.append(PostedClaim(claim_id, name, account, first.get(claim_id), max(lines, 0), from_cents(paid),
                               from_cents(adj), claim.status, lines <= 0))
    return out
