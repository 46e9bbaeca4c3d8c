"""Insurance query helpers other services reuse (patient search, billing, intake); they never commit."""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, false, or_, select
from sqlalchemy.orm import Session

from frontdesk.models import EligibilityCheck, InsurancePolicy
from frontdesk.domain.insurance_fields import member_key
from frontdesk.services._query import prefix_range

MIN_MEMBER_KEY = 2


def patients_with_member_id(key: str) -> Select[tuple[int]]:
    """Ids of patients with a policy (current or ended) whose member id starts with ``key``, normalised.

    ``key`` may be typed any way ('abc-123', 'ABC 123'): it is reduced to upper-case letters and digits,
    like the stored member key, and answered as a prefix range on its index. Too short a key matches nobody.
    """
    normalised = member_key(key or "")
    if len(normalised) < MIN_MEMBER_KEY:
        return select(InsurancePolicy.patient_id).where(false())
    return (select(InsurancePolicy.patient_id)
            .where(prefix_range(InsurancePolicy.member_key, normalised))
            .distinct())


def latest_check(session: Session, policy_id: int) -> EligibilityCheck | None:
    """The most recent eligibility check of a policy (by date checked, then by when it was logged)."""
    return session.scalar(
        select(EligibilityCheck)
        .where(EligibilityCheck.policy_id == policy_id)
        .order_by(EligibilityCheck.checked_on.desc(), EligibilityCheck.id.desc())
        .limit(1))


def rank_conflicts(session: Session, patient_id: int, rank: int, start: date, end: date | None,
                   *, exclude_id: int | None = None) -> list[InsurancePolicy]:
    """The patient's other policies of the same rank whose coverage overlaps [start, end]."""
    stmt = select(InsurancePolicy).where(
        InsurancePolicy.patient_id == patient_id,
        InsurancePolicy.rank == rank,
        or_(InsurancePolicy.end_date.is_(None), InsurancePolicy.end_date >= start),
    )
    if end is not None:
        stmt = stmt.where(InsurancePolicy.effective_date <= end)
    if exclude_id is not None:
        stmt = stmt.where(InsurancePolicy.id != exclude_id)
    return list(session.scalars(stmt.order_by(InsurancePolicy.effective_date)))
