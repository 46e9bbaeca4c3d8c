"""Backup, restore and restore drill as whole jobs: storage work plus the log rows and audit events.

The signed-in services (services/admin/backups.py) and the CLI (scheduled backups, no user) both run
these; ``actor`` is None for the CLI. Nothing here imports Qt; every job can run on any thread.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from frontdesk.errors import (
    FrontDeskError,
    KeyUnavailableError,
    NotFoundError,
    OperationCancelled,
    StorageError,
    WrongKeyError,
)
from frontdesk.models.base import utcnow
from frontdesk.paths import DataPaths
from frontdesk.services.admin import _backup_records as records
from frontdesk.services.session import Actor
from frontdesk.storage.backup import create_backup
from frontdesk.storage.engine import Database
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.manifest import Progress
from frontdesk.storage.restore import BackupKeys, RestoreReport, restore_into_empty_folder, restore_practice
from frontdesk.storage.retention import RetentionPolicy, apply_retention, latest_backup, remove_stale_partials
from frontdesk.services._base import unattended

log = logging.getLogger(__name__)
DRILL_PREFIX = ".restore-drill-"
DEFAULT_RETENTION = RetentionPolicy()  # 14 daily, 8 weekly, 12 monthly
STALE_DRILL_SECONDS = 3600


@dataclass(frozen=True)
class BackupInfo:
    """One backup's identity, from its manifest: enough to recognise it before restoring it."""

    path: Path
    created_at: datetime | None
    schema_version: str
    app_version: str
    size_bytes: int
    record_count: int
    same_key: bool | None  # None when no current key is known (a new install)


def _parse_utc(text: str) -> datetime | None:
    try:
        value = datetime.strptime(text, "%Y-%m-%dT%H:%M:%S.%fZ")
    except ValueError:
        return None
    return value.replace(tzinfo=UTC)


@unattended
def read_backup_info(path: str | Path, current_key: bytes | None = None) -> BackupInfo:
    """Read the manifest beside ``path`` (the .fdbackup or its .json); raises the core's StorageError/DamagedFileError.

    A file read: the UI calls it through the runner, never on the GUI thread.
    """
    from frontdesk.storage.restore import open_backup

    backup, manifest = open_backup(Path(path))
    return BackupInfo(backup, _parse_utc(manifest.created_at), manifest.schema_version or "none",
                      manifest.app_version, manifest.size, sum(manifest.tables.values()),
                      None if current_key is None else manifest.key_matches(current_key))


def is_last_backup_report(stage: str, done: int, total: int) -> bool:
    """A backup's final progress report (``create_backup`` ends with ("verify", size, size)).

    The copy has verified and is about to get its final name: a cancel is honoured up to this report
    and not after it, so it is the backup's point of no return.
    """
    return stage == "verify" and total > 0 and done >= total


@dataclass(frozen=True)
class BackupJobResult:
    """A verified backup: where it is, how big, how long it took, which old backups retention removed."""

    file_name: str
    path: Path
    size: int
    seconds: float
    checks: tuple[str, ...]
    deleted_old: tuple[str, ...]


def _practice_key_file(db: Database, paths: DataPaths | None) -> KeyFile:
    """The key file a backup's manifest carries: the data folder's, or a practice server's own."""
    from frontdesk.storage.server_backup import is_server

    if is_server(db):
        from frontdesk.storage.server_key_file import load_key_file

        return load_key_file(db)
    if paths is None:
        raise StorageError("This database is not in a FrontDesk data folder.")
    return KeyFile.load(paths.key_file)


@unattended
def run_backup_job(db: Database, paths: DataPaths | None, target: Path, *, actor: Actor | str | None = None,
                   progress: Progress | None = None,
                   retention: RetentionPolicy | None = DEFAULT_RETENTION) -> BackupJobResult:
    """Back up, verify, publish, prune old backups in ``target``; log and audit the run either way.

    ``actor`` is the signed-in user, None for the CLI, or a label for the app's own schedule."""
    started_at = utcnow()
    target = Path(target)
    try:
        outcome = create_backup(db, _practice_key_file(db, paths), target, progress=progress)
    except OperationCancelled:
        raise  # the person stopped it: nothing was saved and nothing failed, so there is no run to record
    except BaseException as exc:
        records.record_backup_safely(db, actor, target=target, started_at=started_at, error=exc)
        raise
    # recorded, or withdrawn and raised; old backups are pruned only after the new one counts
    records.record_new_backup(db, actor, outcome, target=target, started_at=started_at)
    deleted: list[str] = []
    if retention is not None:
        try:
            remove_stale_partials(target)
            deleted = apply_retention(target, retention, db_key=db.key, protect=frozenset({outcome.path.name}))
        except FrontDeskError as exc:  # the backup itself is good; pruning can wait for the next run
            log.warning("backup retention skipped: %s", type(exc).__name__)
        records.record_pruned(db, actor, target=target, file_name=outcome.path.name, deleted=deleted)
    log.info("backup verified: %d bytes in %.1f s", outcome.size, outcome.seconds)
    return BackupJobResult(outcome.path.name, outcome.path, outcome.size, outcome.seconds, outcome.checks,
                           tuple(deleted))


