"""Putting a restored database in place: live copy set aside, one journal, renames, crash recovery.

The restored file (``frontdesk.db.restoring``) is complete, verified, upgraded, holds the restore's own
audit event (written by the caller's recorder, see restore.py) and is fsynced before anything live is
touched; so once the swap is committed the restore is recorded too, whenever the process dies. Then:

1. the live database is checkpointed and taken out of WAL mode (this fails while any other
   connection is open: the app is running somewhere), so its main file holds everything;
2. the live database (plus its -wal when it could not be checkpointed) and key file are hard-linked
   (or copied) into ``pre-restore/`` — the pre-restore copy;
3. a journal ``restore-in-progress.json`` is written and synced: from here on the restore is
   committed and is rolled forward after a crash;
4. stale -wal/-shm/-journal files of the old database are removed (an old WAL must never replay
   onto the restored file), the backup's key file replaces the current one when the keys differ,
   and ``frontdesk.db.restoring`` is renamed over ``frontdesk.db``;
5. the journal is removed.

:func:`finish_interrupted_restore` runs before anything opens a data folder: with a journal it
redoes step 4 (every step is idempotent), without one it removes a restore's leftovers. So after a
crash at any point either the old database (with its key file) or the new one is in place.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
from datetime import datetime
from pathlib import Path

import sqlcipher3

from frontdesk.errors import StorageError, storage_error_from_os
from frontdesk.paths import DataPaths
from frontdesk.storage.engine import raw_key_pragma_value
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.atomic import fsync_dir, render_atomically, temp_path, write_atomically
from frontdesk.storage.private_files import make_private_dir

log = logging.getLogger(__name__)

JOURNAL_FORMAT = "frontdesk-restore-journal"
PRE_RESTORE_KEPT = 3
IN_USE_TIMEOUT_MS = 1000
IN_USE_MESSAGE = ("FrontDesk appears to be running on this practice's data (the database is in use). "
                  "Close it on every computer, then try the restore again.")


def restoring_db(paths: DataPaths) -> Path:
    return paths.database.with_name(paths.database.name + ".restoring")


def restoring_key(paths: DataPaths) -> Path:
    return paths.key_file.with_name(paths.key_file.name + ".restoring")


def journal_path(paths: DataPaths) -> Path:
    return paths.root / "restore-in-progress.json"


def pre_restore_dir(paths: DataPaths) -> Path:
    return paths.root / "pre-restore"


def sidecars(db_path: Path) -> list[Path]:
    """The files SQLite keeps beside a database: a WAL, its index, a rollback journal."""
    return [db_path.with_name(db_path.name + suffix) for suffix in ("-wal", "-shm", "-journal")]


def _connect_live(paths: DataPaths, live_key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(paths.database), check_same_thread=False)
    conn.isolation_level = None
    conn.execute(f'PRAGMA key = "{raw_key_pragma_value(live_key)}"')
    conn.execute(f"PRAGMA busy_timeout = {IN_USE_TIMEOUT_MS}")
    return conn


def _is_busy(exc: sqlcipher3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def ensure_not_in_use(paths: DataPaths, live_key: bytes) -> None:
    """Refuse when another program holds a transaction on the live database (BEGIN EXCLUSIVE, 1 s timeout)."""
    if not paths.database.exists():
        return
    conn = _connect_live(paths, live_key)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
    except sqlcipher3.Error as exc:
        if _is_busy(exc):
            raise StorageError(IN_USE_MESSAGE) from exc
        # unreadable with this key (damaged): nothing can be using it normally; the swap handles it
    finally:
        conn.close()


def quiesce_live(paths: DataPaths, live_key: bytes) -> bool:
    """Checkpoint the live WAL into the main file and leave WAL mode. Leaving WAL mode needs every
    other connection closed, so this is also the in-use check that catches an idle running app.
    Returns False when the database cannot be read with ``live_key`` (it is set aside as it is)."""
    conn = _connect_live(paths, live_key)
    try:
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlcipher3.DatabaseError as exc:
            if _is_busy(exc):
                raise StorageError(IN_USE_MESSAGE) from exc
            return False
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise StorageError(IN_USE_MESSAGE)
        conn.execute("BEGIN EXCLUSIVE")  # in rollback mode this also waits out any reader
        conn.execute("ROLLBACK")
        return True
    except sqlcipher3.Error as exc:
        if _is_busy(exc):
            raise StorageError(IN_USE_MESSAGE) from exc
        return False
    finally:
        conn.close()


def _link_or_copy(src: Path, dst: Path) -> None:
    """A hard link costs nothing and keeps the live file in place; filesystems without links get a copy."""
    try:
        os.link(src, dst)
        return
    except OSError:
        pass
    _copy_durably(src, dst)


def _copy_durably(src: Path, dst: Path) -> None:
    # created 0600 before copyfile fills it (a hard link above keeps the live file's own 0600)
    render_atomically(dst, lambda tmp: shutil.copyfile(src, tmp), suffix=".partial")


def pre_restore_stamp() -> str:
    """The stamp naming a restore's pre-restore copy (local time: what the practice sees in the folder)."""
    return datetime.now().strftime("%Y%m%d-%H%M%S-%f")


