"""Restoring a backup: verify it, copy it beside the live data, upgrade its schema, swap it in.

Keys. A backup opens with the database key it was made with; its manifest carries the key file of
that time (the key wrapped under the passphrase of that time and under the recovery key). The audit
chain's HMAC key is derived from the database key, so a restored database keeps its own key (re-keying
it would break the chain). Hence, restoring into an existing practice:

* same key (the usual case: same practice, key ids equal): the current key file stays, so the current
  passphrase, the recovery key and the keyring cache keep working;
* different key (a backup of another installation, e.g. from before a reinstall): the backup's key file
  replaces the current one after verification, so from then on the passphrase that was in use when the
  backup was made (or that installation's recovery key) opens the practice. The old key file is kept
  with the pre-restore copy, which needs it.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import sqlcipher3

from frontdesk.errors import (
    DamagedFileError,
    KeyUnavailableError,
    StorageError,
    WrongKeyError,
    storage_error_from_os,
)
from frontdesk.paths import DataPaths
from frontdesk.storage.engine import raw_key_pragma_value
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.manifest import HASH_CHUNK, Manifest, Progress, manifest_path_for, resolve_backup_path
from frontdesk.storage.swap import (
    discard_prepared,
    ensure_not_in_use,
    finish_interrupted_restore,
    pre_restore_path,
    pre_restore_stamp,
    restoring_db,
    swap_in,
)
from frontdesk.storage.verify import require_verified

if TYPE_CHECKING:
    from frontdesk.storage.engine import Database


@dataclass(frozen=True)
class BackupKeys:
    """What may open a backup: the practice's current key, the passphrase or the recovery key."""

    current_key: bytes | None = field(default=None, repr=False)
    passphrase: str | None = field(default=None, repr=False)
    recovery_key: str | None = field(default=None, repr=False)


@dataclass(frozen=True)
class RestoreReport:
    """What a restore did; the caller reopens ``paths.database`` with ``db_key``."""

    backup_name: str
    schema_from: str | None
    schema_to: str | None
    tables: dict[str, int]
    pre_restore_copy: Path | None
    key_replaced: bool
    seconds: float
    db_key: bytes = field(repr=False)


@dataclass(frozen=True)
class RestoreFacts:
    """What a restore does, all known before its swap: what its audit event in the restored trail says."""

    backup_name: str
    schema_from: str | None
    schema_to: str | None
    key_replaced: bool
    pre_restore: str | None  # the pre-restore copy's file name; None when there was no live database


# Writes the restore's own record into the prepared copy (services supply it: storage writes no audit).
Recorder = Callable[["Database", RestoreFacts], None]


def open_backup(path: Path) -> tuple[Path, Manifest]:
    """The backup file (given it or its manifest) and its parsed manifest; refuses a missing one."""
    backup = resolve_backup_path(Path(path))
    if not backup.exists() and not manifest_path_for(backup).exists():
        raise StorageError(f"There is no backup at {backup}.")
    return backup, Manifest.load(manifest_path_for(backup))


def unlock_backup_key(manifest: Manifest, keys: BackupKeys) -> bytes:
    """The backup's database key: the current key when it fits, else unwrapped from the manifest's key file."""
    if keys.current_key is not None and manifest.key_matches(keys.current_key):
        return keys.current_key
    if not keys.passphrase and not keys.recovery_key:
        if keys.current_key is not None:
            raise KeyUnavailableError("This backup was made with a different database key (another installation). "
                                      "Enter the administrator passphrase that was in use when it was made, or "
                                      "that installation's recovery key.")
        raise KeyUnavailableError("The administrator passphrase or the recovery key is needed to open this backup.")
    key_file = manifest.wrapped_key_file()
    key = None
    if keys.passphrase:
        try:
            key = key_file.unlock_with_passphrase(keys.passphrase)
        except WrongKeyError:
            if not keys.recovery_key:
                raise WrongKeyError("The passphrase is not correct for this backup. It needs the passphrase that "
                                    "was in use when the backup was made, or the recovery key.") from None
    if key is None:
        try:
            key = key_file.unlock_with_recovery_key(keys.recovery_key or "")
        except WrongKeyError as exc:
            raise WrongKeyError(f"{exc} It must be the recovery key of the installation that made the "
                                "backup.") from None
    if not manifest.key_matches(key):
        raise DamagedFileError("The key file inside the backup's manifest does not open this backup.")
    return key


def refuse_unknown_schema(manifest: Manifest) -> None:
    from frontdesk.storage.migrate import known_revisions

    if manifest.schema_version is not None and manifest.schema_version not in known_revisions():
        raise StorageError(f"The backup {manifest.file} was made by a newer version of FrontDesk (schema "
                           f"{manifest.schema_version}); update the app before restoring it.")


def _copy_checked(backup: Path, dest: Path, manifest: Manifest, progress: Progress | None) -> None:
    """Copy the verified file beside the live data; the copy's SHA-256 must still be the manifest's."""
    digest = hashlib.sha256()
    done = 0
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
    try:
        with open(backup, "rb") as src, os.fdopen(fd, "wb") as out:
            while chunk := src.read(HASH_CHUNK):
                digest.update(chunk)
                out.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress("copy", done, manifest.size)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        dest.unlink(missing_ok=True)
        raise
    if digest.hexdigest() != manifest.sha256 or done != manifest.size:
        dest.unlink(missing_ok=True)
        raise DamagedFileError(f"The backup {manifest.file} changed while it was being restored (its checksum "
                               "no longer matches); check the drive and try again.")


def _raw(path: Path, key: bytes) -> sqlcipher3.Connection:
    conn = sqlcipher3.connect(str(path))
    conn.isolation_level = None
    conn.execute(f'PRAGMA key = "{raw_key_pragma_value(key)}"')
    conn.execute("PRAGMA temp_store = MEMORY")
    return conn


