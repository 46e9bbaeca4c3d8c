"""`frontdesk check` compares the database's tables, indexes and triggers with the migrations' schema at head.

The attack: someone holding the key drops the append-only triggers (then edits money or the audit trail at
will), or replaces one with a harmless body, or adds their own; before, check still said OK.
"""

from __future__ import annotations

import pytest

from frontdesk.services.admin.checks import run_checks
from frontdesk.storage.schema_check import expected_objects

pytestmark = pytest.mark.sqlite_only("edits the file's SQLite schema; a trigger dropped on a server: "
                                     "tests/storage/pg/test_pg_checks.py")


TRIGGERS = sorted(name for kind, name in expected_objects() if kind == "trigger")


def _sql(db, *statements: str) -> None:  # type: ignore[no-untyped-def]
    conn = db.raw_connection()
    try:
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()


def _problems(db) -> list[str]:  # type: ignore[no-untyped-def]
    report = run_checks(db)
    return [line for line in report.lines if line.startswith("PROBLEM")] if not report.ok else []


def test_a_clean_practice_has_the_schema_of_head(db) -> None:
    report = run_checks(db)
    assert report.ok, report.lines
    assert any("schema: all" in line for line in report.lines)


def test_one_dropped_trigger_is_named(db) -> None:
    _sql(db, "DROP TRIGGER payment_no_update")
    assert _problems(db) == ["PROBLEM: schema: missing trigger payment_no_update (not as this app's migrations "
                             "define it)"]


def test_every_dropped_trigger_is_named(db) -> None:
    assert len(TRIGGERS) >= 21
    _sql(db, *(f"DROP TRIGGER {name}" for name in TRIGGERS))
    problems = _problems(db)
    assert [p for p in problems if "missing trigger" in p] == [
        f"PROBLEM: schema: missing trigger {name} (not as this app's migrations define it)" for name in TRIGGERS]


def test_an_extra_trigger_and_index_are_reported(db) -> None:
    _sql(db, "CREATE TRIGGER quiet AFTER INSERT ON payment BEGIN SELECT 1; END",
         "CREATE INDEX ix_extra ON patient (last_name)")
    problems = _problems(db)
    assert any("extra trigger quiet" in p for p in problems)
    assert any("extra index ix_extra" in p for p in problems)


def test_a_trigger_with_another_body_is_changed(db) -> None:
    _sql(db, "DROP TRIGGER audit_event_no_delete",
         "CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event WHEN 0 "
         "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END")
    assert _problems(db) == ["PROBLEM: schema: changed trigger audit_event_no_delete (not as this app's "
                             "migrations define it)"]


def test_a_changed_table_and_a_dropped_index_are_reported(db) -> None:
    _sql(db, "ALTER TABLE payment ADD COLUMN secret TEXT", "DROP INDEX ix_payment_received_on")
    problems = _problems(db)
    assert any("changed table payment" in p for p in problems)
    assert any("missing index ix_payment_received_on" in p for p in problems)
