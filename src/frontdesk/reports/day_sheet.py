"""The day sheet PDF: charges by provider and procedure, money by method, adjustments, reversals, drawer count."""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from frontdesk.domain.formats import format_date, format_datetime, format_money
from frontdesk.reports._pdf import para
from frontdesk.storage.atomic import render_atomically

if TYPE_CHECKING:
    from reportlab.pdfgen.canvas import Canvas

    from frontdesk.domain.day_close_records import DaySheet, MoneyLine

INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#bbbbbb")
BASE = ParagraphStyle("ds-body", fontName="Helvetica", fontSize=9, leading=11, textColor=INK)
BOLD = ParagraphStyle("ds-bold", parent=BASE, fontName="Helvetica-Bold")
RIGHT = ParagraphStyle("ds-right", parent=BASE, alignment=2)
BOLD_RIGHT = ParagraphStyle("ds-bold-right", parent=BOLD, alignment=2)
TITLE = ParagraphStyle("ds-title", parent=BASE, fontName="Helvetica-Bold", fontSize=15, leading=19)
HEADING = ParagraphStyle("ds-heading", parent=BASE, fontName="Helvetica-Bold", fontSize=11, leading=14,
                         spaceBefore=10, spaceAfter=3)
SMALL = ParagraphStyle("ds-small", parent=BASE, fontSize=7.5, leading=9, textColor=colors.HexColor("#555555"))
MARGIN = 0.6 * inch
WIDTH = LETTER[0] - 2 * MARGIN - 12
MONEY_W = 1.1 * inch


def _table(rows: list[list[object]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
                               ("TOPPADDING", (0, 0), (-1, -1), 1), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                               ("LINEBELOW", (0, 0), (-1, 0), 0.75, INK),
                               ("LINEABOVE", (0, -1), (-1, -1), 0.75, INK),
                               ("LINEBELOW", (0, 1), (-1, -2), 0.25, RULE)]))
    return table


def _procedures(sheet: DaySheet) -> Table:
    rows: list[list[object]] = [[para(h, BOLD) for h in ("Provider", "Code", "Description")]
                                + [para(h, BOLD_RIGHT) for h in ("Lines", "Units", "Amount")]]
    for p in sheet.procedures:
        rows.append([para(p.provider_name, BASE), para(p.code, BASE), para(p.description, BASE),
                     para(str(p.count), RIGHT), para(str(p.units), RIGHT), para(format_money(p.amount), RIGHT)])
    rows.append([para(f"Total charges ({sheet.visit_count} visits)", BOLD), "", "", "", "",
                 para(format_money(sheet.charges_total), BOLD_RIGHT)])
    return _table(rows, [1.9 * inch, 0.6 * inch, WIDTH - 4.15 * inch - MONEY_W, 0.55 * inch, 0.5 * inch,
                         MONEY_W + 0.6 * inch])


def _money(lines: tuple[MoneyLine, ...], total_label: str, total: object, empty: str) -> Table:
    rows: list[list[object]] = [[para("", BOLD), para("Entries", BOLD_RIGHT), para("Amount", BOLD_RIGHT)]]
    for line in lines:
        rows.append([para(line.label, BASE), para(str(line.count), RIGHT), para(format_money(line.amount), RIGHT)])
    if not lines:
        rows.append([para(empty, BASE), "", ""])
    rows.append([para(total_label, BOLD), "", para(format_money(total), BOLD_RIGHT)])  # type: ignore[arg-type]
    return _table(rows, [WIDTH - 0.8 * inch - MONEY_W, 0.8 * inch, MONEY_W])


