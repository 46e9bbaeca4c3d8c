"""Bulk inserts through the driver's own executemany, on either engine.

SQLAlchemy's per-row bind processing is what makes a million-row load take minutes; handing plain tuples to
the driver takes seconds. The one dialect detail is the placeholder: SQLite's ``?``, psycopg's ``%s``."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Connection


def insert_many(connection: Connection, table: str, columns: Sequence[str], rows: Sequence[Sequence[object]]) -> None:
    """INSERT every row (values in ``columns`` order, already in stored form) in one driver executemany."""
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    connection.exec_driver_sql(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(mark for _ in columns)})",
                               list(rows))
