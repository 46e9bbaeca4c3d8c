"""The frozen inputs and results of the synthetic billing service (services/billing/synthetic.py re-exports them).

Kept apart so the session-level helpers (_synthetic_claims.py) and the operations share them without a cycle.
Money is integer cents, as in ``ClaimRow.total_cents``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class PolicyOnFile:
    """A policy in effect on a visit's date, as the planner needs it."""

    policy_id: int
    payer_id: int
    payer_active: bool
    release_on_file: bool  # box 12: the patient signed the release of information


@dataclass(frozen=True)
class VisitToBill:
    """A checked-out visit with no charges yet: who, when, what kind, and the policies in effect that day."""

    appointment_id: int
    patient_id: int
    patient_dob: date
    service_date: date
    type_name: str
    primary: PolicyOnFile | None
    secondary: PolicyOnFile | None


@dataclass(frozen=True)
class VisitsToBill:
    """The practice's today, whether any charges exist at all, whether there is a fee schedule, and the visits."""

    today: date
    has_charges: bool
    has_fee_schedule: bool
    visits: tuple[VisitToBill, ...]


@dataclass(frozen=True)
class BilledLine:
    """One service line to charge: the fee comes from the fee schedule (the primary payer's own fee if it has
    one); ``points_at`` names up to four of the visit's diagnosis codes (box 24E)."""

    code: str
    units: int = 1
    modifiers: str = ""
    points_at: tuple[str, ...] = ()


@dataclass(frozen=True)
class BilledVisit:
    """What was done at a checked-out visit: its diagnoses (in order), lines and place of service."""

    appointment_id: int
    diagnoses: tuple[str, ...]
    lines: tuple[BilledLine, ...]
    place_of_service: str = "11"


@dataclass(frozen=True)
class ClaimedLine:
    """A line of a claim as the payer sees it."""

    service_line_id: int
    code: str
    charge_cents: int


@dataclass(frozen=True)
class BilledClaims:
    """The encounter made for a visit and its claims: the primary (draft or ready, as the scrubber found it)
    and, when a secondary policy is in effect, the held secondary."""

    appointment_id: int
    encounter_id: int
    primary_claim_id: int
    primary_status: str
    secondary_claim_id: int | None
    lines: tuple[ClaimedLine, ...]  # the primary claim's, in line order


@dataclass(frozen=True)
class ClaimSent:
    """A ready claim sent on a past day, printed ("paper") or in an 837P file ("x12_837p")."""

    claim_id: int
    on: date
    via: str


@dataclass(frozen=True)
class SentClaim:
    """A claim as sent: its status (submitted) and the batch of its day and method."""

    claim_id: int
    status: str
    batch_id: int


@dataclass(frozen=True)
class PatientShare:
    """What the patient still owes on one line of a claim (cents), after the payers' postings."""

    claim_id: int
    patient_id: int
    service_line_id: int
    owed_cents: int
