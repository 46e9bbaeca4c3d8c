"""The claim state machine: allowed moves, events, submission (re-scrubbed) and releasing held secondaries.

Public to the other service areas because payer postings (services/payments) move claims too. Its functions
are steps inside an operation: they take that operation's session and never commit, so only a service
operation can call them (the UI holds no session).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.errors import ConflictError
from frontdesk.models import Claim, ClaimEvent, ClaimLine
from frontdesk.models.base import utcnow
from frontdesk.services.billing._claim_build import copy_lines, snapshot_lines
from frontdesk.services.billing._claim_scrubber import blocking, scrub
from frontdesk.services.billing.billing_types import CLAIM_STATUS_LABELS, SUBMITTED_OR_LATER

# Every move a claim may make. Paid / partly paid come from payments (issue 7); submitted from a print
# run or an 837P file (submit below); the rest are the biller's manual moves or the scrubber's verdict.
TRANSITIONS: dict[str, frozenset[str]] = {
    "draft": frozenset({"ready", "closed"}),
    "ready": frozenset({"draft", "submitted", "closed"}),
    "held": frozenset({"draft", "ready", "closed"}),
    "submitted": frozenset({"partly_paid", "paid", "denied", "closed"}),
    "partly_paid": frozenset({"paid", "denied", "closed"}),
    "denied": frozenset({"partly_paid", "paid", "closed"}),
    "paid": frozenset({"closed"}),
    "closed": frozenset(),
}
# Moves back made only when a payer posting is reversed (services/payments/_posting_reversal.py): the claim awaits
# the payer's decision again. Kept apart from TRANSITIONS so no hand-made or posting move can take them.
REVERSAL_TRANSITIONS: dict[str, frozenset[str]] = {
    "paid": frozenset({"partly_paid", "submitted", "denied"}),
    "partly_paid": frozenset({"submitted", "paid", "denied"}),
    "denied": frozenset({"submitted", "partly_paid", "paid"}),
    "submitted": frozenset(),
}
OPEN_STATUSES = frozenset({"draft", "ready", "held"})
# What a person may set by hand (set_claim_status); payments and submission have their own paths.
MANUAL_STATUSES = frozenset({"denied", "closed"})
SUBMISSION_KINDS = ("paper", "x12_837p")


def label(status: str) -> str:
    """A status as words in a sentence ("partly paid")."""
    return CLAIM_STATUS_LABELS.get(status, status).lower()


def change_status(session: Session, claim: Claim, to_status: str, *, user_id: int | None, note: str = "") -> None:
    """Move ``claim`` to ``to_status`` if the table allows it; writes a ClaimEvent and stamps status_at."""
    if to_status not in TRANSITIONS:
        raise ValueError(f"unknown claim status {to_status!r}")
    if to_status not in TRANSITIONS[claim.status]:
        raise ConflictError(f"Claim #{claim.id} is {label(claim.status)}; it cannot become {label(to_status)}.",
                            field="status")
    _record(session, claim, to_status, user_id=user_id, note=note)


def change_status_after_reversal(session: Session, claim: Claim, to_status: str, *, user_id: int | None,
                                 note: str) -> None:
    """Move ``claim`` back after a payer posting was reversed (REVERSAL_TRANSITIONS only)."""
    if to_status not in REVERSAL_TRANSITIONS.get(claim.status, frozenset()):
        raise ConflictError(f"Claim #{claim.id} is {label(claim.status)}; a reversal cannot make it "
                            f"{label(to_status)}.", field="status")
    _record(session, claim, to_status, user_id=user_id, note=note)


def record_event(session: Session, claim: Claim, *, user_id: int | None, note: str) -> None:
    """An event that does not change the status (created, re-checked, corrected from ...)."""
    session.add(ClaimEvent(claim_id=claim.id, user_id=user_id, from_status=claim.status, to_status=claim.status,
                           note=note[:300]))


def _record(session: Session, claim: Claim, to_status: str, *, user_id: int | None, note: str) -> None:
    now = utcnow()
    session.add(ClaimEvent(claim_id=claim.id, user_id=user_id, at=now, from_status=claim.status,
                           to_status=to_status, note=note[:300]))
    claim.status = to_status
    claim.status_at = now
    claim.updated_at = now


def apply_scrub(session: Session, claim: Claim, *, user_id: int | None) -> int:
    """Re-scrub a draft or ready claim, store problem_count and move it between draft and ready."""
    problems = blocking(scrub(session, claim))  # warnings are shown on the claim, not counted
    claim.problem_count = len(problems)
    if claim.status in ("draft", "ready"):
        wanted = "ready" if not problems else "draft"
        if wanted != claim.status:
            note = "No problems found" if wanted == "ready" else f"{len(problems)} problem(s) found"
            _record(session, claim, wanted, user_id=user_id, note=note)
    return len(problems)


def submit(session: Session, claim: Claim, *, via: str, batch_id: int, on_date: date, user_id: int | None) -> None:
    """Mark a ready claim submitted (printed or exported) after scrubbing it again.

    Refuses (ConflictError naming the claim) anything that is not ready or has a problem now, so no claim
    with a problem ever reaches submitted, whatever was stored earlier.
    """
    if via not in SUBMISSION_KINDS:
        raise ValueError(f"unknown submission kind {via!r}")
    if claim.status != "ready":
        raise ConflictError(f"Claim #{claim.id} is {label(claim.status)}, not ready; only ready claims are "
                            f"printed or exported.")
    count = apply_scrub(session, claim, user_id=user_id)
    if count:
        raise ConflictError(f"Claim #{claim.id} has {count} problem(s); fix them before printing or exporting it.")
    claim.submitted_on = on_date
    claim.submission = via
    claim.batch_id = batch_id
    _record(session, claim, "submitted", user_id=user_id,
            note="Printed on paper" if via == "paper" else "Exported in an 837P file")


def release_secondary(session: Session, primary_claim: Claim, paid_cents_by_service_line: dict[int, int], *,
                      user_id: int | None) -> list[Claim]:
    """Held claims of the next payer rank -> draft/ready, carrying the primary's payment per line and in total."""
    held = list(session.scalars(
        select(Claim).where(Claim.encounter_id == primary_claim.encounter_id, Claim.status == "held",
                            Claim.payer_rank == primary_claim.payer_rank + 1).order_by(Claim.id)))
    for claim in held:
        lines = list(session.scalars(select(ClaimLine).where(ClaimLine.claim_id == claim.id)))
        total = 0
        for line in lines:
            paid = int(paid_cents_by_service_line.get(line.service_line_id, 0))
            if paid < 0:
                raise ValueError("a payment cannot be negative")
            line.prior_paid_cents = paid
            total += paid
        claim.prior_paid_cents = total
        _record(session, claim, "draft", user_id=user_id, note=f"Released after claim #{primary_claim.id} was paid")
        apply_scrub(session, claim, user_id=user_id)
    return held


