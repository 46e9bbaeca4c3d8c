"""The patient face sheet PDF: demographics, guarantor and insurance on US Letter (every value escaped)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle

from frontdesk.reports._patient_rows import (
    Rows,
    guarantor_rows,
    patient_rows,
    policy_rows,
)
from frontdesk.reports._patient_page import STYLES, WIDTH, build
from frontdesk.reports._pdf import para
from frontdesk.storage.atomic import render_atomically

if TYPE_CHECKING:
    from frontdesk.services.patients.patient_print import PatientSheet

TITLE = "Patient face sheet"
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
