"""Message list queries (take a session, never commit): index-ordered pages of an inbox, counts, rows.

Every list is a union of "branches" -- one recipient key and one status each -- that an index
(``(to_user_id|to_role|taken_by, status, created_at)``) answers already sorted newest first. SQLite then
merges a few short sorted runs instead of sorting a whole inbox, so the first page of 100,000 messages
costs the same as the first page of 100. The branches never overlap (a message has one recipient and
one status), so their counts add up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, and_, exists, func, literal, select, union_all
from sqlalchemy.orm import Session

from frontdesk.models import Patient, PhoneMessage
from frontdesk.models.messages import MessageRead
from frontdesk.services._base import Actor
from frontdesk.services.desk._message_rules import (
    message_overdue,
    recipient_labels,
    user_names,
)
from frontdesk.services.desk._routing import inbox_groups
from frontdesk.domain.names import patient_display_name

SCOPES = ("inbox", "taken", "all")  # mine (and my groups': role, provider, Nurses) / messages I took / everyone's
OPEN_STATUSES = ("open", "in_progress")
ALL_STATUSES = ("open", "in_progress", "done")


@dataclass(frozen=True)
class MessageRow:
    """One message as lists and the detail panel show it (times aware UTC; phones E.164)."""

    id: int
    created_at: datetime
    taken_by_name: str
    caller_name: str
    caller_phone: str
    patient_id: int | None  # None = not a patient
    patient_name: str
    reason: str
    urgency: str
    text: str
    call_back: bool
    callback_phone: str
    to_user_id: int | None
    to_role: str | None
    to_label: str
    status: str
    status_by_name: str
    status_at: datetime | None
    due_at: datetime
    overdue: bool
    unread: bool  # for the user who asked


def branches(session: Session, actor: Actor, scope: str, statuses: tuple[str, ...]) -> list[ColumnElement[bool]]:
    """The index-ordered WHERE clauses whose union is the list ``scope`` with ``statuses``."""
    if scope == "inbox":
        keys: list[ColumnElement[bool]] = [PhoneMessage.to_user_id == actor.user_id]
        keys += [PhoneMessage.to_role == key for key in inbox_groups(session, actor.user_id, actor.role)]
    elif scope == "taken":
        keys = [PhoneMessage.taken_by == actor.user_id]
    else:
        keys = [literal(True)]
    return [and_(key, PhoneMessage.status == status) for key in keys for status in statuses]


def count(session: Session, wheres: list[ColumnElement[bool]]) -> int:
    """How many messages the branches hold (each count is an index range)."""
    return sum(session.scalar(select(func.count()).select_from(PhoneMessage).where(w)) or 0 for w in wheres)


def page_ids(session: Session, wheres: list[ColumnElement[bool]], offset: int, limit: int) -> list[int]:
    """Ids of one page, newest first: each branch gives its first offset+limit rows in index order."""
    reach = offset + limit
    parts = [select(PhoneMessage.id.label("id"), PhoneMessage.created_at.label("created_at")).where(w)
             .order_by(PhoneMessage.created_at.desc(), PhoneMessage.id.desc()).limit(reach).subquery().select()
             for w in wheres]
    if not parts:
        return []
    merged = union_all(*parts).subquery()
    stmt = select(merged.c.id).order_by(merged.c.created_at.desc(), merged.c.id.desc()).offset(offset).limit(limit)
    return list(session.scalars(stmt))


def is_for(session: Session, message: PhoneMessage, actor: Actor) -> bool:
    """Is ``message`` in the actor's inbox (for them by name or for one of their groups)?"""
    return message.to_user_id == actor.user_id or (
        message.to_role is not None and message.to_role in inbox_groups(session, actor.user_id, actor.role))


def unread_count(session: Session, actor: Actor) -> int:
    """Messages in the actor's inbox, not done, that the actor has not opened yet."""
    not_read = ~exists().where(MessageRead.message_id == PhoneMessage.id, MessageRead.user_id == actor.user_id)
    return sum(session.scalar(select(func.count()).select_from(PhoneMessage).where(w, not_read)) or 0
               for w in branches(session, actor, "inbox", OPEN_STATUSES))


def rows_for(session: Session, ids: list[int], actor: Actor, now: datetime) -> list[MessageRow]:
    """Full rows for ``ids`` in the given order (a few queries for the whole page)."""
    if not ids:
        return []
    found = {m.id: m for m in session.scalars(select(PhoneMessage).where(PhoneMessage.id.in_(ids)))}
    patient_ids = {m.patient_id for m in found.values() if m.patient_id is not None}
    patients = {pid: patient_display_name(first, last) for pid, first, last in session.execute(
        select(Patient.id, Patient.first_name, Patient.last_name).where(Patient.id.in_(patient_ids)))} \
        if patient_ids else {}
    names = user_names(session, {u for m in found.values() for u in (m.taken_by, m.to_user_id, m.status_by)
                                 if u is not None})
    labels = recipient_labels(session, names, [(m.to_user_id, m.to_role) for m in found.values()])
    groups = set(inbox_groups(session, actor.user_id, actor.role))
    read = set(session.scalars(select(MessageRead.message_id).where(MessageRead.user_id == actor.user_id,
                                                                     MessageRead.message_id.in_(ids))))
    result = []
    for mid in ids:
        m = found.get(mid)
        if m is None:
            continue
        mine = m.to_user_id == actor.user_id or m.to_role in groups
        result.append(MessageRow(
            m.id, m.created_at, names.get(m.taken_by, "") if m.taken_by else "", m.caller_name, m.caller_phone,
            m.patient_id, patients.get(m.patient_id, "") if m.patient_id else "", m.reason, m.urgency, m.body,
            m.call_back, m.callback_phone, m.to_user_id, m.to_role,
            labels[(m.to_user_id, m.to_role)], m.status,
            names.get(m.status_by, "") if m.status_by else "", m.status_at, m.due_at,
            message_overdue(m.status, m.due_at, now), mine and m.status != "done" and m.id not in read))
    return result
