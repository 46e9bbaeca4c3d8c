"""A patient's contact history: one timeline of calls, messages, letters and notes, newest first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import ValidationError
from frontdesk.models import ContactEvent, User
from frontdesk.services._base import Tx, operation
from frontdesk.services._contact_log import add_contact_event
from frontdesk.services._lookups import load_editable, load_patient

# What staff log by hand; other services add their own kinds (confirmation, eligibility, merge ...).
MANUAL_KINDS = ("note", "call", "message", "text", "email", "letter")
DIRECTIONS = ("", "in", "out")
MAX_HISTORY = 1000


@dataclass(frozen=True)
class ContactEntry:
    """One line of the timeline; ``username`` is who logged it ('' when the app did)."""

    id: int
    at: datetime
    kind: str
    direction: str
    outcome: str
    summary: str
    username: str
    ref_type: str
    ref_id: int | None


def _entry(event: ContactEvent, username: str | None) -> ContactEntry:
    return ContactEntry(event.id, event.at, event.kind, event.direction, event.outcome, event.summary,
                        username or "", event.ref_type, event.ref_id)


@operation(Permission.VIEW_PATIENTS, write=False)
def list_contact_history(tx: Tx, patient_id: int, *, kinds: Sequence[str] = (),
                         limit: int = 200) -> list[ContactEntry]:
    """The patient's timeline, newest first; ``kinds`` narrows it (e.g. only calls)."""
    load_patient(tx.session, patient_id)
    stmt = (select(ContactEvent, User.username).outerjoin(User, User.id == ContactEvent.user_id)
            .where(ContactEvent.patient_id == patient_id)
            .order_by(ContactEvent.at.desc(), ContactEvent.id.desc())
            .limit(max(1, min(int(limit), MAX_HISTORY))))
    wanted = [k for k in kinds if isinstance(k, str)]
    if wanted:
        stmt = stmt.where(ContactEvent.kind.in_(wanted))
    return [_entry(event, username) for event, username in tx.session.execute(stmt)]


@operation(Permission.EDIT_PATIENTS)
def add_contact_note(tx: Tx, patient_id: int, summary: str, *, kind: str = "note", direction: str = "",
                     outcome: str = "") -> ContactEntry:
    """Log a call, message, letter or note by hand; the audit names the kind, never the text."""
    patient = load_editable(tx.session, patient_id)
    kind_text = kind.strip().lower() if isinstance(kind, str) else ""
    if kind_text not in MANUAL_KINDS:
        raise ValidationError("kind", "Kind must be one of: " + ", ".join(MANUAL_KINDS) + ".")
    direction_text = direction.strip().lower() if isinstance(direction, str) else "?"
    if direction_text not in DIRECTIONS:
        raise ValidationError("direction", "Direction must be in, out or empty.")
    text = clean_text(summary, "summary", "Summary", max_len=500, required=True, multiline=True)
    result = clean_text(outcome, "outcome", "Outcome", max_len=30)
    user_id = tx.actor.user_id if tx.actor else None
    event = add_contact_event(tx.session, patient_id=patient.id, kind=kind_text, user_id=user_id, summary=text,
                              direction=direction_text, outcome=result)
    tx.audit("contact.add", entity_type="contact_event", entity_id=event.id, patient_id=patient.id,
             detail=f"kind: {kind_text}")
    tx.changed("contacts")
    return _entry(event, tx.actor.username if tx.actor else "")
