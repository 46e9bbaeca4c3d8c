"""The deposit slip PDF: each check with its number, payer and amount, the cash total and the grand total."""

from __future__ import annotations

import os
from datetime import tzinfo
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
    from frontdesk.domain.day_close_records import DepositInfo

INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#bbbbbb")
BASE = ParagraphStyle("dp-body", fontName="Helvetica", fontSize=10, leading=12.5, textColor=INK)
BOLD = ParagraphStyle("dp-bold", parent=BASE, fontName="Helvetica-Bold")
RIGHT = ParagraphStyle("dp-right", parent=BASE, alignment=2)
BOLD_RIGHT = ParagraphStyle("dp-bold-right", parent=BOLD, alignment=2)
TITLE = ParagraphStyle("dp-title", parent=BASE, fontName="Helvetica-Bold", fontSize=15, leading=19, spaceAfter=4)
SMALL = ParagraphStyle("dp-small", parent=BASE, fontSize=8, leading=10, textColor=colors.HexColor("#555555"))
MARGIN = 0.75 * inch
WIDTH = LETTER[0] - 2 * MARGIN - 12


def story(info: DepositInfo, tz: tzinfo) -> list[Flowable]:
    """The slip's flowables (payer names escaped through para)."""
    out: list[Flowable] = [para(info.practice_name, BOLD),
                           para(f"Deposit slip #{info.id} for {format_date(info.deposit_date)}", TITLE)]
    rows: list[list[object]] = [[para("#", BOLD), para("Check number", BOLD), para("Payer", BOLD),
                                 para("Amount", BOLD_RIGHT)]]
    for n, check in enumerate(info.checks, start=1):
        rows.append([para(str(n), BASE), para(check.check_number, BASE), para(check.payer, BASE),
                     para(format_money(check.amount), RIGHT)])
    if not info.checks:
        rows.append(["", para("No checks", BASE), "", ""])
    rows.append([para("", BASE), para(f"Checks ({len(info.checks)})", BOLD), "",
                 para(format_money(info.check_total), BOLD_RIGHT)])
    entries = len(info.cash_items)
    cash_words = f"{entries} cash {'entry' if entries == 1 else 'entries'}"
    rows.append([para("", BASE), para("Cash", BOLD), para(cash_words, BASE),
                 para(format_money(info.cash_total), BOLD_RIGHT)])
    rows.append([para("", BASE), para("Total deposit", BOLD), "", para(format_money(info.total), BOLD_RIGHT)])
    table = Table(rows, colWidths=[0.4 * inch, 1.5 * inch, WIDTH - 3.2 * inch, 1.3 * inch], hAlign="LEFT",
                  repeatRows=1)
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("LINEBELOW", (0, 0), (-1, 0), 0.75, INK),
                               ("LINEBELOW", (0, 1), (-1, -4), 0.25, RULE),
                               ("LINEABOVE", (0, -3), (-1, -3), 0.75, INK),
                               ("LINEABOVE", (0, -1), (-1, -1), 1.2, INK)]))
    out.append(table)
    if info.note:
        out.append(Spacer(1, 6))
        out.append(para(f"Note: {info.note}", BASE))
    out.append(Spacer(1, 14))
    out.append(para(f"Saved {format_datetime(info.created_at, tz)} by {info.created_by}. The payments on this deposit "
                    "are locked.", SMALL))
    return out


def write_deposit_slip(info: DepositInfo, path: str | os.PathLike[str], tz: tzinfo) -> None:
    """Render the deposit slip to ``path`` (written atomically); times shown at the practice's clock ``tz``."""

    def render(target: Path) -> None:
        doc = SimpleDocTemplate(str(target), pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN,
                                topMargin=MARGIN, bottomMargin=MARGIN, title=f"Deposit slip #{info.id}",
                                author=info.practice_name)
        doc.build(story(info, tz))

    render_atomically(path, render, what="the deposit slip")
