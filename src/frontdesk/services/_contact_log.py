"""Writing to a patient's contact history from any area (scheduling, desk, patients): a query helper, never commits."""

from __future__ import annotations

from sqlalchemy.orm import Session

from frontdesk.models import ContactEvent


def add_contact_event(session: Session, *, patient_id: int, kind: str, user_id: int | None, summary: str = "",
                      direction: str = "", outcome: str = "", ref_type: str = "", ref_id: int | None = None
                      ) -> ContactEvent:
    """Add one entry to the patient's timeline inside the caller's transaction.

    The summary is shown to staff only; callers keep it short and never put it in the audit detail.
    """
    event = ContactEvent(patient_id=patient_id, kind=kind[:20], direction=direction[:8], outcome=outcome[:30],
                         summary=summary[:500], user_id=user_id, ref_type=ref_type[:20], ref_id=ref_id)
    session.add(event)
    session.flush()
    return event
