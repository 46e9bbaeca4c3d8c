"""Small helpers shared by the calendar printouts: escaped paragraphs, US time text (atomic writes: storage.atomic)."""

from __future__ import annotations

from datetime import datetime
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

from frontdesk.domain.time_entry import format_time

# Printed where a figure is not known (e.g. balances until billing exists); never a made-up number.
UNKNOWN = "\u2014"


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A wrapping paragraph of user text: Paragraph parses markup, so every value is escaped first."""
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def clock_text(value: datetime) -> str:
    """'9:05 AM' (the value is already in the practice's time zone)."""
    return format_time(value)


def date_text(value: datetime) -> str:
    return value.strftime("%m/%d/%Y")
