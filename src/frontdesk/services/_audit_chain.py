"""Appending to and verifying the HMAC-chained audit trail (query helpers: never commit)."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Iterable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import event, select
from sqlalchemy.orm import Session

from frontdesk.errors import StorageError
from frontdesk.models import AuditEvent
from frontdesk.models.base import utcnow
from frontdesk.services._money_seal import pending_money, verify_money
from frontdesk.storage.anchor import advance_anchor, head_anchor
from frontdesk.storage.engine import Database

log = logging.getLogger(__name__)

GENESIS_HASH = "0" * 64
MAX_DETAIL = 500


def _canonical(seq: int, at: datetime, user_id: int | None, username: str, action: str, entity_type: str,
               entity_id: str, patient_id: int | None, detail: str, money: str = "") -> bytes:
    record: list[object] = [seq, at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), user_id, username, action, entity_type,
                            entity_id, patient_id, detail]
    if money:  # events before money was sealed (0018) hash exactly as they did
        record.append(money)
    return json.dumps(record, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def chain_hash(key: bytes, prev_hash: str, payload: bytes) -> str:
    return hmac.new(key, prev_hash.encode("ascii") + b"|" + payload, hashlib.sha256).hexdigest()


def append_event(session: Session, key: bytes, *, action: str, user_id: int | None = None, username: str = "",
                 entity_type: str = "", entity_id: str | int = "", patient_id: int | None = None,
                 detail: str = "", money_only: str | None = None) -> AuditEvent:
    """Add one event to the chain inside the caller's transaction (which must hold the write lock).

    The event also seals the posted money written since the last seal (``money_only``: of that table only).
    """
    last = session.execute(select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)).first()
    seq = 1 if last is None else last.seq + 1
    prev = GENESIS_HASH if last is None else last.hash
    # Microsecond precision is what the column round-trips, so hash exactly that.
    at = utcnow()
    detail = detail[:MAX_DETAIL]
    entity_id = str(entity_id)
    money = pending_money(session, only=money_only)  # posted money written since the last seal goes into this event's HMAC
    digest = chain_hash(key, prev, _canonical(seq, at, user_id, username, action, entity_type, entity_id,
                                               patient_id, detail, money))
    event = AuditEvent(seq=seq, at=at, user_id=user_id, username=username, action=action, entity_type=entity_type,
                       entity_id=entity_id, patient_id=patient_id, detail=detail, prev_hash=prev, hash=digest,
                       money=money)
    session.add(event)
    session.flush()
    return event


@dataclass(frozen=True)
class ChainReport:
    ok: bool
    events: int
    last_seq: int
    last_hash: str
    problem: str = ""


def verify_chain(session: Session, key: bytes, *, batch: int = 5000) -> ChainReport:
    """Recompute every HMAC in order; report the first break (edited, removed or forged rows)."""
    stmt = select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=batch)
    # closing(): a break found returns mid-stream, and on PostgreSQL yield_per reads through a server-side
    # cursor that must be closed then, not whenever the result is garbage-collected
    with closing(session.scalars(stmt)) as events:
        return _walk(events, key)


def _walk(events: Iterable[AuditEvent], key: bytes) -> ChainReport:
    prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    last_seq = 0
    for ev in events:
        if ev.seq != expected_seq:
            return ChainReport(False, count, last_seq, prev, f"audit event {expected_seq} is missing")
        if ev.prev_hash != prev:
            return ChainReport(False, count, last_seq, prev, f"audit event {ev.seq} does not link to the one before it")
        digest = chain_hash(key, prev, _canonical(ev.seq, ev.at, ev.user_id, ev.username, ev.action, ev.entity_type,
                                                  ev.entity_id, ev.patient_id, ev.detail, ev.money))
        if not hmac.compare_digest(digest, ev.hash):
            return ChainReport(False, count, last_seq, prev, f"audit event {ev.seq} was altered")
        prev = ev.hash
        last_seq = ev.seq
        expected_seq += 1
        count += 1
    return ChainReport(True, count, last_seq, prev)


def chain_head(session: Session) -> tuple[int, str]:
    """The last event's sequence number (= the number of events in an intact chain) and hash."""
    last = session.execute(select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)).first()
    return (0, GENESIS_HASH) if last is None else (int(last.seq), str(last.hash))


def anchor_after_commit(session: Session, db: Database) -> tuple[int, str]:
    """Anchor the chain head as it stands in this transaction to audit-anchor.json once it commits.

    After the commit, so a transaction that rolls back never leaves an anchor ahead of the chain; a failed
    write is logged (the commit stands; the next close or backup writes it).
    """
    seq, digest = chain_head(session)

    def write(_session: Session) -> None:
        try:
            advance_anchor(db.path, db.key, head_anchor(seq, digest, utcnow()))
        except StorageError as exc:
            log.warning("the audit anchor was not written: %s", type(exc).__name__)

    event.listen(session, "after_commit", write, once=True)
    return seq, digest


def seal_money(session: Session, key: bytes, *, action: str = "money.seal", only: str | None = None) -> bool:
    """Write an event sealing money rows no event sealed yet (e.g. written after an operation's last audit)."""
    if not pending_money(session, only=only):
        return False
    append_event(session, key, action=action, entity_type=only or "money", money_only=only,
                 detail="money written before this event, sealed into the audit trail")
    return True


def verify_posted_money(session: Session) -> tuple[int, list[str]]:
    """Every sealed money row as its event sealed it (services/_money_seal.py); (rows, problems)."""
    return verify_money(session)
