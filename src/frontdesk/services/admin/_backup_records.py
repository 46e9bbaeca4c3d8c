"""Writing backup runs, restores and drills to their log tables and the audit trail (no PHI, no keys).

Shared by the signed-in services (services/admin/backups.py) and automation (the CLI), which acts
without a user: its rows say '(command line)'.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from frontdesk.errors import FrontDeskError, StorageError
from frontdesk.models import BackupRun, RestoreDrill
from frontdesk.models.base import utcnow
from frontdesk.services._audit_chain import MAX_DETAIL, append_event
from frontdesk.services._base import Actor
from frontdesk.storage.anchor import Anchor, write_anchor
from frontdesk.storage.engine import Database

log = logging.getLogger(__name__)

AUTOMATION_USER = "(command line)"


@dataclass(frozen=True)
class DrillOutcome:
    """One restore drill, as stored in restore_drill."""

    at: datetime
    backup_file: str
    ok: bool
    duration_ms: int
    counts_summary: str
    message: str
    id: int = 0  # the restore_drill row, once recorded


def _who(actor: Actor | None) -> tuple[int | None, str]:
    return (actor.user_id, actor.username) if actor is not None else (None, AUTOMATION_USER)


def reason(exc: BaseException) -> str:
    """A failure in words fit for the audit trail: our own messages hold no PHI; anything else, its type."""
    if isinstance(exc, FrontDeskError):
        return exc.message
    return f"unexpected error ({type(exc).__name__})"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def record_backup(db: Database, actor: Actor | None, *, target: Path, started_at: datetime, file_name: str = "",
                  size: int = 0, error: BaseException | None = None, pruned: int = 0) -> None:
    """One backup_run row and one audit event: target, size and result."""
    user_id, username = _who(actor)
    ok = error is None
    message = "verified" if ok else reason(error)  # type: ignore[arg-type]
    detail = (f"result={'ok' if ok else 'failed'} target={target} size={size}"
              + (f" deleted_old={pruned}" if pruned else "") + ("" if ok else f" reason={message}"))
    with db.session(write=True) as session:
        session.add(BackupRun(started_at=started_at, finished_at=utcnow(), user_id=user_id, username=username,
                              target=_clip(str(target), 500), file_name=file_name, size_bytes=size, ok=ok,
                              message=_clip(message, 500)))
        append_event(session, db.audit_key, action="backup.create" if ok else "backup.failed", user_id=user_id,
                     username=username, entity_type="backup", entity_id=file_name, detail=_clip(detail, MAX_DETAIL))


def record_backup_safely(db: Database, actor: Actor | None, **kwargs: object) -> None:
    """Record a failed backup without hiding the failure itself when the database cannot take the row."""
    try:
        record_backup(db, actor, **kwargs)  # type: ignore[arg-type]
    except Exception as exc:
        log.warning("could not record a failed backup: %s", type(exc).__name__)


def record_restore(db: Database, actor: Actor | None, *, backup_name: str, schema_from: str | None,
                   schema_to: str | None, key_replaced: bool, pre_restore: str | None) -> None:
    """The restore, written into the RESTORED database's audit trail (the old one is kept aside).

    The user id is left empty: the restored database's users are those of the backup's day."""
    _, username = _who(actor)
    detail = (f"backup={backup_name} schema={schema_from}->{schema_to} key={'replaced' if key_replaced else 'kept'}"
              f" pre_restore_copy={pre_restore or 'none'}")
    with db.session(write=True) as session:
        event = append_event(session, db.audit_key, action="backup.restore", username=username,
                             entity_type="backup", entity_id=backup_name, detail=_clip(detail, MAX_DETAIL))
        head = Anchor(event.seq, event.seq, event.hash, utcnow().strftime("%Y-%m-%dT%H:%M:%SZ"))
    try:  # the restored chain is legitimately shorter than the old anchor: it replaces it
        write_anchor(db.path, db.key, head)
    except StorageError as exc:
        log.warning("the audit anchor was not written after the restore: %s", type(exc).__name__)


def record_restore_refused(db: Database, actor: Actor | None, *, backup_name: str, error: BaseException) -> None:
    user_id, username = _who(actor)
    try:
        with db.session(write=True) as session:
            append_event(session, db.audit_key, action="backup.restore_refused", user_id=user_id, username=username,
                         entity_type="backup", entity_id=_clip(backup_name, 40),
                         detail=_clip(f"reason={reason(error)}", MAX_DETAIL))
    except Exception as exc:
        log.warning("could not record a refused restore: %s", type(exc).__name__)


def record_drill(db: Database, actor: Actor | None, drill: DrillOutcome) -> int:
    """A restore_drill row and an audit event; returns the row id."""
    user_id, username = _who(actor)
    with db.session(write=True) as session:
        row = RestoreDrill(at=drill.at, user_id=user_id, username=username, backup_file=drill.backup_file,
                           ok=drill.ok, duration_ms=drill.duration_ms, counts_summary=_clip(drill.counts_summary, 1000),
                           message=_clip(drill.message, 500))
        session.add(row)
        append_event(session, db.audit_key, action="backup.drill", user_id=user_id, username=username,
                     entity_type="backup", entity_id=drill.backup_file,
                     detail=_clip(f"result={'ok' if drill.ok else 'failed'} duration_ms={drill.duration_ms}"
                                  + ("" if drill.ok else f" reason={drill.message}"), MAX_DETAIL))
        session.flush()
        return row.id
