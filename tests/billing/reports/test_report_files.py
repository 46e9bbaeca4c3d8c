"""Billing > Reports on paper and in a spreadsheet: the PDF's text (escaped names, table, chart labels), the CSV's
neutralised cells and plain numbers, and the print / export audit rows."""

from __future__ import annotations

import csv
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pdfplumber
from eod_lib import practice_day
from sqlalchemy import select

from frontdesk.domain.billing_reports import BillingReport, ChartSeries, ReportColumn, ReportFilter
from frontdesk.models import AuditEvent
from frontdesk.reports.billing_report import write_report_csv, write_report_pdf
from frontdesk.services.billing import reports

EVIL = "=HYPERLINK(\"x\")<b>Acme</b>"


def _report() -> BillingReport:
    rows = ((EVIL, Decimal("1234.50"), Decimal("80.0")), ("Ava Carter, MD", Decimal("308.62"), Decimal("20.0")))
    return BillingReport(
        "collections_payer", "Collections by payer", "Sunrise & Co <Clinic>", ReportFilter(date(2024, 1, 1),
                                                                                           date(2024, 1, 31)),
        "All providers, all payers", (ReportColumn("Paid by"), ReportColumn("Amount", "money"),
                                      ReportColumn("Share", "percent")),
        rows, ("Total", Decimal("1543.12"), Decimal("100.0")),
        ChartSeries("Collections by payer", "Paid by", "Dollars", (EVIL, "Ava Carter, MD"),
                    (Decimal("1234.50"), Decimal("308.62"))), "Payer money by the day it was entered.")


def test_pdf_prints_names_as_typed_with_table_and_chart(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    write_report_pdf(_report(), out)
    with pdfplumber.open(out) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "Sunrise & Co <Clinic>" in text and "<b>Acme</b>" in text  # escaped, not parsed as markup
    assert "01/01/2024 to 01/31/2024" in text
    assert "$1,234.50" in text and "80.0%" in text and "$1,543.12" in text
    assert "Dollars" in text and text.count("$308.62") == 2  # the table cell and the bar's value label
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(out), str(tmp_path / "page")],
                   check=True)
    assert (tmp_path / "page-1.png").stat().st_size > 5000


def test_csv_neutralises_text_and_keeps_numbers_plain(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    write_report_csv(_report(), out)
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][:3] == ["Collections by payer", "01/01/2024", "01/31/2024"]
    assert rows[1] == ["Paid by", "Amount", "Share"]
    assert rows[2] == ["'" + EVIL, "1234.50", "80.0"]
    assert rows[-1] == ["Total", "1543.12", "100.0"]


def test_print_and_export_are_audited(clinic, billing_ctx, practice, tmp_path: Path) -> None:
    today = practice_day(clinic.db)
    flt = ReportFilter(today, today)
    reports.write_report_pdf(billing_ctx, "production_provider", flt, tmp_path / "p.pdf")
    reports.export_report_csv(billing_ctx, "adjustments", flt, tmp_path / "a.csv")
    with practice.db.session(write=False) as s:
        actions = s.execute(select(AuditEvent.action, AuditEvent.entity_id)
                            .where(AuditEvent.action.like("report.%")).order_by(AuditEvent.seq)).all()
    assert [tuple(a) for a in actions] == [("report.print", "production_provider"),
                                           ("report.export_csv", "adjustments")]
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF") and (tmp_path / "a.csv").exists()


def test_a_large_figure_is_never_broken_across_lines(tmp_path: Path) -> None:
    # The A/R trend's shape: a month-end and seven money columns; a practice-sized A/R in the millions.
    big = Decimal("12345678.90")
    columns = (ReportColumn("Month end"), *(ReportColumn(t, "money") for t in ("0-30", "31-60", "61-90", "91-120",
                                                                              "Over 120", "Credit", "Total A/R")))
    row = ("11/30/2019", *(big,) * 7)
    report = BillingReport("ar_trend", "A/R trend", "Clinic", ReportFilter(date(2019, 1, 1), date(2019, 11, 30)),
                           "Whole practice", columns, (row,), ("Latest", *(big,) * 7),
                           ChartSeries("Total A/R", "Month end", "Dollars", ("11/30/2019",), (big,)))
    out = tmp_path / "trend.pdf"
    write_report_pdf(report, out)
    with pdfplumber.open(out) as pdf:
        lines = (pdf.pages[0].extract_text() or "").splitlines()
    whole = [line for line in lines if line.count("$12,345,678.90") == 7]
    assert len(whole) == 2, lines  # the month-end row and the totals row, each figure on one line
