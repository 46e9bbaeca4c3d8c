"""Audit CSV export: spreadsheet formula injection is neutralised, the rest is exported as is."""

from __future__ import annotations

import csv
import io

import pytest

from frontdesk.services.admin import audit
from frontdesk.services._audit_chain import append_event
from frontdesk.services.admin.audit import AuditFilter, neutralise_cell

HEADER = ["seq", "time_utc", "user", "action", "entity", "entity_id", "patient_id", "detail"]


@pytest.mark.parametrize("dangerous", [
    "=1+1", "+1", "-1", "@SUM(A1:A2)", "\tx", "\rx", '=HYPERLINK("http://evil.example","x")',
])
def test_formula_prefixes_get_a_leading_quote(dangerous: str) -> None:
    assert neutralise_cell(dangerous) == "'" + dangerous


@pytest.mark.parametrize("harmless", ["", "login", "role=admin", "a-b", "admin -> billing", " =1", "'=1"])
def test_other_text_is_unchanged(harmless: str) -> None:
    assert neutralise_cell(harmless) == harmless


@pytest.mark.parametrize("value", [None, 12, -5, 1.5])
def test_non_text_is_unchanged(value: object) -> None:
    # Numbers are written by csv as numbers; only text can smuggle a formula.
    assert neutralise_cell(value) == value


def _rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def test_export_neutralises_cells_and_keeps_safe_ones(db, admin_ctx) -> None:  # type: ignore[no-untyped-def]
    with db.session(write=True) as session:
        append_event(session, db.audit_key, action="test.inject", username="admin", entity_type="note",
                     entity_id="-7", patient_id=42, detail='=HYPERLINK("http://evil.example","click")')
        append_event(session, db.audit_key, action="test.inject", username="admin", detail="line one\nline two")
    text = audit.export_events_csv(admin_ctx, AuditFilter(action="test."))
    rows = _rows(text)
    assert rows[0] == HEADER
    assert len(rows) == 3, "a detail spanning lines is still one row"
    newest, older = rows[1], rows[2]
    assert newest[7] == "line one\nline two"
    assert older[3] == "test.inject"
    assert older[5] == "'-7"
    assert older[6] == "42"
    assert older[7] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert older[1].endswith("Z") and "T" in older[1]
    assert text.endswith("\r\n")


def test_export_is_itself_audited(db, admin_ctx) -> None:  # type: ignore[no-untyped-def]
    text = audit.export_events_csv(admin_ctx, AuditFilter(action="practice."))
    exported = len(_rows(text)) - 1
    latest = audit.list_events(admin_ctx, AuditFilter(), limit=1)[0]
    assert latest.action == "audit.export" and latest.detail == f"{exported} events"
    assert exported == 1  # practice.setup
