"""The page every patient printout shares (face sheet, intake form, accounting of disclosures): US Letter,
its margins, type styles and the confidential footer with the page number. No service imports: any report
module can build on it."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, SimpleDocTemplate

CONFIDENTIAL = "Confidential: contains protected health information."
INK = colors.HexColor("#1a1a1a")
BASE = ParagraphStyle("ps-body", fontName="Helvetica", fontSize=10, leading=13, textColor=INK)
STYLES = {
    "title": ParagraphStyle("ps-title", parent=BASE, fontName="Helvetica-Bold", fontSize=18, leading=22),
    "sub": ParagraphStyle("ps-sub", parent=BASE, fontSize=9, textColor=colors.HexColor("#555555")),
    "heading": ParagraphStyle("ps-heading", parent=BASE, fontName="Helvetica-Bold", fontSize=12, leading=15,
                              spaceBefore=10, spaceAfter=4),
    "label": ParagraphStyle("ps-label", parent=BASE, fontName="Helvetica-Bold"),
    "value": BASE,
}
MARGIN = 0.7 * inch
WIDTH = LETTER[0] - 2 * MARGIN - 12  # the frame pads each side by 6 pt


def footer(title: str):  # type: ignore[no-untyped-def]
    def draw(canvas, doc):  # type: ignore[no-untyped-def]
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(MARGIN + 6, 0.45 * inch, f"{title} \u2022 {CONFIDENTIAL} \u2022 page {doc.page}")
        canvas.restoreState()

    return draw


def build(path: Path, title: str, story: list[Flowable]) -> None:
    doc = SimpleDocTemplate(str(path), pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=MARGIN,
                            bottomMargin=MARGIN, title=title, author="FrontDesk", creator="FrontDesk", subject="")
    draw = footer(title)
    doc.build(story, onFirstPage=draw, onLaterPages=draw)
