"""Online backup of the encrypted database into a destination keyed first.

Never a file copy (a WAL database's newest commits live in the -wal file) and never
sqlcipher_export into an attachment keyed '' (that writes plaintext). The source is read inside
one read transaction, so the copy is one consistent snapshot and concurrent writers (the app in
use) neither block nor restart it.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlcipher3
from sqlalchemy import exc as sa_exc

from frontdesk.errors import DamagedFileError, StorageError, storage_error_from_os
from frontdesk.storage.engine import (
    APPLICATION_ID,
    Database,
    apply_connection_pragmas,
    raw_key_pragma_value,
    translate_db_error,
)
from frontdesk.storage.anchor import advance_anchor, head_anchor
from frontdesk.storage.atomic import fsync_dir, render_atomically
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.manifest import (
    Manifest,
    Progress,
    backup_name,
    key_check_value,
    manifest_path_for,
    partial_path_for,
    require_folder,
    write_new_file,
)
from frontdesk.storage.server_backup import is_server, remove_side_files, snapshot_to_file
from frontdesk.storage.verify import FILE_CHECKS, SnapshotFacts, check_copy, read_facts

PAGES_PER_STEP = 4096  # 16 MiB of 4 KiB pages between progress reports

log = logging.getLogger(__name__)


def _copy_snapshot(src: sqlcipher3.Connection, tmp: Path, key: bytes, pages_per_step: int,
                   progress: Callable[[int, int], None] | None) -> None:
    """Page-by-page copy of ``src``'s current snapshot into the new file ``tmp``, keyed before any page lands."""
    out = sqlcipher3.connect(str(tmp))
    try:
        out.isolation_level = None
        out.execute(f'PRAGMA key = "{raw_key_pragma_value(key)}"')
        out.execute("PRAGMA temp_store = MEMORY")

        def _progress(_status: int, remaining: int, total: int) -> None:
            if progress is not None:
                progress(total - remaining, total)

        src.backup(out, pages=pages_per_step, progress=_progress)
        # The copy inherits WAL mode from the page layout; keep it a single self-contained file.
        out.execute("PRAGMA journal_mode = DELETE")
        if out.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
            raise StorageError("The backup copy did not come out right (application id).")
    finally:
        out.close()


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def online_backup(db: Database, dest: Path, *, dest_key: bytes | None = None, pages_per_step: int = 256,
                  progress=None) -> None:  # type: ignore[no-untyped-def]
    """Copy the live database page by page into ``dest`` (a new file), encrypted with ``dest_key``.

    Written under a temporary name, fsynced, then renamed, so ``dest`` is either complete or absent.
    """
    dest = Path(dest)
    src: sqlcipher3.Connection | None = None

    def copy(tmp: Path) -> None:
        nonlocal src
        src = db.raw_connection()
        src.execute("BEGIN")
        src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the snapshot starts here
        _copy_snapshot(src, tmp, dest_key or db.key, pages_per_step, progress)
        src.execute("COMMIT")

    try:
        render_atomically(dest, copy, what=f"the copy at {dest.parent}", suffix=".partial")
    except sqlcipher3.Error as exc:
        raise translate_db_error(exc, "the database copy") from exc
    finally:
        if src is not None:
            src.close()


def open_copy(path: Path, key: bytes) -> sqlcipher3.Connection:
    """Open a backup or safety copy read-write with its key (caller closes)."""
    conn = sqlcipher3.connect(str(path))
    conn.isolation_level = None
    conn.execute(f'PRAGMA key = "{raw_key_pragma_value(key)}"')
    apply_connection_pragmas(conn)
    return conn


@dataclass(frozen=True)
class BackupOutcome:
    """A published, verified backup."""

    path: Path
    manifest_path: Path
    manifest: Manifest
    seconds: float
    checks: tuple[str, ...]

    @property
    def size(self) -> int:
        return self.manifest.size


def _free_name(target: Path, when: datetime) -> Path:
    """The backup's final name; a second backup in the same second takes the next free second."""
    for extra in range(120):
        final = target / backup_name(when + timedelta(seconds=extra))
        if not any(p.exists() for p in (final, manifest_path_for(final), partial_path_for(final))):
            return final
    raise StorageError(f"The backup folder {target} already holds backups for every second of this minute.")


