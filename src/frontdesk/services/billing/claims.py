"""Claims: built from an encounter for the policies in effect, checked, listed, corrected, voided, closed."""

from __future__ import annotations

import re
from collections.abc import Sequence

from sqlalchemy import func, select

from frontdesk.domain.claim_form import ClaimForm
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import Claim, ClaimEvent, Encounter, Patient, User
from frontdesk.services._base import Tx, operation
from frontdesk.services.billing._claim_build import build_claim_form, snapshot_lines
from frontdesk.services.billing._claim_scrubber import blocking, scrub
from frontdesk.services.billing.claim_states import (
    MANUAL_STATUSES,
    OPEN_STATUSES,
    apply_scrub,
    change_status,
    encounter_locked,
    record_event,
    replace_sent_claim,
)
from frontdesk.services.billing._encounter_rows import encounter_claims, load_claim, load_encounter
from frontdesk.services.billing.claim_rows import claim_row_select, claim_rows_by_id, claim_rows_from
from frontdesk.services._lookups import policy_in_effect
from frontdesk.services.billing.billing_types import (
    CLAIM_STATUS_LABELS,
    SUBMITTED_OR_LATER,
    ClaimDetail,
    ClaimEventInfo,
    ClaimProblem,
    ClaimRow,
)

MAX_PAGE = 1000
_REFERENCE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]*$")


def _user_id(tx: Tx) -> int | None:
    return tx.actor.user_id if tx.actor else None


def _new_claim(tx: Tx, enc: Encounter, policy_id: int, payer_id: int, rank: int, status: str, *,
               frequency: str = "1", reference: str = "", replaces: int | None = None) -> Claim:
    claim = Claim(encounter_id=enc.id, patient_id=enc.patient_id, policy_id=policy_id, payer_id=payer_id,
                  payer_rank=rank, status=status, frequency_code=frequency, original_reference=reference,
                  replaces_claim_id=replaces, created_by=_user_id(tx))
    tx.session.add(claim)
    tx.session.flush()
    return claim


@operation(Permission.ENTER_CHARGES)
def create_claims(tx: Tx, encounter_id: int) -> list[ClaimRow]:
    """A claim for the primary policy in effect on the date of service (draft or ready by the scrubber),
    plus a held secondary claim when a secondary policy is in effect too."""
    enc = load_encounter(tx.session, encounter_id)
    if enc.status == "void":
        raise ConflictError("This encounter was voided; there is nothing to bill.")
    patient = tx.session.get(Patient, enc.patient_id)
    if patient is None or patient.status == "merged":
        raise ConflictError("This record was merged into another patient; bill the visit on that record.")
    existing = [c for c in encounter_claims(tx.session, enc.id) if c.status != "closed"]
    if any(c.status in OPEN_STATUSES for c in existing):
        raise ConflictError("This visit already has claims waiting to be sent; check them instead.")
    if existing or encounter_locked(encounter_claims(tx.session, enc.id)):
        raise ConflictError("This visit was already billed; make a corrected claim to change what was sent.")
    primary = policy_in_effect(tx.session, enc.patient_id, enc.service_date, 1)
    if primary is None:
        raise ValidationError("policy", f"The patient has no insurance in effect on {enc.service_date:%m/%d/%Y}: "
                                        "the visit is self-pay, so there is nothing to bill to a payer.")
    made = [(_new_claim(tx, enc, primary.id, primary.payer_id, 1, "draft"), "draft")]
    secondary = policy_in_effect(tx.session, enc.patient_id, enc.service_date, 2)
    if secondary is not None:
        made.append((_new_claim(tx, enc, secondary.id, secondary.payer_id, 2, "held"), "held"))
    user_id = _user_id(tx)
    for claim, status in made:
        snapshot_lines(tx.session, claim)
        record_event(tx.session, claim, user_id=user_id,
                     note="Created" if status == "draft" else "Created; held until the primary pays")
        if status == "draft":
            apply_scrub(tx.session, claim, user_id=user_id)
        else:
            claim.problem_count = len(blocking(scrub(tx.session, claim)))
        tx.audit("claim.create", entity_type="claim", entity_id=claim.id, patient_id=claim.patient_id)
    enc.status = "billed"
    tx.changed("claims", "encounters")
    return claim_rows_by_id(tx.session, [c.id for c, _ in made])


