"""Claim rows as the claim lists show them: one query with patient, visit date and payer (no N+1).

Public to the other service areas (payer postings list the claims a check may pay). These are steps inside an
operation: they take its session and never commit.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from frontdesk.models import Claim, Encounter, Patient, Payer
from frontdesk.services.billing.billing_types import ClaimRow


def patient_name(last: str, first: str) -> str:
    """"Last, First" as lists show patients."""
    return f"{last}, {first}"


def claim_row_select() -> Select:  # type: ignore[type-arg]
    """One query for claim rows: the claim with its patient, encounter date and payer (no N+1)."""
    return (select(Claim.id, Claim.encounter_id, Claim.patient_id, Patient.last_name, Patient.first_name,
                   Patient.account_number, Encounter.service_date, Payer.name, Claim.payer_rank, Claim.status,
                   Claim.total_cents, Claim.frequency_code, Claim.submitted_on, Claim.problem_count)
            .join(Patient, Patient.id == Claim.patient_id)
            .join(Encounter, Encounter.id == Claim.encounter_id)
            .join(Payer, Payer.id == Claim.payer_id))


def claim_rows_from(session: Session, stmt: Select) -> list[ClaimRow]:  # type: ignore[type-arg]
    """Run a claim_row_select() statement and wrap its rows."""
    return [ClaimRow(r[0], r[1], r[2], patient_name(r[3], r[4]), r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12],
                     r[13]) for r in session.execute(stmt)]


def claim_rows_by_id(session: Session, claim_ids: Sequence[int]) -> list[ClaimRow]:
    """Claim rows for these ids, in the order given (ids that do not exist are skipped)."""
    rows = {r.id: r for r in claim_rows_from(session, claim_row_select().where(Claim.id.in_(list(claim_ids))))}
    return [rows[i] for i in claim_ids if i in rows]
