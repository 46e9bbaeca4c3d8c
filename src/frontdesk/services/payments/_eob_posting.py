"""Posting EOB claims in bulk: every check first, then all rows in a few statements (a 50-line EOB in one save).

Called inside an operation's transaction, so a refusal anywhere leaves nothing posted. Queries are
grouped over all the EOB's claims and lines instead of run per claim: per-statement overhead, not
SQLite, is what a 50-claim EOB would otherwise spend its time on.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from frontdesk.domain.money import from_cents
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import (
    Claim,
    ClaimLine,
    InsuranceLinePosting,
    InsurancePayment,
    PostingAdjustment,
)
from frontdesk.services.billing import claim_states
from frontdesk.services._base import Tx
from frontdesk.services._ledger_queries import line_states
from frontdesk.services.payments._payer_checks import posted_cents
from frontdesk.services.payments._posting_rules import (
    CleanLine,
    adjudication,
    clean_lines,
    clean_payer_claim_number,
    posted_on_claims,
)
from frontdesk.services.payments.payment_types import ClaimPostingInput, ClaimPostingResult

POSTABLE_STATUSES = frozenset({"submitted", "partly_paid", "denied", "paid"})


class _Refusal:
    """Re-raises a per-claim error with the claim named in its field (``claims[k].``) when posting an EOB."""

    def __init__(self, prefixed: bool) -> None:
        self.prefixed = prefixed

    def validation(self, k: int, claim_id: object, field: str, message: str) -> ValidationError:
        if not self.prefixed:
            return ValidationError(field, message)
        return ValidationError(f"claims[{k}].{field}", f"Claim #{claim_id}: {message}")


def _claims(tx: Tx, ip: InsurancePayment, items: Sequence[ClaimPostingInput], refuse: _Refusal) -> list[Claim]:
    ids = [item.claim_id for item in items]
    found = {c.id: c for c in tx.session.scalars(select(Claim).where(Claim.id.in_(
        [i for i in ids if isinstance(i, int) and not isinstance(i, bool)])))}
    claims = []
    for k, claim_id in enumerate(ids):
        claim = found.get(claim_id)  # type: ignore[call-overload]
        if claim is None:
            raise refuse.validation(k, claim_id, "claim_id", "That claim does not exist.")
        if claim_id in ids[:k]:
            raise refuse.validation(k, claim_id, "claim_id", "This claim is in the EOB twice; enter it once.")
        if claim.payer_id != ip.payer_id:
            raise refuse.validation(k, claim_id, "claim_id", f"Claim #{claim.id} is billed to another payer, "
                                                             f"not to the one that sent this payment.")
        if claim.status not in POSTABLE_STATUSES:
            raise ConflictError(f"Claim #{claim.id} is {claim_states.label(claim.status)}; only submitted claims "
                                f"take payments.", field="claim_id")
        claims.append(claim)
    return claims


def _check_limits(tx: Tx, claims: list[Claim], cleaned: list[list[CleanLine]], refuse: _Refusal) -> None:
    """Over-application: per claim line (charge - already posted on it) and per charge (all payers)."""
    ids = [c.id for c in claims]
    billed = {(cl.claim_id, cl.service_line_id): cl.charge_cents for cl in tx.session.scalars(
        select(ClaimLine).where(ClaimLine.claim_id.in_(ids)))}
    on_claim = posted_on_claims(tx.session, ids)
    states = line_states(tx.session, [], line_ids=[line.service_line_id for lines in cleaned for line in lines])
    for k, (claim, lines) in enumerate(zip(claims, cleaned, strict=True)):
        for i, line in enumerate(lines):
            key = (claim.id, line.service_line_id)
            state = states.get(line.service_line_id)
            if key not in billed or state is None:
                raise refuse.validation(k, claim.id, f"lines[{i}].service_line_id",
                                        f"Line {i + 1} is not a charge on claim #{claim.id}.")
            left_on_claim = billed[key] - on_claim.get(key, 0)
            left_for_insurance = state.charge - state.insurance_paid - state.written_off
            if line.paid + line.adjusted > left_on_claim or line.paid + line.written_off > left_for_insurance:
                limit = max(min(left_on_claim, left_for_insurance), 0)
                raise refuse.validation(k, claim.id, f"lines[{i}].paid",
                                        f"Line {i + 1} ({state.code}): paid plus adjustments "
                                        f"(${from_cents(line.paid + line.adjusted):,.2f}) is more than the "
                                        f"${from_cents(limit):,.2f} still open on this charge.")
            # Count this line in before the next one, so one EOB cannot overpay a charge twice.
            on_claim[key] = on_claim.get(key, 0) + line.paid + line.adjusted
            state.insurance_paid += line.paid
            state.written_off += line.written_off


def post_many(tx: Tx, ip: InsurancePayment, items: Sequence[ClaimPostingInput], *, user_id: int,
              prefixed: bool) -> list[ClaimPostingResult]:
    """Check and post the EOB claims; results carry ``payment=None`` (the caller fills it in once)."""
    refuse = _Refusal(prefixed)
    claims = _claims(tx, ip, items, refuse)
    cleaned: list[list[CleanLine]] = []
    references = []
    for k, item in enumerate(items):
        try:
            cleaned.append(clean_lines(item.lines))
            references.append(clean_payer_claim_number(item.payer_claim_number))
        except ValidationError as exc:
            raise refuse.validation(k, item.claim_id, exc.field, exc.message) from None
    _check_limits(tx, claims, cleaned, refuse)
    paid = sum(line.paid for lines in cleaned for line in lines)
    posted = posted_cents(tx, ip.id)
    if paid > ip.total_cents - posted:
        raise ValidationError("paid", f"These lines pay ${from_cents(paid):,.2f}, more than the "
                                      f"${from_cents(ip.total_cents - posted):,.2f} of the payment not yet posted.")
    postings = [(InsuranceLinePosting(insurance_payment_id=ip.id, claim_id=claim.id,
                                      service_line_id=line.service_line_id, allowed_cents=line.allowed,
                                      paid_cents=line.paid, remark_codes=line.remark_codes,
                                      denied_reason=line.denied_reason, created_by=user_id), line)
                for claim, lines in zip(claims, cleaned, strict=True) for line in lines]
    tx.session.add_all([p for p, _line in postings])
    tx.session.flush()
    tx.session.add_all([PostingAdjustment(line_posting_id=p.id, service_line_id=line.service_line_id, group_code=g,
                                          reason_code=r, amount_cents=a)
                        for p, line in postings for g, r, a in line.adjustments])
    for claim, reference in zip(claims, references, strict=True):
        if reference:
            claim.payer_claim_number = reference
    tx.session.flush()
    released = _update_claims(tx, claims, user_id)
    results = []
    for claim, lines in zip(claims, cleaned, strict=True):
        claim_paid = sum(line.paid for line in lines)
        written_off = sum(line.written_off for line in lines)
        pr = sum(line.patient_responsibility for line in lines)
        tx.audit("insurance_payment.post", entity_type="claim", entity_id=claim.id, patient_id=claim.patient_id,
                 detail=f"payment {ip.id}: {len(lines)} line(s), paid ${from_cents(claim_paid)}, written off "
                        f"${from_cents(written_off)}, patient ${from_cents(pr)}; claim {claim.status}")
        results.append(ClaimPostingResult(claim.id, claim.status, len(lines), from_cents(claim_paid),
                                          from_cents(written_off), from_cents(pr), released.get(claim.id, ()),
                                          None))  # type: ignore[arg-type]
    return results


def _update_claims(tx: Tx, claims: list[Claim], user_id: int) -> dict[int, tuple[int, ...]]:
    """New statuses from the postings; a fully adjudicated claim releases the next payer's held claim."""
    statuses, paid = adjudication(tx.session, [c.id for c in claims])
    with_held = set(tx.session.scalars(select(Claim.encounter_id).where(
        Claim.encounter_id.in_([c.encounter_id for c in claims]), Claim.status == "held")))
    released: dict[int, tuple[int, ...]] = {}
    for claim in claims:
        status = statuses[claim.id]
        if status == claim.status:
            continue
        claim_states.change_status(tx.session, claim, status, user_id=user_id, note="Insurance payment posted")
        if status in ("paid", "denied") and claim.encounter_id in with_held:
            found = claim_states.release_secondary(tx.session, claim, paid[claim.id], user_id=user_id)
            released[claim.id] = tuple(c.id for c in found)
    return released
