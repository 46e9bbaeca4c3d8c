"""Reversing payer postings inside an operation: the negated rows, the claims' statuses, held secondaries.

A reversal never edits or deletes a posting (the tables refuse it): it writes a new posting with every
amount negated and ``reverses_id`` set, and negated copies of its adjustments, so sums net out and the
ledger keeps both. The claim then awaits the payer again (REVERSAL_TRANSITIONS), and a secondary claim
released with the primary's payments is held again or re-released with the new figures; one already sent to
the second payer refuses the reversal, since that payer was told the old figures.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select

from frontdesk.domain.money import from_cents
from frontdesk.errors import ConflictError
from frontdesk.models import (
    Claim,
    InsuranceLinePosting,
    InsurancePayment,
    PostingAdjustment,
)
from frontdesk.services.billing import claim_states
from frontdesk.services._base import Tx
from frontdesk.services.payments._posting_rules import adjudication
from frontdesk.services.billing.billing_types import SUBMITTED_OR_LATER


def standing_postings(tx: Tx, insurance_payment_id: int, claim_id: int | None = None) -> list[InsuranceLinePosting]:
    """The payment's postings that are neither reversals nor reversed (of one claim if given), oldest first."""
    # A reversal may sit on another check: an 835 takes a payment back on the payer's next remittance.
    reversed_ids = select(InsuranceLinePosting.reverses_id).where(InsuranceLinePosting.reverses_id.is_not(None))
    query = (select(InsuranceLinePosting)
             .where(InsuranceLinePosting.insurance_payment_id == insurance_payment_id,
                    InsuranceLinePosting.reverses_id.is_(None), InsuranceLinePosting.id.not_in(reversed_ids))
             .order_by(InsuranceLinePosting.id))
    if claim_id is not None:
        query = query.where(InsuranceLinePosting.claim_id == claim_id)
    return list(tx.session.scalars(query))


def _secondaries(tx: Tx, claim: Claim) -> list[Claim]:
    return list(tx.session.scalars(select(Claim).where(
        Claim.encounter_id == claim.encounter_id, Claim.payer_rank == claim.payer_rank + 1,
        Claim.status != "closed").order_by(Claim.id)))


def _refuse_sent_secondaries(tx: Tx, claims: Sequence[Claim]) -> None:
    for claim in claims:
        for other in _secondaries(tx, claim):
            if other.status in SUBMITTED_OR_LATER:
                raise ConflictError(f"Claim #{other.id} was already sent to the next payer with what claim "
                                    f"#{claim.id} was paid; correct or void claim #{other.id} first, then "
                                    f"reverse this posting.")


def reverse_postings(tx: Tx, ip: InsurancePayment, postings: Sequence[InsuranceLinePosting], *, reason: str,
                     user_id: int) -> dict[int, str]:
    """Write the reversals of ``postings`` (all standing) on ``ip``; returns claim id -> new status.

    ``ip`` is the check the postings are on (a manual reversal), or the payer's later check that takes the
    money back (an 835 reversal, CLP02 = 22): the negated rows count on the check they are written on.
    """
    claim_ids = list(dict.fromkeys(p.claim_id for p in postings))
    claims = list(tx.session.scalars(select(Claim).where(Claim.id.in_(claim_ids)).order_by(Claim.id)))
    _refuse_sent_secondaries(tx, claims)
    reversals = [(InsuranceLinePosting(insurance_payment_id=ip.id, claim_id=p.claim_id,
                                       service_line_id=p.service_line_id, allowed_cents=-p.allowed_cents,
                                       paid_cents=-p.paid_cents, remark_codes=p.remark_codes,
                                       denied_reason=p.denied_reason, reverses_id=p.id, reason=reason,
                                       created_by=user_id), p) for p in postings]
    tx.session.add_all([r for r, _p in reversals])
    tx.session.flush()
    by_posting: dict[int, list[PostingAdjustment]] = {}
    for adj in tx.session.scalars(select(PostingAdjustment).where(
            PostingAdjustment.line_posting_id.in_([p.id for p in postings])).order_by(PostingAdjustment.id)):
        by_posting.setdefault(adj.line_posting_id, []).append(adj)
    tx.session.add_all([PostingAdjustment(line_posting_id=r.id, service_line_id=a.service_line_id,
                                          group_code=a.group_code, reason_code=a.reason_code,
                                          amount_cents=-a.amount_cents)
                        for r, p in reversals for a in by_posting.get(p.id, [])])
    tx.session.flush()
    statuses, paid = adjudication(tx.session, claim_ids)
    note = f"Insurance posting reversed: {reason}"
    for claim in claims:
        if statuses[claim.id] != claim.status:
            claim_states.change_status_after_reversal(tx.session, claim, statuses[claim.id], user_id=user_id,
                                                       note=note)
        _follow_secondaries(tx, claim, paid[claim.id], user_id=user_id, note=note)
        cents = sum(-p.paid_cents for r, p in reversals if p.claim_id == claim.id)
        tx.audit("insurance_payment.reverse", entity_type="claim", entity_id=claim.id, patient_id=claim.patient_id,
                 detail=f"payment {ip.id}: {sum(1 for _r, p in reversals if p.claim_id == claim.id)} line "
                        f"posting(s) reversed (${from_cents(cents)}); claim {claim.status}")
    return {c.id: c.status for c in claims}


def _follow_secondaries(tx: Tx, claim: Claim, paid_by_line: dict[int, int], *, user_id: int, note: str) -> None:
    """Unsent secondaries follow the primary: re-released with its new payments, or held again."""
    unsent = [c for c in _secondaries(tx, claim) if c.status in ("draft", "ready")]  # sent ones were refused
    for other in unsent:
        claim_states.rehold_secondary(tx.session, other, user_id=user_id, note=note)
    if unsent and claim.status in ("paid", "denied"):
        claim_states.release_secondary(tx.session, claim, {k: max(v, 0) for k, v in paid_by_line.items()},
                                        user_id=user_id)
