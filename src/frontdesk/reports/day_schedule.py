"""The printed day schedule (reportlab, Qt-free): per provider or all, with times, patients, phones, balances."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from frontdesk.domain.formats import format_money, format_phone
from frontdesk.reports._pdf import UNKNOWN, clock_text, para
from frontdesk.storage.atomic import render_atomically

TITLE = "Day schedule"
COLUMNS = ("Time", "Patient", "Phone", "Type", "Reason", "Room", "Status", "Balance due")


@dataclass(frozen=True)
class DaySheetRow:
    start: datetime  # practice-local
    end: datetime
    patient_id: int
    patient_name: str
    patient_phone: str  # E.164
    type_name: str
    reason: str
    room_name: str
    status_label: str


@dataclass(frozen=True)
class ProviderSheet:
    provider_id: int
    provider_name: str
    rows: tuple[DaySheetRow, ...]


@dataclass(frozen=True)
class DaySheet:
    """Everything printed on one day's schedule."""

    practice_name: str
    day: date
    printed_at: datetime  # practice-local
    providers: tuple[ProviderSheet, ...]


_INK = colors.HexColor("#1a1a1a")
_BASE = ParagraphStyle("day-body", fontName="Helvetica", fontSize=9, leading=11, textColor=_INK)
_STYLES = {
    "title": ParagraphStyle("day-title", parent=_BASE, fontName="Helvetica-Bold", fontSize=16, leading=20),
    "sub": ParagraphStyle("day-sub", parent=_BASE, fontSize=10, leading=13, spaceAfter=6),
    "provider": ParagraphStyle("day-provider", parent=_BASE, fontName="Helvetica-Bold", fontSize=12, leading=15,
                               spaceBefore=10, spaceAfter=4),
    "cell": _BASE,
    "head": ParagraphStyle("day-head", parent=_BASE, fontName="Helvetica-Bold"),
    "empty": ParagraphStyle("day-empty", parent=_BASE, textColor=colors.HexColor("#555555")),
}
_MARGIN = 0.5 * inch
_WIDTH = landscape(LETTER)[0] - 2 * _MARGIN - 12
_COL_WIDTHS = [w * inch for w in (1.25, 1.9, 1.15, 1.2, 2.2, 0.8, 0.9, 0.55)]
_COL_WIDTHS[-1] = _WIDTH - sum(_COL_WIDTHS[:-1])


def _balance_text(patient_id: int, balances: Mapping[int, Decimal] | None) -> str:
    if balances is None or patient_id not in balances:
        return UNKNOWN
    return format_money(balances[patient_id])


def _table(sheet: ProviderSheet, balances: Mapping[int, Decimal] | None) -> Table:
    rows: list[list[object]] = [[para(c, _STYLES["head"]) for c in COLUMNS]]
    for r in sheet.rows:
        rows.append([
            f"{clock_text(r.start)}-{clock_text(r.end)}",
            para(r.patient_name, _STYLES["cell"]),
            format_phone(r.patient_phone) or UNKNOWN,
            para(r.type_name, _STYLES["cell"]),
            para(r.reason, _STYLES["cell"]),
            para(r.room_name, _STYLES["cell"]),
            r.status_label,
            _balance_text(r.patient_id, balances),
        ])
    table = Table(rows, colWidths=_COL_WIDTHS, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, 0), 1, _INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#999999")),
        ("ALIGN", (-1, 0), (-1, -1), "RIGHT"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _story(sheet: DaySheet, balances: Mapping[int, Decimal] | None) -> list[object]:
    story: list[object] = [
        para(f"{TITLE} \u2014 {sheet.day.strftime('%A')} {sheet.day.strftime('%m/%d/%Y')}", _STYLES["title"]),
        para(f"{sheet.practice_name} \u2022 printed {sheet.printed_at.strftime('%m/%d/%Y')} "
             f"{clock_text(sheet.printed_at)}", _STYLES["sub"]),
    ]
    if not sheet.providers:
        story.append(para("No providers chosen.", _STYLES["empty"]))
    for provider in sheet.providers:
        count = len(provider.rows)
        heading = para(f"{provider.provider_name} ({count} appointment{'s' if count != 1 else ''})",
                       _STYLES["provider"])
        body: Paragraph | Table = (_table(provider, balances) if provider.rows
                                   else para("No appointments.", _STYLES["empty"]))
        # A heading never ends a page (with less room than for a few rows, the provider starts a new page).
        # KeepTogether would push a table longer than the room left to the next page, leaving a blank one.
        story += [CondPageBreak(1.2 * inch), heading, body, Spacer(1, 4)]
    return story


def _footer(sheet: DaySheet):  # type: ignore[no-untyped-def]
    def draw(canvas, doc):  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(_MARGIN + 6, 0.3 * inch, f"Confidential: patient information. {TITLE} "
                                                   f"{sheet.day.strftime('%m/%d/%Y')} \u2022 page {doc.page}")
        canvas.restoreState()

    return draw


def render_day_schedule(sheet: DaySheet, path: Path, *,
                        balance_due_by_patient: Mapping[int, Decimal] | None = None) -> None:
    """Lay the schedule out on landscape US Letter pages (no atomicity; see write_day_schedule_pdf)."""
    doc = SimpleDocTemplate(str(path), pagesize=landscape(LETTER), leftMargin=_MARGIN, rightMargin=_MARGIN,
                            topMargin=_MARGIN, bottomMargin=_MARGIN, title=f"{TITLE} {sheet.day.isoformat()}",
                            author="FrontDesk", creator="FrontDesk", subject="")
    footer = _footer(sheet)
    doc.build(_story(sheet, balance_due_by_patient), onFirstPage=footer, onLaterPages=footer)


def write_day_schedule_pdf(path: str | os.PathLike[str], sheet: DaySheet, *,
                           balance_due_by_patient: Mapping[int, Decimal] | None = None) -> None:
    """Write the day schedule PDF to ``path`` (temp file + rename).

    ``balance_due_by_patient`` maps patient id to the amount owed. Billing does not exist yet, so callers
    pass None and every balance prints as an em dash; no figure is ever guessed.
    """
    render_atomically(path, lambda tmp: render_day_schedule(sheet, tmp, balance_due_by_patient=balance_due_by_patient),
                      what="the day schedule file")
