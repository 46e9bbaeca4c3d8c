"""Phone messages: take one for a person or a group (a role, the Nurses, a provider), read the inbox, reply, move
it open -> in progress -> done. Read marks are per person: opening a group's message marks it read for you only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.formats import parse_phone
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.models import PhoneMessage
from frontdesk.models.messages import MessageNote, MessageRead
from frontdesk.services.desk import _message_queries as q
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services._contact_log import add_contact_event
from frontdesk.services.desk._message_queries import MessageRow
from frontdesk.services.desk._message_rules import (
    STATUS_LABELS,
    URGENCY_LABELS,
    Recipient,
    clean_recipient,
    clean_status,
    clean_urgency,
    message_due_at,
    recipients,
    user_names,
)
from frontdesk.services._lookups import load_editable
from frontdesk.services._practice_clock import schedule_settings

__all__ = [
    "STATUS_LABELS",
    "URGENCY_LABELS",
    "MessageDetail",
    "MessageInput",
    "MessageNoteInfo",
    "MessagePage",
    "MessageRow",
    "Recipient",
    "add_message_note",
    "count_messages",
    "get_message",
    "message_detail",
    "list_messages",
    "list_recipients",
    "message_rows",
    "set_message_status",
    "take_message",
    "unread_count",
]

MAX_PAGE = 500


@dataclass(frozen=True)
class MessageInput:
    """What the 'Take a message' form sends. Exactly one of ``to_user_id`` / ``to_role``.

    ``patient_id`` None needs ``not_a_patient`` True: the taker says so on purpose, it is never a default.
    """

    caller_name: str
    caller_phone: str = ""
    patient_id: int | None = None
    not_a_patient: bool = False
    reason: str = ""
    urgency: str = "routine"
    text: str = ""
    call_back: bool = False
    callback_phone: str = ""
    to_user_id: int | None = None
    to_role: str | None = None


@dataclass(frozen=True)
class MessagePage:
    """Rows offset..offset+len(rows) of a list whose full length is ``total``."""

    rows: list[MessageRow]
    total: int


@dataclass(frozen=True)
class MessageNoteInfo:
    id: int
    at: datetime
    user_name: str
    text: str


@dataclass(frozen=True)
class MessageDetail:
    """A message with its reply / note thread, oldest note first."""

    message: MessageRow
    notes: list[MessageNoteInfo]


def _patient_choice(tx: Tx, data: MessageInput) -> int | None:
    if data.patient_id is None:
        if not data.not_a_patient:
            raise ValidationError("patient_id", "Find the patient, or tick \u201cNot a patient\u201d.")
        return None
    if data.not_a_patient:
        raise ValidationError("patient_id",
                              "A patient is chosen: untick \u201cNot a patient\u201d or clear the patient.")
    try:
        return load_editable(tx.session, data.patient_id).id
    except (NotFoundError, ConflictError) as exc:
        raise ValidationError("patient_id", exc.message) from None


def _load(tx: Tx, message_id: object) -> PhoneMessage:
    message = tx.session.get(PhoneMessage, message_id) if isinstance(message_id, int) else None
    if message is None:
        raise NotFoundError("That message no longer exists.")
    return message


def _row(tx: Tx, message_id: int) -> MessageRow:
    return q.rows_for(tx.session, [message_id], require_actor(tx), st.utc_now())[0]


@operation(Permission.TAKE_MESSAGES)
def take_message(tx: Tx, data: MessageInput) -> MessageRow:
    """Save a phone message for a person or a role; a message about a patient joins their contact history."""
    actor = require_actor(tx)
    caller = clean_text(data.caller_name, "caller_name", "Caller name", max_len=120, required=True)
    caller_phone = parse_phone(data.caller_phone, "caller_phone", "Caller number")
    patient_id = _patient_choice(tx, data)
    reason = clean_text(data.reason, "reason", "Reason", max_len=120, required=True)
    urgency = clean_urgency(data.urgency)
    body = clean_text(data.text, "text", "Message", max_len=2000, multiline=True)
    if not isinstance(data.call_back, bool):
        raise ValidationError("call_back", "Say whether the caller wants a call back.")
    callback = parse_phone(data.callback_phone, "callback_phone", "Callback number", required=data.call_back)
    to_user_id, to_role = clean_recipient(tx.session, data.to_user_id, data.to_role, "to")
    now = st.utc_now()
    message = PhoneMessage(
        created_at=now, taken_by=actor.user_id, caller_name=caller, caller_phone=caller_phone, patient_id=patient_id,
        reason=reason, urgency=urgency, body=body, call_back=data.call_back, callback_phone=callback,
        to_user_id=to_user_id, to_role=to_role, status="open", status_by=actor.user_id, status_at=now,
        due_at=message_due_at(urgency, now, schedule_settings(tx.session).tz))
    tx.session.add(message)
    tx.session.flush()
    if patient_id is not None:
        add_contact_event(tx.session, patient_id=patient_id, kind="message", direction="in", user_id=actor.user_id,
                          summary=f"{URGENCY_LABELS[urgency]} message: {reason}", outcome="taken",
                          ref_type="phone_message", ref_id=message.id)
        tx.changed("contacts")
    # The audit names the routing and urgency only: caller, reason and text may be PHI.
    routed = f"user {to_user_id}" if to_user_id else f"group {to_role}"
    tx.audit("message.take", entity_type="phone_message", entity_id=message.id, patient_id=patient_id,
             detail=f"urgency: {urgency}; to: {routed}")
    tx.changed("messages")
    return _row(tx, message.id)


@operation(Permission.TAKE_MESSAGES, write=False)
def list_recipients(tx: Tx) -> list[Recipient]:
    """Who a message or task can go to: active users by name, the roles, the Nurses, then each active provider."""
    return recipients(tx.session)


def _statuses(include_done: bool) -> tuple[str, ...]:
    return q.ALL_STATUSES if include_done else q.OPEN_STATUSES


def _check_scope(scope: object) -> str:
    if scope not in q.SCOPES:
        raise ValidationError("scope", "Show the inbox, the messages you took, or all messages.")
    return str(scope)


@operation(Permission.TAKE_MESSAGES, write=False)
def count_messages(tx: Tx, scope: str = "inbox", *, include_done: bool = False) -> int:
    """How many messages a list holds (the lazy list asks this first)."""
    return q.count(tx.session, q.branches(tx.session, require_actor(tx), _check_scope(scope), _statuses(include_done)))


@operation(Permission.TAKE_MESSAGES, write=False)
def message_rows(tx: Tx, scope: str = "inbox", offset: int = 0, limit: int = 100, *,
                 include_done: bool = False) -> list[MessageRow]:
    """One page of a message list, newest first. ``scope``: inbox (mine and my groups'), taken (by me), all."""
    actor = require_actor(tx)
    wheres = q.branches(tx.session, actor, _check_scope(scope), _statuses(include_done))
    offset, limit = max(0, int(offset)), max(1, min(int(limit), MAX_PAGE))
    return q.rows_for(tx.session, q.page_ids(tx.session, wheres, offset, limit), actor, st.utc_now())


@operation(Permission.TAKE_MESSAGES, write=False)
def list_messages(tx: Tx, scope: str = "inbox", *, include_done: bool = False, offset: int = 0,
                  limit: int = 100) -> MessagePage:
    """Count and one page together (for callers that do not page lazily, e.g. the benchmark)."""
    actor = require_actor(tx)
    wheres = q.branches(tx.session, actor, _check_scope(scope), _statuses(include_done))
    offset, limit = max(0, int(offset)), max(1, min(int(limit), MAX_PAGE))
    rows = q.rows_for(tx.session, q.page_ids(tx.session, wheres, offset, limit), actor, st.utc_now())
    return MessagePage(rows, q.count(tx.session, wheres))


@operation(Permission.TAKE_MESSAGES, write=False)
def unread_count(tx: Tx) -> int:
    """Messages for me or my groups that are not done and that I have not opened (the status-bar badge)."""
    return q.unread_count(tx.session, require_actor(tx))


def _notes(tx: Tx, message_id: int) -> list[MessageNoteInfo]:
    notes = list(tx.session.scalars(select(MessageNote).where(MessageNote.message_id == message_id)
                                    .order_by(MessageNote.id)))
    names = user_names(tx.session, {n.user_id for n in notes if n.user_id is not None})
    return [MessageNoteInfo(n.id, n.at, names.get(n.user_id, "") if n.user_id else "", n.text) for n in notes]


@operation(Permission.TAKE_MESSAGES)
def get_message(tx: Tx, message_id: int) -> MessageDetail:
    """Open a message with its thread; a recipient opening it marks it read for them."""
    actor = require_actor(tx)
    message = _load(tx, message_id)
    if q.is_for(tx.session, message, actor) and tx.session.get(MessageRead, (message.id, actor.user_id)) is None:
        tx.session.add(MessageRead(message_id=message.id, user_id=actor.user_id, read_at=st.utc_now()))
        tx.session.flush()
        tx.changed("messages")
    tx.audit("message.view", entity_type="phone_message", entity_id=message.id, patient_id=message.patient_id)
    return MessageDetail(_row(tx, message.id), _notes(tx, message.id))


@operation(Permission.TAKE_MESSAGES, write=False)
def message_detail(tx: Tx, message_id: int) -> MessageDetail:
    """The message as :func:`get_message` gives it, for a screen re-reading the one it shows after a change:
    its opening was the audited view (and marked it read); a refresh is neither."""
    message = _load(tx, message_id)
    return MessageDetail(_row(tx, message.id), _notes(tx, message.id))


@operation(Permission.TAKE_MESSAGES)
def set_message_status(tx: Tx, message_id: int, status: str) -> MessageRow:
    """Move a message to open, in progress or done; who and when are kept with it."""
    actor = require_actor(tx)
    message = _load(tx, message_id)
    new = clean_status(status)
    if new == message.status:
        return _row(tx, message.id)
    old, message.status = message.status, new
    message.status_by, message.status_at = actor.user_id, st.utc_now()
    tx.session.flush()
    if new == "done" and message.patient_id is not None:
        add_contact_event(tx.session, patient_id=message.patient_id, kind="message", direction="", outcome="done",
                          user_id=actor.user_id, summary=f"Message handled: {message.reason}",
                          ref_type="phone_message", ref_id=message.id)
        tx.changed("contacts")
    tx.audit("message.status", entity_type="phone_message", entity_id=message.id, patient_id=message.patient_id,
             detail=f"{old} -> {new}")
    tx.changed("messages")
    return _row(tx, message.id)


@operation(Permission.TAKE_MESSAGES)
def add_message_note(tx: Tx, message_id: int, text: str) -> MessageDetail:
    """Add a reply or note to a message's thread (notes are never edited)."""
    actor = require_actor(tx)
    message = _load(tx, message_id)
    body = clean_text(text, "note", "Note", max_len=2000, required=True, multiline=True)
    note = MessageNote(message_id=message.id, at=st.utc_now(), user_id=actor.user_id, text=body)
    tx.session.add(note)
    tx.session.flush()
    tx.audit("message.note", entity_type="phone_message", entity_id=message.id, patient_id=message.patient_id)
    tx.changed("messages")
    return MessageDetail(_row(tx, message.id), _notes(tx, message.id))
