"""Matching an 835 check to the practice's data: the payer, each claim (by the patient control number the
claim sent in CLM01, else patient + date of service + charge for the desk to confirm), each line, and for a
reversal the postings it takes back. Nothing is written here; preview and posting both start from this.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.domain.claim_numbers import claim_id_in, is_control_number
from frontdesk.domain.era835.records import RemitCheck, RemitClaim
from frontdesk.domain.money import from_cents
from frontdesk.domain.text import fold_key
from frontdesk.errors import ValidationError
from frontdesk.models import Claim, ClaimLine, InsuranceLinePosting, InsurancePayment, Patient, Payer, ServiceLine
from frontdesk.services.billing import claim_states
from frontdesk.services.billing.billing_types import SUBMITTED_OR_LATER
from frontdesk.services.payments._eob_posting import POSTABLE_STATUSES
from frontdesk.services.payments._era_lines import ChargeLine, match_lines, posting_input
from frontdesk.services.payments._posting_rules import clean_lines, clean_payer_claim_number, posted_on_claims
from frontdesk.services.payments.era_types import FALLBACK, MATCHED, UNMATCHED
from frontdesk.services.payments.payment_types import ClaimPostingInput

@dataclass
class ClaimMatch:
    """One remittance claim and what it matched here."""

    key: str
    remit: RemitClaim
    match: str = UNMATCHED
    claim: Claim | None = None
    patient_name: str = ""  # the claim's patient here
    line_ids: list[int | None] = field(default_factory=list)
    posting: ClaimPostingInput | None = None  # a payment or denial to post
    reverse: list[InsuranceLinePosting] = field(default_factory=list)  # a reversal's standing postings
    problem: str = ""


def find_payer(session: Session, check: RemitCheck) -> Payer | None:
    """The payer by its EDI payer id (N1*PR N104 / REF*2U), else by its exact name."""
    if check.payer_identifier:
        found = session.scalars(select(Payer).where(Payer.edi_payer_id == check.payer_identifier)
                                .order_by(Payer.active.desc(), Payer.id)).first()
        if found is not None:
            return found
    key = fold_key(check.payer_name)
    if not key:
        return None
    return session.scalars(select(Payer).where(Payer.name_key == key).order_by(Payer.active.desc(), Payer.id)).first()


def charges_of(session: Session, claim_ids: Sequence[int]) -> dict[int, list[ChargeLine]]:
    """Each claim's lines in order, as SVC matching reads them."""
    out: dict[int, list[ChargeLine]] = {i: [] for i in claim_ids}
    for row in session.execute(
            select(ClaimLine.claim_id, ClaimLine.service_line_id, ClaimLine.line_number, ServiceLine.code,
                   ServiceLine.modifiers, ServiceLine.from_date, ClaimLine.charge_cents)
            .join(ServiceLine, ServiceLine.id == ClaimLine.service_line_id)
            .where(ClaimLine.claim_id.in_(list(claim_ids))).order_by(ClaimLine.claim_id, ClaimLine.line_number)):
        out[row[0]].append(ChargeLine(row[1], row[2], row[3], tuple(row[4].split()), row[5], row[6]))
    return out


def _by_control_number(session: Session, matches: list[ClaimMatch]) -> None:
    # CLP01 read back by the one rule the claim was sent with (domain/claim_numbers.py).
    wanted = {m.key: found for m in matches if (found := claim_id_in(m.remit.control_number)) is not None}
    rows = {c.id: (c, p) for c, p in session.execute(
        select(Claim, Patient).join(Patient, Patient.id == Claim.patient_id).where(Claim.id.in_(set(wanted.values()))))}
    for m in matches:
        claim, patient = rows.get(wanted.get(m.key, -1), (None, None))
        if claim is None or patient is None:
            continue
        if is_control_number(m.remit.control_number, patient.account_number, claim.id):
            m.match, m.claim, m.patient_name = MATCHED, claim, f"{patient.last_name}, {patient.first_name}"


def _by_patient_date_charge(session: Session, payer_id: int, m: ClaimMatch) -> None:
    """Fallback: one sent claim of this payer for the patient so named, first seen that day, for that charge."""
    remit = m.remit
    if not (remit.patient_last and remit.service_date):
        m.problem = "Its patient control number matches no claim here."
        return
    first_day = (select(ClaimLine.claim_id, func.min(ServiceLine.from_date).label("day"))
                 .join(ServiceLine, ServiceLine.id == ClaimLine.service_line_id).group_by(ClaimLine.claim_id)
                 .subquery())
    rows = session.execute(
        select(Claim, Patient).join(Patient, Patient.id == Claim.patient_id)
        .join(first_day, first_day.c.claim_id == Claim.id)
        .where(Claim.payer_id == payer_id, Claim.status.in_(sorted(SUBMITTED_OR_LATER)),
               Patient.last_name_key == fold_key(remit.patient_last),
               Patient.first_name_key == fold_key(remit.patient_first),
               Claim.total_cents == abs(remit.charge_cents), first_day.c.day == remit.service_date)).all()
    if len(rows) == 1:
        claim, patient = rows[0]
        m.match, m.claim, m.patient_name = FALLBACK, claim, f"{patient.last_name}, {patient.first_name}"
    elif rows:
        m.problem = (f"Its patient control number matches no claim here, and {len(rows)} claims fit its patient, "
                     f"date of service and charge.")
    else:
        m.problem = "Its patient control number matches no claim here, nor does its patient, date and charge."