@operation(Permission.ENTER_CHARGES)
def check_claims(tx: Tx, claim_ids: Sequence[int] | None = None) -> list[ClaimRow]:
    """Scrub draft and ready claims again (all of them when ``claim_ids`` is None), moving them between
    draft and ready and storing their problem counts."""
    stmt = select(Claim).where(Claim.status.in_(("draft", "ready")))
    if claim_ids is not None:
        stmt = stmt.where(Claim.id.in_(list(claim_ids)))
    claims = list(tx.session.scalars(stmt.order_by(Claim.id)))
    for claim in claims:
        apply_scrub(tx.session, claim, user_id=_user_id(tx))
    if claims:
        tx.audit("claim.check", entity_type="claim", detail=f"{len(claims)} claim(s)")
        tx.changed("claims")
    return claim_rows_by_id(tx.session, [c.id for c in claims])


def _clean_status(status: str | None) -> str | None:
    if status is not None and status not in CLAIM_STATUS_LABELS:
        raise ValidationError("status", f"Unknown claim status {status!r}.")
    return status


@operation(Permission.VIEW_BILLING, write=False)
def claim_count(tx: Tx, status: str | None = None) -> int:
    """How many claims (of one status) there are: the list's row count."""
    stmt = select(func.count(Claim.id))
    if _clean_status(status) is not None:
        stmt = stmt.where(Claim.status == status)
    return int(tx.session.scalar(stmt) or 0)


@operation(Permission.VIEW_BILLING, write=False)
def claim_rows(tx: Tx, status: str | None = None, offset: int = 0, limit: int = 200) -> list[ClaimRow]:
    """One page of the claims list, newest first: one indexed query (status, id), no scrubbing."""
    stmt = claim_row_select()
    if _clean_status(status) is not None:
        stmt = stmt.where(Claim.status == status)
    stmt = stmt.order_by(Claim.id.desc()).offset(max(0, int(offset))).limit(max(1, min(int(limit), MAX_PAGE)))
    return claim_rows_from(tx.session, stmt)


@operation(Permission.VIEW_BILLING)
def get_claim(tx: Tx, claim_id: int) -> ClaimDetail:
    """One claim with its current findings (problems and warnings, one list) and its history (the view is
    audited: it shows PHI)."""
    claim = load_claim(tx.session, claim_id)
    tx.audit("claim.view", entity_type="claim", entity_id=claim.id, patient_id=claim.patient_id)
    return _detail(tx, claim)


@operation(Permission.VIEW_BILLING, write=False)
def claim_detail(tx: Tx, claim_id: int) -> ClaimDetail:
    """The claim as :func:`get_claim` gives it (scrubbed now), for a screen re-reading the one it shows after a
    change: its opening was the audited view, a refresh is not another."""
    return _detail(tx, load_claim(tx.session, claim_id))


def _detail(tx: Tx, claim: Claim) -> ClaimDetail:
    events = tuple(ClaimEventInfo(e.at, name or "", e.from_status, e.to_status, e.note) for e, name in tx.session.execute(
        select(ClaimEvent, User.username).outerjoin(User, User.id == ClaimEvent.user_id)
        .where(ClaimEvent.claim_id == claim.id).order_by(ClaimEvent.id)))
    return ClaimDetail(row=claim_rows_by_id(tx.session, [claim.id])[0], policy_id=claim.policy_id,
                       payer_id=claim.payer_id, replaces_claim_id=claim.replaces_claim_id,
                       original_reference=claim.original_reference, prior_paid_cents=claim.prior_paid_cents,
                       findings=tuple(scrub(tx.session, claim)), events=events)


