"""The ledger PDF: header, one row per entry with its running balance, totals and the insurance/patient split."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from frontdesk.domain.formats import format_date, format_money
from frontdesk.reports._pdf import para
from frontdesk.storage.atomic import render_atomically

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from frontdesk.domain.payment_records import Ledger, LedgerHeader

INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#cccccc")
BASE = ParagraphStyle("lg-body", fontName="Helvetica", fontSize=8.5, leading=10.5, textColor=INK)
STYLES = {
    "practice": ParagraphStyle("lg-practice", parent=BASE, fontName="Helvetica-Bold", fontSize=13, leading=16),
    "title": ParagraphStyle("lg-title", parent=BASE, fontName="Helvetica-Bold", fontSize=15, leading=19,
                            spaceBefore=6, spaceAfter=4),
    "sub": ParagraphStyle("lg-sub", parent=BASE, fontSize=9.5, leading=12),
    "head": ParagraphStyle("lg-head", parent=BASE, fontName="Helvetica-Bold"),
    "head_right": ParagraphStyle("lg-head-right", parent=BASE, fontName="Helvetica-Bold", alignment=2),
    "right": ParagraphStyle("lg-right", parent=BASE, alignment=2),
}
PAGE = landscape(LETTER)
MARGIN = 0.5 * inch
WIDTH = PAGE[0] - 2 * MARGIN - 12
COLUMNS = (("Date", 0.8), ("Kind", 1.05), ("Description", 0.0), ("Provider", 1.0), ("Amount", 0.95),
           ("Balance", 0.95), ("Insurance owes", 0.95), ("Patient owes", 0.95))
FAMILY_COLUMN = ("Patient", 1.2)  # a family ledger's second column: whose line it is
MONEY_FROM = 4  # the first money column (right-aligned) of COLUMNS
CONFIDENTIAL = "Confidential: contains protected health information."


def _columns(family: bool) -> tuple[tuple[str, float], ...]:
    return (COLUMNS[0], FAMILY_COLUMN, *COLUMNS[1:]) if family else COLUMNS


def _widths(family: bool) -> list[float]:
    columns = _columns(family)
    fixed = sum(w for _n, w in columns) * inch
    return [w * inch if w else WIDTH - fixed for _n, w in columns]


def _money(value) -> str:  # type: ignore[no-untyped-def]
    return "" if value is None else format_money(value)


def _period(data: Ledger, header: LedgerHeader) -> str:
    parts = []
    if data.since or data.until:
        parts.append(f"From {format_date(data.since) or 'the first entry'} to {format_date(data.until) or 'today'}")
    if header.provider:
        parts.append(f"Provider: {header.provider}")
    return "; ".join(parts) or "All dates, all providers"


def story(data: Ledger, header: LedgerHeader) -> list[Flowable]:
    """The ledger's flowables: header, the entry table (header row repeats per page), totals."""
    out: list[Flowable] = [para(header.practice_name, STYLES["practice"])]
    out += [para(line, BASE) for line in header.practice_lines]
    out.append(para("Account ledger", STYLES["title"]))
    out.append(para(header.who, STYLES["sub"]))
    if header.members:
        out.append(para("Patients: " + "; ".join(header.members), STYLES["sub"]))
    out.append(para(f"{_period(data, header)}. Printed {format_date(header.printed_on)}.", STYLES["sub"]))
    out.append(Spacer(1, 6))
    family = len(data.patient_ids) > 1  # several patients: each line says whose it is
    extra = 1 if family else 0
    heads = [para(n, STYLES["head_right"] if i >= MONEY_FROM + extra else STYLES["head"])
             for i, (n, _w) in enumerate(_columns(family))]
    rows: list[list[object]] = [heads]
    if data.since is not None:
        rows.append(["", *[""] * extra, "", para("Balance brought forward", STYLES["head"]), "", "",
                     para(format_money(data.opening_balance), STYLES["right"]), "", ""])
    for e in data.entries:
        who = [para(e.patient, BASE)] if family else []
        rows.append([para(format_date(e.on), BASE), *who, para(e.kind.capitalize(), BASE),
                     para(e.description, BASE), para(e.provider, BASE), para(format_money(e.amount), STYLES["right"]),
                     para(format_money(e.balance), STYLES["right"]), para(_money(e.insurance_portion), STYLES["right"]),
                     para(_money(e.patient_portion), STYLES["right"])])
    table = Table(rows, colWidths=_widths(family), repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 2), ("LINEBELOW", (0, 0), (-1, 0), 0.75, INK),
                               ("LINEBELOW", (0, 1), (-1, -1), 0.25, RULE)]))
    out.append(table)
    out.append(Spacer(1, 10))
    out.append(_totals(data))
    return out


def _totals(data: Ledger) -> Table:
    figures = [("Charges", data.charges), ("Patient payments", data.payments),
               ("Insurance payments", data.insurance_payments), ("Adjustments", data.adjustments),
               ("Refunds", data.refunds), ("Balance at the end of the period", data.closing_balance),
               ("Balance today", data.balance), ("Of that, awaiting insurance", data.insurance_portion),
               ("Of that, owed by the patient", data.patient_portion)]
    if data.credit:
        figures.append(("Credit on account (in the patient's part)", -data.credit))
    rows = [[para(label, BASE if label.startswith(("Of that", "Credit")) else STYLES["head"]),
             para(format_money(value), STYLES["right"])] for label, value in figures]
    table = Table(rows, colWidths=[2.8 * inch, 1.2 * inch], hAlign="RIGHT")
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE), ("LEFTPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 7.5)
    canvas.drawString(MARGIN, 0.3 * inch, CONFIDENTIAL)
    canvas.drawRightString(PAGE[0] - MARGIN, 0.3 * inch, f"Page {doc.page}")
    canvas.restoreState()


def write_ledger(data: Ledger, header: LedgerHeader, path: str | os.PathLike[str]) -> None:
    """Render the ledger to ``path`` (landscape Letter, written atomically)."""

    def render(target: Path) -> None:
        doc = SimpleDocTemplate(str(target), pagesize=PAGE, leftMargin=MARGIN, rightMargin=MARGIN,
                                topMargin=MARGIN, bottomMargin=0.6 * inch, title="Account ledger",
                                author=header.practice_name)
        doc.build(story(data, header), onFirstPage=_footer, onLaterPages=_footer)

    render_atomically(path, render, what="the ledger")
