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
from frontdesk.services._audit_chain import MAX_DETAIL, append_event, chain_head
from frontdesk.services._base import Actor
from frontdesk.storage.anchor import head_anchor, write_anchor
from frontdesk.storage.backup import BackupOutcome, withdraw_backup
from frontdesk.storage.engine import Database
from frontdesk.storage.restore import Recorder, RestoreFacts

log = logging.getLogger(__name__)

AUTOMATION_USER = "(command line)"
SCHEDULE_USER = "(scheduled)"  # the app's own schedule (Admin > Backups), run with no one signed in


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


def _who(actor: Actor | str | None) -> tuple[int | None, str]:
    """Who a row names: the signed-in user, or the automation (a label such as SCHEDULE_USER; else the CLI)."""
    if isinstance(actor, str):
        return None, actor
    return (actor.user_id, actor.username) if actor is not None else (None, AUTOMATION_USER)


def reason(exc: BaseException) -> str:
    """A failure in words fit for the audit trail: our own messages hold no PHI; anything else, its type."""
    if isinstance(exc, FrontDeskError):
        return exc.message
    return f"unexpected error ({type(exc).__name__})"


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def record_backup(db: Database, actor: Actor | str | None, *, target: Path, started_at: datetime, file_name: str = "",
                  size: int = 0, error: BaseException | None = None) -> None:
    """One backup_run row and one audit event: target, size and result."""
    user_id, username = _who(actor)
    ok = error is None
    message = "verified" if ok else reason(error)  # type: ignore[arg-type]
    detail = f"result={'ok' if ok else 'failed'} target={target} size={size}" + ("" if ok else f" reason={message}")
    with db.session(write=True) as session:
        session.add(BackupRun(started_at=started_at, finished_at=utcnow(), user_id=user_id, username=username,
                              target=_clip(str(target), 500), file_name=file_name, size_bytes=size, ok=ok,
                              message=_clip(message, 500)))
        append_event(session, db.audit_key, action="backup.create" if ok else "backup.failed", user_id=user_id,
                     username=username, entity_type="backup", entity_id=file_name, detail=_clip(detail, MAX_DETAIL))


def record_backup_safely(db: Database, actor: Actor | str | None, **kwargs: object) -> None:
    """Record a failed backup without hiding the failure itself when the database cannot take the row."""
    try:
        record_backup(db, actor, **kwargs)  # type: ignore[arg-type]
    except Exception as exc:
        log.warning("could not record a failed backup: %s", type(exc).__name__)


def record_new_backup(db: Database, actor: Actor | str | None, outcome: BackupOutcome, *, target: Path,
                      started_at: datetime) -> None:
    """Record a published backup: its backup_run row and audit event, one transaction. Recorded or gone.

    A backup counts only once it is recorded (file + row + audit event). When the record cannot be
    written (the practice's data disk is full), the backup is withdrawn from the folder before the
    failure is raised, so a backup is never both published and reported as failed; the failure itself is
    recorded when the database can still take it.
    """
    try:
        record_backup(db, actor, target=target, started_at=started_at, file_name=outcome.path.name,
                      size=outcome.size)
    except BaseException as exc:
        withdrawn = withdraw_backup(outcome)
        record_backup_safely(db, actor, target=target, started_at=started_at, error=exc)
        if not isinstance(exc, StorageError):
            raise
        note = ("The backup could not be recorded, so it was removed again." if withdrawn else
                f"The backup could not be recorded, and {outcome.path.name} could not be removed from {target}: "
                "it is not counted as a backup; delete it and its .json manifest.")
        raise type(exc)(f"{exc.message} {note}") from exc


def record_pruned(db: Database, actor: Actor | str | None, *, target: Path, file_name: str,
                  deleted: list[str]) -> None:
    """An audit event for the old backups retention deleted after the recorded backup ``file_name``."""
    if not deleted:
        return
    user_id, username = _who(actor)
    try:
        with db.session(write=True) as session:
            append_event(session, db.audit_key, action="backup.prune", user_id=user_id, username=username,
                         entity_type="backup", entity_id=file_name,
                         detail=_clip(f"target={target} deleted_old={len(deleted)} files={','.join(deleted)}",
                                      MAX_DETAIL))
    except Exception as exc:  # the files are gone either way; the backup itself is recorded
        log.warning("could not record the pruned backups: %s", type(exc).__name__)


def record_restore(db: Database, actor: Actor | None, facts: RestoreFacts) -> None:
    """The restore, written into the RESTORED database's audit trail (the old one is kept aside).

    Written into the prepared copy before the swap (see :func:`restore_recorder`), so the event arrives
    with the restored data in the same rename. The user id is left empty: the restored database's users
    are those of the backup's day."""
    _, username = _who(actor)
    detail = (f"backup={facts.backup_name} schema={facts.schema_from}->{facts.schema_to} "
              f"key={'replaced' if facts.key_replaced else 'kept'} pre_restore_copy={facts.pre_restore or 'none'}")
    with db.session(write=True) as session:
        append_event(session, db.audit_key, action="backup.restore", username=username, entity_type="backup",
                     entity_id=facts.backup_name, detail=_clip(detail, MAX_DETAIL))


def anchor_restored(db: Database) -> None:
    """After the swap: the restored chain, legitimately shorter than the old anchor, becomes the anchor.

    Not written into the copy before the swap (that would anchor a chain a rolled-back restore never put in
    place). A restore killed before this line leaves the old anchor: ``frontdesk check`` then finds the
    ``backup.restore`` event newer than it and says so as a warning until the next day close or backup.
    """
    try:
        with db.session(write=False) as session:
            seq, digest = chain_head(session)
        write_anchor(db.path, db.key, head_anchor(seq, digest, utcnow()))
    except StorageError as exc:
        log.warning("the audit anchor was not written after the restore: %s", type(exc).__name__)


def restore_recorder(actor: Actor | None) -> Recorder:
    """What a restore calls to record itself in the copy it is about to swap in."""
    return lambda db, facts: record_restore(db, actor, facts)


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