def _utc_iso(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def create_backup(db: Database, key_file: KeyFile, target_dir: Path, *, now: datetime | None = None,
                  progress: Progress | None = None, pages_per_step: int = PAGES_PER_STEP) -> BackupOutcome:
    """Back the live database up into ``target_dir``, verify the copy, then publish it.

    The copy is written as a hidden ``.partial`` file, fsynced, reopened and checked against the
    snapshot it came from (see :func:`check_copy`); only then is the manifest written and both
    files renamed to their final names (manifest first: a backup counts only once its data file
    is there too). On any failure both temporary files are removed and nothing has a final name.
    ``progress(stage, done, total)`` gets ("copy", pages) then ("verify", bytes), always on the calling
    thread (the verification's worker threads never call it); an exception it raises (Cancel) stops the
    copy or interrupts the checks and cleans up like any failure. Safe to run on any thread while the app
    keeps working. A practice server is copied row by row out of one snapshot (storage/server_backup.py;
    "copy" then counts rows) into the same kind of file, checked and published the same way.
    """
    from frontdesk import __version__

    started = time.perf_counter()
    target = Path(target_dir)
    require_folder(target)
    when = (now or datetime.now()).astimezone()
    final = _free_name(target, when)
    tmp, tmp_manifest, final_manifest = partial_path_for(final), partial_path_for(manifest_path_for(final)), \
        manifest_path_for(final)
    write_new_file(tmp, b"")  # claims the name and proves the folder is writable, with a clear error
    published_manifest = False
    src = None
    try:
        copy_progress = None if progress is None else (lambda done, total: progress("copy", done, total))
        if is_server(db):  # rows out of one server snapshot instead of pages out of a file
            facts = snapshot_to_file(db, tmp, db.key, copy_progress)
        else:
            src = db.raw_connection()
            src.execute("BEGIN")
            facts = read_facts(src)  # the same snapshot the copy is made from
            _copy_snapshot(src, tmp, db.key, pages_per_step, copy_progress)
            src.execute("COMMIT")
            src.close()
            src = None
        _fsync_file(tmp)
        problems, _, digest = check_copy(tmp, db.key, facts, name=final.name, progress=progress)
        if problems:
            raise DamagedFileError(f"The backup did not verify: {problems[0]}. Nothing was saved under "
                                   f"{final.name}.")
        manifest = _manifest(final.name, tmp.stat().st_size, digest, facts, key_file, db.key, when, __version__)
        write_new_file(tmp_manifest, manifest.to_bytes(db.key))
        reread = Manifest.load(tmp_manifest)  # what a restore will read must be exactly what was meant
        if reread != manifest or not reread.mac_ok(db.key):
            raise StorageError(f"The backup manifest in {target} did not read back correctly.")
        manifest = reread
        os.replace(tmp_manifest, final_manifest)
        published_manifest = True
        os.replace(tmp, final)
        fsync_dir(target)
    except BaseException as exc:
        if src is not None:
            src.close()
        remove_side_files(tmp)
        for leftover in (tmp, tmp_manifest) + ((final_manifest,) if published_manifest else ()):
            try:
                leftover.unlink(missing_ok=True)
            except OSError:
                pass  # the folder may have gone read-only; nothing under a final name is left regardless
        if isinstance(exc, OSError):
            raise storage_error_from_os(exc, f"the backup in {target}") from exc
        if isinstance(exc, sqlcipher3.Error | sa_exc.DBAPIError):
            raise translate_db_error(exc, f"the backup in {target}") from exc
        raise
    _anchor(db, facts)
    return BackupOutcome(final, final_manifest, manifest, time.perf_counter() - started,
                         ("key check", "manifest signature", *FILE_CHECKS))


def withdraw_backup(outcome: BackupOutcome) -> bool:
    """Take a published backup out of its folder again (it could not be recorded, so it must not count).

    The data file goes first: a manifest without its file is not a backup. Returns False when a file
    could not be removed (the folder went read-only): it then stays, unrecorded, and the caller says so.
    """
    try:
        outcome.path.unlink(missing_ok=True)
        outcome.manifest_path.unlink(missing_ok=True)
        fsync_dir(outcome.path.parent)
    except OSError:
        return False
    return True


def _anchor(db: Database, facts: SnapshotFacts) -> None:
    """The backup's last audit event becomes the data folder's audit anchor too (see storage/anchor.py).

    A practice server has no data folder: its backups' manifests are its anchors (`frontdesk check --backups`)."""
    if db.path is None:
        return
    try:
        advance_anchor(db.path, db.key, head_anchor(facts.audit_seq, facts.audit_hash, datetime.now(UTC)))
    except StorageError as exc:  # the backup itself is complete and published: say so, keep it
        log.warning("the audit anchor was not written after the backup: %s", type(exc).__name__)


def _manifest(name: str, size: int, digest: str, facts: SnapshotFacts, key_file: KeyFile, key: bytes,
              when: datetime, version: str) -> Manifest:
    import json

    return Manifest(
        file=name, created_at=_utc_iso(when), app_version=version, size=size, sha256=digest,
        page_size=facts.page_size, page_count=facts.page_count, schema_version=facts.schema_version,
        tables=dict(facts.tables), audit_seq=facts.audit_seq, audit_hash=facts.audit_hash, key_id=key_file.key_id,
        key_check=key_check_value(key), key_file=json.loads(key_file.to_bytes()),
        verified_at=_utc_iso(datetime.now(UTC)))
