"""The Emergency Kit: one printable page holding the recovery key and what to do with it."""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from frontdesk.domain.formats import format_date
from frontdesk.storage.atomic import render_atomically

# The words of the kit live here once; the PDF writer below and the Qt printing code both use them.
TITLE = "FrontDesk Emergency Kit"
WARNING = ("This page unlocks all of the practice's patient data. "
           "Keep it in the practice safe, away from the computer.")
KEY_HEADING = "Recovery key"
KEY_NOTE = "Letters and digits only; the dashes are there to help reading it aloud."
INSTRUCTIONS_HEADING = "What to do with this page"
INSTRUCTIONS: tuple[str, ...] = (
    "The recovery key opens the practice's encrypted data if the administrator passphrase is ever forgotten.",
    "Keep this page in the practice safe or another locked place, never next to the computer.",
    "With a backup of the practice data and this key, the data can be restored on a new computer: "
    "install FrontDesk, restore the backup, and type the key when FrontDesk asks for it.",
    "Never email, text or photograph this page. If it was saved as a file, keep that file only on a USB "
    "stick stored in the safe, not on the computer.",
    "If this page is lost or someone else may have seen it, tell the practice administrator at once.",
)
HELP_HEADING = "Who to call for help (name and phone)"
HELP_LINES = 2
HINT_HEADING = "Administrator passphrase hint (a reminder only, never the passphrase itself)"
HINT_LINES = 3


@dataclass(frozen=True)
class EmergencyKit:
    """Everything printed on the kit; built once, rendered to PDF or to a printer."""

    practice_name: str
    data_folder: str
    recovery_key: str
    key_id: str
    created: datetime

    @property
    def created_text(self) -> str:
        """The creation date as MM/DD/YYYY, as ``created`` (the practice's clock) reads it."""
        return format_date(self.created)

    def facts(self) -> list[tuple[str, str]]:
        """Label/value rows shown above the key."""
        return [
            ("Practice", self.practice_name),
            ("Created", self.created_text),
            ("Key ID", self.key_id),
            ("Data folder", self.data_folder),
        ]


_INK = colors.HexColor("#1a1a1a")
_WARN = colors.HexColor("#8a1c1c")
_BASE = ParagraphStyle("kit-body", fontName="Helvetica", fontSize=10.5, leading=14, textColor=_INK)
_STYLES = {
    "title": ParagraphStyle("kit-title", parent=_BASE, fontName="Helvetica-Bold", fontSize=22, leading=26),
    "warning": ParagraphStyle("kit-warning", parent=_BASE, fontName="Helvetica-Bold", textColor=_WARN,
                              spaceBefore=4, spaceAfter=10),
    "heading": ParagraphStyle("kit-heading", parent=_BASE, fontName="Helvetica-Bold", fontSize=12, leading=15,
                              spaceBefore=12, spaceAfter=5),
    "label": ParagraphStyle("kit-label", parent=_BASE, fontName="Helvetica-Bold"),
    "value": ParagraphStyle("kit-value", parent=_BASE),
    "bullet": ParagraphStyle("kit-bullet", parent=_BASE, leftIndent=14, bulletIndent=2, spaceAfter=3),
    "small": ParagraphStyle("kit-small", parent=_BASE, fontSize=9, leading=11, textColor=colors.HexColor("#555555")),
}
_MARGIN = 0.75 * inch
_FRAME_PADDING = 6  # SimpleDocTemplate's frame pads each side by 6 pt
_WIDTH = LETTER[0] - 2 * _MARGIN - 2 * _FRAME_PADDING


def _para(text: str, style: str) -> Paragraph:
    # Paragraph parses a mini markup language: every value is escaped so "<b>&amp;" prints as typed.
    return Paragraph(escape(text), _STYLES[style])


def _facts_table(kit: EmergencyKit) -> Table:
    rows = [[_para(label, "label"), _para(value, "value")] for label, value in kit.facts()]
    table = Table(rows, colWidths=[1.1 * inch, _WIDTH - 1.1 * inch], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table


def _key_box(kit: EmergencyKit) -> Table:
    # A plain string cell is drawn verbatim (no markup), in a font where 0/O and 1/I differ.
    table = Table([[kit.recovery_key]], colWidths=[_WIDTH], rowHeights=[0.75 * inch])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Courier-Bold", 20),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("BOX", (0, 0), (-1, -1), 2, _INK),
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f2f2f2")),
    ]))
    return table


def _writing_lines(count: int) -> Table:
    table = Table([[""] for _ in range(count)], colWidths=[_WIDTH], rowHeights=[0.38 * inch] * count)
    table.setStyle(TableStyle([("LINEBELOW", (0, 0), (-1, -1), 0.75, colors.HexColor("#777777"))]))
    return table


def _story(kit: EmergencyKit) -> list[object]:
    story: list[object] = [
        _para(TITLE, "title"),
        _para(WARNING, "warning"),
        _facts_table(kit),
        _para(KEY_HEADING, "heading"),
        _key_box(kit),
        Spacer(1, 4),
        _para(KEY_NOTE, "small"),
        _para(INSTRUCTIONS_HEADING, "heading"),
    ]
    story += [Paragraph(escape(line), _STYLES["bullet"], bulletText="\u2022") for line in INSTRUCTIONS]
    story += [_para(HELP_HEADING, "heading"), _writing_lines(HELP_LINES)]
    story += [_para(HINT_HEADING, "heading"), _writing_lines(HINT_LINES)]
    return story


def _footer(kit: EmergencyKit):  # type: ignore[no-untyped-def]
    def draw(canvas, _doc):  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        footer = f"{TITLE} \u2022 created {kit.created_text} \u2022 key ID {kit.key_id}"
        canvas.drawString(_MARGIN + _FRAME_PADDING, 0.5 * inch, footer)
        canvas.restoreState()

    return draw


def render_kit_pdf(kit: EmergencyKit, path: Path) -> None:
    """Lay the kit out on one US Letter page and write it to ``path`` (no atomicity)."""
    doc = SimpleDocTemplate(
        str(path), pagesize=LETTER, leftMargin=_MARGIN, rightMargin=_MARGIN, topMargin=_MARGIN,
        bottomMargin=_MARGIN, title=TITLE, author="FrontDesk", creator="FrontDesk", subject="",
    )
    footer = _footer(kit)
    doc.build(_story(kit), onFirstPage=footer, onLaterPages=footer)


def write_emergency_kit(path: str | os.PathLike[str], *, practice_name: str, data_folder: str, recovery_key: str,
                        key_id: str, created: datetime) -> None:
    """Write the Emergency Kit PDF to ``path`` atomically (storage.atomic), readable by the owner only."""
    kit = EmergencyKit(practice_name, data_folder, recovery_key, key_id, created)
    # the page unlocks everything: the temp file is created owner-only (0o600) before reportlab fills it
    render_atomically(path, lambda tmp: render_kit_pdf(kit, tmp), mode=0o600, what="the Emergency Kit file")
