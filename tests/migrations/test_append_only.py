"""Posted money and audit rows are append-only in the database itself: every column, generated from the models.

Raw SQL, as someone holding the key would write it: each column of a written row that
models/append_only.py does not exempt must be refused by a trigger, and so must DELETE.
"""

from __future__ import annotations

import itertools
import os
from datetime import date, datetime, timedelta

import pytest
import sqlcipher3
from frontdesk.models import Base
from frontdesk.models.append_only import APPEND_ONLY
from frontdesk.storage.engine import Database
from frontdesk.storage.migrate import upgrade_to_head


@pytest.fixture(scope="module")
def conn(tmp_path_factory):
    db = Database(tmp_path_factory.mktemp("ao") / "frontdesk.db", os.urandom(32), create=True)
    upgrade_to_head(db)
    raw = db.raw_connection()
    raw.execute("PRAGMA foreign_keys = OFF")  # lone rows: the triggers are what is tested, not references
    yield raw
    raw.close()
    db.close()


_serial = itertools.count(1)


def _value(column, n: int):  # type: ignore[no-untyped-def]
    """A value of the column's type, distinct for every ``n`` (unique columns stay unique)."""
    kind = getattr(column.type, "impl", column.type).python_type  # UTCDateTime decorates DateTime
    if kind is bool:
        return n % 2
    if kind is int:
        return n
    if kind is datetime:
        return (datetime(2020, 1, 1, 3, 4, 5) + timedelta(days=n)).isoformat(sep=" ")
    if kind is date:
        return (date(2020, 1, 1) + timedelta(days=n)).isoformat()
    if kind is str:
        return "open" if column.name == "status" else str(n)
    raise AssertionError(f"no test value for {column.table.name}.{column.name} ({kind})")


def _insert(conn, table: str, **given: object) -> int:  # type: ignore[no-untyped-def]
    columns = list(Base.metadata.tables[table].columns)
    names = ", ".join(c.name for c in columns)
    marks = ", ".join("?" for _ in columns)
    n = next(_serial)
    row = [given.get(c.name, None if c.primary_key else _value(c, n)) for c in columns]
    cur = conn.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", row)
    return int(cur.lastrowid)


def _cases() -> list[tuple[str, str]]:
    return [(table, column.name) for table, exempt in APPEND_ONLY.items()
            for column in Base.metadata.tables[table].columns if column.name not in exempt]


def test_every_append_only_table_is_a_model_and_every_exemption_a_column() -> None:
    for table, exempt in APPEND_ONLY.items():
        assert table in Base.metadata.tables
        assert set(exempt) <= set(Base.metadata.tables[table].columns.keys()), table
        assert all(reason.strip() for reason in exempt.values())


@pytest.mark.parametrize(("table", "column"), _cases())
def test_updating_any_column_of_a_written_row_is_refused(conn, table: str, column: str) -> None:
    rowid = _insert(conn, table)
    col = Base.metadata.tables[table].columns[column]
    new = _value(col, 100_000 + next(_serial))
    with pytest.raises(sqlcipher3.IntegrityError, match="never edited|append-only"):
        conn.execute(f"UPDATE {table} SET {column} = ? WHERE rowid = ?", (new, rowid))
    conn.rollback()


@pytest.mark.parametrize("table", list(APPEND_ONLY))
def test_deleting_a_written_row_is_refused(conn, table: str) -> None:
    rowid = _insert(conn, table)
    with pytest.raises(sqlcipher3.IntegrityError, match="never deleted|append-only"):
        conn.execute(f"DELETE FROM {table} WHERE rowid = ?", (rowid,))
    conn.rollback()


def _patient(conn, *, merged_into: int | None = None) -> int:  # type: ignore[no-untyped-def]
    pid = _insert(conn, "patient")
    if merged_into is not None:
        conn.execute("UPDATE patient SET status = 'merged', merged_into_id = ? WHERE id = ?", (merged_into, pid))
    return pid


def test_a_payment_moves_only_from_a_merged_patient_to_the_one_it_was_merged_into(conn) -> None:
    survivor, other = _patient(conn), _patient(conn)
    duplicate = _patient(conn, merged_into=survivor)
    pay = _insert(conn, "payment", patient_id=duplicate)
    with pytest.raises(sqlcipher3.IntegrityError, match="never edited"):
        conn.execute("UPDATE payment SET patient_id = ? WHERE id = ?", (other, pay))
    with pytest.raises(sqlcipher3.IntegrityError, match="never edited"):
        conn.execute("UPDATE payment SET patient_id = ?, amount_cents = 1 WHERE id = ?", (survivor, pay))
    conn.execute("UPDATE payment SET patient_id = ? WHERE id = ?", (survivor, pay))
    assert conn.execute("SELECT patient_id FROM payment WHERE id = ?", (pay,)).fetchone()[0] == survivor
    conn.rollback()
