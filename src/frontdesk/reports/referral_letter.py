"""The referral letter PDF: practice letterhead, to whom, the patient, reason, diagnoses and authorization."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import (
    Flowable,
    HRFlowable,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from frontdesk.domain.formats import format_date, format_phone
from frontdesk.reports._pdf import para
from frontdesk.storage.atomic import render_atomically

if TYPE_CHECKING:
    from frontdesk.domain.referral_letter import ReferralLetterData

INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#bbbbbb")
BASE = ParagraphStyle("rl-body", fontName="Helvetica", fontSize=10.5, leading=14, textColor=INK)
STYLES = {
    "practice": ParagraphStyle("rl-practice", parent=BASE, fontName="Helvetica-Bold", fontSize=15, leading=18),
    "head": ParagraphStyle("rl-head", parent=BASE, fontSize=9, leading=11.5, textColor=colors.HexColor("#444444")),
    "title": ParagraphStyle("rl-title", parent=BASE, fontName="Helvetica-Bold", fontSize=13, leading=17,
                            spaceBefore=6, spaceAfter=4),
    "section": ParagraphStyle("rl-section", parent=BASE, fontName="Helvetica-Bold", spaceBefore=8, spaceAfter=2),
    "label": ParagraphStyle("rl-label", parent=BASE, fontName="Helvetica-Bold"),
    "small": ParagraphStyle("rl-small", parent=BASE, fontSize=8, leading=10, textColor=colors.HexColor("#555555")),
}
MARGIN = 0.8 * inch
WIDTH = LETTER[0] - 2 * MARGIN - 12
LABEL_WIDTH = 1.7 * inch


def _grid(rows: list[tuple[str, str]]) -> Table:
    table = Table([[para(k, STYLES["label"]), para(v, BASE)] for k, v in rows],
                  colWidths=[LABEL_WIDTH, WIDTH - LABEL_WIDTH], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 2), ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    return table


def _letterhead(data: ReferralLetterData) -> list[Flowable]:
    out: list[Flowable] = [para(data.practice_name, STYLES["practice"])]
    out += [para(line, STYLES["head"]) for line in data.practice_lines]
    out += [Spacer(1, 4), HRFlowable(width="100%", thickness=0.75, color=INK), Spacer(1, 10)]
    return out


def _recipient(data: ReferralLetterData) -> list[Flowable]:
    d = data.destination
    lines = [d.name, d.specialty, *d.address_lines]
    contact = "   ".join(p for p in (f"Phone {format_phone(d.phone)}" if d.phone else "",
                                      f"Fax {format_phone(d.fax)}" if d.fax else "") if p)
    if contact:
        lines.append(contact)
    if d.npi:
        lines.append(f"NPI {d.npi}")
    return [para(format_date(data.letter_date), BASE), Spacer(1, 10)] + [para(x, BASE) for x in lines if x]


def _patient_rows(data: ReferralLetterData) -> list[tuple[str, str]]:
    rows = [("Patient", data.patient_name), ("Date of birth", format_date(data.patient_dob)),
            ("Phone", data.patient_phone), ("Account", data.account_number)]
    if data.insurance_lines:
        rows.append(("Insurance", "\n".join(data.insurance_lines)))
    return [(k, v) for k, v in rows if v]


def _diagnoses(data: ReferralLetterData) -> list[Flowable]:
    if not data.diagnoses:
        return []
    rows = [[para(code, STYLES["label"]), para(text, BASE)] for code, text in data.diagnoses]
    table = Table(rows, colWidths=[1.0 * inch, WIDTH - 1.0 * inch], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
                               ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE)]))
    return [para("Diagnoses (ICD-10-CM)", STYLES["section"]), table]


def story(data: ReferralLetterData) -> list[Flowable]:
    """The letter's flowables (every stored value goes through para, so none can inject markup)."""
    out = _letterhead(data) + _recipient(data)
    out.append(Spacer(1, 12))
    out.append(para(f"Re: {data.kind_text} referral for {data.patient_name}", STYLES["title"]))
    out.append(_grid(_patient_rows(data)))
    out.append(para("Reason for referral", STYLES["section"]))
    out.append(para(data.reason, BASE))
    out += _diagnoses(data)
    auth_rows = [("Authorization number", data.authorization_number or "Not required / not yet received"),
                 ("Visits allowed", str(data.visits_allowed) if data.visits_allowed else "Not limited")]
    out.append(para("Authorization", STYLES["section"]))
    out.append(_grid(auth_rows))
    out.append(Spacer(1, 12))
    out.append(para("Please contact the patient to schedule, and send your consultation report or results to our "
                    "office at the address above. Thank you for seeing this patient.", BASE))
    closing: list[Flowable] = [Spacer(1, 16), para("Sincerely,", BASE), Spacer(1, 28),
                               HRFlowable(width=2.8 * inch, thickness=0.5, color=INK, hAlign="LEFT")]
    if data.ordering_provider_name:
        closing.append(para(data.ordering_provider_name, BASE))
        if data.ordering_provider_npi:
            closing.append(para(f"NPI {data.ordering_provider_npi}", STYLES["head"]))
    closing.append(para(data.practice_name, STYLES["head"]))
    out.append(KeepTogether(closing))
    out.append(Spacer(1, 18))
    out.append(para("Confidential: this letter contains protected health information for the recipient named above.",
                    STYLES["small"]))
    return out


def write_referral_letter(data: ReferralLetterData, path: str | os.PathLike[str]) -> None:
    """Render the letter to ``path`` (written atomically)."""

    def render(target: Path) -> None:
        doc = SimpleDocTemplate(str(target), pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN,
                                topMargin=MARGIN, bottomMargin=MARGIN, title="Referral letter",
                                author=data.practice_name)
        doc.build(story(data))

    render_atomically(path, render, what="the referral letter")