@unattended
def run_restore_job(paths: DataPaths, backup_file: Path, keys: BackupKeys, *, actor: Actor | None = None,
                    progress: Progress | None = None, refusals_to: Database | None = None,
                    before_swap=None) -> tuple[RestoreReport, Database]:  # type: ignore[no-untyped-def]
    """Restore into an existing practice; returns the report and the restored database, open.

    A refusal is recorded in ``refusals_to`` (the live database, when open); the restore itself is
    recorded in the restored database's audit trail.
    """
    try:
        # the restore's audit event is written into the restored copy and arrives with it in the swap
        report = restore_practice(paths, backup_file, keys, progress=progress, before_swap=before_swap,
                                  record=records.restore_recorder(actor))
    except FrontDeskError as exc:
        if refusals_to is not None and not isinstance(exc, KeyUnavailableError | OperationCancelled):
            records.record_restore_refused(refusals_to, actor, backup_name=Path(backup_file).name, error=exc)
        raise
    restored = Database(paths.database, report.db_key)
    records.anchor_restored(restored)
    return report, restored


@unattended
def restore_into_new_folder(backup_file: Path, target: DataPaths, passphrase: str | None = None,
                            recovery_key: str | None = None, *, progress: Progress | None = None) -> RestoreReport:
    """A new installation starts from a backup (the setup wizard's "Restore a backup" path).

    Asks for nothing itself: the administrator passphrase of the backup's day or the recovery key must
    be given. The data folder must not hold a practice yet. Afterwards the practice opens normally
    with that passphrase or recovery key (the backup's key file is put in place).
    """
    report = restore_into_empty_folder(backup_file, target, BackupKeys(passphrase=passphrase,
                                                                       recovery_key=recovery_key),
                                       progress=progress, record=records.restore_recorder(None))
    restored = Database(target.database, report.db_key)
    try:
        records.anchor_restored(restored)
    finally:
        restored.close()
    return report


def _counts_summary(tables: dict[str, int]) -> str:
    return ", ".join(f"{name} {count:,}" for name, count in sorted(tables.items()) if count)


def _remove_stale_drills(root: Path) -> None:
    now = time.time()
    for folder in root.glob(DRILL_PREFIX + "*"):
        try:
            if now - folder.stat().st_mtime > STALE_DRILL_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def _drill_key(source: Path, keys: BackupKeys) -> tuple[bytes, str]:
    """The key the drill restores with, and what it proved about the backup's own key file."""
    from frontdesk.storage.restore import open_backup, unlock_backup_key

    _, manifest = open_backup(source)
    if not (keys.passphrase or keys.recovery_key):
        return unlock_backup_key(manifest, keys), "key file not tested (no passphrase or recovery key given)"
    try:
        key = unlock_backup_key(manifest, BackupKeys(passphrase=keys.passphrase, recovery_key=keys.recovery_key))
        return key, "its key file opens with the " + ("passphrase" if keys.passphrase else "recovery key")
    except WrongKeyError:
        if keys.current_key is None or not manifest.key_matches(keys.current_key):
            raise
        return keys.current_key, ("key file not proven: the passphrase given is not the one of the backup's day "
                                  "(changed since?)")


def _drill(source: Path, keys: BackupKeys, work: Path,
           progress: Progress | None) -> tuple[str, str, str, dict[str, int]]:
    """Restore into ``work`` and check it like `frontdesk check`; returns (backup, problems, key note, counts)."""
    from frontdesk.services.admin.checks import run_checks
    from frontdesk.storage.verify import read_facts

    key, key_note = _drill_key(source, keys)
    report = restore_into_empty_folder(source, DataPaths(work), BackupKeys(current_key=key), progress=progress)
    restored = Database(DataPaths(work).database, report.db_key)
    try:
        checks = run_checks(restored)
        conn = restored.raw_connection()
        try:
            tables = read_facts(conn).tables
        finally:
            conn.close()
    finally:
        restored.close()
    problems = [line.removeprefix("PROBLEM: ") for line in checks.lines if line.startswith("PROBLEM")]
    if report.schema_from == report.schema_to:
        problems += [f"table {name} has {tables.get(name)} rows, the manifest {count}"
                     for name, count in report.tables.items() if tables.get(name) != count]
    return report.backup_name, "; ".join(problems), key_note, tables


@unattended
def run_drill_job(db: Database, paths: DataPaths | None, source: Path, keys: BackupKeys, *, actor: Actor | None = None,
                  progress: Progress | None = None) -> records.DrillOutcome:
    """Restore the latest backup in ``source`` (a folder, or one backup file) into a temporary folder
    beside the data, verify it, report counts and duration, delete it. The live database is only
    written to record the drill. Without a passphrase or recovery key the current key opens the backup
    (the key file in its manifest is then parsed but not unlocked)."""
    source = Path(source)
    if source.is_dir():
        entry = latest_backup(source, db.key)
        if entry is None:
            raise NotFoundError(f"There are no FrontDesk backups in {source}.")
        source = entry.path
    at = utcnow()
    started = time.perf_counter()
    # beside the data (same disk, same protection); a server's drill restores into this PC's temporary folder,
    # as the single-PC practice it would become if the server died
    root = None if paths is None else paths.root
    if root is not None:
        _remove_stale_drills(root)
    work = Path(tempfile.mkdtemp(prefix=DRILL_PREFIX, dir=root))
    name, problems, key_note, tables = source.name, "", "", {}
    try:
        name, problems, key_note, tables = _drill(source, keys, work / "practice", progress)
    except (KeyUnavailableError, WrongKeyError):
        raise  # nothing was tried yet: the caller asks for the passphrase (again)
    except OperationCancelled:
        raise  # stopped on purpose (the app closing): not a failed drill
    except FrontDeskError as exc:
        problems = records.reason(exc)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    outcome = records.DrillOutcome(at=at, backup_file=name, ok=not problems,
                                   duration_ms=round((time.perf_counter() - started) * 1000),
                                   counts_summary=_counts_summary(tables),
                                   message=problems or f"restored and verified; {key_note}")
    return replace(outcome, id=records.record_drill(db, actor, outcome))
