"""A/R aging exports: a CSV safe to open in a spreadsheet, and a landscape PDF (by payer, then by account).

CSV: every text cell that a spreadsheet could run as a formula (it starts with = + - @, a tab or a carriage
return) gets a leading apostrophe; amounts are written as plain numbers (1234.50, -20.00: no $, no
thousands separator, unquoted) so they stay numbers when the file is opened.
"""

from __future__ import annotations

import csv
import io
import os
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from frontdesk.domain.csv_cells import neutralise_cell
from frontdesk.domain.formats import format_date, format_money
from frontdesk.storage.atomic import render_atomically, write_atomically

if TYPE_CHECKING:
    from frontdesk.domain.aging_report import AgingReport, AgingRow

BUCKETS = ("0-30", "31-60", "61-90", "91-120", "Over 120")
ZERO = Decimal("0.00")


def csv_rows(report: AgingReport) -> list[list[object]]:
    """Header and rows: section, name, account, then insurance, patient and combined buckets, credit, total."""
    head: list[object] = ["Section", "Name", "Account"]
    head += [f"Insurance {b}" for b in BUCKETS] + ["Insurance total"]
    head += [f"Patient {b}" for b in BUCKETS] + ["Patient credit", "Patient total"]
    head += [f"Total {b}" for b in BUCKETS] + ["Total"]
    rows: list[list[object]] = [head]

    def line(section: str, row: AgingRow) -> list[object]:
        return ([section, neutralise_cell(row.label), neutralise_cell(row.account_number), *row.insurance,
                 row.insurance_total, *row.patient, ZERO - row.credit, row.patient_total, *row.combined, row.total])

    rows += [line("By payer", r) for r in report.by_payer]
    rows += [line("By account", r) for r in report.by_account]
    rows.append(line("Total", report.totals))
    return rows


