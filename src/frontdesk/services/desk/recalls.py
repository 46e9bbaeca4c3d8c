"""Recalls: patients due back by a date; the recall list with contact preferences, call outcomes, closing.

Booking closes a recall by matching, not by a hook in the booking service: an open recall counts as
*booked* (and leaves the open list) as soon as its patient has an appointment that was created at or
after the recall and is not cancelled or a no-show -- whoever booked it, from whichever screen. So the
calendar code needs no change, and cancelling that appointment puts the recall back on the list.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import ColumnElement, func, select, type_coerce

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.models import Appointment, Patient, PatientPhone, Provider, Recall
from frontdesk.models.base import UTCDateTime
from frontdesk.models.patient_phone import PHONE_KINDS
from frontdesk.services._base import Tx, operation
from frontdesk.services._lookups import active_provider
from frontdesk.services._contact_log import add_contact_event
from frontdesk.services.desk._letter_data import letterhead
from frontdesk.services._lookups import load_editable
from frontdesk.domain.names import provider_display_name
from frontdesk.domain.appointment_statuses import CANCELLED, NO_SHOW

# One-click call outcomes: (words shown, whether it closes the recall).
OUTCOMES: dict[str, tuple[str, bool]] = {
    "reached": ("Reached", False), "left_message": ("Left message", False), "no_answer": ("No answer", False),
    "wrong_number": ("Wrong number", False), "scheduled": ("Scheduled", True), "declined": ("Declined", True),
}
MAX_PAGE = 1000


@dataclass(frozen=True)
class RecallRow:
    """One recall as the list shows it, with the patient's contact preferences.

    ``state`` is open, booked (an appointment was made after the recall) or closed (scheduled, declined
    or cancelled: ``closed_reason``). Phones are E.164; ``phone`` is the preferred one.
    """

    id: int
    patient_id: int
    patient_name: str
    account: str
    due_date: date
    reason: str
    provider_name: str
    note: str
    state: str
    closed_reason: str
    booked_for: datetime | None
    attempts: int
    last_outcome: str
    last_contact_at: datetime | None
    preferred_contact: str
    phone: str
    phones: tuple[tuple[str, str], ...]  # (kind, e164) of every phone on file
    voicemail_ok: bool
    text_ok: bool
    email: str
    has_address: bool


@dataclass(frozen=True)
class RecallPage:
    rows: list[RecallRow]
    more: bool  # another page follows


def _booked_for() -> ColumnElement[datetime]:
    """The first appointment booked for the recall's patient since the recall was made (NULL when none)."""
    # type_coerce: min() would otherwise lose the column's UTC type and come back naive.
    return type_coerce(select(func.min(Appointment.start_utc))
            .where(Appointment.patient_id == Recall.patient_id, Appointment.created_at >= Recall.created_at,
                   Appointment.status.not_in((CANCELLED, NO_SHOW)))
            .correlate(Recall).scalar_subquery(), UTCDateTime)


def _rows(tx: Tx, stmt) -> list[RecallRow]:  # type: ignore[no-untyped-def]
    found = tx.session.execute(stmt).all()
    ids = {recall.patient_id for recall, *_rest in found}
    phones: dict[int, dict[str, str]] = {}
    for pid, kind, e164 in tx.session.execute(select(PatientPhone.patient_id, PatientPhone.kind, PatientPhone.e164)
                                              .where(PatientPhone.patient_id.in_(ids))):
        phones.setdefault(pid, {})[kind] = e164
    out = []
    for recall, patient, provider, booked in found:
        own = phones.get(patient.id, {})
        state = "closed" if recall.status == "closed" else ("booked" if booked is not None else "open")
        out.append(RecallRow(
            recall.id, patient.id, f"{patient.last_name}, {patient.first_name}", patient.account_number,
            recall.due_date, recall.reason,
            provider_display_name(provider.first_name, provider.last_name, provider.credential) if provider else "",
            recall.note, state, recall.closed_reason, booked, recall.attempts, recall.last_outcome,
            recall.last_contact_at, patient.preferred_contact, patient.phone,
            tuple((k, own[k]) for k in PHONE_KINDS if own.get(k)), patient.voicemail_ok, patient.text_ok,
            patient.email, bool(patient.address_line1 and patient.city)))
    return out


def _select():  # type: ignore[no-untyped-def]
    return (select(Recall, Patient, Provider, _booked_for().label("booked"))
            .join(Patient, Patient.id == Recall.patient_id)
            .outerjoin(Provider, Provider.id == Recall.provider_id))


