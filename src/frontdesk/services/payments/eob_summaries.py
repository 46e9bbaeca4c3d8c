"""EOB summaries: one payer's standing decision on one claim, per line, as a page to attach to a paper
secondary claim (reports/eob_summary_pdf.py). Built from the postings, so a hand-entered EOB and an imported
835 print alike; a reversed posting no longer shows.
"""

from __future__ import annotations

import os

from sqlalchemy import select

from frontdesk.domain import carc
from frontdesk.domain.eob_summary import EobAdjustment, EobSummary, EobSummaryLine
from frontdesk.domain.money import from_cents
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ConflictError, NotFoundError
from frontdesk.models import (
    Claim,
    ClaimLine,
    InsuranceLinePosting,
    InsurancePayment,
    InsurancePolicy,
    Patient,
    Payer,
    PostingAdjustment,
    Practice,
    ServiceLine,
)
from frontdesk.services._base import Tx, operation
from frontdesk.services._practice_clock import practice_now
from frontdesk.services.billing import claim_states


def _standing(tx: Tx, claim_id: int, insurance_payment_id: int | None) -> list[InsuranceLinePosting]:
    reversed_ids = select(InsuranceLinePosting.reverses_id).where(InsuranceLinePosting.reverses_id.is_not(None))
    query = (select(InsuranceLinePosting).where(InsuranceLinePosting.claim_id == claim_id,
                                                InsuranceLinePosting.reverses_id.is_(None),
                                                InsuranceLinePosting.id.not_in(reversed_ids))
             .order_by(InsuranceLinePosting.id))
    if insurance_payment_id is not None:
        query = query.where(InsuranceLinePosting.insurance_payment_id == insurance_payment_id)
    postings = list(tx.session.scalars(query))
    if not postings:
        raise ConflictError(f"Nothing posted stands on claim #{claim_id}"
                            f"{' from that payment' if insurance_payment_id is not None else ''}: there is no "
                            f"EOB to summarize.")
    latest = max(p.insurance_payment_id for p in postings)  # the payer's last word on the claim
    return [p for p in postings if p.insurance_payment_id == latest]


def _summary(tx: Tx, claim_id: object, insurance_payment_id: int | None) -> EobSummary:
    claim = tx.session.get(Claim, claim_id) if isinstance(claim_id, int) and not isinstance(claim_id, bool) else None
    if claim is None:
        raise NotFoundError("That claim does not exist.")
    postings = _standing(tx, claim.id, insurance_payment_id)
    ip = tx.session.get(InsurancePayment, postings[0].insurance_payment_id)
    payer = tx.session.get(Payer, ip.payer_id)
    patient = tx.session.get(Patient, claim.patient_id)
    policy = tx.session.get(InsurancePolicy, claim.policy_id)
    practice = tx.session.scalar(select(Practice).limit(1))
    lines = {sl.id: (sl, charge) for sl, charge in tx.session.execute(
        select(ServiceLine, ClaimLine.charge_cents).join(ClaimLine, ClaimLine.service_line_id == ServiceLine.id)
        .where(ClaimLine.claim_id == claim.id))}
    adjustments: dict[int, list[EobAdjustment]] = {}
    for adj in tx.session.scalars(select(PostingAdjustment).where(
            PostingAdjustment.line_posting_id.in_([p.id for p in postings])).order_by(PostingAdjustment.id)):
        adjustments.setdefault(adj.line_posting_id, []).append(EobAdjustment(
            adj.group_code, adj.reason_code, from_cents(adj.amount_cents), carc.describe(adj.group_code,
                                                                                          adj.reason_code)))
    out = []
    for p in sorted(postings, key=lambda p: lines[p.service_line_id][0].line_number):
        sl, charge = lines[p.service_line_id]
        out.append(EobSummaryLine(sl.from_date, sl.code, sl.modifiers, from_cents(charge), from_cents(p.allowed_cents),
                                  from_cents(p.paid_cents), tuple(adjustments.get(p.id, ())), p.remark_codes,
                                  p.denied_reason))
    address: tuple[str, ...] = ()
    if practice is not None:
        address = tuple(x for x in (practice.address_line1, practice.address_line2,
                                    f"{practice.city}, {practice.state} {practice.zip_code}") if x.strip(", "))
    return EobSummary(practice.legal_name if practice else "", address, practice.billing_npi if practice else "",
                      payer.name if payer else "", ip.kind, ip.number, ip.paid_on, claim.id, claim.payer_claim_number,
                      claim_states.label(claim.status), f"{patient.first_name} {patient.last_name}",
                      patient.account_number, policy.member_id if policy else "", tuple(out),
                      practice_now(tx.session))


@operation(Permission.VIEW_BILLING, write=False)
def eob_summary(tx: Tx, claim_id: int, *, insurance_payment_id: int | None = None) -> EobSummary:
    """The payer's standing decision on a claim (from one payer check, the latest if none is named)."""
    return _summary(tx, claim_id, insurance_payment_id)


@operation(Permission.VIEW_BILLING)
def write_eob_summary_pdf(tx: Tx, claim_id: int, out_path: str | os.PathLike[str], *,
                          insurance_payment_id: int | None = None) -> EobSummary:
    """Write the claim's EOB summary PDF to ``out_path`` (atomically) and record that it was printed."""
    from frontdesk.reports.eob_summary_pdf import write_eob_summary

    data = _summary(tx, claim_id, insurance_payment_id)
    write_eob_summary(data, out_path)
    tx.audit("claim.eob_summary", entity_type="claim", entity_id=data.claim_id,
             patient_id=tx.session.get(Claim, data.claim_id).patient_id, detail="EOB summary printed")
    return data
