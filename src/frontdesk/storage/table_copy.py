"""One copier for a whole practice between engines: every table, in dependency order, row for row.

Used both ways: a single-PC practice (SQLite) into a server (``frontdesk server move-in``, restoring a
backup to a new server) and a server practice into an encrypted SQLite file (a server backup). Rows go
through SQLAlchemy Core with each database's own column types (read from the database, so storage needs no
models): read through the source's, written through the destination's, each dialect converts the same values
(timestamps, booleans, money as integers) and the audit chain, which hashes values, still verifies on the
other side. The caller owns both transactions: a copy that fails leaves nothing behind once it rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlalchemy import (
    Connection,
    ForeignKeyConstraint,
    Integer,
    LargeBinary,
    MetaData,
    Table,
    bindparam,
    delete,
    func,
    select,
    text,
    update,
)
from sqlalchemy.sql.ddl import sort_tables_and_constraints

from frontdesk.errors import StorageError

COPY_BATCH = 2000  # rows per executemany: big enough to amortise round trips, small enough to stay in memory
# ...except rows that hold files (patient documents up to 25 MB, card images up to 5 MB): a few at a time
FILE_BATCH = 4
SCHEMA_TABLE = "alembic_version"  # not copied: both sides must already be at the same schema version
# A server's own tables (enrolment codes, its key file) are the server's, not the practice's data: never copied.
SERVER_ONLY_PREFIX = "frontdesk_"

RowProgress = Callable[[int, int], None]


def _practice(table: Table) -> bool:
    return table.name != SCHEMA_TABLE and not table.name.startswith(SERVER_ONLY_PREFIX)


def _sorted(conn: Connection) -> tuple[list[Table], list[ForeignKeyConstraint]]:
    """The practice tables, parents before children, and the foreign keys that close a cycle between tables
    (a patient's guarantor is a guarantor row; a guarantor may be a patient): those are filled in afterwards."""
    meta = MetaData()
    meta.reflect(bind=conn)
    order = sort_tables_and_constraints(list(meta.tables.values()))
    tables = [table for table, _ in order if table is not None and _practice(table)]
    cyclic = [fkc for fkc in (order[-1][1] if order and order[-1][0] is None else []) if _practice(fkc.table)]
    return tables, cyclic


def practice_tables(conn: Connection) -> list[Table]:
    """Every practice table of the database behind ``conn``, parents before children (the order a copy inserts in).

    Read from the database itself (the migrations made it), each column with that engine's type, so rows read
    through one side's tables and written through the other's are converted by each dialect.
    """
    return _sorted(conn)[0]


def count_rows(conn: Connection, tables: list[Table] | None = None) -> dict[str, int]:
    """Rows per practice table, read inside the caller's transaction (so the counts describe one snapshot)."""
    return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in (practice_tables(conn) if tables is None else tables)}


def schema_version(conn: Connection) -> str | None:
    row = conn.execute(text(f"SELECT version_num FROM {SCHEMA_TABLE}")).first()
    return None if row is None else str(row[0])


def clear_tables(conn: Connection) -> None:
    """Delete every row, children first: a freshly migrated database holds the migrations' seed rows (consent
    types), which the copy brings over from the source with their own ids."""
    for table in reversed(practice_tables(conn)):
        conn.execute(delete(table))


def _pairs(src: Connection, dst: Connection) -> tuple[list[tuple[Table, Table]], dict[str, list[str]]]:
    """Each source table with the destination's table of that name (both must have the same columns), and per
    table the columns of the foreign keys that close a cycle (copied as NULL, then set once every row is in)."""
    theirs = {t.name: t for t in practice_tables(dst)}
    tables, cyclic = _sorted(src)
    pairs = []
    for table in tables:
        other = theirs.get(table.name)
        if other is None or set(other.columns.keys()) != set(table.columns.keys()):
            raise StorageError(f"Table {table.name} has no exact counterpart in the other database; the two are "
                               "not the same FrontDesk schema.")
        pairs.append((table, other))
    later: dict[str, list[str]] = {}
    for fkc in cyclic:
        later.setdefault(fkc.table.name, []).extend(column.name for column in fkc.columns)
    return pairs, later


def batch_size(table: Table, batch: int) -> int:
    """Rows per batch for ``table``: ``batch``, or FILE_BATCH for a table with a binary column (BLOB / BYTEA),
    so a practice with many scanned documents is copied in about 100 MB steps, not gigabytes at once."""
    holds_files = any(isinstance(column.type, LargeBinary) for column in table.columns)
    return min(batch, FILE_BATCH) if holds_files else batch