def _standing_from_payer(session: Session, payer_id: int, claim_ids: Sequence[int]) -> dict[int, list[InsuranceLinePosting]]:
    reversed_ids = select(InsuranceLinePosting.reverses_id).where(InsuranceLinePosting.reverses_id.is_not(None))
    out: dict[int, list[InsuranceLinePosting]] = {i: [] for i in claim_ids}
    for posting in session.scalars(
            select(InsuranceLinePosting).join(InsurancePayment,
                                              InsurancePayment.id == InsuranceLinePosting.insurance_payment_id)
            .where(InsurancePayment.payer_id == payer_id, InsuranceLinePosting.claim_id.in_(list(claim_ids)),
                   InsuranceLinePosting.reverses_id.is_(None), InsuranceLinePosting.id.not_in(reversed_ids))
            .order_by(InsuranceLinePosting.id)):
        out[posting.claim_id].append(posting)
    return out


def _plan_reversal(m: ClaimMatch, standing: list[InsuranceLinePosting]) -> None:
    assert m.claim is not None
    stands = sum(p.paid_cents for p in standing)
    taken = -(m.remit.paid_cents - m.remit.interest_cents)  # interest taken back stays on the check (PLB-like)
    if not standing:
        m.problem = f"It reverses a payment, but nothing this payer paid stands posted on claim #{m.claim.id}."
    elif stands != taken:
        m.problem = (f"It takes back ${from_cents(taken):,.2f}, but ${from_cents(stands):,.2f} "
                     f"from this payer stands posted on claim #{m.claim.id}.")
    else:
        m.reverse = standing


def _plan_posting(m: ClaimMatch, payer_id: int, charges: list[ChargeLine],
                  on_claim: dict[tuple[int, int], int], reversed_here: set[int]) -> None:
    claim = m.claim
    assert claim is not None
    if claim.payer_id != payer_id:
        m.problem = f"Claim #{claim.id} is billed to another payer."
        return
    if claim.status not in POSTABLE_STATUSES and claim.id not in reversed_here:
        m.problem = f"Claim #{claim.id} is {claim_states.label(claim.status)}; only sent claims take payments."
        return
    lines_paid = sum(ln.paid_cents for ln in m.remit.lines)
    if m.remit.lines and lines_paid + m.remit.interest_cents != m.remit.paid_cents:
        m.problem = (f"Its lines pay ${from_cents(lines_paid):,.2f} (interest ${from_cents(m.remit.interest_cents):,.2f})"
                     f" but the claim ${from_cents(m.remit.paid_cents):,.2f}.")
        return
    m.line_ids, problem = match_lines(m.remit, charges)
    if problem or not charges:
        m.problem = problem or f"Claim #{claim.id} has no charges."
        return
    try:
        clean_payer_claim_number(m.remit.payer_claim_number)
        reference = m.remit.payer_claim_number
    except ValidationError:
        reference = ""  # a payer number we cannot keep is left off; the file stays the record of it
    posting = posting_input(m.remit, claim.id, charges, m.line_ids)
    m.posting = ClaimPostingInput(posting.claim_id, posting.lines, reference)
    try:
        cleaned = clean_lines(posting.lines)
    except ValidationError as exc:
        m.problem = exc.message
        return
    if claim.id in reversed_here:
        return  # the reversal in this same check frees the lines first
    billed = {c.service_line_id: c.charge_cents for c in charges}
    for i, line in enumerate(cleaned):
        left = billed[line.service_line_id] - on_claim.get((claim.id, line.service_line_id), 0)
        if line.paid + line.adjusted > left:
            m.problem = (f"Line {i + 1}: paid plus adjustments (${from_cents(line.paid + line.adjusted):,.2f}) is "
                         f"more than the ${from_cents(max(left, 0)):,.2f} still open on claim #{claim.id} "
                         f"(already posted?).")
            return


def match_check(session: Session, check: RemitCheck, payer: Payer | None) -> list[ClaimMatch]:
    """Every claim of the check matched and planned (posting or reversal), or given the problem that stops it."""
    matches = [ClaimMatch(f"{check.index}.{k}", remit) for k, remit in enumerate(check.claims)]
    if payer is None:
        for m in matches:
            m.problem = "The payer of this remittance is not one of the practice's payers."
        return matches
    _by_control_number(session, matches)
    for m in matches:
        if m.claim is None:
            _by_patient_date_charge(session, payer.id, m)
    plan(session, payer.id, [m for m in matches if m.claim is not None])
    return matches


def plan(session: Session, payer_id: int, matches: Sequence[ClaimMatch]) -> None:
    """Postings and reversals for claims already matched (also a claim the desk picks for an unmatched one)."""
    ids = [m.claim.id for m in matches if m.claim is not None]
    charges = charges_of(session, ids)
    reversals = [m for m in matches if m.remit.is_reversal and m.claim is not None]
    standing = _standing_from_payer(session, payer_id, [m.claim.id for m in reversals if m.claim])
    for m in reversals:
        _plan_reversal(m, standing[m.claim.id] if m.claim else [])
    reversed_here = {m.claim.id for m in reversals if m.reverse and m.claim}
    # A correction belongs with its reversal: when the take-back cannot be applied, the new figures wait with it.
    stuck = {m.claim.id: m.problem for m in reversals if m.problem and m.claim}
    on_claim = posted_on_claims(session, ids)
    seen: set[int] = set()
    for m in matches:
        if m.remit.is_reversal or m.claim is None:
            continue
        if m.claim.id in stuck:
            m.problem = f"Its reversal in this remittance cannot be applied: {stuck[m.claim.id]}"
            continue
        if m.claim.id in seen:
            m.problem = f"Claim #{m.claim.id} is paid twice in this remittance."
            continue
        seen.add(m.claim.id)
        _plan_posting(m, payer_id, charges[m.claim.id], on_claim, reversed_here)
