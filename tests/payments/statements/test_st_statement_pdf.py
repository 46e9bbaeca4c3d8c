"""Statement PDFs: exact reprints, names printed as typed, the addresses inside the envelope windows, long activity."""

from __future__ import annotations

import json
from datetime import date

import pdfplumber
from sqlalchemy import select
from st_lib import Clinic, ago, set_address

from frontdesk.models import Patient, Practice, Statement
from frontdesk.reports.statement_pdf import (
    ADDRESS_SAFE,
    FIRST_PAGE_ROWS,
    MORE_PAGE_ROWS,
    RETURN_SAFE,
    TEAR_AT,
    pages_needed,
    write_statements,
)
from frontdesk.services.payments import payments
from frontdesk.services.payments import statements as st_service
from frontdesk.services.payments.statements import StatementFilters

ALL = StatementFilters(min_balance="0.01", days_since_last=0)


def _words_in(page, rect) -> list[str]:  # type: ignore[no-untyped-def]
    """Words whose whole box lies inside ``rect`` (inches: x0, top, x1, bottom from the page's top-left)."""
    x0, top, x1, bottom = (v * 72 for v in rect)
    return [w["text"] for w in page.extract_words()
            if w["x0"] >= x0 and w["x1"] <= x1 and w["top"] >= top and w["bottom"] <= bottom]


def _tricky_patient(clinic: Clinic) -> int:
    pid = clinic.patient(last="O'Brien <b>&", first="Zoë")
    set_address(clinic.db, pid, line1="1 <i>Main</i> & Co St", line2="Apt =SUM(A1)", city="Springfield")
    clinic.visit(pid, (12500,), on=ago(12), claims=())
    return pid


def test_names_print_as_typed_and_addresses_sit_in_the_windows(biller, clinic: Clinic, tmp_path) -> None:
    _tricky_patient(clinic)
    out = tmp_path / "s.pdf"
    st_service.prepare_statement_batch(biller, out, ALL)
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        text = page.extract_text()
        assert "Zoë O'Brien <b>&" in text and "1 <i>Main</i> & Co St" in text and "Apt =SUM(A1)" in text
        inside = " ".join(_words_in(page, ADDRESS_SAFE))
        assert inside == "Zoë O'Brien <b>& 1 <i>Main</i> & Co St Apt =SUM(A1) Springfield, IL 62701"
        with biller.db.session(write=False) as s:
            name, city = s.execute(select(Practice.legal_name, Practice.city)).one()
        returned = " ".join(_words_in(page, RETURN_SAFE))
        assert returned.startswith(name) and city in returned
        # Nothing else shows through the address window.
        x0, top, x1, bottom = ADDRESS_SAFE
        window = (x0 - 0.375, top - 0.25, x1 + 0.375, bottom + 0.25)
        assert " ".join(_words_in(page, window)) == inside
        # The stub below the tear line carries the amount due and account number.
        stub = page.crop((0, TEAR_AT * 72, page.width, page.height)).extract_text()
        assert "Amount due $125.00" in stub and "Amount enclosed" in stub
        assert "Thank you for choosing" in text and "Over 120 days" in text


