"""The pre-filled intake form PDF: what we have on file, a blank line to correct each value, and a signature."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.platypus import Flowable, Spacer, Table, TableStyle

from frontdesk.reports._patient_rows import guarantor_rows, patient_rows, policy_rows
from frontdesk.reports._pdf import para
from frontdesk.reports._patient_page import STYLES, WIDTH, build
from frontdesk.reports.face_sheet import field_table, header
from frontdesk.storage.atomic import render_atomically

if TYPE_CHECKING:
    from frontdesk.services.patients.patient_print import PatientSheet

TITLE = "Patient information check"
INSTRUCTIONS = ("Please check the information we have on file. If anything is wrong or missing, write the "
                "correct value on the line beside it. Then sign and date at the bottom.")
ATTESTATION = "I confirm that the information above, with my corrections, is correct."


def _columns_note() -> Table:
    table = Table([[para("", STYLES["label"]), para("On file", STYLES["label"]),
                    para("Correction (if needed)", STYLES["label"])]],
                  colWidths=[1.6 * 72, (WIDTH - 1.6 * 72) / 2, (WIDTH - 1.6 * 72) / 2], hAlign="LEFT")
    table.setStyle(TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 2)]))
    return table


def _signature() -> Table:
    rows = [["", "", ""], ["Signature of patient or representative", "", "Date (MM/DD/YYYY)"],
            ["", "", ""], ["Printed name and relationship to patient (if not the patient)", "", ""]]
    table = Table(rows, colWidths=[WIDTH * 0.6, WIDTH * 0.05, WIDTH * 0.35], rowHeights=[28, 14, 28, 14])
    table.setStyle(TableStyle([
        ("LINEBELOW", (0, 0), (0, 0), 0.75, colors.black), ("LINEBELOW", (2, 0), (2, 0), 0.75, colors.black),
        ("LINEBELOW", (0, 2), (0, 2), 0.75, colors.black),
        ("FONT", (0, 1), (-1, -1), "Helvetica", 8), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _story(sheet: PatientSheet) -> list[Flowable]:
    story = header(TITLE, sheet)
    story += [Spacer(1, 6), para(INSTRUCTIONS, STYLES["value"]), Spacer(1, 6), _columns_note()]
    # The account number and status are the practice's, not facts for the patient to correct.
    about = [(label, value) for label, value in patient_rows(sheet.patient) if label not in ("Account #", "Status")]
    story += [para("About you", STYLES["heading"]), field_table(about, blanks=True)]
    story += [para("Who pays the bill (guarantor)", STYLES["heading"]),
              field_table(guarantor_rows(sheet.guarantor), blanks=True)]
    story.append(para("Insurance", STYLES["heading"]))
    policies = policy_rows(sheet)
    if not policies:
        policies = [("Insurance", [("Payer", ""), ("Member id", ""), ("Group #", "")])]
    for heading, rows in policies:
        story += [para(heading, STYLES["label"]), field_table(rows, blanks=True)]
    story += [Spacer(1, 14), para(ATTESTATION, STYLES["value"]), Spacer(1, 6), _signature()]
    return story


def write_intake_form_pdf(path: str | os.PathLike[str], sheet: PatientSheet) -> None:
    """Write the intake form to ``path`` atomically (StorageError on a disk problem)."""
    render_atomically(path, lambda tmp: build(tmp, TITLE, _story(sheet)), what="the intake form")
