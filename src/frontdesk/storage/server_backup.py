"""A server practice's backup: one REPEATABLE READ snapshot of the server copied into an encrypted SQLite file.

The file is exactly what a single-PC backup is (a SQLCipher database keyed first, then published with the
same manifest and verification by storage/backup.py), keyed with the practice key itself. The practice key
is the server-mode counterpart of the SQLite key (``PostgresDatabase(url, db_key)``), so one key opens the
backup, signs its manifest, and is the key the audit chain's HMAC key is derived from. That is what lets the
same file be verified like any backup, restored to a new server (storage/move_in.py), and, when the server
dies, restored into a single-PC data folder whose app opens it and finds its audit chain intact.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, text

from frontdesk.errors import DamagedFileError, StorageError
from frontdesk.storage.engine import Database
from frontdesk.storage.table_copy import RowProgress, copy_tables, count_rows, schema_version
from frontdesk.storage.verify import GENESIS_HASH, SnapshotFacts, open_backup_file, read_facts

# the files SQLite may keep beside a database while it is open (WAL mode): cleaned up with a failed backup
SIDE_SUFFIXES = ("-wal", "-shm", "-journal")
_KIND_ORDER = ("table", "index", "view", "trigger")  # a trigger or view needs its tables first


def is_server(db: Database) -> bool:
    """Whether ``db`` is a practice server (PostgreSQL) rather than a single-PC file."""
    return db.engine.dialect.name == "postgresql"


def audit_head(conn: Connection) -> tuple[int, str]:
    """The audit chain's last sequence number and hash in the caller's snapshot (0 and genesis when empty)."""
    row = conn.execute(text("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1")).first()
    return (0, GENESIS_HASH) if row is None else (int(row[0]), str(row[1]))


def snapshot_connection(db: Database) -> Connection:
    """A connection whose transaction (begun by the first statement) is one REPEATABLE READ, READ ONLY
    snapshot: every table is read as of the same moment while workstations keep writing (caller closes)."""
    return db.engine.connect().execution_options(isolation_level="REPEATABLE READ", postgresql_readonly=True)


def new_practice_file(path: Path, key: bytes) -> Database:
    """An encrypted practice database at ``path`` (absent or empty) with this app's schema at head and no rows.

    Made from the checked-in schema snapshot (storage/schema_head.py, which a test keeps equal to what the
    migrations produce): exactly the tables, indexes and triggers a single-PC practice has, so `frontdesk check`
    finds the restored file as the migrations define it. Caller closes."""
    from frontdesk.storage.schema_head import HEAD_OBJECTS, HEAD_REVISION

    out = Database(path, key, create=True)
    try:
        with out.engine.connect() as conn:
            for kind in _KIND_ORDER:
                for _, _, _, sql in (o for o in HEAD_OBJECTS if o[0] == kind):
                    conn.exec_driver_sql(sql)
            conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"), {"v": HEAD_REVISION})
            conn.commit()
    except BaseException:
        out.close()
        raise
    return out


def _file_facts(path: Path, key: bytes) -> SnapshotFacts:
    conn = open_backup_file(path, key)
    try:
        conn.execute("BEGIN")
        facts = read_facts(conn)
        conn.execute("COMMIT")
    finally:
        conn.close()
    return facts


def snapshot_to_file(db: Database, dest: Path, key: bytes,
                     progress: RowProgress | None = None) -> SnapshotFacts:
    """Copy the server's current snapshot into the new encrypted file ``dest``; returns the file's facts.

    The file is checked against the snapshot before it is handed back: every table's row count and the
    audit chain's head must be the server's. ``progress(rows, total)`` after each batch of rows.
    """
    from frontdesk.storage.schema_head import HEAD_REVISION

    with snapshot_connection(db) as server:
        version = schema_version(server)
        if version != HEAD_REVISION:
            raise StorageError(f"The practice server's schema ({version}) is not this app's ({HEAD_REVISION}): "
                               "update FrontDesk on this PC or the server first, then back up.")
        out = new_practice_file(dest, key)
        try:
            with out.engine.connect() as conn:
                copied = copy_tables(server, conn, progress=progress)
                conn.commit()
                # a backup is one self-contained file, no WAL beside it (switched outside any transaction)
                conn.connection.driver_connection.execute("PRAGMA journal_mode = DELETE").fetchone()
        finally:
            out.close()
        expected, head = count_rows(server), audit_head(server)
        server.rollback()
    facts = _file_facts(dest, key)
    differences = [name for name, count in expected.items() if facts.tables.get(name) != count
                   or copied.get(name) != count]
    if differences or (facts.audit_seq, facts.audit_hash) != head:
        what = f"table {differences[0]}" if differences else "the audit trail's last event"
        raise DamagedFileError(f"The backup copy does not match the server's snapshot ({what} differs).")
    return facts


def remove_side_files(path: Path) -> None:
    """What SQLite may have left beside ``path`` when a copy failed while it was open."""
    for suffix in SIDE_SUFFIXES:
        Path(str(path) + suffix).unlink(missing_ok=True)

