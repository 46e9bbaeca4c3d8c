"""Audit CSV export: spreadsheet formula injection is neutralised, the rest is exported as is.

The one helper (domain/csv_cells.neutralise_cell) is also checked by its properties: whatever the text, no
cell a comma- or semicolon-splitting spreadsheet makes of it starts with a formula character, and it only
ever adds apostrophes, and only where needed."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import example, given, strategies as stt

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


FORMULA = ("=", "+", "-", "@", "\t", "\r")
# Text built mostly from the characters that matter, so the risky cases come up often.
cells = stt.text(alphabet=stt.sampled_from(["=", "+", "-", "@", "\t", "\r", ";", ",", " ", "'", "a", "1", "\n"]),
                 max_size=12)


def _risky_pieces(text: str) -> int:
    return sum(piece.startswith(FORMULA) for piece in text.split(";"))


@pytest.mark.parametrize("cell, safe", [
    ("Smith;=1+1", "Smith;'=1+1"),
    ('x;=HYPERLINK("http://evil.example","x")', 'x;\'=HYPERLINK("http://evil.example","x")'),
    ("=a;@b;+c;-d", "'=a;'@b;'+c;'-d"),
    ("a;\tb", "a;'\tb"),
    ("a;\rb", "a;'\rb"),
    (";=1", ";'=1"),
    ("a;b;c", "a;b;c"),
    ("a; =1", "a; =1"),  # like " =1": a leading space keeps it text
    ("a;'=1", "a;'=1"),
])
def test_a_semicolon_before_a_formula_character_gets_a_quote(cell: str, safe: str) -> None:
    assert neutralise_cell(cell) == safe


@given(cells)
@example("=1;=2")
@example("a;;=b")
def test_no_piece_a_semicolon_spreadsheet_makes_starts_a_formula(cell: str) -> None:
    out = neutralise_cell(cell)
    assert isinstance(out, str)
    assert _risky_pieces(out) == 0
    assert not out.startswith(FORMULA)


@given(cells)
def test_only_apostrophes_are_added_and_only_where_needed(cell: str) -> None:
    out = neutralise_cell(cell)
    assert isinstance(out, str)
    assert len(out) - len(cell) == _risky_pieces(cell)
    assert out.replace("'", "") == cell.replace("'", "")
    if _risky_pieces(cell) == 0:
        assert out == cell


def test_export_neutralises_a_semicolon_formula_for_semicolon_spreadsheets(db, admin_ctx) -> None:  # type: ignore[no-untyped-def]
    with db.session(write=True) as session:
        append_event(session, db.audit_key, action="test.inject", username="admin",
                     detail='note;=HYPERLINK("http://evil.example","click");@SUM(1)')
    text = audit.export_events_csv(admin_ctx, AuditFilter(action="test."))
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
        assert not any(field.startswith(FORMULA) for field in row), row


def test_export_is_itself_audited(db, admin_ctx) -> None:  # type: ignore[no-untyped-def]
    text = audit.export_events_csv(admin_ctx, AuditFilter(action="practice."))
    exported = len(_rows(text)) - 1
    latest = audit.list_events(admin_ctx, AuditFilter(), limit=1)[0]
    assert latest.action == "audit.export" and latest.detail == f"{exported} events"
    assert exported == 1  # practice.setup
