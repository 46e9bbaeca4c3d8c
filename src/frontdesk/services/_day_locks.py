"""Locked days: a closed day's payments and charges change only as an administrator's dated correction.

Services that change money or charges call ``guard_day`` inside their transaction. For anyone without
CORRECT_CLOSED_DAY it refuses with a ConflictError naming the day; for an administrator it returns True,
and the caller dates its new entry today and calls ``record_correction`` (which also audits), so the
closed day's own rows and its totals kept at closing never change.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain.permissions import Permission, role_allows
from frontdesk.errors import ConflictError
from frontdesk.models import ClosedDayCorrection, DayClose
from frontdesk.services._base import Tx
from frontdesk.services._practice_clock import practice_today


def is_closed(session: Session, day: date) -> bool:
    """True when ``day`` was closed (end of day)."""
    return session.scalar(select(DayClose.id).where(DayClose.day == day)) is not None


def guard_day(tx: Tx, day: date, what: str) -> bool:
    """Refuse a change to closed ``day`` unless the actor may correct closed days; True = it is a correction."""
    if not is_closed(tx.session, day):
        return False
    if tx.actor is not None and role_allows(tx.actor.role, Permission.CORRECT_CLOSED_DAY):
        return True
    raise ConflictError(f"{day:%m/%d/%Y} is closed, so {what} cannot change it. Ask an administrator to enter "
                        "it as a correction.")


def record_correction(tx: Tx, closed_day: date, entity_type: str, entity_id: int, detail: str,
                      patient_id: int | None = None) -> None:
    """Write the dated correction row and its audit event (the detail holds no PHI: kind and amount only)."""
    tx.session.add(ClosedDayCorrection(closed_day=closed_day, made_on=practice_today(tx.session),
                                       entity_type=entity_type, entity_id=entity_id, detail=detail[:200],
                                       made_by=tx.actor.user_id if tx.actor else None))
    tx.audit("day.correction", entity_type=entity_type, entity_id=entity_id, patient_id=patient_id,
             detail=f"closed day {closed_day.isoformat()}: {detail}"[:200])
    tx.changed("end_of_day")