def _batches(src: Connection, table: Table, batch: int) -> Iterator[list[dict[str, object]]]:
    batch = batch_size(table, batch)
    keys = [column.key for column in table.columns]
    # in primary-key order: a row that refers to an earlier row of its own table (a merged patient) lands after it
    stmt = select(*table.columns).order_by(*table.primary_key.columns)
    result = src.execution_options(yield_per=batch).execute(stmt)
    try:
        for part in result.partitions(batch):
            yield [dict(zip(keys, row, strict=True)) for row in part]
    finally:
        result.close()


def copy_tables(src: Connection, dst: Connection, *, batch: int = COPY_BATCH,
                progress: RowProgress | None = None) -> dict[str, int]:
    """Copy every row of every practice table from ``src`` into the empty tables of ``dst``.

    Returns the rows copied per table. ``progress(rows done, rows in all)`` after each batch; whatever it
    raises (a Cancel) stops the copy. On PostgreSQL the id sequences are moved past the copied ids.
    """
    if schema_version(src) != schema_version(dst):
        raise StorageError(f"The two databases are at different schema versions ({schema_version(src)} and "
                           f"{schema_version(dst)}); bring both to this app's version first.")
    pairs, later = _pairs(src, dst)
    total = sum(count_rows(src, [table for table, _ in pairs]).values())
    done = 0
    copied: dict[str, int] = {}
    held_back: list[tuple[_HeldBack, Table]] = []
    for table, into in pairs:
        copied[table.name] = 0
        order = _SelfReferences(table, later.get(table.name, []))
        held = _HeldBack(table, later.get(table.name, []))
        for batch_rows in _batches(src, table, batch):
            rows = order.ready(held.strip(batch_rows))
            if rows:
                dst.execute(into.insert(), rows)
            copied[table.name] += len(rows)
            done += len(rows)
            if progress is not None:
                progress(done, total)
        if order.waiting:
            raise StorageError(f"Rows of table {table.name} refer to each other in a circle; they could not be "
                               "copied.")
        held_back.append((held, into))
    for held, into in held_back:
        held.fill_in(dst, into)
    if dst.dialect.name == "postgresql":
        advance_sequences(dst, [into for _, into in pairs])
    return copied


class _HeldBack:
    """The values of a table's cycle-closing foreign keys: inserted as NULL, set once the rows they name exist."""

    def __init__(self, table: Table, columns: list[str]) -> None:
        keys = list(table.primary_key.columns)
        if columns and len(keys) != 1:
            raise StorageError(f"Table {table.name} closes a cycle of references but has no single key.")
        self.key = keys[0].name if keys else ""
        self.columns = columns
        self.values: dict[str, list[dict[str, object]]] = {column: [] for column in columns}

    def strip(self, rows: list[dict[str, object]]) -> list[dict[str, object]]:
        for row in rows:
            for column in self.columns:
                if row[column] is not None:
                    self.values[column].append({"_key": row[self.key], "_value": row[column]})
                    row[column] = None
        return rows

    def fill_in(self, dst: Connection, into: Table) -> None:
        for column, values in self.values.items():
            if values:
                dst.execute(update(into).where(into.c[self.key] == bindparam("_key"))
                            .values({column: bindparam("_value")}), values)


class _SelfReferences:
    """Holds back a row that refers to a later row of its own table (a patient merged into a newer record)
    until that row has been inserted: foreign keys are checked on every insert."""

    def __init__(self, table: Table, held_back: list[str]) -> None:
        self.columns = [(fk.parent.key, fk.column.key) for fk in table.foreign_keys
                        if fk.column.table is table and fk.parent.key not in held_back]
        self.seen: dict[str, set[object]] = {target: set() for _, target in self.columns}
        self.waiting: list[dict[str, object]] = []

    def _fits(self, row: dict[str, object]) -> bool:
        return all(row[column] is None or row[column] in self.seen[target] for column, target in self.columns)

    def ready(self, rows: list[dict[str, object]]) -> list[dict[str, object]]:
        if not self.columns:
            return rows
        out: list[dict[str, object]] = []
        queue = self.waiting + rows
        while True:
            self.waiting, progressed = [], False
            for row in queue:
                if self._fits(row):
                    out.append(row)
                    for _, target in self.columns:
                        self.seen[target].add(row[target])
                    progressed = True
                else:
                    self.waiting.append(row)
            if not progressed or not self.waiting:
                return out
            queue = self.waiting


def advance_sequences(conn: Connection, tables: list[Table]) -> None:
    """Move each table's id sequence past its highest id, so the next row the app adds gets a new one."""
    quote = conn.dialect.identifier_preparer.quote
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        column = keys[0].name
        # pg_get_serial_sequence is NULL for a key without a sequence; setval(NULL, ...) then does nothing
        conn.execute(text(f"SELECT setval(pg_get_serial_sequence(:t, :c), COALESCE(MAX({quote(column)}), 0) + 1, "
                          f"false) FROM {quote(table.name)}"),
                     {"t": quote(table.name), "c": column})
