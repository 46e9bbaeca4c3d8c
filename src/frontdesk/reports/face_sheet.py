"""The patient face sheet PDF: demographics, guarantor and insurance on US Letter (every value escaped)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Table, TableStyle

from frontdesk.reports._patient_rows import (
    Rows,
    guarantor_rows,
    patient_rows,
    policy_rows,
)
from frontdesk.reports._pdf import para
from frontdesk.storage.atomic import render_atomically

if TYPE_CHECKING:
    from frontdesk.services.patients.patient_print import PatientSheet

TITLE = "Patient face sheet"
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
LABEL_WIDTH = 1.6 * inch


def field_table(rows: Rows, *, blanks: bool = False) -> Table:
    """Label / value rows; ``blanks`` adds a ruled column to write a correction beside each value."""
    data = [[para(label, STYLES["label"]), para(value or "\u2014", STYLES["value"])] + ([""] if blanks else [])
            for label, value in rows]
    widths = [LABEL_WIDTH, (WIDTH - LABEL_WIDTH) / 2, (WIDTH - LABEL_WIDTH) / 2] if blanks else [
        LABEL_WIDTH, WIDTH - LABEL_WIDTH]
    table = Table(data, colWidths=widths, hAlign="LEFT")
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 4 if blanks else 2),
             ("LINEBELOW", (0, 0), (1, -1), 0.25, colors.HexColor("#cccccc"))]
    if blanks:
        style.append(("LINEBELOW", (2, 0), (2, -1), 0.75, colors.HexColor("#555555")))
    table.setStyle(TableStyle(style))
    return table


def header(title: str, sheet: PatientSheet) -> list[Flowable]:
    p = sheet.patient
    return [para(title, STYLES["title"]),
            para(f"{sheet.practice_name} \u2022 {p.last_name}, {p.first_name} \u2022 account # {p.account_number}"
                 f" \u2022 printed {sheet.printed_at.strftime('%m/%d/%Y %I:%M %p')}", STYLES["sub"])]


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


def _story(sheet: PatientSheet) -> list[Flowable]:
    story = header(TITLE, sheet)
    story += [para("Patient", STYLES["heading"]), field_table(patient_rows(sheet.patient))]
    if sheet.patient.notes:
        story += [para("Notes (non-clinical)", STYLES["heading"]), para(sheet.patient.notes, STYLES["value"])]
    story += [para("Guarantor", STYLES["heading"]), field_table(guarantor_rows(sheet.guarantor))]
    story.append(para("Insurance", STYLES["heading"]))
    policies = policy_rows(sheet)
    if not policies:
        story.append(Paragraph("No current insurance on file (self-pay).", STYLES["value"]))
    for heading, rows in policies:
        story += [para(heading, STYLES["label"]), field_table(rows)]
    return story


def write_face_sheet_pdf(path: str | os.PathLike[str], sheet: PatientSheet) -> None:
    """Write the face sheet to ``path`` atomically (StorageError on a disk problem)."""
    render_atomically(path, lambda tmp: build(tmp, TITLE, _story(sheet)), what="the face sheet")
