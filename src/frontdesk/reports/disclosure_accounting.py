"""The accounting of disclosures a patient may request (HIPAA 164.528) as a PDF: one entry per disclosure of
the six years up to today, with its date, recipient (and address when known), what and why.

Built on the face sheet's page, styles and footer so every patient printout looks alike; every value escaped.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.units import inch
from reportlab.platypus import Flowable, Table, TableStyle

from frontdesk.domain.formats import format_date
from frontdesk.reports._pdf import para
from frontdesk.reports._patient_page import STYLES, WIDTH, build
from frontdesk.storage.atomic import render_atomically

if TYPE_CHECKING:
    from frontdesk.domain.disclosure_records import DisclosureAccounting, DisclosureEntry

TITLE = "Accounting of disclosures"
# What 164.528(a)(1) leaves out, said on the page so the patient knows why a disclosure may be absent.
SCOPE = ("This lists each disclosure of your health information that our practice made during the period "
         "shown, other than disclosures for your treatment, for payment, for our health care operations, to you, "
         "or that you authorized in writing for your own purposes, and others the law excludes.")
COLUMNS = (("Date", 0.85 * inch), ("Disclosed to", 1.9 * inch), ("What was disclosed", 2.1 * inch))


def _recipient(entry: DisclosureEntry) -> str:
    return entry.recipient + (f"\n{entry.recipient_address}" if entry.recipient_address else "")


def _table(entries: tuple[DisclosureEntry, ...]) -> Table:
    purpose_width = WIDTH - sum(width for _t, width in COLUMNS)
    rows = [[para(title, STYLES["label"]) for title, _w in COLUMNS] + [para("Purpose", STYLES["label"])]]
    for entry in entries:
        rows.append([para(format_date(entry.disclosed_on), STYLES["value"]), para(_recipient(entry), STYLES["value"]),
                     para(entry.description, STYLES["value"]),
                     para(f"{entry.purpose}\n({entry.kind_text})", STYLES["value"])])
    table = Table(rows, colWidths=[w for _t, w in COLUMNS] + [purpose_width], repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("LINEBELOW", (0, 0), (-1, 0), 1, colors.black),
        ("LINEBELOW", (0, 1), (-1, -1), 0.25, colors.HexColor("#999999")),
    ]))
    return table


def _story(accounting: DisclosureAccounting) -> list[Flowable]:
    a = accounting
    dob = f" \u2022 born {format_date(a.date_of_birth)}" if a.date_of_birth else ""
    story: list[Flowable] = [
        para(TITLE, STYLES["title"]),
        para(f"{a.practice_name} \u2022 {a.patient_name}{dob} \u2022 account # {a.account_number} \u2022 printed "
             f"{a.printed_at.strftime('%m/%d/%Y %I:%M %p')}", STYLES["sub"]),
        para(f"Period: {format_date(a.period_start)} to {format_date(a.period_end)}", STYLES["heading"]),
        para(SCOPE, STYLES["value"]),
    ]
    if a.entries:
        count = len(a.entries)
        story += [para(f"{count} disclosure{'' if count == 1 else 's'}", STYLES["heading"]), _table(a.entries)]
    else:
        story.append(para("No disclosures were made during this period.", STYLES["heading"]))
    return story


def write_disclosure_accounting_pdf(path: str | os.PathLike[str], accounting: DisclosureAccounting) -> None:
    """Write the accounting to ``path`` atomically (StorageError on a disk problem)."""
    render_atomically(path, lambda tmp: build(tmp, TITLE, _story(accounting)), what="the accounting of disclosures")
