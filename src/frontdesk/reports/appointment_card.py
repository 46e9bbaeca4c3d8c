"""The appointment card handed to the patient (reportlab, Qt-free): when, with whom, where, how to reach us."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from frontdesk.domain.formats import format_phone
from frontdesk.reports._pdf import clock_text, date_text, para
from frontdesk.storage.atomic import render_atomically

TITLE = "Appointment reminder"
CARD_SIZE = (5 * inch, 3 * inch)
CANCEL_NOTE = "Please arrive 15 minutes early. To cancel or reschedule, call us at least 24 hours ahead."


@dataclass(frozen=True)
class AppointmentCard:
    """What the card shows; the visit reason and notes are deliberately not on it."""

    practice_name: str
    practice_address: str  # one line
    practice_phone: str  # E.164
    patient_name: str  # as the patient is addressed, e.g. "Ann Able"
    provider_name: str
    start: datetime  # practice-local
    end: datetime

    def lines(self) -> list[tuple[str, str]]:
        return [
            ("For", self.patient_name),
            ("Date", f"{self.start.strftime('%A')} {date_text(self.start)}"),
            ("Time", f"{clock_text(self.start)} to {clock_text(self.end)}"),
            ("With", self.provider_name),
        ]


_BASE = ParagraphStyle("card-body", fontName="Helvetica", fontSize=9.5, leading=12, textColor=colors.black)
_STYLES = {
    "title": ParagraphStyle("card-title", parent=_BASE, fontName="Helvetica-Bold", fontSize=12, leading=15),
    "practice": ParagraphStyle("card-practice", parent=_BASE, fontName="Helvetica-Bold"),
    "label": ParagraphStyle("card-label", parent=_BASE, fontName="Helvetica-Bold"),
    "value": _BASE,
    "small": ParagraphStyle("card-small", parent=_BASE, fontSize=7.5, leading=9),
}
_MARGIN = 0.25 * inch


def render_card(card: AppointmentCard, path: Path) -> None:
    """One small page: title, the visit facts, the practice's name, address and phone."""
    width = CARD_SIZE[0] - 2 * _MARGIN - 12
    facts = Table([[para(k, _STYLES["label"]), para(v, _STYLES["value"])] for k, v in card.lines()],
                  colWidths=[0.6 * inch, width - 0.6 * inch], hAlign="LEFT")
    facts.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    story: list[object] = [
        para(TITLE, _STYLES["title"]), Spacer(1, 3), facts, Spacer(1, 5),
        para(card.practice_name, _STYLES["practice"]),
        para(card.practice_address, _STYLES["value"]),
        para(format_phone(card.practice_phone), _STYLES["value"]),
        Spacer(1, 3), para(CANCEL_NOTE, _STYLES["small"]),
    ]
    doc = SimpleDocTemplate(str(path), pagesize=CARD_SIZE, leftMargin=_MARGIN, rightMargin=_MARGIN,
                            topMargin=_MARGIN, bottomMargin=_MARGIN, title=TITLE, author="FrontDesk",
                            creator="FrontDesk", subject="")
    doc.build(story)


def write_appointment_card_pdf(path: str | os.PathLike[str], card: AppointmentCard) -> None:
    """Write the card PDF to ``path`` (temp file + rename)."""
    render_atomically(path, lambda tmp: render_card(card, tmp), what="the appointment card file")