@operation(Permission.VIEW_BILLING)
def claim_problems(tx: Tx, claim_id: int) -> list[ClaimProblem]:
    """What the scrubber finds on the claim now, problems then warnings (empty = clean)."""
    return scrub(tx.session, load_claim(tx.session, claim_id))


@operation(Permission.VIEW_BILLING)
def claim_forms(tx: Tx, claim_ids: Sequence[int]) -> list[ClaimForm]:
    """The CMS-1500 / 837P data of each claim, in the order asked."""
    forms = [build_claim_form(tx.session, load_claim(tx.session, cid)) for cid in claim_ids]
    if forms:
        tx.audit("claim.forms", entity_type="claim", detail=f"{len(forms)} claim(s)")
    return forms


def _clean_reference(value: object) -> str:
    text = "".join(clean_text(value, "original_reference", "Payer's claim number", max_len=30, required=True).split())
    if not _REFERENCE_RE.match(text):
        raise ValidationError("original_reference", "The payer's claim number has only letters, digits and dashes.")
    return text


def _sent_claim(tx: Tx, claim_id: int, what: str) -> Claim:
    claim = load_claim(tx.session, claim_id)
    if claim.status not in SUBMITTED_OR_LATER:
        raise ConflictError(f"Only a claim that was sent can be {what}; claim #{claim.id} is "
                            f"{CLAIM_STATUS_LABELS.get(claim.status, claim.status).lower()}.")
    if claim.frequency_code == "8":
        raise ConflictError(f"Claim #{claim.id} is itself a void claim.")
    open_same = [c for c in encounter_claims(tx.session, claim.encounter_id)
                 if c.payer_rank == claim.payer_rank and c.status in OPEN_STATUSES]
    if open_same:
        raise ConflictError(f"Claim #{open_same[0].id} for this payer is already waiting to be sent.")
    return claim


def _replace(tx: Tx, claim_id: int, original_reference: str, frequency: str) -> ClaimRow:
    reference = _clean_reference(original_reference)
    original = _sent_claim(tx, claim_id, "voided" if frequency == "8" else "corrected")
    claim = replace_sent_claim(tx.session, original, frequency=frequency, reference=reference, user_id=_user_id(tx))
    action = "claim.void" if frequency == "8" else "claim.correct"
    tx.audit(action, entity_type="claim", entity_id=claim.id, patient_id=claim.patient_id,
             detail=f"{'voids' if frequency == '8' else 'replaces'} {original.id}")
    tx.changed("claims", "encounters")
    return claim_rows_by_id(tx.session, [claim.id])[0]


@operation(Permission.SUBMIT_CLAIMS)
def correct_claim(tx: Tx, claim_id: int, original_reference: str) -> ClaimRow:
    """A replacement claim (frequency 7) for a sent one; the original closes and the encounter unlocks."""
    return _replace(tx, claim_id, original_reference, "7")


@operation(Permission.SUBMIT_CLAIMS)
def void_claim(tx: Tx, claim_id: int, original_reference: str) -> ClaimRow:
    """A void claim (frequency 8) repeating the sent one, ready to send; the original closes."""
    return _replace(tx, claim_id, original_reference, "8")


@operation(Permission.SUBMIT_CLAIMS)
def set_claim_status(tx: Tx, claim_id: int, status: str, note: str) -> ClaimRow:
    """A manual move the state machine allows (denied, closed), with the reason for the claim's history."""
    if status not in MANUAL_STATUSES:
        raise ValidationError("status", "Set a claim to denied or closed here; printing, export and payments "
                                        "set the other statuses.")
    why = " ".join(clean_text(note, "note", "Note", max_len=300, required=True).split())
    claim = load_claim(tx.session, claim_id)
    change_status(tx.session, claim, status, user_id=_user_id(tx), note=why)
    tx.audit(f"claim.{status}", entity_type="claim", entity_id=claim.id, patient_id=claim.patient_id)
    tx.changed("claims", "encounters")
    return claim_rows_by_id(tx.session, [claim.id])[0]
