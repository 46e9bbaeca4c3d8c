"""The selected disclosure in full, below the Disclosures list: at 1366x768 the list's recipient, what and
why columns are cut short, and a receptionist reading an entry to a patient must not have to hover."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTextBrowser, QWidget

from frontdesk.domain.disclosure_records import DisclosureEntry
from frontdesk.domain.formats import format_date, format_datetime
from frontdesk.domain.schedule_time import PracticeClock

NOTHING_SELECTED = "Select an entry above (click it, or press Space in the list) to read it in full here."

# (field, label): the order a person reads an entry out
FIELDS = (
    ("disclosed_on", "Date:"),
    ("kind", "Kind:"),
    ("recipient", "Disclosed to:"),
    ("recipient_address", "Address:"),
    ("description", "What:"),
    ("purpose", "Purpose:"),
    ("recorded", "Recorded:"),
    ("status", "Status:"),
)


def detail_values(entry: DisclosureEntry, clock: PracticeClock) -> dict[str, str]:
    """Every field of ``entry`` as the panel shows it (whole text, line breaks kept)."""
    status = (f"VOID: {entry.void_reason} ({entry.voided_by}, {format_datetime(entry.voided_at, clock.tz)})"
              if entry.voided_at else "In the accounting")
    return {
        "disclosed_on": format_date(entry.disclosed_on),
        "kind": entry.kind_text,
        "recipient": entry.recipient,
        "recipient_address": entry.recipient_address or "\u2014",
        "description": entry.description,
        "purpose": entry.purpose,
        "recorded": f"{format_datetime(entry.recorded_at, clock.tz)} by {entry.recorded_by}",
        "status": status,
    }


class DisclosureDetail(QTextBrowser):
    """Read-only, word-wrapped, selectable (to copy an address) and scrolling rather than squeezing the list.

    A text browser rather than a form of labels: word-wrapped labels inside a scroll area are squashed to
    its height instead of scrolling (Qt's scroll area ignores their height-for-width), which cut long text.
    """

    def __init__(self, clock: PracticeClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("disclosure_detail")
        self.clock = clock
        self.setOpenLinks(False)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # the text wraps instead
        self.shown: dict[str, str] = {}  # field -> the text shown for it (empty: nothing selected)
        self.show_entry(None)

    def show_entry(self, entry: DisclosureEntry | None) -> None:
        """Show ``entry`` in full (None: the hint to select one)."""
        self.shown = {} if entry is None else detail_values(entry, self.clock)
        if entry is None:
            self.setPlainText(NOTHING_SELECTED)
            return
        rows = "".join(
            f"<tr><td style='padding-right:12px' valign='top'>{escape(label)}</td>"
            f"<td>{escape(self.shown[name]).replace(chr(10), '<br>')}</td></tr>"
            for name, label in FIELDS)
        self.setHtml(f"<table>{rows}</table>")  # every typed value escaped: never read as markup