def test_reprint_is_exactly_what_was_printed(biller, clinic: Clinic, tmp_path) -> None:
    pid = _tricky_patient(clinic)
    other = clinic.patient(last="Second")
    set_address(clinic.db, other)
    clinic.visit(other, (9900,), on=ago(40), claims=())
    batch_pdf = tmp_path / "batch.pdf"
    batch = st_service.prepare_statement_batch(biller, batch_pdf, ALL).batch
    st_service.confirm_statement_batch_printed(biller, batch.id)
    statement = st_service.statement_history(biller, pid)[0]
    with biller.db.session(write=False) as s:
        stored = s.scalar(select(Statement.snapshot).where(Statement.id == statement.id))
    # The account changes after printing: a payment and a new charge.
    payments.take_payment(biller, pid, method="cash", amount="25.00")
    clinic.visit(pid, (7000,), on=ago(1), claims=())
    one, two = tmp_path / "r1.pdf", tmp_path / "r2.pdf"
    st_service.reprint_statement(biller, statement.id, one)
    st_service.reprint_statement(biller, statement.id, two)
    assert one.read_bytes() == two.read_bytes()
    write_statements([json.loads(stored)], tmp_path / "direct.pdf", title=f"Statement {statement.id}")
    assert (tmp_path / "direct.pdf").read_bytes() == one.read_bytes()
    with pdfplumber.open(batch_pdf) as pdf:
        printed = [p.extract_text() for p in pdf.pages]
    with pdfplumber.open(one) as pdf:
        reprinted = pdf.pages[0].extract_text()
    assert reprinted in printed and "$125.00" in reprinted and "$25.00" not in reprinted


def _snapshot(rows: int) -> dict:  # type: ignore[type-arg]
    return {"v": 1, "statement_date": "2026-11-27", "due_by": "2026-12-27", "account": "A000123",
            "practice": {"name": "Prairie Family Clinic", "lines": ["100 Main St", "Springfield, IL 62701"],
                         "phone": "(217) 555-0100"},
            "to": {"name": "Pat Long-Activity", "lines": ["5 Elm St", "Springfield, IL 62701"]},
            "patients": ["Pat Long-Activity", "Kim Long-Activity"], "multi": True, "since": "2026-01-01",
            "first_statement": False, "previous_balance": "0.00",
            "activity": [[date(2026, 1, 1 + i % 28).isoformat(), "Kim Long-Activity", f"Line {i + 1}", "1.00"]
                         for i in range(rows)],
            "new_balance": f"{rows}.00", "insurance_pending": "0.00", "credit": "0.00",
            "aging": [["0-30", f"{rows}.00"], ["31-60", "0.00"], ["61-90", "0.00"], ["91-120", "0.00"],
                      ["Over 120", "0.00"]], "amount_due": f"{rows}.00", "oldest_days": 5, "message": "Thanks."}


def test_long_activity_continues_on_more_pages(tmp_path) -> None:
    rows = FIRST_PAGE_ROWS + MORE_PAGE_ROWS + 3
    snap = _snapshot(rows)
    assert pages_needed(snap) == 3 and pages_needed(_snapshot(FIRST_PAGE_ROWS)) == 1
    out = tmp_path / "long.pdf"
    assert write_statements([snap, _snapshot(2)], out, title="t") == 2
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 4
        text = "\n".join(p.extract_text() for p in pdf.pages[:3])
        assert all(f"Line {i + 1} " in text + " " for i in range(rows))
        assert "Page 3 of 3" in pdf.pages[2].extract_text() and "Page 1 of 1" in pdf.pages[3].extract_text()
        assert "Activity continues on the next page." in pdf.pages[0].extract_text()


def test_long_address_lines_are_set_smaller_to_stay_in_the_window(biller, clinic: Clinic, tmp_path) -> None:
    pid = clinic.patient(last="Vanderbilt-Montgomery-Fitzwilliam", first="Maximiliana")
    set_address(clinic.db, pid, line1="12345 North Extraordinarily Long Boulevard Name", city="Springfield")
    clinic.visit(pid, (1000,), on=ago(3), claims=())
    with clinic.db.session(write=True) as s:
        s.get(Patient, pid).middle_name = "Q"
    out = tmp_path / "wide.pdf"
    st_service.prepare_statement_batch(biller, out, ALL)
    with pdfplumber.open(out) as pdf:
        page = pdf.pages[0]
        x0, top, x1, bottom = (v * 72 for v in ADDRESS_SAFE)
        near = [w for w in page.extract_words() if top - 18 <= w["top"] <= bottom + 18 and w["x0"] < x1 + 36]
        assert near and all(x0 <= w["x0"] and w["x1"] <= x1 and top <= w["top"] and w["bottom"] <= bottom
                            for w in near)
