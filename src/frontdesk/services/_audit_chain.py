"""Appending to and verifying the HMAC-chained audit trail (query helpers: never commit)."""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.models import AuditEvent
from frontdesk.models.base import utcnow

GENESIS_HASH = "0" * 64
MAX_DETAIL = 500


def _canonical(seq: int, at: datetime, user_id: int | None, username: str, action: str, entity_type: str,
               entity_id: str, patient_id: int | None, detail: str) -> bytes:
    record = [seq, at.strftime("%Y-%m-%dT%H:%M:%S.%fZ"), user_id, username, action, entity_type, entity_id,
              patient_id, detail]
    return json.dumps(record, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def chain_hash(key: bytes, prev_hash: str, payload: bytes) -> str:
    return hmac.new(key, prev_hash.encode("ascii") + b"|" + payload, hashlib.sha256).hexdigest()


def append_event(session: Session, key: bytes, *, action: str, user_id: int | None = None, username: str = "",
                 entity_type: str = "", entity_id: str | int = "", patient_id: int | None = None,
                 detail: str = "") -> AuditEvent:
    """Add one event to the chain inside the caller's transaction (which must hold the write lock)."""
    last = session.execute(select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)).first()
    seq = 1 if last is None else last.seq + 1
    prev = GENESIS_HASH if last is None else last.hash
    # Microsecond precision is what the column round-trips, so hash exactly that.
    at = utcnow()
    detail = detail[:MAX_DETAIL]
    entity_id = str(entity_id)
    digest = chain_hash(key, prev, _canonical(seq, at, user_id, username, action, entity_type, entity_id,
                                               patient_id, detail))
    event = AuditEvent(seq=seq, at=at, user_id=user_id, username=username, action=action, entity_type=entity_type,
                       entity_id=entity_id, patient_id=patient_id, detail=detail, prev_hash=prev, hash=digest)
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
    prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    last_seq = 0
    stmt = select(AuditEvent).order_by(AuditEvent.seq).execution_options(yield_per=batch)
    for ev in session.scalars(stmt):
        if ev.seq != expected_seq:
            return ChainReport(False, count, last_seq, prev, f"audit event {expected_seq} is missing")
        if ev.prev_hash != prev:
            return ChainReport(False, count, last_seq, prev, f"audit event {ev.seq} does not link to the one before it")
        digest = chain_hash(key, prev, _canonical(ev.seq, ev.at, ev.user_id, ev.username, ev.action, ev.entity_type,
                                                  ev.entity_id, ev.patient_id, ev.detail))
        if not hmac.compare_digest(digest, ev.hash):
            return ChainReport(False, count, last_seq, prev, f"audit event {ev.seq} was altered")
        prev = ev.hash
        last_seq = ev.seq
        expected_seq += 1
        count += 1
    return ChainReport(True, count, last_seq, prev)