@operation(Permission.VIEW_PATIENTS, write=False)
def list_recalls(tx: Tx, start: date, end: date, *, include_closed: bool = False, offset: int = 0,
                 limit: int = 500) -> RecallPage:
    """Recalls due from ``start`` to ``end`` (inclusive) by due date; open ones only unless asked."""
    if not isinstance(start, date) or not isinstance(end, date):
        raise ValidationError("start", "Enter the dates as MM/DD/YYYY.")
    if end < start:
        raise ValidationError("end", "The end date is before the start date.")
    limit = max(1, min(int(limit), MAX_PAGE))
    stmt = _select().where(Recall.due_date >= start, Recall.due_date <= end)
    if not include_closed:
        # Walks ix_recall_status_due_date; the booked test is one index probe per candidate row.
        stmt = stmt.where(Recall.status == "open", _booked_for().is_(None))
    stmt = stmt.order_by(Recall.due_date, Recall.id).offset(max(0, int(offset))).limit(limit + 1)
    rows = _rows(tx, stmt)
    return RecallPage(rows[:limit], len(rows) > limit)


@operation(Permission.VIEW_PATIENTS, write=False)
def patient_recalls(tx: Tx, patient_id: int) -> list[RecallRow]:
    """Every recall of one patient, newest due date first."""
    return _rows(tx, _select().where(Recall.patient_id == patient_id).order_by(Recall.due_date.desc(), Recall.id))


def _get_row(tx: Tx, recall_id: int) -> RecallRow:
    return _rows(tx, _select().where(Recall.id == recall_id))[0]


@operation(Permission.MANAGE_RECALLS)
def add_recall(tx: Tx, patient_id: int, due_date: date, reason: str, provider_id: int | None = None,
               note: str = "") -> RecallRow:
    """Record that the patient is due back by ``due_date`` (today or later) for ``reason``."""
    patient = load_editable(tx.session, patient_id)
    if patient.status != "active":
        raise ValidationError("patient_id", "Recalls are for active patients only.")
    _head, tz = letterhead(tx.session)
    if not isinstance(due_date, date):
        raise ValidationError("due_date", "Enter the due date as MM/DD/YYYY.")
    if due_date < st.to_local(st.utc_now(), tz).date():
        raise ValidationError("due_date", "The due date is in the past; choose today or a later date.")
    text = clean_text(reason, "reason", "Reason", max_len=120, required=True)
    note_text = clean_text(note, "note", "Note", max_len=500, multiline=True)
    if provider_id is not None:
        provider_id = active_provider(tx.session, provider_id).id
    user_id = tx.actor.user_id if tx.actor else None
    recall = Recall(patient_id=patient.id, due_date=due_date, reason=text, provider_id=provider_id, note=note_text,
                    status="open", closed_reason="", attempts=0, last_outcome="", created_by=user_id,
                    created_at=st.utc_now())
    tx.session.add(recall)
    tx.session.flush()
    tx.audit("recall.add", entity_type="recall", entity_id=recall.id, patient_id=patient.id)
    tx.changed("recalls")
    return _get_row(tx, recall.id)


def _open_recall(tx: Tx, recall_id: object) -> Recall:
    recall = tx.session.get(Recall, recall_id) if isinstance(recall_id, int) else None
    if recall is None:
        raise NotFoundError("That recall no longer exists.")
    if recall.status == "closed":
        raise ConflictError(f"This recall is already closed ({recall.closed_reason}).")
    return recall


def _close(recall: Recall, reason: str) -> None:
    recall.status, recall.closed_reason, recall.closed_at = "closed", reason, st.utc_now()


@operation(Permission.MANAGE_RECALLS)
def log_recall_outcome(tx: Tx, recall_id: int, outcome: str, note: str = "") -> RecallRow:
    """Log one call: the outcome goes to the recall and the patient's contact history; scheduled/declined close it."""
    recall = _open_recall(tx, recall_id)
    if outcome not in OUTCOMES:
        raise ValidationError("outcome", "Choose an outcome: " + ", ".join(v[0] for v in OUTCOMES.values()) + ".")
    note_text = clean_text(note, "note", "Note", max_len=300, multiline=True)
    label, closes = OUTCOMES[outcome]
    recall.attempts += 1
    recall.last_outcome, recall.last_contact_at = outcome, st.utc_now()
    if closes:
        _close(recall, outcome)
    summary = f"Recall call ({recall.reason}): {label}" + (f" \u2014 {note_text}" if note_text else "")
    add_contact_event(tx.session, patient_id=recall.patient_id, kind="recall", direction="out", outcome=label,
                      summary=summary, user_id=tx.actor.user_id if tx.actor else None, ref_type="recall",
                      ref_id=recall.id)
    tx.audit("recall.outcome", entity_type="recall", entity_id=recall.id, patient_id=recall.patient_id,
             detail=outcome)
    tx.changed("recalls", "contacts")
    return _get_row(tx, recall.id)


@operation(Permission.MANAGE_RECALLS)
def cancel_recalls(tx: Tx, recall_ids: Sequence[int]) -> int:
    """Close recalls that no longer apply (entered by mistake, patient moved away); returns how many."""
    recalls = [_open_recall(tx, r) for r in recall_ids]
    for recall in recalls:
        _close(recall, "cancelled")
        tx.audit("recall.cancel", entity_type="recall", entity_id=recall.id, patient_id=recall.patient_id)
    tx.changed("recalls")
    return len(recalls)