def rehold_secondary(session: Session, claim: Claim, *, user_id: int | None, note: str) -> None:
    """An unsent secondary claim waits again for the primary payer (its prior payments are cleared)."""
    if claim.status not in ("draft", "ready"):
        raise ConflictError(f"Claim #{claim.id} is {label(claim.status)}; only an unsent claim can be held again.")
    for line in session.scalars(select(ClaimLine).where(ClaimLine.claim_id == claim.id)):
        line.prior_paid_cents = 0
    claim.prior_paid_cents = 0
    _record(session, claim, "held", user_id=user_id, note=note)


def encounter_locked(claims: list[Claim]) -> bool:
    """True once any claim was submitted, unless a replacement claim is open (correct_claim unlocks it)."""
    if any(c.status in SUBMITTED_OR_LATER for c in claims):
        # A submitted secondary (or a void waiting its turn) keeps the lines fixed.
        return True
    submitted_ever = any(c.submitted_on is not None for c in claims)
    if not submitted_ever:
        return False
    return not any(c.frequency_code == "7" and c.status in ("draft", "ready") for c in claims)


def replace_sent_claim(session: Session, original: Claim, *, frequency: str, reference: str,
                       user_id: int | None) -> Claim:
    """A replacement (7: the encounter's current lines) or void (8: the original's lines) of a sent claim;
    the original closes. Session-level, so the demo data uses the very same steps."""
    claim = Claim(encounter_id=original.encounter_id, patient_id=original.patient_id, policy_id=original.policy_id,
                  payer_id=original.payer_id, payer_rank=original.payer_rank, status="draft",
                  frequency_code=frequency, original_reference=reference, replaces_claim_id=original.id,
                  created_by=user_id)
    session.add(claim)
    session.flush()
    if frequency == "8":
        copy_lines(session, original, claim)
    else:
        snapshot_lines(session, claim)
        paid = {sid: cents for sid, cents in session.execute(
            select(ClaimLine.service_line_id, ClaimLine.prior_paid_cents).where(ClaimLine.claim_id == original.id))}
        for line in session.scalars(select(ClaimLine).where(ClaimLine.claim_id == claim.id)):
            line.prior_paid_cents = paid.get(line.service_line_id, 0)
        claim.prior_paid_cents = original.prior_paid_cents
    kind = "Void" if frequency == "8" else "Replacement"
    record_event(session, claim, user_id=user_id, note=f"{kind} of claim #{original.id}")
    if not original.payer_claim_number:
        original.payer_claim_number = reference
    verb = "Voided" if frequency == "8" else "Replaced"
    change_status(session, original, "closed", user_id=user_id, note=f"{verb} by claim #{claim.id}")
    apply_scrub(session, claim, user_id=user_id)
    return claim
