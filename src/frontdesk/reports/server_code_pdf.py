"""The printed server recovery code (reportlab, Qt-free): the page the practice keeps in its safe.

The code holds the practice key and the workstations' password (storage/server_recovery.py), shown once at
setup; with it an administrator makes a new enrolment code when no PC is left and `frontdesk server upgrade`
re-seals data. Values are escaped (``para``); the code itself is drawn verbatim in a monospaced box.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.pagesizes import LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.platypus import SimpleDocTemplate, Spacer, Table, TableStyle

from frontdesk.reports._pdf import para
from frontdesk.server_setup import recovery_code_lines
from frontdesk.storage.atomic import render_atomically

TITLE = "FrontDesk server recovery code"
WARNING = ("This page holds the practice key and the workstations' password. Keep it in the practice safe, "
           "away from the computers. It was shown only once.")
USES = ("If every PC is lost: on the server, `frontdesk server enrolment-code` asks for it and makes a new "
        "enrolment code.",
        "When an update must re-seal data, `frontdesk server upgrade` asks for it.",
        "Without it, and with no PC left, the audit trail and insurance card images cannot be opened.",
        "Never email, text or photograph it. If someone else may have seen it, tell the practice administrator.")


@dataclass(frozen=True)
class ServerCodePage:
    """What the page shows, all text already formatted."""

    server_address: str
    database: str
    certificate_sha256: str
    created: str  # MM/DD/YYYY
    recovery_code: str


_BASE = ParagraphStyle("server-code-body", fontName="Helvetica", fontSize=10.5, leading=14, textColor=colors.black)
_STYLES = {
    "title": ParagraphStyle("server-code-title", parent=_BASE, fontName="Helvetica-Bold", fontSize=18, leading=23),
    "warning": ParagraphStyle("server-code-warning", parent=_BASE, fontName="Helvetica-Bold",
                              textColor=colors.HexColor("#8a1c1c"), spaceAfter=10),
    "label": ParagraphStyle("server-code-label", parent=_BASE, fontName="Helvetica-Bold"),
    "body": _BASE,
    "small": ParagraphStyle("server-code-small", parent=_BASE, fontSize=8, leading=10),
}
_WIDTH = LETTER[0] - 2 * inch


def _facts(page: ServerCodePage) -> Table:
    rows = [("Practice server", page.server_address), ("Database", page.database), ("Made on", page.created),
            ("Certificate SHA-256", page.certificate_sha256)]
    table = Table([[para(label, _STYLES["label"]), para(value, _STYLES["small" if len(value) > 60 else "body"])]
                   for label, value in rows], colWidths=[1.5 * inch, _WIDTH - 1.5 * inch], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _code_box(code: str) -> Table:
    lines = recovery_code_lines(code, groups_per_line=6).split("\n")
    table = Table([[line] for line in lines], colWidths=[_WIDTH])  # plain cells: drawn verbatim, no markup
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), "Courier-Bold", 14), ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 5), ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
        ("BOX", (0, 0), (-1, -1), 1.5, colors.black), ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f2f2f2")),
    ]))
    return table


def render_page(page: ServerCodePage, path: Path) -> None:
    story: list[object] = [
        para(TITLE, _STYLES["title"]), para(WARNING, _STYLES["warning"]), _facts(page), Spacer(1, 0.25 * inch),
        _code_box(page.recovery_code), Spacer(1, 0.25 * inch), para("What it is for", _STYLES["label"]),
        *(para(f"\u2022 {line}", _STYLES["body"]) for line in USES),
    ]
    doc = SimpleDocTemplate(str(path), pagesize=LETTER, leftMargin=inch, rightMargin=inch, topMargin=inch,
                            bottomMargin=inch, title=TITLE, author="FrontDesk", creator="FrontDesk", subject="")
    doc.build(story)


def write_server_code_pdf(path: str | os.PathLike[str], page: ServerCodePage) -> None:
    """Write the page to ``path`` (temp file + rename, owner-only: the code is a secret)."""
    render_atomically(path, lambda tmp: render_page(page, tmp), what="the server recovery code page")
