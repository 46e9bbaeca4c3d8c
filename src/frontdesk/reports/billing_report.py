"""Billing > Reports on paper and in a spreadsheet: a letter-size PDF (title, range, table, chart) and a CSV.

PDF: every name the user typed (providers, payers, the practice) goes through ``para`` (escaped before
Paragraph parses markup). CSV: every text cell through ``neutralise_cell`` (a spreadsheet must not run a payer
named "=HYPERLINK(...)"), money and rates as plain numbers (1234.50, unquoted) so they stay numbers.
"""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import inch
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from frontdesk.domain.billing_reports import BillingReport, Cell
from frontdesk.domain.csv_cells import neutralise_cell
from frontdesk.domain.formats import format_date, format_money
from frontdesk.reports._pdf import para
from frontdesk.reports.report_charts import chart_drawing
from frontdesk.storage.atomic import render_atomically, write_atomically

WIDTH = LETTER[0] - 1.5 * inch
CELL_PADDING = 6  # reportlab Table's default left and right padding, in points


def cell_text(value: Cell, kind: str) -> str:
    """A cell as the screen and the PDF show it: $1,234.56, 97.5%, 1,234 or the text itself."""
    if value is None:
        return "\u2014"  # a rate of nothing (no charges): never a made-up 0%
    if kind == "money":
        return format_money(value)  # type: ignore[arg-type]
    if kind == "percent":
        return f"{value}%"
    if kind in ("count", "hours"):  # hours: Decimal to a tenth (the schedule reports)
        return f"{value:,}"
    if kind == "days":
        return f"{value} days"
    return str(value)


def range_text(report: BillingReport) -> str:
    """"01/01/2026 to 01/31/2026 · All providers, all payers"."""
    return f"{format_date(report.filter.start)} to {format_date(report.filter.end)} \u00b7 {report.scope}"


def csv_rows(report: BillingReport) -> list[list[object]]:
    """Header, rows and the totals row: text neutralised, numbers plain."""
    def line(cells: tuple[Cell, ...]) -> list[object]:
        return [neutralise_cell(c) if isinstance(c, str) else ("" if c is None else c) for c in cells]

    return [[c.title for c in report.columns], *(line(r) for r in report.rows), line(report.totals)]


def write_report_csv(report: BillingReport, path: str | os.PathLike[str]) -> None:
    """Write the CSV atomically (UTF-8 with BOM so spreadsheets read accented names correctly)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([neutralise_cell(report.title), format_date(report.filter.start), format_date(report.filter.end),
                     neutralise_cell(report.scope), neutralise_cell(report.practice_name)])
    writer.writerows(csv_rows(report))
    write_atomically(path, buffer.getvalue(), what="the report", encoding="utf-8-sig", newline="")


def _table(report: BillingReport) -> Table:
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("cell", fontSize=8, leading=10)
    right = small.clone("num", alignment=2)
    bold = small.clone("head", fontName="Helvetica-Bold")
    kinds = [c.kind for c in report.columns]

    text_cols = sum(1 for k in kinds if k == "text")
    numbers = len(kinds) - text_cols
    number_w = min(1.0 * inch, (WIDTH - 1.1 * inch * text_cols) / max(numbers, 1))  # the A/R trend has 7
    text_w = (WIDTH - number_w * numbers) / max(text_cols, 1)
    # A figure is never broken across lines: when the widest one (bold, as in the totals row) does not fit its
    # column at 8 pt, every figure of the table is set smaller, down to 6 pt (an A/R of $12,345,678.90 in the
    # trend's seven columns). Beyond that the column is the limit: wrapping would still be rarer than misreading.
    figures = [cell_text(c, k) for row in (*report.rows, report.totals) for c, k in zip(row, kinds, strict=True)
               if k != "text"]
    widest = max((stringWidth(f, "Helvetica-Bold", 8) for f in figures), default=0.0)
    size = max(6.0, min(8.0, 8.0 * (number_w - 2 * CELL_PADDING) / widest)) if widest else 8.0
    right = right.clone("fit", fontSize=size, leading=size + 2)

    def line(cells: tuple[Cell, ...], style=small):  # type: ignore[no-untyped-def]
        number = right if style is small else right.clone("fit-bold", fontName="Helvetica-Bold")
        return [para(cell_text(c, k), number if k != "text" else style) for c, k in zip(cells, kinds, strict=True)]

    head = [para(c.title, bold.clone("h", alignment=2 if c.kind != "text" else 0)) for c in report.columns]
    data = [head, *(line(r) for r in report.rows), line(report.totals, bold)]
    table = Table(data, colWidths=[text_w if k == "text" else number_w for k in kinds], repeatRows=1)
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
                               ("LINEABOVE", (0, -1), (-1, -1), 0.8, colors.black),
                               ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.Color(0.93, 0.93, 0.93)]),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def write_report_pdf(report: BillingReport, path: str | os.PathLike[str]) -> None:
    """The report on letter paper: heading, range and scope, the table, the chart, how it is counted."""
    styles = getSampleStyleSheet()

    def render(target: Path) -> None:
        doc = SimpleDocTemplate(str(target), pagesize=LETTER, leftMargin=0.75 * inch, rightMargin=0.75 * inch,
                                topMargin=0.75 * inch, bottomMargin=0.75 * inch, title=report.title)
        story = [para(report.practice_name, styles["Heading3"]), para(report.title, styles["Heading1"]),
                 para(range_text(report), styles["BodyText"]), Spacer(1, 8), _table(report), Spacer(1, 14),
                 chart_drawing(report.chart, WIDTH), Spacer(1, 8), para(report.note, styles["Italic"])]
        doc.build(story)

    render_atomically(path, render, what="the report")


