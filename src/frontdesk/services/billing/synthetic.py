"""Synthetic billing history for the demo practice and the benchmarks: charges for past visits, claims, and
claims sent on past days. Only in a demo practice (synthetic records in a real one would pass for PHI).

What to bill (diagnoses and lines per kind of visit, which claims go out when, what the payers decide) is
planned by the caller (frontdesk/demo/billing.py); these operations write it with the billing services'
own steps: fees from the fee schedule, the line snapshot, the scrubber, the claim state machine. The
payers' checks and the patients' payments go through the public payment operations. Each write is one
transaction with one audit event (``demo.billing``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from sqlalchemy import select

from frontdesk.domain.permissions import Permission
from frontdesk.errors import ValidationError
from frontdesk.models import Encounter, FeeScheduleItem
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services._demo_practice import require_demo_practice
from frontdesk.services._practice_clock import practice_today
from frontdesk.services.billing._synthetic_claims import (
    clean_send,
    clean_visit,
    patient_shares as _patient_shares,
    send_claim,
    visits_to_bill as _visits_to_bill,
    write_visit,
)
from frontdesk.services.billing._synthetic_types import (
    BilledClaims,
    BilledLine,
    BilledVisit,
    ClaimedLine,
    ClaimSent,
    PatientShare,
    PolicyOnFile,
    SentClaim,
    VisitsToBill,
    VisitToBill,
)

__all__ = [
    "BilledClaims",
    "BilledLine",
    "BilledVisit",
    "ClaimSent",
    "ClaimedLine",
    "MAX_BATCH",
    "MAX_WINDOW_DAYS",
    "PatientShare",
    "PolicyOnFile",
    "SentClaim",
    "VisitToBill",
    "VisitsToBill",
    "add_billed_visits",
    "mark_claims_sent",
    "patient_shares",
    "visits_to_bill",
]

MAX_WINDOW_DAYS = 3660
MAX_BATCH = 1000  # visits, sends or claims in one call: enough for any chunk, small enough for one transaction


def _items(value: object, field: str, what: str) -> list[object]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Sequence) or not 1 <= len(value) <= MAX_BATCH:
        raise ValidationError(field, f"Give one to {MAX_BATCH:,} {what}.")
    return list(value)


@operation(Permission.MANAGE_PRACTICE, write=False)
def visits_to_bill(tx: Tx, days: int = 150) -> VisitsToBill:
    """Checked-out visits of the last ``days`` days before today (active providers, unmerged patients, no
    charges yet) in appointment order, with the primary and secondary policy in effect on each visit's date."""
    require_demo_practice(tx.session)
    if isinstance(days, bool) or not isinstance(days, int) or not 1 <= days <= MAX_WINDOW_DAYS:
        raise ValidationError("days", f"The window is 1 to {MAX_WINDOW_DAYS:,} days.")
    today = practice_today(tx.session)
    return VisitsToBill(
        today=today,
        has_charges=tx.session.scalar(select(Encounter.id).limit(1)) is not None,
        has_fee_schedule=tx.session.scalar(select(FeeScheduleItem.id).limit(1)) is not None,
        visits=tuple(_visits_to_bill(tx.session, today - timedelta(days=days), today)))


@operation(Permission.MANAGE_PRACTICE)
def add_billed_visits(tx: Tx, visits: Sequence[BilledVisit]) -> list[BilledClaims]:
    """Charge checked-out visits: per visit an encounter with its diagnoses and lines (fees from the fee
    schedule), its primary claim scrubbed (ready, or draft with its problems) and, when a secondary policy is
    in effect, a secondary claim held until the primary pays. All the visits or none (one transaction).

    Refused (ValidationError naming ``visits[i].<field>``): a visit not checked out, already charged or without
    insurance that day, unknown or retired codes, pointers to diagnoses the visit does not have.
    """
    require_demo_practice(tx.session)
    user_id = require_actor(tx).user_id
    seen: set[int] = set()
    made: list[BilledClaims] = []
    claims = 0
    for i, visit in enumerate(_items(visits, "visits", "visits")):
        appt, cleaned = clean_visit(tx.session, f"visits[{i}]", visit, seen)
        billed, count = write_visit(tx.session, f"visits[{i}]", appt, cleaned, user_id)
        made.append(billed)
        claims += count
    tx.session.flush()
    tx.audit("demo.billing", entity_type="claim", detail=f"{len(made)} encounters, {claims} claims")
    tx.changed("encounters", "claims")
    return made


@operation(Permission.MANAGE_PRACTICE)
def mark_claims_sent(tx: Tx, sends: Sequence[ClaimSent]) -> list[SentClaim]:
    """Mark ready claims sent on past days, in the order given: each scrubbed again and put in the demo batch
    of its day and method (made on first use). Refused: a claim not ready or with a problem now (ConflictError
    naming it), a day before the claim's date of service or after today (ValidationError on ``sends[i].on``)."""
    require_demo_practice(tx.session)
    user_id = require_actor(tx).user_id
    today = practice_today(tx.session)
    checked = [clean_send(tx.session, f"sends[{i}]", send, today)
               for i, send in enumerate(_items(sends, "sends", "claims"))]
    if len({claim.id for claim, _ in checked}) != len(checked):
        raise ValidationError("sends", "A claim is sent once; it is in the list twice.")
    sent = [send_claim(tx.session, claim, send, user_id) for claim, send in checked]
    tx.session.flush()
    tx.audit("demo.billing", entity_type="claim", detail=f"{len(sent)} claims sent")
    tx.changed("claims")
    return sent


@operation(Permission.MANAGE_PRACTICE, write=False)
def patient_shares(tx: Tx, claim_ids: Sequence[int]) -> list[PatientShare]:
    """What the patients owe now on the lines of these claims (their ledger's patient portion), by line."""
    require_demo_practice(tx.session)
    ids = _items(claim_ids, "claim_ids", "claims")
    if not all(isinstance(i, int) and not isinstance(i, bool) for i in ids):
        raise ValidationError("claim_ids", "Claim ids are whole numbers.")
    return _patient_shares(tx.session, ids)  # type: ignore[arg-type]
