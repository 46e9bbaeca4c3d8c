"""The printed accounting of disclosures: every entry of the period with its four facts, markup printed as typed.

The data is given, no clock is read: the dates are years in the past so they never come near today."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pdfplumber

from frontdesk.reports.disclosure_accounting import write_disclosure_accounting_pdf
from frontdesk.services.patients.disclosures import DisclosureAccounting, DisclosureEntry

AT = datetime(2019, 3, 2, 12, 5, tzinfo=ZoneInfo("America/New_York"))


def _entry(n: int, **overrides: object) -> DisclosureEntry:
    values: dict[str, object] = dict(
        id=n, patient_id=1, disclosed_on=date(2018, 1, n), kind="legal", recipient=f"Recipient {n}",
        recipient_address="", description=f"Records set {n}", purpose=f"Reason {n}", recorded_by="rita",
        recorded_at=AT.astimezone(UTC), voided_at=None, voided_by="", void_reason="")
    values.update(overrides)
    return DisclosureEntry(**values)  # type: ignore[arg-type]


def _text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _accounting(*entries: DisclosureEntry) -> DisclosureAccounting:
    return DisclosureAccounting("Maple Family Practice", "O'Brien, Anne <b>", "A000123", date(1962, 3, 14),
                                date(2013, 3, 2), date(2019, 3, 2), AT, entries)


def test_every_entry_prints_with_date_recipient_what_and_why(tmp_path: Path) -> None:
    path = tmp_path / "accounting.pdf"
    first = _entry(1, recipient="Smith & Jones <LLP>", recipient_address="1 Court St\nAlbany, NY 12207")
    write_disclosure_accounting_pdf(path, _accounting(first, *(_entry(n) for n in range(2, 29))))
    text = _text(path)
    assert "Accounting of disclosures" in text and "Period: 03/02/2013 to 03/02/2019" in text
    assert "O'Brien, Anne <b>" in text and "born 03/14/1962" in text
    assert "Smith & Jones <LLP>" in text and "Albany, NY 12207" in text
    assert "28 disclosures" in text
    for n in range(1, 29):
        assert f"01/{n:02d}/2018" in text and f"Records set {n}" in text and f"Reason {n}" in text
    assert all(f"Recipient {n}" in text for n in range(2, 29))


def test_an_empty_period_says_so(tmp_path: Path) -> None:
    path = tmp_path / "none.pdf"
    write_disclosure_accounting_pdf(path, _accounting())
    assert "No disclosures were made during this period." in _text(path)