def _drawer(sheet: DaySheet) -> list[Flowable]:
    d = sheet.drawer
    if d is None:
        return [para(f"Not counted yet. Expected from the day's entries: cash {format_money(sheet.expected.cash)} "
                     f"(plus the opening float), checks {format_money(sheet.expected.checks)}.", BASE)]
    rows: list[list[object]] = [[para("", BOLD), para("Counted", BOLD_RIGHT), para("Expected", BOLD_RIGHT),
                                 para("Difference", BOLD_RIGHT)]]
    rows.append([para(f"Cash (opening float {format_money(d.opening_float)} included)", BASE),
                 para(format_money(d.counted_cash), RIGHT), para(format_money(d.expected_cash), RIGHT),
                 para(format_money(d.cash_difference), RIGHT)])
    rows.append([para("Checks", BASE), para(format_money(d.counted_checks), RIGHT),
                 para(format_money(d.expected_checks), RIGHT), para(format_money(d.checks_difference), RIGHT)])
    word = "Balanced" if d.difference == 0 else ("Over" if d.difference > 0 else "Short")
    rows.append([para(f"Total: {word}", BOLD), para(format_money(d.counted_cash + d.counted_checks), BOLD_RIGHT),
                 para(format_money(d.expected_cash + d.expected_checks), BOLD_RIGHT),
                 para(format_money(d.difference), BOLD_RIGHT)])
    out: list[Flowable] = [_table(rows, [WIDTH - 3 * MONEY_W, MONEY_W, MONEY_W, MONEY_W])]
    counted = format_datetime(d.counted_at, sheet.printed_at.tzinfo or UTC)  # printed_at: the practice's clock
    out.append(para(f"Note: {d.note or '(none)'}. Counted {counted} by {d.counted_by}.", SMALL))
    return out


def story(sheet: DaySheet) -> list[Flowable]:
    """The day sheet's flowables (user text escaped through para)."""
    status = "CLOSED" if sheet.closed else "open"
    out: list[Flowable] = [para(sheet.practice_name, BOLD),
                           para(f"Day sheet for {format_date(sheet.day)} (day {status})", TITLE)]
    out.append(para("Charges by provider and procedure", HEADING))
    if sheet.procedures:
        out.append(_procedures(sheet))
    else:
        out.append(para("No charges dated this day.", BASE))
    out.append(para("Payments by method", HEADING))
    out.append(_money(sheet.payments, "Total payments", sheet.payments_total, "No payments."))
    out.append(para("Adjustments (written off)", HEADING))
    out.append(_money(sheet.adjustments, "Total adjustments", sheet.adjustments_total, "No adjustments posted."))
    out.append(para("Refunds and reversals", HEADING))
    out.append(_money(sheet.reversals, "Total refunds and reversals", sheet.reversals_total,
                      "No refunds or reversals."))
    out.append(Spacer(1, 4))
    out.append(para("Totals", HEADING))
    out.append(_table([[para("", BOLD), para("Amount", BOLD_RIGHT)],
                       [para("Charges", BASE), para(format_money(sheet.charges_total), RIGHT)],
                       [para("Adjustments (written off)", BASE), para(format_money(sheet.adjustments_total), RIGHT)],
                       [para("Payments less refunds and reversals", BOLD),
                        para(format_money(sheet.net_receipts), BOLD_RIGHT)]], [WIDTH - MONEY_W, MONEY_W]))
    out.append(para("Cash drawer", HEADING))
    out.extend(_drawer(sheet))
    if sheet.corrections:
        out.append(para("Corrections to closed days made this day", HEADING))
        rows: list[list[object]] = [[para(h, BOLD) for h in ("Closed day", "Entry", "Change", "By")]]
        for c in sheet.corrections:
            rows.append([para(format_date(c.closed_day), BASE), para(f"{c.entity_type} {c.entity_id}", BASE),
                         para(c.detail, BASE), para(c.made_by, BASE)])
        rows.append(["", "", "", ""])
        out.append(_table(rows, [1 * inch, 1.4 * inch, WIDTH - 3.8 * inch, 1.4 * inch]))
    out.append(Spacer(1, 12))
    out.append(para(f"Printed {sheet.printed_at.strftime('%m/%d/%Y %I:%M %p')}.", SMALL))
    return out


def _footer(sheet: DaySheet) -> Callable[[Canvas, object], None]:
    """The audit chain's head at the foot of every page: a person compares it with `frontdesk check`."""

    def draw(canvas: Canvas, _doc: object) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN, MARGIN / 2, sheet.audit_line)
        canvas.drawRightString(LETTER[0] - MARGIN, MARGIN / 2, f"Day sheet {format_date(sheet.day)}")
        canvas.restoreState()

    return draw


def write_day_sheet(sheet: DaySheet, path: str | os.PathLike[str]) -> None:
    """Render the day sheet to ``path`` (written atomically)."""

    def render(target: Path) -> None:
        doc = SimpleDocTemplate(str(target), pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN,
                                topMargin=MARGIN, bottomMargin=MARGIN,
                                title=f"Day sheet {format_date(sheet.day)}", author=sheet.practice_name)
        doc.build(story(sheet), onFirstPage=_footer(sheet), onLaterPages=_footer(sheet))

    render_atomically(path, render, what="the day sheet")
