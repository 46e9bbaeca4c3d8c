"""Reading and exporting the audit trail (admin)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.csv_cells import neutralise_cell
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ValidationError
from frontdesk.models import AuditEvent
from frontdesk.services._base import Tx, operation
from frontdesk.services._practice_clock import schedule_settings

MAX_ROWS = 100_000


@dataclass(frozen=True)
class AuditFilter:
    start: date | None = None  # the practice's calendar dates, inclusive
    end: date | None = None
    username: str = ""
    patient_id: int | None = None
    action: str = ""  # prefix match: "login" finds login, login.failure...


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at: datetime
    username: str
    action: str
    entity_type: str
    entity_id: str
    patient_id: int | None
    detail: str


def _query(f: AuditFilter, tz: ZoneInfo):  # type: ignore[no-untyped-def]
    """The filter's days are the practice's days (``tz``), not the workstation's."""
    if f.start and f.end and f.end < f.start:
        raise ValidationError("end", "The end date is before the start date.")
    stmt = select(AuditEvent).order_by(AuditEvent.seq.desc())
    if f.start:
        stmt = stmt.where(AuditEvent.at >= st.day_bounds_utc(f.start, tz)[0])
    if f.end:
        stmt = stmt.where(AuditEvent.at < st.day_bounds_utc(f.end, tz)[1])
    if f.username.strip():
        stmt = stmt.where(AuditEvent.username == f.username.strip().lower())
    if f.patient_id is not None:
        stmt = stmt.where(AuditEvent.patient_id == f.patient_id)
    if f.action.strip():
        stmt = stmt.where(AuditEvent.action.startswith(f.action.strip(), autoescape=True))
    return stmt


def _row(e: AuditEvent) -> AuditRow:
    return AuditRow(e.seq, e.at, e.username, e.action, e.entity_type, e.entity_id, e.patient_id, e.detail)


@operation(Permission.VIEW_AUDIT, write=False)
def list_events(tx: Tx, audit_filter: AuditFilter, *, limit: int = 5000) -> list[AuditRow]:
    """Newest first, filtered by date range, user, patient and action."""
    stmt = _query(audit_filter, schedule_settings(tx.session).tz).limit(max(1, min(limit, MAX_ROWS)))
    return [_row(e) for e in tx.session.scalars(stmt)]


@operation(Permission.EXPORT_AUDIT)
def export_events_csv(tx: Tx, audit_filter: AuditFilter) -> str:
    """The filtered trail as CSV text (the caller writes the file); the export itself is audited."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["seq", "time_utc", "user", "action", "entity", "entity_id", "patient_id", "detail"])
    count = 0
    for e in tx.session.scalars(_query(audit_filter, schedule_settings(tx.session).tz).limit(MAX_ROWS)):
        writer.writerow([e.seq, e.at.strftime("%Y-%m-%dT%H:%M:%SZ"), *(neutralise_cell(v) for v in (
            e.username, e.action, e.entity_type, e.entity_id)), "" if e.patient_id is None else e.patient_id,
            neutralise_cell(e.detail)])
        count += 1
    tx.audit("audit.export", entity_type="audit", detail=f"{count} events")
    return buffer.getvalue()