def _finish_copy(path: Path, key: bytes, from_revision: str | None,
                 record: Callable[["Database", str | None], None] | None) -> str | None:
    """Migrate the restored copy to this app's schema (the backup file itself stays as it was) and write
    the restore's own record into it, so that record is swapped in with the data in one rename: a restore
    that has happened is recorded, exactly once, whenever the process dies afterwards."""
    from frontdesk.storage.engine import Database
    from frontdesk.storage.migrate import current_revision, head_revision, upgrade_to_head

    if from_revision == head_revision() and record is None:
        return from_revision  # the copy is byte for byte the verified backup
    db = Database(path, key)
    try:
        if from_revision != head_revision():
            upgrade_to_head(db)  # no safety copy: the backup file is one
        revision = current_revision(db)
        if record is not None:
            record(db, revision)
    finally:
        db.close()
    conn = _raw(path, key)
    try:
        # a single self-contained file again: the swap must not leave a WAL behind
        conn.execute("PRAGMA journal_mode = DELETE").fetchone()
        if [row[0] for row in conn.execute("PRAGMA quick_check").fetchall()] != ["ok"]:
            raise DamagedFileError("The restored database did not pass its check after the schema upgrade.")
    finally:
        conn.close()
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())
    return revision


def prepare(backup: Path, manifest: Manifest, key: bytes, dest: Path, progress: Progress | None,
            record: Callable[["Database", str | None], None] | None = None) -> str | None:
    """Verify the backup, copy it to ``dest``, upgrade it and let ``record(db, schema_to)`` write into the
    copy; returns the schema version it ends at."""
    require_verified(backup, manifest, key, progress=progress)
    refuse_unknown_schema(manifest)
    try:
        _copy_checked(backup, dest, manifest, progress)
        return _finish_copy(dest, key, manifest.schema_version, record)
    except OSError as exc:
        dest.unlink(missing_ok=True)
        raise storage_error_from_os(exc, f"the restored copy in {dest.parent}") from exc
    except BaseException:
        dest.unlink(missing_ok=True)
        raise


def _recorder(record: Recorder | None, manifest: Manifest, key_replaced: bool,
              pre_restore: str | None) -> Callable[["Database", str | None], None] | None:
    if record is None:
        return None
    return lambda db, schema_to: record(db, RestoreFacts(manifest.file, manifest.schema_version, schema_to,
                                                         key_replaced, pre_restore))


def _current_key_id(paths: DataPaths) -> str | None:
    try:
        return KeyFile.load(paths.key_file).key_id
    except StorageError:
        return None  # missing or damaged: the backup's key file takes its place


def restore_practice(paths: DataPaths, backup_file: Path, keys: BackupKeys, *, progress: Progress | None = None,
                     before_swap: Callable[[], None] | None = None, record: Recorder | None = None) -> RestoreReport:
    """Restore ``backup_file`` into the data folder ``paths``.

    Nothing live is touched until the backup has verified, been copied and upgraded (the app may keep
    working meanwhile) and ``record`` has written the restore's audit event into the copy; then
    ``before_swap`` runs — the caller closes its database there — and the swap follows. A refused or
    failed restore leaves the live database and key file exactly as they were. ``keys.current_key`` is
    the live database's key when known.
    """
    started = time.perf_counter()
    finish_interrupted_restore(paths)
    backup, manifest = open_backup(backup_file)
    key = unlock_backup_key(manifest, keys)
    if keys.current_key is not None:
        ensure_not_in_use(paths, keys.current_key)
    dest = restoring_db(paths)
    same_practice = manifest.key_id == _current_key_id(paths)
    stamp = pre_restore_stamp()
    aside_name = pre_restore_path(paths, stamp).name if paths.database.exists() else None
    try:
        schema_to = prepare(backup, manifest, key, dest, progress,
                            _recorder(record, manifest, not same_practice, aside_name))
        if before_swap is not None:
            before_swap()
        aside = swap_in(paths, live_key=keys.current_key, backup_name=manifest.file, stamp=stamp,
                        new_key_file=None if same_practice else manifest.wrapped_key_file())
    except BaseException:
        from frontdesk.storage.swap import journal_path

        if not journal_path(paths).exists():  # not committed: take the prepared files away again
            discard_prepared(paths)
        raise
    return RestoreReport(manifest.file, manifest.schema_version, schema_to, dict(manifest.tables), aside,
                         not same_practice, time.perf_counter() - started, key)


def restore_into_empty_folder(backup_file: Path, target: DataPaths, keys: BackupKeys, *,
                              progress: Progress | None = None, record: Recorder | None = None) -> RestoreReport:
    """A new installation starts from a backup: the database and the backup's key file land in ``target``
    (with the restore's audit event written by ``record``, when given)."""
    from frontdesk.storage.store import ensure_folder

    started = time.perf_counter()
    finish_interrupted_restore(target)
    if target.exists():
        raise StorageError(f"The data folder {target.root} already holds a practice; it was not overwritten.")
    backup, manifest = open_backup(backup_file)
    key = unlock_backup_key(manifest, keys)
    ensure_folder(target.root)
    dest = restoring_db(target)
    try:
        schema_to = prepare(backup, manifest, key, dest, progress, _recorder(record, manifest, True, None))
        swap_in(target, live_key=None, new_key_file=manifest.wrapped_key_file(), backup_name=manifest.file)
    except BaseException:
        from frontdesk.storage.swap import journal_path

        if not journal_path(target).exists():
            discard_prepared(target)
        raise
    return RestoreReport(manifest.file, manifest.schema_version, schema_to, dict(manifest.tables), None, True,
                         time.perf_counter() - started, key)
