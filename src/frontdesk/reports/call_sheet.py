"""The printed confirmation call sheet (reportlab, Qt-free): who to call, with boxes to tick each outcome."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from frontdesk.domain.formats import format_phone
from frontdesk.reports._pdf import UNKNOWN, clock_text, para
from frontdesk.storage.atomic import render_atomically

TITLE = "Confirmation calls"
OUTCOME_BOXES = ("Confirmed", "Left message", "No answer", "Wrong number", "Cancelled")
COLUMNS = ("Time", "Patient", "Phone", "Provider", "Type", "Last call", *OUTCOME_BOXES)
CONTACT_WORDS = {"phone": "phone call", "text": "text message", "email": "email", "mail": "mail"}


def contact_note(preferred: str, voicemail_ok: bool, text_ok: bool) -> str:
    """How the patient likes to be reached, in words: 'Prefers text message; voicemail OK; no texts'."""
    parts = [f"Prefers {CONTACT_WORDS[preferred]}"] if preferred in CONTACT_WORDS else []
    parts.append("voicemail OK" if voicemail_ok else "no voicemail")
    parts.append("texts OK" if text_ok else "no texts")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def last_call_text(outcome: str, attempts: int) -> str:
    """'Not called yet', or the last outcome with the number of calls: 'Left message (2 calls)'."""
    if attempts <= 0:
        return "Not called yet"
    label = outcome[:1].upper() + outcome[1:] if outcome else "Called"
    return label if attempts == 1 else f"{label} ({attempts} calls)"


@dataclass(frozen=True)
class CallSheetRow:
    """One appointment to call about (texts already in words)."""

    start: datetime  # practice-local
    patient_name: str
    phone: str  # E.164
    contact: str  # contact_note(...)
    provider_name: str
    type_name: str
    status_label: str
    last_call: str  # last_call_text(...)


@dataclass(frozen=True)
class CallSheet:
    """Everything printed on one call sheet (rows in time order)."""

    practice_name: str
    business_days: int
    printed_at: datetime  # practice-local
    rows: tuple[CallSheetRow, ...]


class TickBox(Flowable):
    """An empty square to tick by hand."""

    def __init__(self, size: float = 10) -> None:
        super().__init__()
        self.size = size
        self.width = self.height = size

    def draw(self) -> None:
        self.canv.setLineWidth(0.8)
        self.canv.rect(0, 0, self.size, self.size, stroke=1, fill=0)


_INK = colors.HexColor("#1a1a1a")
_BASE = ParagraphStyle("calls-body", fontName="Helvetica", fontSize=9, leading=11, textColor=_INK)
_STYLES = {
    "title": ParagraphStyle("calls-title", parent=_BASE, fontName="Helvetica-Bold", fontSize=16, leading=20),
    "sub": ParagraphStyle("calls-sub", parent=_BASE, fontSize=10, leading=13, spaceAfter=6),
    "day": ParagraphStyle("calls-day", parent=_BASE, fontName="Helvetica-Bold", fontSize=12, leading=15,
                          spaceBefore=8, spaceAfter=4),
    "cell": _BASE,
    "small": ParagraphStyle("calls-small", parent=_BASE, fontSize=7.5, leading=9,
                            textColor=colors.HexColor("#444444")),
    "head": ParagraphStyle("calls-head", parent=_BASE, fontName="Helvetica-Bold", fontSize=8.5, leading=10),
    "box-head": ParagraphStyle("calls-box-head", parent=_BASE, fontName="Helvetica-Bold", fontSize=7, leading=8.5,
                               alignment=1),
    "empty": ParagraphStyle("calls-empty", parent=_BASE, textColor=colors.HexColor("#555555")),
}
_MARGIN = 0.5 * inch
_WIDTH = landscape(LETTER)[0] - 2 * _MARGIN - 12
_BOX_WIDTH = 0.66 * inch
# Time, (patient: the rest), phone + contact, provider, type, last call; then the tick boxes.
_COL_WIDTHS = [w * inch for w in (0.6, 0, 1.35, 1.2, 0.9, 0.95)] + [_BOX_WIDTH] * len(OUTCOME_BOXES)
_COL_WIDTHS[1] = _WIDTH - sum(_COL_WIDTHS)
assert _COL_WIDTHS[1] >= 1.5 * inch, "the patient's name needs room"


def _table(rows: list[CallSheetRow]) -> Table:
    first_box = len(COLUMNS) - len(OUTCOME_BOXES)
    data: list[list[object]] = [[para(c, _STYLES["head"]) for c in COLUMNS[:first_box]]
                                + [para(c, _STYLES["box-head"]) for c in OUTCOME_BOXES]]
    for r in rows:
        data.append([
            clock_text(r.start),
            para(r.patient_name, _STYLES["cell"]),
            [para(format_phone(r.phone) or UNKNOWN, _STYLES["cell"]), para(r.contact, _STYLES["small"])],
            para(r.provider_name, _STYLES["cell"]),
            para(r.type_name, _STYLES["cell"]),
            [para(r.last_call, _STYLES["cell"]), para(r.status_label, _STYLES["small"])],
            *[TickBox() for _ in OUTCOME_BOXES],
        ])
    table = Table(data, colWidths=_COL_WIDTHS, repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
        ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ("VALIGN", (0, 1), (-1, -1), "TOP"),
        ("ALIGN", (first_box, 0), (-1, -1), "CENTER"),
        ("LINEBELOW", (0, 0), (-1, 0), 1, _INK),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#999999")),
        ("LINEBEFORE", (first_box, 0), (first_box, -1), 0.5, colors.HexColor("#999999")),
        ("TOPPADDING", (0, 1), (-1, -1), 5),
        ("BOTTOMPADDING", (0, 1), (-1, -1), 7),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _day_heading(day: date, count: int) -> str:
    return f"{day.strftime('%A')} {day.strftime('%m/%d/%Y')} ({count} appointment{'s' if count != 1 else ''})"


def _story(sheet: CallSheet) -> list[object]:
    days = sheet.business_days
    story: list[object] = [
        para(TITLE, _STYLES["title"]),
        para(f"{sheet.practice_name} \u2022 next {days} business day{'s' if days != 1 else ''} \u2022 printed "
             f"{sheet.printed_at.strftime('%m/%d/%Y')} {clock_text(sheet.printed_at)}", _STYLES["sub"]),
    ]
    if not sheet.rows:
        story.append(para("No appointments to confirm.", _STYLES["empty"]))
    for day, group in groupby(sheet.rows, key=lambda r: r.start.date()):
        rows = list(group)
        # A heading never ends a page: with less room than for a few rows, the day starts on a new page.
        # (KeepTogether would push a day longer than the room left to the next page, leaving a blank one.)
        story += [CondPageBreak(1.6 * inch), para(_day_heading(day, len(rows)), _STYLES["day"]), _table(rows),
                  Spacer(1, 4)]
    return story


def _footer(canvas, doc) -> None:  # type: ignore[no-untyped-def]
    canvas.saveState()
    canvas.setFont("Helvetica", 7.5)
    canvas.setFillColor(colors.HexColor("#555555"))
    canvas.drawString(_MARGIN + 6, 0.3 * inch, f"Confidential: patient information. {TITLE} \u2022 page {doc.page}")
    canvas.restoreState()


def render_call_sheet(sheet: CallSheet, path: Path) -> None:
    """Lay the call sheet out on landscape US Letter pages (no atomicity; see write_call_sheet_pdf)."""
    doc = SimpleDocTemplate(str(path), pagesize=landscape(LETTER), leftMargin=_MARGIN, rightMargin=_MARGIN,
                            topMargin=_MARGIN, bottomMargin=_MARGIN, title=TITLE, author="FrontDesk",
                            creator="FrontDesk", subject="")
    doc.build(_story(sheet), onFirstPage=_footer, onLaterPages=_footer)


def write_call_sheet_pdf(path: str | os.PathLike[str], sheet: CallSheet) -> None:
    """Write the call sheet PDF to ``path`` (temp file + rename: never half a file)."""
    render_atomically(path, lambda tmp: render_call_sheet(sheet, tmp), what="the call sheet file")
