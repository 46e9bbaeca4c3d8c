"""The printed enrolment code for one more workstation (reportlab, Qt-free): the code, until when, what to do.

The code is a secret until it is used (it unlocks the practice's connection secret once), so the page says to
hand it to the person setting up the PC and to shred it afterwards. Values are escaped (``para``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import SimpleDocTemplate, Spacer

from frontdesk.reports._pdf import para
from frontdesk.storage.atomic import render_atomically

TITLE = "FrontDesk enrolment code"
STEPS = ("On the new PC, start FrontDesk and choose \"Connect to a practice server\".",
         "Type the practice server's address (above) and this code (capitals, spaces and dashes do not matter).",
         "Sign in with your own FrontDesk account.")
NOTE = ("This code lets one PC join the practice, once, until the time above. Keep it like a password until it is "
        "used, then shred this page.")


@dataclass(frozen=True)
class EnrolmentCodePage:
    """What the page shows: all text already formatted (the expiry at the practice's clock)."""

    server_address: str  # HOST:PORT, as the new PC types it
    code: str
    expires: str  # "03/14/2026 2:05 PM"
    issued_by: str


_BASE = ParagraphStyle("enrol-body", fontName="Helvetica", fontSize=11, leading=15, textColor=colors.black)
_STYLES = {
    "title": ParagraphStyle("enrol-title", parent=_BASE, fontName="Helvetica-Bold", fontSize=18, leading=23),
    "code": ParagraphStyle("enrol-code", parent=_BASE, fontName="Courier-Bold", fontSize=20, leading=26,
                           alignment=1, borderColor=colors.black, borderWidth=1, borderPadding=10),
    "label": ParagraphStyle("enrol-label", parent=_BASE, fontName="Helvetica-Bold"),
    "body": _BASE,
    "small": ParagraphStyle("enrol-small", parent=_BASE, fontSize=9, leading=12, textColor=colors.HexColor("#444444")),
}


def render_page(page: EnrolmentCodePage, path: Path) -> None:
    story: list[object] = [
        para(TITLE, _STYLES["title"]), para(f"Practice server: {page.server_address}", _STYLES["label"]), Spacer(1, 0.3 * inch),
        para(page.code, _STYLES["code"]), Spacer(1, 0.3 * inch),
        para(f"Valid until {page.expires} (practice time), for one PC.", _STYLES["label"]),
        para(f"Issued by {page.issued_by}.", _STYLES["body"]), Spacer(1, 0.2 * inch),
        *(para(f"{number}. {step}", _STYLES["body"]) for number, step in enumerate(STEPS, start=1)),
        Spacer(1, 0.2 * inch), para(NOTE, _STYLES["small"]),
    ]
    doc = SimpleDocTemplate(str(path), pagesize=LETTER, leftMargin=inch, rightMargin=inch, topMargin=inch,
                            bottomMargin=inch, title=TITLE, author="FrontDesk", creator="FrontDesk", subject="")
    doc.build(story)


def write_enrolment_code_pdf(path: str | os.PathLike[str], page: EnrolmentCodePage) -> None:
    """Write the page to ``path`` (temp file + rename, owner-only: the code is a secret until used)."""
    render_atomically(path, lambda tmp: render_page(page, tmp), what="the enrolment code page")