def pre_restore_path(paths: DataPaths, stamp: str) -> Path:
    return pre_restore_dir(paths) / f"frontdesk-pre-restore-{stamp}.db"


def set_aside(paths: DataPaths, stamp: str) -> Path:
    """Keep the live database (and its key file) as ``pre-restore/frontdesk-pre-restore-STAMP.db``."""
    folder = pre_restore_dir(paths)
    make_private_dir(folder)
    base = pre_restore_path(paths, stamp)
    try:
        _link_or_copy(paths.database, base)
        for live, kept in zip(sidecars(paths.database), sidecars(base)):
            if live.exists() and not live.name.endswith("-shm"):  # the -shm index is rebuilt from the WAL
                _link_or_copy(live, kept)
        if paths.key_file.exists():
            # the pre-restore copy is encrypted with the key in this file, which the restore may replace;
            # a real copy, not a link: the two must never change together
            _copy_durably(paths.key_file, base.with_suffix(".key"))
        fsync_dir(folder)
    except BaseException:
        _remove_aside(base)
        raise
    _prune_pre_restore(folder)
    return base


def _remove_aside(base: Path) -> None:
    for path in [base, base.with_suffix(".key"), *sidecars(base)]:
        path.unlink(missing_ok=True)


def _prune_pre_restore(folder: Path) -> None:
    copies = sorted(folder.glob("frontdesk-pre-restore-*.db"), reverse=True)  # the stamp sorts by time
    for old in copies[PRE_RESTORE_KEPT:]:
        for path in [old, old.with_suffix(".key"), *sidecars(old)]:
            path.unlink(missing_ok=True)


def _write_journal(paths: DataPaths, doc: dict[str, object]) -> None:
    write_atomically(journal_path(paths), json.dumps({"format": JOURNAL_FORMAT, **doc}, indent=2).encode("utf-8"))


def _roll_forward(paths: DataPaths) -> None:
    """Step 4 and 5; every step may already have happened (recovery after a crash)."""
    new_db, new_key = restoring_db(paths), restoring_key(paths)
    if new_db.exists():
        for stale in sidecars(paths.database):
            stale.unlink(missing_ok=True)
        if new_key.exists():
            os.replace(new_key, paths.key_file)
        os.replace(new_db, paths.database)
    elif new_key.exists():
        os.replace(new_key, paths.key_file)
    fsync_dir(paths.root)
    journal_path(paths).unlink(missing_ok=True)
    fsync_dir(paths.root)


def swap_in(paths: DataPaths, *, live_key: bytes | None, new_key_file: KeyFile | None,
            backup_name: str, stamp: str | None = None) -> Path | None:
    """Put ``frontdesk.db.restoring`` in place of the live database (closed by the caller).

    Returns the pre-restore copy's path (None when there was no live database), named with ``stamp``
    (:func:`pre_restore_stamp` when not given)."""
    if not restoring_db(paths).exists():
        raise StorageError("The restored database is missing; the restore was not finished.")
    aside = None
    try:
        if paths.database.exists():
            if live_key is not None:
                quiesce_live(paths, live_key)
            aside = set_aside(paths, stamp or pre_restore_stamp())
        if new_key_file is not None:
            new_key_file.save(restoring_key(paths))
        _write_journal(paths, {"backup": backup_name, "pre_restore": aside.name if aside else None,
                               "key_replaced": new_key_file is not None})
    except BaseException as exc:
        if journal_path(paths).exists():  # committed after all (only syncing the folder failed)
            return _finish_committed(paths, aside)
        # not committed: the live files stay as they are, and a linked "copy" of them must not linger
        restoring_key(paths).unlink(missing_ok=True)
        if aside is not None:
            _remove_aside(aside)
        if isinstance(exc, OSError):
            raise storage_error_from_os(exc, "the data folder") from exc
        raise
    return _finish_committed(paths, aside)


def _finish_committed(paths: DataPaths, aside: Path | None) -> Path | None:
    try:
        _roll_forward(paths)
    except OSError as exc:
        # committed: the journal stays, and the next start finishes the swap
        raise storage_error_from_os(exc, "the data folder (the restore finishes when FrontDesk next starts)") from exc
    return aside


def discard_prepared(paths: DataPaths) -> None:
    """Remove an uncommitted restore's files (the live database was never touched)."""
    for path in [restoring_db(paths), *sidecars(restoring_db(paths)), restoring_key(paths),
                 temp_path(restoring_key(paths)), temp_path(journal_path(paths))]:  # write_atomically's temps
        path.unlink(missing_ok=True)


def finish_interrupted_restore(paths: DataPaths) -> bool:
    """Run before opening a data folder: finish a committed restore a crash cut short, or clear an
    uncommitted one's leftovers. Returns True when a restore was finished now."""
    try:
        if journal_path(paths).exists():
            log.warning("finishing a restore that was interrupted")
            _roll_forward(paths)
            return True
        if restoring_db(paths).exists() or restoring_key(paths).exists():
            log.warning("removing the leftovers of a restore that did not finish")
            discard_prepared(paths)
    except OSError as exc:
        raise storage_error_from_os(exc, "the data folder (an interrupted restore could not be finished)") from exc
    return False
