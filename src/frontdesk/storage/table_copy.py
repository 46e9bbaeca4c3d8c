"""One copier for a whole practice between engines: every table, in dependency order, row for row.

Used both ways: a single-PC practice (SQLite) into a server (``frontdesk server move-in``, restoring a
backup to a new server) and a server practice into an encrypted SQLite file (a server backup). Rows go
through SQLAlchemy Core with the models' column types, so each dialect writes its own representation of
the same values (timestamps, booleans, money as integers) and the audit chain, which hashes values, still
verifies on the other side. The caller owns both transactions: a copy that fails leaves nothing behind
once the caller rolls back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sqlalchemy import Connection, Integer, Table, delete, func, select, text

from frontdesk.errors import StorageError

COPY_BATCH = 2000  # rows per executemany: big enough to amortise round trips, small enough to stay in memory
SCHEMA_TABLE = "alembic_version"  # not a model: both sides must already be at the same schema version

RowProgress = Callable[[int, int], None]


def practice_tables() -> list[Table]:
    """Every table the models define, parents before children (the order a copy must insert in)."""
    import frontdesk.models  # noqa: F401  (registers every table on the metadata)
    from frontdesk.models.base import Base

    return list(Base.metadata.sorted_tables)


def count_rows(conn: Connection, tables: list[Table] | None = None) -> dict[str, int]:
    """Rows per table, read inside the caller's transaction (so the counts describe one snapshot)."""
    return {t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in tables or practice_tables()}


def schema_version(conn: Connection) -> str | None:
    row = conn.execute(text(f"SELECT version_num FROM {SCHEMA_TABLE}")).first()
    return None if row is None else str(row[0])


def clear_tables(conn: Connection, tables: list[Table] | None = None) -> None:
    """Delete every row, children first: a freshly migrated database holds the migrations' seed rows (consent
    types), which the copy brings over from the source with their own ids."""
    for table in reversed(tables or practice_tables()):
        conn.execute(delete(table))


def _batches(src: Connection, table: Table, batch: int) -> Iterator[list[dict[str, object]]]:
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
                progress: RowProgress | None = None, tables: list[Table] | None = None) -> dict[str, int]:
    """Copy every row of ``tables`` (default: all of the practice's) from ``src`` into the empty ``dst``.

    Returns the rows copied per table. ``progress(rows done, rows in all)`` after each batch; whatever it
    raises (a Cancel) stops the copy. On PostgreSQL the id sequences are moved past the copied ids.
    """
    tables = tables or practice_tables()
    if schema_version(src) != schema_version(dst):
        raise StorageError(f"The two databases are at different schema versions ({schema_version(src)} and "
                           f"{schema_version(dst)}); bring both to this app's version first.")
    total = sum(count_rows(src, tables).values())
    done = 0
    copied: dict[str, int] = {}
    for table in tables:
        copied[table.name] = 0
        order = _SelfReferences(table)
        for batch_rows in _batches(src, table, batch):
            rows = order.ready(batch_rows)
            if rows:
                dst.execute(table.insert(), rows)
            copied[table.name] += len(rows)
            done += len(rows)
            if progress is not None:
                progress(done, total)
        if order.waiting:
            raise StorageError(f"Rows of table {table.name} refer to each other in a circle; they could not be "
                               "copied.")
    if dst.dialect.name == "postgresql":
        advance_sequences(dst, tables)
    return copied


class _SelfReferences:
    """Holds back a row that refers to a later row of its own table (a patient merged into a newer record)
    until that row has been inserted: foreign keys are checked on every insert."""

    def __init__(self, table: Table) -> None:
        self.columns = [(fk.parent.key, fk.column.key) for fk in table.foreign_keys if fk.column.table is table]
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
