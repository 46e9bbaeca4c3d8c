"""Migrations 0001 to head on PostgreSQL 16, and the schema they build matches SQLite's (issue 19)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from frontdesk.storage.engine import Database
from frontdesk.storage.migrate import current_revision, head_revision, upgrade_to_head
from frontdesk.storage.pg_engine import PostgresDatabase
from frontdesk.storage.table_copy import SERVER_ONLY_PREFIX


def _practice_tables(insp) -> list[str]:  # type: ignore[no-untyped-def]
    """The migrations' tables: a server's own (its key file, enrolment codes) are not the practice schema."""
    return [name for name in insp.get_table_names() if not name.startswith(SERVER_ONLY_PREFIX)]


def _shape(db: Database) -> dict[str, object]:
    """Tables with their columns (name, nullable), index names and unique constraints: what must not differ."""
    insp = inspect(db.engine)
    shape: dict[str, object] = {}
    for table in sorted(_practice_tables(insp)):
        columns = tuple((c["name"], c["nullable"]) for c in insp.get_columns(table))
        indexes = tuple(sorted((i["name"], tuple(i["column_names"]), bool(i["unique"]))
                               for i in insp.get_indexes(table)
                               if not i.get("duplicates_constraint")))  # PostgreSQL lists UNIQUE as an index too
        uniques = tuple(sorted((u["name"], tuple(u["column_names"])) for u in insp.get_unique_constraints(table)))
        foreign = tuple(sorted((tuple(f["constrained_columns"]), f["referred_table"])
                               for f in insp.get_foreign_keys(table)))
        shape[table] = (columns, indexes, uniques, foreign)
    return shape


def _sqlite_trigger_names(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'")).scalars())


def _pg_trigger_names(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        return set(conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal")).scalars())


@pytest.fixture
def sqlite_db(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = Database(tmp_path / "practice.db", os.urandom(32), create=True)
    upgrade_to_head(db)
    yield db
    db.close()


def test_migrations_reach_head_on_postgresql(practice) -> None:  # type: ignore[no-untyped-def]
    assert current_revision(practice.db) == head_revision()
    assert practice.db.engine.dialect.name == "postgresql"


def test_the_schema_is_the_same_on_both_engines(practice, sqlite_db: Database) -> None:  # type: ignore[no-untyped-def]
    pg, lite = _shape(practice.db), _shape(sqlite_db)
    assert sorted(pg) == sorted(lite)
    for table in lite:
        assert pg[table] == lite[table], table
    assert _pg_trigger_names(practice.db) == _sqlite_trigger_names(sqlite_db)


# The type names that differ between the engines for the same declared type; money (``*_cents``) and byte sizes
# (``size_bytes``) alone are BIGINT on PostgreSQL (its INTEGER is 32-bit: storage/column_types.py), so no other
# column may differ in width.
_SAME_TYPE = {("BLOB", "BYTEA"), ("DATETIME", "TIMESTAMP")}
# The search keys compare by their bytes on PostgreSQL (migration 0031), as SQLite compares all text.
_BYTE_ORDER = {("patient", "last_name_key"), ("patient", "first_name_key"), ("patient_phone", "digits"),
               ("patient_phone", "local7"), ("insurance_policy", "member_key")}


def _types(db: Database) -> dict[tuple[str, str], str]:
    insp = inspect(db.engine)
    return {(t, c["name"]): str(c["type"]) for t in _practice_tables(insp) for c in insp.get_columns(t)}


def test_column_types_differ_only_in_spelling_and_money_width(practice, sqlite_db: Database) -> None:  # type: ignore[no-untyped-def]
    pg, lite = _types(practice.db), _types(sqlite_db)
    assert sorted(pg) == sorted(lite)
    differ = {(key, lite[key], pg[key]) for key in lite
              if lite[key] != pg[key] and (lite[key], pg[key]) not in _SAME_TYPE
              and not (key in _BYTE_ORDER and pg[key] == f'{lite[key]} COLLATE "C"')}
    wide = ("INTEGER", "BIGINT")  # money (Cents) and byte sizes (ByteCount, migration 0023)
    assert {(t, c) for (t, c), a, b in differ
            if not ((c.endswith("_cents") or c == "size_bytes") and (a, b) == wide)} == set()
    assert len(differ) > 30  # every money column is one of them


@pytest.mark.parametrize("statement, refusal", [
    ("UPDATE audit_event SET detail = 'x'", "audit events are append-only"),
    ("DELETE FROM audit_event", "audit events are append-only"),
])
def test_append_only_refusals_match_sqlite(practice, sqlite_db: Database, statement: str,  # type: ignore[no-untyped-def]
                                           refusal: str) -> None:
    for db in (practice.db, sqlite_db):
        with db.engine.connect() as conn:
            if db is sqlite_db:  # the empty file has no event yet: give the trigger a row to refuse
                conn.execute(text("INSERT INTO audit_event (seq, at, username, action, entity_type, entity_id, "
                                  "detail, prev_hash, hash) VALUES (1, '2000-01-01', '', 'a', 'b', 'c', '', '', '')"))
            with pytest.raises(IntegrityError, match=refusal):
                conn.execute(text(statement))
            conn.rollback()


def test_a_server_older_than_16_is_refused(practice, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.errors import StorageError
    from sqlalchemy.dialects.postgresql.psycopg import PGDialect_psycopg

    monkeypatch.setattr(PGDialect_psycopg, "_get_server_version_info", lambda self, conn: (15, 4))
    with pytest.raises(StorageError, match="PostgreSQL 15; FrontDesk needs PostgreSQL 16 or newer"):
        PostgresDatabase(practice.db.engine.url.render_as_string(hide_password=False), os.urandom(32))
