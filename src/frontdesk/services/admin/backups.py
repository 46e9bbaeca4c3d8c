"""Backups for signed-in users: back up now, restore (admin), restore drills and their history.

Backup, restore and drill are long operations: holding one write transaction for minutes would
freeze every other screen. So they check the permission in a short transaction of their own, do
the work outside any transaction (the online backup reads one snapshot while the app keeps
writing), then record the result and its audit event in one more transaction. The GUI runs them
on the runner's long-job worker, not on its database thread, and passes ``progress``; a progress
callback that raises OperationCancelled stops a backup with nothing saved and nothing recorded.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from frontdesk.domain.permissions import Permission
from frontdesk.errors import StorageError
from frontdesk.models import BackupRun, RestoreDrill
from frontdesk.paths import DataPaths
from frontdesk.services._base import Actor, ServiceContext, Tx, _check_permission, operation
from frontdesk.storage.engine import Database
from frontdesk.storage.manifest import Progress

if TYPE_CHECKING:
    from frontdesk.services.admin.backup_jobs import BackupInfo


def _long_operation(permission: Permission) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Permission check in its own short transaction; the body gets (ctx, actor, ...) and no transaction."""

    def decorate(body: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(body)
        def run(ctx: ServiceContext, /, *args: Any, **kwargs: Any) -> Any:
            with ctx.db.session(write=False) as session:
                actor = _check_permission(session, ctx.actor, permission)
            return body(ctx, actor, *args, **kwargs)

        run.__fd_permission__ = permission  # type: ignore[attr-defined]
        run.__fd_write__ = True  # type: ignore[attr-defined]
        return run

    return decorate


def _backup_paths(db: Database) -> DataPaths | None:
    """What a backup or drill needs of the data folder: None for a practice server (it has none)."""
    return None if db.path is None else _practice_paths(db)


def _practice_paths(db: Database) -> DataPaths:
    """The data folder of an open practice database (the key file lives beside it)."""
    if db.path is None:
        raise StorageError("A practice server has no data folder on this PC.")
    paths = DataPaths(db.path.parent)
    if paths.database != db.path:
        raise StorageError("This database is not in a FrontDesk data folder.")
    return paths


def _notify(ctx: ServiceContext, *topics: str) -> None:
    if ctx.notify is not None:
        ctx.notify(frozenset(topics))


@dataclass(frozen=True)
class BackupSummary:
    file_name: str
    folder: str
    size_bytes: int
    seconds: float
    checks: tuple[str, ...]
    deleted_old: tuple[str, ...]


@dataclass(frozen=True)
class RestoreSummary:
    """A finished restore. ``db`` is the restored database, open: the caller switches to it (the old
    one is closed) and everyone signs in again — the users are those of the backup's day."""

    backup_name: str
    schema_from: str | None
    schema_to: str | None
    pre_restore_copy: str | None
    key_replaced: bool
    seconds: float
    db: Database = field(repr=False, compare=False)


@dataclass(frozen=True)
class DrillRow:
    id: int
    at: datetime
    username: str
    backup_file: str
    ok: bool
    duration_ms: int
    counts_summary: str
    message: str


@dataclass(frozen=True)
class BackupRunRow:
    id: int
    finished_at: datetime
    username: str
    target: str
    file_name: str
    size_bytes: int
    ok: bool
    message: str


@_long_operation(Permission.BACKUP)
def run_backup(ctx: ServiceContext, actor: Actor, target_dir: str | Path, *,
               progress: Progress | None = None) -> BackupSummary:
    """Back up into ``target_dir`` (which must exist), verify, keep 14 daily/8 weekly/12 monthly there."""
    from frontdesk.services.admin.backup_jobs import run_backup_job

    try:
        result = run_backup_job(ctx.db, _backup_paths(ctx.db), Path(target_dir), actor=actor, progress=progress)
    finally:
        _notify(ctx, "backups", "audit")
    return BackupSummary(result.file_name, str(result.path.parent), result.size, result.seconds, result.checks,
                         result.deleted_old)


@_long_operation(Permission.RESTORE)
def restore(ctx: ServiceContext, actor: Actor, backup_file: str | Path, *, passphrase: str | None = None,
            recovery_key: str | None = None, progress: Progress | None = None) -> RestoreSummary:
    """Replace the practice's data with a backup (verified first; the current data is kept aside).

    The passphrase or recovery key is needed only for a backup made with another key. The live
    database stays usable until the backup has verified; then this closes ``ctx.db`` and swaps.
    """
    from frontdesk.services.admin.backup_jobs import run_restore_job
    from frontdesk.storage.restore import BackupKeys

    if ctx.db.path is None:
        raise StorageError("A practice server is not restored over itself: restore the backup into a new, empty "
                           "server database with `frontdesk server restore`, then enrol the workstations there.")
    keys = BackupKeys(current_key=ctx.db.key, passphrase=passphrase, recovery_key=recovery_key)
    try:
        report, restored = run_restore_job(_practice_paths(ctx.db), Path(backup_file), keys, actor=actor,
                                           progress=progress, refusals_to=ctx.db, before_swap=ctx.db.close)
    except StorageError:
        _notify(ctx, "audit")  # the refusal was recorded in the live trail
        raise
    _notify(ctx, "backups", "audit", "users", "patients", "practice", "providers")
    return RestoreSummary(report.backup_name, report.schema_from, report.schema_to,
                          str(report.pre_restore_copy) if report.pre_restore_copy else None, report.key_replaced,
                          report.seconds, restored)


@_long_operation(Permission.BACKUP)
def run_restore_drill(ctx: ServiceContext, actor: Actor, source: str | Path, *, passphrase: str | None = None,
                      recovery_key: str | None = None, progress: Progress | None = None) -> DrillRow:
    """Restore the latest backup in ``source`` (folder or file) into a temporary place and check it.

    With the passphrase or recovery key, the backup's own key file is proven too (a new-machine rehearsal).
    """
    from frontdesk.services.admin.backup_jobs import run_drill_job
    from frontdesk.storage.restore import BackupKeys

    keys = BackupKeys(current_key=ctx.db.key, passphrase=passphrase, recovery_key=recovery_key)
    outcome = run_drill_job(ctx.db, _backup_paths(ctx.db), Path(source), keys, actor=actor, progress=progress)
    _notify(ctx, "backups", "audit")
    return DrillRow(outcome.id, outcome.at, actor.username, outcome.backup_file, outcome.ok, outcome.duration_ms,
                    outcome.counts_summary, outcome.message)


@operation(Permission.RESTORE, write=False)
def backup_to_restore(tx: Tx, backup_file: str | Path) -> BackupInfo:
    """What a chosen backup is, read from its manifest, and whether this practice's key opens it.

    Read before the restore dialog opens, so a wrong file is refused before anything runs.
    """
    from frontdesk.services.admin.backup_jobs import read_backup_info

    return read_backup_info(backup_file, tx.ctx.db.key)


def _drill_row(r: RestoreDrill) -> DrillRow:
    return DrillRow(r.id, r.at, r.username, r.backup_file, r.ok, r.duration_ms, r.counts_summary, r.message)


@operation(Permission.BACKUP, write=False)
def list_drills(tx: Tx, *, limit: int = 200) -> list[DrillRow]:
    """Restore drills, newest first: the practice's evidence of contingency-plan testing."""
    stmt = select(RestoreDrill).order_by(RestoreDrill.at.desc(), RestoreDrill.id.desc()).limit(max(1, limit))
    return [_drill_row(r) for r in tx.session.scalars(stmt)]


@operation(Permission.BACKUP, write=False)
def list_backup_runs(tx: Tx, *, limit: int = 200) -> list[BackupRunRow]:
    """Backup attempts, newest first, failed ones included."""
    stmt = select(BackupRun).order_by(BackupRun.finished_at.desc(), BackupRun.id.desc()).limit(max(1, limit))
    return [BackupRunRow(r.id, r.finished_at, r.username, r.target, r.file_name, r.size_bytes, r.ok, r.message)
            for r in tx.session.scalars(stmt)]


@dataclass(frozen=True)
class LastBackup:
    finished_at: datetime
    file_name: str
    folder: str
    size_bytes: int
    file_present: bool  # False when the file is gone from its folder (or the drive is not connected)


@operation(Permission.SIGNED_IN, write=False)
def last_verified_backup(tx: Tx) -> LastBackup | None:
    """The newest backup that verified (for "last backup: 2 days ago" in the main window), or None."""
    row = tx.session.scalars(select(BackupRun).where(BackupRun.ok.is_(True))
                             .order_by(BackupRun.finished_at.desc(), BackupRun.id.desc()).limit(1)).first()
    if row is None:
        return None
    return LastBackup(row.finished_at, row.file_name, row.target, row.size_bytes,
                      (Path(row.target) / row.file_name).is_file())
