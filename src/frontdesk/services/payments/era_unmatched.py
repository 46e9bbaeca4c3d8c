"""The unmatched remittance queue: 835 claims nothing here matched, kept until the desk resolves each one.

Resolving posts the claim's remittance, as the payer sent it, to a claim the desk picks (on the payer check
it came with, through the same EOB posting and reversal services as everything else), or dismisses it
with a reason (not ours, posted by hand already...). Nothing in the queue is ever deleted.
"""

from __future__ import annotations

from sqlalchemy import select

from frontdesk.domain.card_numbers import clean_note
from frontdesk.domain.era835.records import claim_from_json
from frontdesk.domain.money import from_cents
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.models import Claim, EraImport, EraUnmatchedClaim, InsurancePayment, Patient, Payer
from frontdesk.models.base import utcnow
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services.payments._era_match import MATCHED, ClaimMatch, plan
from frontdesk.services.payments._era_post import apply_claims, close_if_balanced
from frontdesk.services.payments._payer_checks import guard_today, load_payer_check
from frontdesk.services.payments.era_types import UnmatchedEraClaim

TOPICS = ("payments", "ledger", "claims", "era")


def _info(tx: Tx, row: EraUnmatchedClaim) -> UnmatchedEraClaim:
    ip = tx.session.get(InsurancePayment, row.insurance_payment_id)
    imp = tx.session.get(EraImport, row.era_import_id)
    payer = tx.session.get(Payer, ip.payer_id) if ip else None
    return UnmatchedEraClaim(row.id, row.era_import_id, row.insurance_payment_id, ip.payer_id,
                             payer.name if payer else "",
                             ip.number if ip else "", imp.imported_at if imp else row.created_at,
                             row.patient_control_number, row.status_code, row.patient_name, row.member_id,
                             row.payer_claim_number, row.service_date, from_cents(row.charge_cents),
                             from_cents(row.paid_cents), row.why, row.resolution, row.resolved_claim_id,
                             row.resolution_note)


def _open_row(tx: Tx, unmatched_id: object) -> EraUnmatchedClaim:
    row = tx.session.get(EraUnmatchedClaim, unmatched_id) if isinstance(unmatched_id, int) else None
    if row is None:
        raise NotFoundError("That unmatched remittance claim does not exist.")
    if row.resolution:
        raise ConflictError(f"This remittance claim was already {row.resolution}.")
    return row


@operation(Permission.VIEW_BILLING, write=False)
def list_unmatched_era_claims(tx: Tx, *, include_resolved: bool = False, limit: int = 200) -> list[UnmatchedEraClaim]:
    """The queue, oldest first (open ones only unless ``include_resolved``)."""
    query = select(EraUnmatchedClaim).order_by(EraUnmatchedClaim.id)
    if not include_resolved:
        query = query.where(EraUnmatchedClaim.resolution == "")
    return [_info(tx, row) for row in tx.session.scalars(query.limit(max(1, min(int(limit), 1000))))]


@operation(Permission.POST_INSURANCE_PAYMENTS)
def resolve_unmatched_era_claim(tx: Tx, unmatched_id: int, claim_id: int) -> UnmatchedEraClaim:
    """Post an unmatched remittance claim to the claim the desk picked, on the payer check it came with.

    Its lines are matched to the picked claim's charges as at import (procedure, modifiers, charge). Refused
    (ValidationError on ``claim_id``, saying why) when they do not fit, the claim is another payer's or not
    sent, or the posting would be more than is open; a reversal needs the permission to reverse payments.
    The check closes once everything on it is posted.
    """
    actor = require_actor(tx)
    row = _open_row(tx, unmatched_id)
    ip = load_payer_check(tx, row.insurance_payment_id)
    if ip.status == "void":
        raise ConflictError("The payer check of this remittance was voided; nothing can be posted on it.")
    claim = tx.session.get(Claim, claim_id) if isinstance(claim_id, int) and not isinstance(claim_id, bool) else None
    if claim is None:
        raise ValidationError("claim_id", "Choose the claim this remittance pays.")
    patient = tx.session.get(Patient, claim.patient_id)
    match = ClaimMatch(f"queue.{row.id}", claim_from_json(row.claim_json), MATCHED, claim,
                       f"{patient.last_name}, {patient.first_name}" if patient else "")
    plan(tx.session, ip.payer_id, [match])
    if match.problem:
        raise ValidationError("claim_id", match.problem)
    if ip.status == "closed":  # its money was all posted some other way: this one would overpay it
        raise ConflictError("The payer check of this remittance is closed (all its money is posted); dismiss this "
                            "claim with the reason instead.")
    guard_today(tx, ip, "posting")
    apply_claims(tx, ip, [match], import_id=row.era_import_id, user_id=actor.user_id,
                 reason=f"Reversed by the payer's 835 (trace {ip.number}), matched by hand")
    row.resolution, row.resolved_claim_id = "posted", claim.id
    row.resolved_at, row.resolved_by = utcnow(), actor.user_id
    tx.session.flush()
    close_if_balanced(tx, ip)
    tx.audit("era.unmatched.resolve", entity_type="claim", entity_id=claim.id, patient_id=claim.patient_id,
             detail=f"unmatched 835 claim {row.id} posted on payment {ip.id}")
    tx.changed(*TOPICS)
    return _info(tx, row)


@operation(Permission.POST_INSURANCE_PAYMENTS)
def dismiss_unmatched_era_claim(tx: Tx, unmatched_id: int, reason: str) -> UnmatchedEraClaim:
    """Take a remittance claim off the queue without posting it, with the reason (kept, audited).

    Its paid amount stays on the payer check as unapplied ("dismissed: reason"); the check closes when what it
    still lacks is exactly its dismissed claims' paid amount (recorded so in the closing audit event).
    """
    actor = require_actor(tx)
    row = _open_row(tx, unmatched_id)
    why = clean_note(reason, "reason", "The reason", limit=200, required=True)
    if len(why) < 3:
        raise ValidationError("reason", "Say in a few words why this remittance claim is not posted.")
    row.resolution, row.resolution_note = "dismissed", why
    row.resolved_at, row.resolved_by = utcnow(), actor.user_id
    tx.session.flush()
    tx.audit("era.unmatched.dismiss", entity_type="era_unmatched_claim", entity_id=row.id,
             detail=f"unmatched 835 claim {row.id} dismissed (${from_cents(row.paid_cents)} left unapplied on "
                    f"payment {row.insurance_payment_id})")
    # Its money stays on the check, unapplied with the reason; when that is all the check still lacks, the check
    # is accounted for and closes, as it does when the last claim is posted.
    close_if_balanced(tx, load_payer_check(tx, row.insurance_payment_id))
    tx.changed(*TOPICS)
    return _info(tx, row)
