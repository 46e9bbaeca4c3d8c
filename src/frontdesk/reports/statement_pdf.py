"""Patient statements: one Letter page each (plus continuation pages for long activity), for a #10 double-window envelope.

Envelope and windows (the common #10 double-window statement envelope, 9-1/2" x 4-1/8"; positions measured
from the envelope's left and top edges, flap side down):
* upper (return address) window: 7/8" from the left, 1/2" from the top, 3-1/2" wide x 1" high;
* lower (mailing address) window: 7/8" from the left, 2-3/8" from the top (5/8" above the bottom edge),
  4" wide x 1-1/8" high.
The sheet is folded in three (letter fold, top panel 11/3" = 3.667" high, printed side out at the top) and
drops to the bottom of the envelope (4.125" - 3.667" = 0.458" below the envelope's top edge) with its 8-1/2"
width centred in the 9-1/2" envelope (1/2" in from the left). On the sheet that puts the windows at
return x 0.375"-3.875", y 0.042"-1.042" and address x 0.375"-4.375", y 1.917"-3.042" (from the sheet's top).
Allowing the folded sheet to shift 1/4" sideways and 1/8" up or down, and keeping the 1/8" clear space
USPS asks for around an address in a window, the text is kept inside these rectangles (inches from the
sheet's top-left corner; the tests check the printed words lie inside them):
* RETURN_SAFE  = x 0.75"-3.5",  y 0.292"-0.792"  (practice name and address, 4 lines of 8-9 pt);
* ADDRESS_SAFE = x 0.75"-4.0",  y 2.167"-2.792"  (name and up to 3 address lines, 10 pt on 11 pt leading;
  long lines are set smaller to fit the 3.25" width, then cut).
The lower third (below the second fold, 7.333" from the top) is the remittance stub; everything else
(activity, aging, amount due, message) sits in the middle panel, hidden inside the envelope.

Statements are drawn straight on a canvas (no layout engine): 1,000 statements render in a few seconds.
The canvas is 'invariant' (no creation time or random document id), so rendering the same stored
snapshot again gives the same bytes: a reprint is exactly what was printed. Text drawn on a canvas is
never parsed as markup, so names like "<b>&" print as typed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib.pagesizes import LETTER
from reportlab.lib.units import inch
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from frontdesk.domain.formats import format_date, format_money
from frontdesk.storage.atomic import render_atomically

PAGE_W, PAGE_H = LETTER
RETURN_SAFE = (0.75, 0.292, 3.5, 0.792)  # x0, top, x1, bottom (inches from the sheet's top-left)
ADDRESS_SAFE = (0.75, 2.167, 4.0, 2.792)
TEAR_AT = 11 / 3 * 2  # the second fold: the stub below it is torn off and mailed back
FIRST_PAGE_ROWS = 11  # activity rows that fit the middle panel of page 1 (after "Previous balance")
MORE_PAGE_ROWS = 60
ROW = 0.15  # activity row height (inches)
RIGHT = 8.0  # right edge of printed text


def _y(top_inches: float) -> float:
    """Canvas y (points from the bottom) of a baseline given in inches from the top."""
    return PAGE_H - top_inches * inch


def _fit(text: str, font: str, size: float, width_in: float) -> str:
    """Cut ``text`` (with an ellipsis) to fit the width."""
    width = width_in * inch
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "\u2026", font, size) > width:
        text = text[:-1]
    return text + "\u2026"


def _fitted_size(lines: list[str], font: str, size: float, width_in: float, smallest: float = 7.5) -> float:
    """The largest size from ``size`` down to ``smallest`` at which every line fits the width."""
    while size > smallest and any(stringWidth(x, font, size) > width_in * inch for x in lines):
        size -= 0.5
    return size


def _money(text: str) -> str:
    return format_money(Decimal(text))


def _date(iso: str) -> str:
    return format_date(date.fromisoformat(iso))


def _return_address(c: Canvas, s: dict[str, Any]) -> None:
    x0, top, x1, _bottom = RETURN_SAFE
    practice = s["practice"]
    lines = [practice["name"], *practice["lines"][:3]]
    size = _fitted_size(lines, "Helvetica", 8.0, x1 - x0)
    c.setFont("Helvetica-Bold", size + 1)
    c.drawString(x0 * inch, _y(top + 0.11), _fit(lines[0], "Helvetica-Bold", size + 1, x1 - x0))
    c.setFont("Helvetica", size)
    for i, line in enumerate(lines[1:], start=1):
        c.drawString(x0 * inch, _y(top + 0.11 + i * 0.115), _fit(line, "Helvetica", size, x1 - x0))


def _mailing_address(c: Canvas, s: dict[str, Any]) -> None:
    x0, top, x1, _bottom = ADDRESS_SAFE
    lines = [s["to"]["name"], *s["to"]["lines"][:3]]
    size = _fitted_size(lines, "Helvetica", 10.0, x1 - x0)
    c.setFont("Helvetica", size)
    for i, line in enumerate(lines):
        # First baseline 0.12" down: the capitals' tops stay inside; 4 lines on 11 pt end above the bottom.
        c.drawString(x0 * inch, _y(top + 0.12 + i * (11 / 72)), _fit(line, "Helvetica", size, x1 - x0))


def _summary_box(c: Canvas, s: dict[str, Any], page: int, pages: int) -> None:
    c.setFont("Helvetica-Bold", 16)
    c.drawRightString(RIGHT * inch, _y(0.55), "STATEMENT")
    rows = [("Statement date", _date(s["statement_date"])), ("Account", s["account"]),
            ("Please pay by", _date(s["due_by"])), ("Amount due", _money(s["amount_due"]))]
    for i, (label, value) in enumerate(rows):
        bold = label == "Amount due"
        c.setFont("Helvetica-Bold" if bold else "Helvetica", 10 if bold else 8.5)
        c.drawString(5.2 * inch, _y(0.85 + i * 0.18), label)
        c.drawRightString(RIGHT * inch, _y(0.85 + i * 0.18), _fit(value, "Helvetica", 8.5, 1.5))
    c.setFont("Helvetica", 8)
    if s["practice"]["phone"]:
        c.drawRightString(RIGHT * inch, _y(1.7), f"Questions about this bill? Call {s['practice']['phone']}.")
    patients = s["patients"]
    shown = ", ".join(patients[:4]) + (f" and {len(patients) - 4} more" if len(patients) > 4 else "")
    for i, line in enumerate(simpleSplit(f"Patients: {shown}", "Helvetica", 8, 3.3 * inch)[:3]):
        c.drawString(4.7 * inch, _y(2.3 + i * 0.13), line)
    c.drawRightString(RIGHT * inch, _y(10.75), f"Page {page} of {pages}")


def _activity_rows(c: Canvas, s: dict[str, Any], rows: list[list[str]], top: float, *, brought: bool) -> None:
    """Column heads and rows: Date | Patient (families) | Description | Amount."""
    multi = s["multi"]
    desc_x = 2.35 if multi else 1.3
    c.setFont("Helvetica-Bold", 8)
    c.drawString(0.5 * inch, _y(top), "Date")
    if multi:
        c.drawString(1.3 * inch, _y(top), "Patient")
    c.drawString(desc_x * inch, _y(top), "Description")
    c.drawRightString(RIGHT * inch, _y(top), "Amount")
    c.setLineWidth(0.5)
    c.line(0.5 * inch, _y(top + 0.05), RIGHT * inch, _y(top + 0.05))
    c.setFont("Helvetica", 8)
    y = top + 0.2
    if brought:
        c.setFont("Helvetica-Bold", 8)
        c.drawString(desc_x * inch, _y(y), "Previous balance")
        c.drawRightString(RIGHT * inch, _y(y), _money(s["previous_balance"]))
        c.setFont("Helvetica", 8)
        y += ROW
    for on, patient, text, amount in rows:
        c.drawString(0.5 * inch, _y(y), _date(on))
        if multi:
            c.drawString(1.3 * inch, _y(y), _fit(patient, "Helvetica", 8, 0.95))
        c.drawString(desc_x * inch, _y(y), _fit(text, "Helvetica", 8, RIGHT - desc_x - 1.0))
        c.drawRightString(RIGHT * inch, _y(y), _money(amount))
        y += ROW


def _totals(c: Canvas, s: dict[str, Any]) -> None:
    c.setLineWidth(0.5)
    c.line(0.5 * inch, _y(6.3), RIGHT * inch, _y(6.3))
    c.setFont("Helvetica-Bold", 7.5)
    c.drawString(0.5 * inch, _y(6.45), "What you owe, by age (days since the date of service)")
    labels = [f"{label} days" for label, _v in s["aging"]]
    values = [_money(v) for _label, v in s["aging"]]
    if Decimal(s["credit"]):
        labels.append("Credit")
        values.append(_money(str(-Decimal(s["credit"]))))
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = (0.5 + i * 0.78) * inch
        c.setFont("Helvetica", 7.5)
        c.drawString(x, _y(6.62), label)
        c.setFont("Helvetica", 8.5)
        c.drawString(x, _y(6.8), value)
    figures = [("New balance", s["new_balance"]), ("Waiting on insurance", s["insurance_pending"]),
               ("Amount due from you", s["amount_due"])]
    for i, (label, value) in enumerate(figures):
        bold = i == 2
        c.setFont("Helvetica-Bold" if bold else "Helvetica", 9.5 if bold else 8.5)
        c.drawString(5.6 * inch, _y(6.48 + i * 0.17), label)
        c.drawRightString(RIGHT * inch, _y(6.48 + i * 0.17), _money(value))
    note = s.get("insurance_note", "")  # snapshots stored before it existed have none
    if note:
        c.setFont("Helvetica-Oblique", 7.5)
        c.drawString(0.5 * inch, _y(6.98), _fit(note, "Helvetica-Oblique", 7.5, RIGHT - 0.5))
    c.setFont("Helvetica-Bold", 8.5)
    top = 7.12 if note else 7.05
    for i, line in enumerate(simpleSplit(s["message"], "Helvetica-Bold", 8.5, (RIGHT - 0.5) * inch)[:2]):
        c.drawString(0.5 * inch, _y(top + i * 0.13), line)


def _stub(c: Canvas, s: dict[str, Any]) -> None:
    c.saveState()
    c.setDash(3, 3)
    c.setLineWidth(0.5)
    c.line(0.3 * inch, _y(TEAR_AT), PAGE_W - 0.3 * inch, _y(TEAR_AT))
    c.restoreState()
    c.setFont("Helvetica", 7)
    c.drawCentredString(PAGE_W / 2, _y(TEAR_AT + 0.14),
                        "Please detach and return this part with your payment.")
    practice = s["practice"]
    c.setFont("Helvetica-Bold", 9)
    c.drawString(0.75 * inch, _y(7.75), "Make checks payable to and mail to:")
    c.setFont("Helvetica", 9)
    for i, line in enumerate([practice["name"], *practice["lines"]][:4]):
        c.drawString(0.75 * inch, _y(7.95 + i * 0.16), _fit(line, "Helvetica", 9, 3.4))
    c.setFont("Helvetica-Bold", 9)
    c.drawString(0.75 * inch, _y(8.85), "From:")
    c.setFont("Helvetica", 9)
    for i, line in enumerate([s["to"]["name"], *s["to"]["lines"]][:4]):
        c.drawString(0.75 * inch, _y(9.05 + i * 0.16), _fit(line, "Helvetica", 9, 3.4))
    rows = [("Account", s["account"]), ("Statement date", _date(s["statement_date"])),
            ("Please pay by", _date(s["due_by"])), ("Amount due", _money(s["amount_due"]))]
    for i, (label, value) in enumerate(rows):
        c.setFont("Helvetica-Bold" if label == "Amount due" else "Helvetica", 9.5)
        c.drawString(4.6 * inch, _y(7.8 + i * 0.22), label)
        c.drawRightString(RIGHT * inch, _y(7.8 + i * 0.22), _fit(value, "Helvetica", 9.5, 1.6))
    c.setFont("Helvetica-Bold", 9.5)
    c.drawString(4.6 * inch, _y(8.8), "Amount enclosed")
    c.rect(6.4 * inch, _y(8.9), 1.6 * inch, 0.28 * inch)
    c.drawString(6.48 * inch, _y(8.8), "$")
    c.setFont("Helvetica", 8)
    c.drawString(4.6 * inch, _y(9.25), "Please write your account number on your check.")


def pages_needed(snapshot: dict[str, Any]) -> int:
    """Page 1 holds FIRST_PAGE_ROWS activity rows; each continuation page MORE_PAGE_ROWS more."""
    extra = len(snapshot["activity"]) - FIRST_PAGE_ROWS
    return 1 if extra <= 0 else 1 + -(-extra // MORE_PAGE_ROWS)


def draw_statement(c: Canvas, s: dict[str, Any]) -> None:
    """Draw one statement (ends with showPage, so statements never share a sheet)."""
    pages = pages_needed(s)
    _return_address(c, s)
    _mailing_address(c, s)
    _summary_box(c, s, 1, pages)
    c.setFont("Helvetica-Bold", 10)
    heading = ("Account activity" if s["first_statement"]
               else f"Account activity since your statement of {_date(s['since'])}")
    c.drawString(0.5 * inch, _y(3.9), heading)
    rows = s["activity"]
    _activity_rows(c, s, rows[:FIRST_PAGE_ROWS], 4.1, brought=True)
    if pages > 1:
        c.setFont("Helvetica-Oblique", 8)
        c.drawString(1.3 * inch, _y(4.3 + (FIRST_PAGE_ROWS + 1) * ROW), "Activity continues on the next page.")
    _totals(c, s)
    _stub(c, s)
    c.showPage()
    for page in range(2, pages + 1):
        start = FIRST_PAGE_ROWS + (page - 2) * MORE_PAGE_ROWS
        c.setFont("Helvetica-Bold", 10)
        c.drawString(0.5 * inch, _y(0.6), f"{s['practice']['name']}: statement continued")
        c.setFont("Helvetica", 8.5)
        c.drawString(0.5 * inch, _y(0.8), f"{s['to']['name']}, account {s['account']}, "
                                          f"statement date {_date(s['statement_date'])}")
        c.drawRightString(RIGHT * inch, _y(10.75), f"Page {page} of {pages}")
        _activity_rows(c, s, rows[start:start + MORE_PAGE_ROWS], 1.1, brought=False)
        c.showPage()


def write_statements(snapshots: Iterable[dict[str, Any]], path: str | os.PathLike[str], *, title: str) -> int:
    """Render statements one after another (the iterable may stream from the database); returns how many."""
    count = 0

    def render(target: Path) -> None:
        nonlocal count
        c = Canvas(str(target), pagesize=LETTER, invariant=1, pageCompression=1)
        c.setTitle(title)
        c.setAuthor("FrontDesk")
        for snapshot in snapshots:
            draw_statement(c, snapshot)
            count += 1
        c.save()

    render_atomically(path, render, what="the statements")
    return count
