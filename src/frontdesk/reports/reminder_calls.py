"""The printed reminder call list (reportlab, Qt-free): who to call about an appointment in a date range.

A patient who refused voicemail is marked in words ("NO VOICEMAIL: speak to the patient") in bold, so
the mark survives grey printing and does not rely on colour.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import SimpleDocTemplate, Table, TableStyle

from frontdesk.domain.formats import format_phone
from frontdesk.reports._pdf import UNKNOWN, clock_text, date_text, para
from frontdesk.reports.call_sheet import TickBox
from frontdesk.storage.atomic import render_atomically

TITLE = "Reminder calls"
NO_VOICEMAIL = "NO VOICEMAIL: speak to the patient"
BOXES = ("Reached", "Left message", "No answer")
COLUMNS = ("Date", "Time", "Patient", "Phone", "Provider", "How to reach", *BOXES)


@dataclass(frozen=True)
class ReminderCallRow:
    """One appointment to call about (practice-local start; ``contact`` in words)."""

    start: datetime
    patient_name: str
    phone: str  # E.164
    provider_name: str
    voicemail_ok: bool
    contact: str


_INK = colors.HexColor("#1a1a1a")
_CELL = ParagraphStyle("rc-cell", fontName="Helvetica", fontSize=9, leading=11, textColor=_INK)
_BOLD = ParagraphStyle("rc-bold", parent=_CELL, fontName="Helvetica-Bold")
_HEAD = ParagraphStyle("rc-head", parent=_CELL, fontName="Helvetica-Bold", fontSize=8.5, leading=10)
_BOX_HEAD = ParagraphStyle("rc-box-head", parent=_HEAD, fontSize=7.5, leading=9, alignment=1)
_TITLE = ParagraphStyle("rc-title", parent=_CELL, fontName="Helvetica-Bold", fontSize=16, leading=20)
_SUB = ParagraphStyle("rc-sub", parent=_CELL, fontSize=10, leading=13, spaceAfter=8)
_MARGIN = 0.5 * inch
_WIDTHS = [w * inch for w in (0.85, 0.7, 1.7, 1.1, 1.4, 2.0, 0.75, 0.75, 0.75)]


def _table(rows: tuple[ReminderCallRow, ...]) -> Table:
    first_box = len(COLUMNS) - len(BOXES)
    data: list[list[object]] = [[para(c, _HEAD if n < first_box else _BOX_HEAD) for n, c in enumerate(COLUMNS)]]
    for r in rows:
        how = [para(r.contact, _CELL)] + ([] if r.voicemail_ok else [para(NO_VOICEMAIL, _BOLD)])
        data.append([date_text(r.start), clock_text(r.start), para(r.patient_name, _CELL),
                     format_phone(r.phone) or UNKNOWN, para(r.provider_name, _CELL), how,
                     *[TickBox() for _ in BOXES]])
    table = Table(data, colWidths=_WIDTHS, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("ALIGN", (first_box, 1), (-1, -1), "CENTER"),
        ("LINEBELOW", (0, 0), (-1, 0), 1, _INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#999999")),
        ("TOPPADDING", (0, 1), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 7),
    ]))
    return table


def render_reminder_calls(path: Path, practice_name: str, range_text: str, rows: tuple[ReminderCallRow, ...]) -> None:
    """Lay the list out on landscape US Letter pages (no atomicity; see write_reminder_calls_pdf)."""
    doc = SimpleDocTemplate(str(path), pagesize=landscape(LETTER), leftMargin=_MARGIN, rightMargin=_MARGIN,
                            topMargin=_MARGIN, bottomMargin=_MARGIN, title=TITLE, author="FrontDesk",
                            creator="FrontDesk", subject="")
    story: list[object] = [para(TITLE, _TITLE), para(f"{practice_name} \u2022 appointments {range_text}", _SUB)]
    story.append(_table(rows) if rows else para("Nobody to call.", _CELL))
    doc.build(story)


def write_reminder_calls_pdf(path: str | os.PathLike[str], practice_name: str, range_text: str,
                             rows: tuple[ReminderCallRow, ...]) -> None:
    """Write the call list PDF to ``path`` (temp file + rename: never half a file)."""
    render_atomically(path, lambda tmp: render_reminder_calls(tmp, practice_name, range_text, rows),
                      what="the call list file")
