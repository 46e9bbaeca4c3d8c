"""The payment receipt PDF: practice header, patient, how and what was paid, what it paid for (a check-in copay:
its visit, or that it waits for the visit's charges), balance now."""

from __future__ import annotations

import os
from datetime import UTC
from pathlib import Path
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, SimpleDocTemplate, Spacer, Table, TableStyle

from frontdesk.domain.formats import (
    format_date,
    format_datetime,
    format_money,
    format_phone,
)
from frontdesk.reports._pdf import para
from frontdesk.storage.atomic import render_atomically

if TYPE_CHECKING:
    from frontdesk.domain.payment_records import ReceiptData

INK = colors.HexColor("#1a1a1a")
RULE = colors.HexColor("#bbbbbb")
BASE = ParagraphStyle("rc-body", fontName="Helvetica", fontSize=10, leading=13, textColor=INK)
STYLES = {
    "practice": ParagraphStyle("rc-practice", parent=BASE, fontName="Helvetica-Bold", fontSize=14, leading=17),
    "title": ParagraphStyle("rc-title", parent=BASE, fontName="Helvetica-Bold", fontSize=16, leading=20,
                            spaceBefore=12, spaceAfter=6),
    "label": ParagraphStyle("rc-label", parent=BASE, fontName="Helvetica-Bold"),
    "right": ParagraphStyle("rc-right", parent=BASE, alignment=2),
    "bold_right": ParagraphStyle("rc-bold-right", parent=BASE, fontName="Helvetica-Bold", alignment=2),
    "small": ParagraphStyle("rc-small", parent=BASE, fontSize=8, leading=10, textColor=colors.HexColor("#555555")),
}
MARGIN = 0.75 * inch
WIDTH = LETTER[0] - 2 * MARGIN - 12
TITLES = {"payment": "Payment receipt", "refund": "Refund receipt", "reversal": "Payment reversal"}


def _fields(data: ReceiptData) -> list[tuple[str, str]]:
    p = data.payment
    rows = [("Receipt number", f"{p.id}"), ("Date", format_date(p.received_on)),
            ("Patient", data.patient_name), ("Account", data.account_number),
            ("Paid by", p.method_text)]
    if data.visit_date is not None:
        rows.append(("Copay for", f"the visit of {format_date(data.visit_date)}"))
    if p.method == "card" and p.card_auth_code:
        rows.append(("Authorization", p.card_auth_code))
    if p.kind == "reversal" and p.reverses_id:
        rows.append(("Reverses receipt", f"{p.reverses_id}"))
    if p.reason:
        rows.append(("Reason", p.reason))
    if p.note:
        rows.append(("Note", p.note))
    rows.append(("Received by", data.received_by))
    return rows


def _table(rows: list[list[object]], widths: list[float], *, header: bool) -> Table:
    table = Table(rows, colWidths=widths, hAlign="LEFT")
    style = [("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 2),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 3), ("LINEBELOW", (0, 0), (-1, -1), 0.25, RULE)]
    if header:
        style.append(("LINEBELOW", (0, 0), (-1, 0), 0.75, INK))
    table.setStyle(TableStyle(style))
    return table


def story(data: ReceiptData) -> list[Flowable]:
    """The receipt's flowables (every user value escaped through para)."""
    p = data.payment
    out: list[Flowable] = [para(data.practice_name, STYLES["practice"])]
    for line in (*data.practice_address, format_phone(data.practice_phone)):
        if line:
            out.append(para(line, BASE))
    out.append(para(TITLES.get(p.kind, "Receipt"), STYLES["title"]))
    out.append(_table([[para(k, STYLES["label"]), para(v, BASE)] for k, v in _fields(data)],
                      [1.6 * inch, WIDTH - 1.6 * inch], header=False))
    out.append(Spacer(1, 10))
    label = {"payment": "Amount paid", "refund": "Amount refunded", "reversal": "Amount reversed"}.get(p.kind, "Amount")
    rows: list[list[object]] = [[para("Date of service", STYLES["label"]), para("Service", STYLES["label"]),
                                 para("Applied", STYLES["bold_right"])]]
    for line in data.applied:
        rows.append([para(format_date(line.service_date), BASE), para(f"{line.code} {line.description}".strip(), BASE),
                     para(format_money(line.amount), STYLES["right"])])
    waiting = data.awaiting_visit_charges if p.kind == "payment" else 0
    if waiting and data.visit_date is not None:
        rows.append([para(format_date(data.visit_date), BASE),
                     para("Copay for this visit: will be applied when the visit is charged", BASE),
                     para(format_money(waiting), STYLES["right"])])
    credit = p.unapplied - waiting if p.kind == "payment" else 0
    if credit:
        rows.append(["", para("Kept as credit on the account", BASE), para(format_money(credit), STYLES["right"])])
    rows.append(["", para(label, STYLES["label"]), para(format_money(abs(p.amount)), STYLES["bold_right"])])
    out.append(_table(rows, [1.3 * inch, WIDTH - 2.6 * inch, 1.3 * inch], header=True))
    out.append(Spacer(1, 10))
    # Money held for a visit not yet charged is not credit to the patient: the balance shown leaves it out.
    balance = data.balance_after + waiting
    if waiting:
        words = "Account balance before this visit's charges" if balance >= 0 else "Credit on the account now"
    else:
        words = "Account balance now" if balance >= 0 else "Credit on the account now"
    out.append(_table([[para(words, STYLES["label"]), para(format_money(abs(balance)), STYLES["bold_right"])]],
                      [WIDTH - 1.3 * inch, 1.3 * inch], header=False))
    out.append(Spacer(1, 18))
    out.append(para(f"Printed {format_datetime(data.printed_at, data.printed_at.tzinfo or UTC)}. Thank you.", STYLES["small"]))
    return out


def write_receipt(data: ReceiptData, path: str | os.PathLike[str]) -> None:
    """Render the receipt to ``path`` (written atomically)."""

    def render(target: Path) -> None:
        doc = SimpleDocTemplate(str(target), pagesize=LETTER, leftMargin=MARGIN, rightMargin=MARGIN,
                                topMargin=MARGIN, bottomMargin=MARGIN, title=TITLES.get(data.payment.kind, "Receipt"),
                                author=data.practice_name)
        doc.build(story(data))

    render_atomically(path, render, what="the receipt")
