"""Moving a practice into a server: a single-PC practice (``frontdesk server move-in``) or a backup (``frontdesk
server restore``) copied into an empty server database, all or nothing.

Everything happens in one transaction on the server: the target must hold no practice, every table is copied in
dependency order (storage/table_copy.py, the copier server backups use the other way), the row counts of source,
copy and arrival are compared, and the caller's arrival check (the audit chain verified with the practice key)
runs on the copied rows before the commit; any failure rolls back and leaves the server as empty as it was. The
source is only read: a single-PC practice's file stays exactly as it was.

Keys. The server keeps the practice's key: the single-PC database key (or the backup's) becomes the practice key
the server is opened with (``PostgresDatabase(url, key)``), so the audit chain's HMAC key, derived from it, is the
same and the chain verifies on arrival; the key file (that key wrapped under the passphrase and the recovery key)
is stored on the server (storage/server_key_file.py), so the passphrase, recovery key and emergency kit stay valid.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, exc as sa_exc
from sqlalchemy.orm import Session

from frontdesk.errors import StorageError
from frontdesk.storage.engine import Database, translate_db_error
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.restore import Recorder
from frontdesk.storage.server_key_file import store_key_file
from frontdesk.storage.table_copy import COPY_BATCH, RowProgress, clear_tables, copy_tables, count_rows

# Tables the migrations themselves fill (0004: the standard consent types): a new server database has these rows
# and is still empty. tests/storage/pg/test_pg_move_in.py checks the set against a freshly migrated database.
SEEDED_TABLES = frozenset({"consent_type"})

# Checks the copied rows inside the server's transaction: returns what is wrong ("" when all is well).
ArrivalCheck = Callable[[Session], str]


@dataclass(frozen=True)
class MoveInReport:
    """What arrived on the server: rows per table (equal to the source's), and how long it took."""

    tables: dict[str, int]
    seconds: float

    @property
    def rows(self) -> int:
        return sum(self.tables.values())


def prepare_server(target: Database) -> None:
    """Bring a new, bare server database to this app's schema; refuse one at another version."""
    from frontdesk.storage.migrate import current_revision, head_revision, upgrade_to_head

    current = current_revision(target)
    if current is None:
        upgrade_to_head(target)
    elif current != head_revision():
        raise StorageError(f"The server database is at schema {current}, not this app's {head_revision()}: use "
                           "the FrontDesk version the server was set up with.")


def _refuse_old_source(source: Database) -> None:
    """The practice is only read here, never upgraded: it must already be at this app's schema."""
    from frontdesk.storage.migrate import current_revision, head_revision

    current = current_revision(source)
    if current != head_revision():
        raise StorageError(f"The practice to move is at schema {current}, not this app's {head_revision()}: open it "
                           "once with this FrontDesk (it upgrades it, keeping a safety copy), then move it in.")


def refuse_occupied(conn: Connection) -> None:
    occupied = sorted(name for name, count in count_rows(conn).items() if count and name not in SEEDED_TABLES)
    if occupied:
        raise StorageError(f"The server database already holds a practice (table {occupied[0]} has rows); nothing "
                           "was copied. Move a practice only into a new, empty server database.")


def _compare(source: dict[str, int], copied: dict[str, int], arrived: dict[str, int]) -> None:
    for name, count in source.items():
        if copied.get(name) != count or arrived.get(name) != count:
            raise StorageError(f"Table {name} did not arrive whole ({arrived.get(name)} of {count} rows); nothing "
                               "was kept on the server.")


def copy_into_server(source: Database, target: Database, key_file: KeyFile, check: ArrivalCheck, *,
                     progress: RowProgress | None = None, batch: int = COPY_BATCH) -> MoveInReport:
    """Copy the practice in ``source`` into the empty server ``target`` (opened with the same key) in one
    server transaction; see the module docstring."""
    started = time.perf_counter()
    if source.key != target.key:
        raise StorageError("The server must be opened with the practice's own key, or its audit trail would not "
                           "verify there.")
    _refuse_old_source(source)
    prepare_server(target)
    try:
        with source.engine.connect() as src, target.engine.connect() as dst:
            with dst.begin():
                refuse_occupied(dst)
                clear_tables(dst)  # the migrations' seed rows: the practice's own arrive with their ids
                copied = copy_tables(src, dst, progress=progress, batch=batch)
                _compare(count_rows(src), copied, count_rows(dst))
                with Session(bind=dst) as session:
                    problem = check(session)
                if problem:
                    raise StorageError(f"The audit trail did not verify on the server ({problem}); nothing was "
                                       "kept on the server.")
                store_key_file(dst, key_file)
            src.rollback()
    except sa_exc.DBAPIError as exc:
        raise translate_db_error(exc, "the practice server") from exc
    return MoveInReport(copied, time.perf_counter() - started)


def restore_to_server(backup_file: Path, key: bytes, target: Database, check: ArrivalCheck, *,
                      progress: Callable[[str, int, int], None] | None = None,
                      record: Recorder | None = None) -> MoveInReport:
    """A backup (of a server or of a single PC) into the empty server ``target``: verified, brought to this
    app's schema in a temporary encrypted copy, where ``record`` writes the restore's audit event (as a restore
    on one PC does), then copied in like a moved-in practice. ``key`` is the backup's
    (storage.restore.unlock_backup_key), and ``target`` must be opened with it."""
    from frontdesk.storage.restore import RestoreFacts, open_backup, prepare

    backup, manifest = open_backup(backup_file)
    rows = None if progress is None else (lambda done, total: progress("server", done, total))
    write_record = None if record is None else (
        lambda db, schema_to: record(db, RestoreFacts(manifest.file, manifest.schema_version, schema_to, False, None)))
    with tempfile.TemporaryDirectory(prefix="frontdesk-restore-") as work:
        copy = Path(work) / "restoring.db"
        prepare(backup, manifest, key, copy, progress, write_record)
        source = Database(copy, key)
        try:
            return copy_into_server(source, target, manifest.wrapped_key_file(), check, progress=rows)
        finally:
            source.close()