def write_aging_csv(report: AgingReport, path: str | os.PathLike[str]) -> None:
    """Write the CSV atomically (UTF-8 with BOM so spreadsheets read names with accents correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["A/R aging as of", format_date(report.as_of), neutralise_cell(report.practice_name)])
    writer.writerows(csv_rows(report))  # Decimals print as 1234.50: plain numbers, unquoted
    write_atomically(path, buffer.getvalue(), what="the aging report", encoding="utf-8-sig", newline="")


INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#cccccc")
PAGE = landscape(LETTER)
MARGIN = 0.45 * inch
LINE = 11.0  # points per printed line
TOP = PAGE[1] - MARGIN
BOTTOM = 0.65 * inch
NAME_X = MARGIN
PORTION_X = MARGIN + 2.75 * inch
# Right edges of the money columns: five buckets, credit, total.
MONEY_RIGHTS = [PAGE[0] - MARGIN - (6 - i) * 0.95 * inch for i in range(7)]
COLUMNS = (*BUCKETS, "Credit", "Total")


class _Pages:
    """Draws lines top to bottom on landscape pages; starts a new page (with column heads) when one is full.

    Drawn straight on a canvas (no table layout): 20,000 accounts print in seconds, not minutes.
    Canvas text is never parsed as markup, so names print as typed.
    """

    def __init__(self, canvas: Canvas, report: AgingReport) -> None:
        self.c, self.report, self.page, self.y = canvas, report, 0, 0.0
        self._new_page()

    def _footer(self) -> None:
        self.c.setFont("Helvetica", 7.5)
        self.c.drawString(MARGIN, 0.3 * inch, "Confidential: contains protected health information.")
        self.c.drawRightString(PAGE[0] - MARGIN, 0.3 * inch,
                               f"A/R aging as of {format_date(self.report.as_of)} - page {self.page}")

    def _new_page(self, *, heads: bool = True) -> None:
        if self.page:
            self._footer()
            self.c.showPage()
        self.page += 1
        self.y = TOP
        if self.page == 1:
            self.c.setFont("Helvetica-Bold", 9)
            self.c.drawString(MARGIN, self.y - 9, self.report.practice_name)
            self.c.setFont("Helvetica-Bold", 15)
            self.c.drawString(MARGIN, self.y - 28, "A/R aging")
            self.c.setFont("Helvetica", 8)
            self.c.drawString(MARGIN, self.y - 42, f"As of {format_date(self.report.as_of)}. Age = days from the "
                              "date of service. Credit is unapplied patient money (it has no age).")
            self.y -= 50
        if heads and self.page > 1:
            self.heads()

    def heads(self) -> None:
        self.c.setFont("Helvetica-Bold", 7.5)
        self.y -= LINE
        self.c.drawString(NAME_X, self.y, "Name")
        self.c.drawString(PORTION_X, self.y, "Portion")
        for right, head in zip(MONEY_RIGHTS, COLUMNS, strict=True):
            self.c.drawRightString(right, self.y, head)
        self.c.setLineWidth(0.75)
        self.c.line(MARGIN, self.y - 3, PAGE[0] - MARGIN, self.y - 3)
        self.y -= 3

    def room(self, lines: int, *, heads: bool = True) -> None:
        if self.y - lines * LINE < BOTTOM:
            self._new_page(heads=heads)

    def section(self, title: str) -> None:
        self.room(4, heads=False)
        self.y -= 8 + LINE
        self.c.setFont("Helvetica-Bold", 10.5)
        self.c.drawString(MARGIN, self.y, title)
        self.heads()

    def row(self, row: AgingRow, *, account: bool, portions: tuple[str, ...]) -> None:
        """One line per portion: insurance, patient (credit on it) or both together ("all")."""
        self.room(len(portions))
        name = f"{row.label} ({row.account_number})" if account and row.account_number else row.label
        for n, portion in enumerate(portions):
            self.y -= LINE
            if n == 0:
                self.c.setFont("Helvetica-Bold", 7.5)
                self.c.drawString(NAME_X, self.y, _fit(name, 2.65 * inch))
            self.c.setFont("Helvetica", 7.5)
            self.c.drawString(PORTION_X, self.y, portion.capitalize())
            if portion == "insurance":
                values, credit, total = row.insurance, "", row.insurance_total
            else:
                values = row.patient if portion == "patient" else row.combined
                credit = format_money(-row.credit) if row.credit else ""
                total = row.patient_total if portion == "patient" else row.total
            cells = [format_money(v) for v in values] + [credit, format_money(total)]
            for right, cell in zip(MONEY_RIGHTS, cells, strict=True):
                self.c.drawRightString(right, self.y, cell)
        self.c.setStrokeColor(RULE)
        self.c.setLineWidth(0.25)
        self.c.line(MARGIN, self.y - 3, PAGE[0] - MARGIN, self.y - 3)
        self.c.setStrokeColor(INK)
        self.y -= 3

    def finish(self) -> None:
        self._footer()


def _fit(text: str, width: float) -> str:
    if stringWidth(text, "Helvetica-Bold", 7.5) <= width:
        return text
    while text and stringWidth(text + "\u2026", "Helvetica-Bold", 7.5) > width:
        text = text[:-1]
    return text + "\u2026"


def _portions(row: AgingRow) -> tuple[str, ...]:
    if row.key == "patients":
        return ("patient",)
    return ("insurance",) if row.key.startswith("payer:") else ("insurance", "patient")


def write_aging_pdf(report: AgingReport, path: str | os.PathLike[str]) -> None:
    """Render the aging report to ``path`` (landscape Letter, written atomically): totals, by payer, by account."""

    def render(target: Path) -> None:
        c = Canvas(str(target), pagesize=PAGE, pageCompression=1)
        c.setTitle("A/R aging")
        c.setAuthor(report.practice_name)
        pages = _Pages(c, report)
        pages.section("Totals")
        pages.row(report.totals, account=False, portions=("insurance", "patient", "all"))
        pages.section("By payer (insurance portions; patient portions in the last row)")
        for row in report.by_payer:
            pages.row(row, account=False, portions=_portions(row))
        pages.section(f"By account (guarantor): {len(report.by_account):,}")
        for row in report.by_account:
            pages.row(row, account=True, portions=_portions(row))
        pages.finish()
        c.save()

    render_atomically(path, render, what="the aging report")
