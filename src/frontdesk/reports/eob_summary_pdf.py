"""The EOB summary PDF: one payer's decision on one claim, line by line (charge, allowed, paid, every
adjustment with its group and reason, remark codes), with the payer's check, to attach to a paper
secondary claim. Every value from the database goes through ``para`` (escaped)."""

from __future__ import annotations

import os
from datetime import UTC
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from frontdesk.domain.eob_summary import EobSummary, EobSummaryLine
from frontdesk.domain.formats import format_date, format_datetime, format_money
from frontdesk.reports._pdf import para
from frontdesk.storage.atomic import render_atomically

INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#bbbbbb")
BASE = ParagraphStyle("eob-body", fontName="Helvetica", fontSize=9, leading=11, textColor=INK)
STYLES = {
    "practice": ParagraphStyle("eob-practice", parent=BASE, fontName="Helvetica-Bold", fontSize=13, leading=16),
    "title": ParagraphStyle("eob-title", parent=BASE, fontName="Helvetica-Bold", fontSize=15, leading=19,
                            spaceBefore=10, spaceAfter=6),
    "label": ParagraphStyle("eob-label", parent=BASE, fontName="Helvetica-Bold"),
    "right": ParagraphStyle("eob-right", parent=BASE, alignment=2),
    "bold_right": ParagraphStyle("eob-bold-right", parent=BASE, fontName="Helvetica-Bold", alignment=2),
    "small": ParagraphStyle("eob-small", parent=BASE, fontSize=7.5, leading=9, textColor=colors.HexColor("#555555")),
}
MARGIN = 0.6 * inch
WIDTH = LETTER[0] - 2 * MARGIN - 6
TITLE = "Explanation of benefits: summary"


def _table(rows: list[list[object]], widths: list[float], *, header: bool) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT", repeatRows=1 if header else 0)
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
             ("RIGHTPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
             ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE)]
    if header:
        style.append(("LINEBELOW", (0, 0), (-1, 0), 0.75, INK))
    table.setStyle(TableStyle(style))
    return table


def _fields(data: EobSummary) -> list[tuple[str, str]]:
    kind = "Check" if data.payment_kind == "check" else "EFT"
    return [("Payer", data.payer_name), (f"{kind} number", data.payment_number),
            (f"{kind} date", format_date(data.paid_on)), ("Payer's claim number", data.payer_claim_number or "-"),
            ("Patient", data.patient_name), ("Account", data.account_number), ("Member ID", data.member_id or "-"),
            ("Our claim", f"#{data.claim_id} ({data.claim_status})")]


def _adjustment_text(line: EobSummaryLine) -> str:
    parts = [f"{a.group}-{a.reason} {format_money(a.amount)}" for a in line.adjustments]
    if line.remark_codes:
        parts.append(f"Remarks {line.remark_codes}")
    if line.denied_reason:
        parts.append(f"Denied: {line.denied_reason}")
    return "\n".join(parts) or "-"


def story(data: EobSummary) -> list[Flowable]:
    """The summary's flowables (every user value escaped through para)."""
    out: list[Flowable] = [para(data.practice_name, STYLES["practice"])]
    for line in (*data.practice_address, f"NPI {data.practice_npi}" if data.practice_npi else ""):
        if line:
            out.append(para(line, BASE))
    out.append(para(TITLE, STYLES["title"]))
    half = (len(_fields(data)) + 1) // 2
    fields = _fields(data)
    rows = [[para(k1, STYLES["label"]), para(v1, BASE), para(k2, STYLES["label"]), para(v2, BASE)]
            for (k1, v1), (k2, v2) in zip(fields[:half], fields[half:] + [("", "")] * (2 * half - len(fields)),
                                          strict=True)]
    out.append(_table(rows, [1.35 * inch, WIDTH / 2 - 1.35 * inch] * 2, header=False))
    out.append(Spacer(1, 10))
    money = [0.85 * inch] * 4
    head = ["Date", "Service", "Charge", "Allowed", "Paid", "Patient owes", "Adjustments and remarks"]
    table: list[list[object]] = [[para(h, STYLES["label"] if i < 2 or i == 6 else STYLES["bold_right"])
                                  for i, h in enumerate(head)]]
    for line in data.lines:
        table.append([para(format_date(line.service_date), BASE), para(f"{line.code} {line.modifiers}".strip(), BASE),
                      para(format_money(line.charge), STYLES["right"]), para(format_money(line.allowed), STYLES["right"]),
                      para(format_money(line.paid), STYLES["right"]),
                      para(format_money(line.patient_responsibility), STYLES["right"]),
                      para(_adjustment_text(line), BASE)])
    table.append([para("", BASE), para("Totals", STYLES["label"]),
                  para(format_money(data.total_charge), STYLES["bold_right"]), para("", BASE),
                  para(format_money(data.total_paid), STYLES["bold_right"]),
                  para(format_money(data.total_patient_responsibility), STYLES["bold_right"]),
                  para(f"Adjusted {format_money(data.total_adjusted)}", STYLES["label"])])
    widths = [0.8 * inch, 0.85 * inch, *money]
    widths.append(WIDTH - sum(widths))
    out.append(_table(table, widths, header=True))
    out.append(Spacer(1, 10))
    notes = {f"{a.group}-{a.reason}": a.description for ln in data.lines for a in ln.adjustments}
    if notes:
        out.append(para("Adjustment codes", STYLES["label"]))
        for code in sorted(notes):
            out.append(para(notes[code], BASE))
        out.append(Spacer(1, 8))
    out.append(para(f"Printed {format_datetime(data.printed_at, data.printed_at.tzinfo or UTC)} from the payer's "
                    f"posted remittance.", STYLES["small"]))
    return out


def write_eob_summary(data: EobSummary, path: str | os.PathLike[str]) -> None:
    """Render the EOB summary to ``path`` (written atomically)."""

    def render(target: Path) -> None:
        doc = SimpleDocTemplate(str(target), pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN,
                                topMargin=MARGIN, bottomMargin=MARGIN, title=TITLE, author=data.practice_name)
        doc.build(story(data))

    render_atomically(path, render, what="the EOB summary")
