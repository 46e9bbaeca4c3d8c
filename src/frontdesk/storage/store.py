"""Opening a practice's data folder: key file + database, creating it on first run.

The folder and its files are private to the account running FrontDesk (storage/private_files.py): created
so, and repaired when opened (the repair is logged and handed to the caller as ``db.start_notices``)."""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path

from frontdesk.errors import KeyUnavailableError, StorageError, WrongKeyError, storage_error_from_os
from frontdesk.paths import DataPaths, log_dir
from frontdesk.storage.engine import Database
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.storage.keys import KeyFile, NewKeys
from frontdesk.storage.migrate import upgrade_to_head
from frontdesk.storage.private_files import create_private_file, make_private_dir, repair_private_tree
from frontdesk.storage.swap import finish_interrupted_restore

log = logging.getLogger(__name__)

PASSPHRASE_ENV = "FRONTDESK_PASSPHRASE"


@dataclass(frozen=True)
class KeySource:
    """How the caller may obtain the key: a passphrase, a recovery key, or neither (keyring only)."""

    passphrase: str | None = None
    recovery_key: str | None = None


def ensure_folder(root: Path) -> None:
    """Create the data folder owner-only (0700) and prove it is writable, with a message a person can act on."""
    try:
        make_private_dir(root)
        probe = root / ".write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except FileExistsError as exc:  # mkdir(exist_ok=True) only raises this when root is a file
        raise StorageError(f"The data folder {root} is a file, not a folder; choose another location.") from exc
    except NotADirectoryError as exc:
        raise StorageError(f"The data folder {root} cannot be created: part of its path is a file, "
                           "not a folder.") from exc
    except OSError as exc:
        raise storage_error_from_os(exc, f"the data folder {root}") from exc


def create_practice_store(paths: DataPaths, passphrase: str, *, kdf: dict[str, int] | None = None
                          ) -> tuple[Database, NewKeys]:
    """First run: new key file and empty encrypted database at head. Refuses to overwrite."""
    if paths.key_file.exists() or (paths.database.exists() and paths.database.stat().st_size > 0):
        raise StorageError("This data folder already holds a practice; it was not overwritten.")
    ensure_folder(paths.root)
    key_file, new_keys = KeyFile.create(passphrase, kdf=kdf)
    # Remove a stale empty database file so SQLCipher starts clean.
    if paths.database.exists():
        paths.database.unlink()
    try:
        create_private_file(paths.database)  # 0600 before SQLite opens it: its -wal and -shm copy the mode
    except OSError as exc:
        raise storage_error_from_os(exc, "the practice database") from exc
    db = Database(paths.database, new_keys.db_key, create=True)
    try:
        upgrade_to_head(db)
        key_file.save(paths.key_file)
    except BaseException:
        db.close()
        for leftover in (paths.database, Path(f"{paths.database}-wal"), Path(f"{paths.database}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    return db, new_keys


def unlock_key(paths: DataPaths, source: KeySource, cache: KeyCache | None = None) -> bytes:
    """The database key from the keyring cache, the passphrase or the recovery key."""
    finish_interrupted_restore(paths)  # a restore cut short may still have to put its key file in place
    key_file = KeyFile.load(paths.key_file)
    if source.passphrase:
        return key_file.unlock_with_passphrase(source.passphrase)
    if source.recovery_key:
        return key_file.unlock_with_recovery_key(source.recovery_key)
    if cache is not None:
        cached = cache.load(key_file.key_id)
        if cached is not None:
            return cached
    raise KeyUnavailableError("The administrator passphrase is needed to open this practice's data.")


def repair_permissions(paths: DataPaths) -> tuple[str, ...]:
    """Make the data folder, the log folder and all in them owner-only again; one sentence per folder
    repaired, for the person (already logged). Runs before the database opens, so SQLite's -wal and -shm
    files are made with the repaired database file's mode."""
    repairs = [repair_private_tree(paths.root, "the data folder"), repair_private_tree(log_dir(), "the log folder")]
    return tuple(r.message() for r in repairs if r.changed)


def open_practice_store(paths: DataPaths, db_key: bytes, *, migrate: bool = True) -> Database:
    """Open the database with its key; take a safety copy and upgrade when the schema is old.

    Wider permissions found on the data and log folders are repaired first; ``db.start_notices`` says so."""
    finish_interrupted_restore(paths)
    notices = repair_permissions(paths)
    db = Database(paths.database, db_key)
    db.start_notices = notices
    if migrate:
        try:
            upgrade_to_head(db, safety_dir=paths.safety_dir)
        except BaseException:
            db.close()
            raise
    return db


def key_id(paths: DataPaths) -> str:
    return KeyFile.load(paths.key_file).key_id


def change_passphrase(paths: DataPaths, db_key: bytes, current_passphrase: str, new_passphrase: str) -> None:
    """Re-wrap the database key under a new passphrase; the database itself is not touched."""
    key_file = KeyFile.load(paths.key_file)
    if key_file.unlock_with_passphrase(current_passphrase) != db_key:
        raise WrongKeyError("The current passphrase is not correct.")
    key_file.with_new_passphrase(db_key, new_passphrase).save(paths.key_file)


def passphrase_from_automation(passphrase_file: str | os.PathLike[str] | None) -> str | None:
    """For the CLI: --passphrase-file, then FRONTDESK_PASSPHRASE; never a command-line argument."""
    if passphrase_file:
        try:
            text = Path(passphrase_file).read_text(encoding="utf-8")
        except OSError as exc:
            raise storage_error_from_os(exc, "the passphrase file") from exc
        return text.rstrip("\r\n")
    return os.environ.get(PASSPHRASE_ENV) or None


def open_server_store(paths: DataPaths, cache: KeyCache, *, min_version: int | None = None) -> Database:
    """Server mode: the practice database on the server this workstation is enrolled with (server.json).

    The server must present the pinned certificate (checked here first, so a mismatch is named as possible
    interception, and again by libpq with sslmode=verify-ca); the app role signs in with the secret from
    the keyring; the schema must be exactly this app's (workstations never migrate: ``server upgrade`` does).
    ``min_version`` is for the TLS tests on Debian's PostgreSQL 15 only."""
    from frontdesk.storage.server_db import check_server_schema, connect_server

    db = connect_server(paths, cache, min_version=min_version)
    try:
        db.start_notices = repair_permissions(paths)
        check_server_schema(db)
    except BaseException:
        db.close()
        raise
    return db
