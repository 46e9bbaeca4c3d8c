"""Table models of the Letters and Recalls tabs (templates, letters sent, recalls), over RecordTableModel."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex

from frontdesk.domain.formats import format_date, format_datetime, format_phone
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.services.desk.letters import LetterInfo, TemplateInfo
from frontdesk.services.desk.recalls import OUTCOMES, RecallRow
from frontdesk.ui.widgets.models import Column, RecordTableModel

TEMPLATE_COLUMNS: list[Column[TemplateInfo]] = [
    Column("Template", lambda t: t.name),
    Column("Origin", lambda t: "Built-in, edited" if t.edited else "Built-in" if t.builtin else "Practice's own"),
]
def letter_columns(clock: PracticeClock) -> list[Column[LetterInfo]]:
    """The sent letters' columns (times on the practice's clock)."""
    return [
        Column("Sent", lambda letter: format_datetime(letter.sent_at, clock.tz)),
        Column("Template", lambda letter: letter.template_name),
        Column("Subject", lambda letter: letter.subject),
        Column("By", lambda letter: letter.sent_by),
    ]
_CONTACT = {"phone": "Phone", "text": "Text", "email": "Email", "mail": "Mail", "": "No preference"}
_LAST = {key: label for key, (label, _closes) in OUTCOMES.items()} | {"letter": "Letter sent"}


def recall_state(row: RecallRow, today: date) -> str:
    """State in words (never colour alone): Open, Overdue, Booked MM/DD/YYYY or Closed: reason."""
    if row.state == "closed":
        return f"Closed: {_LAST.get(row.closed_reason, row.closed_reason.capitalize())}"
    if row.state == "booked":
        return f"Booked {format_date(row.booked_for)}" if row.booked_for else "Booked"
    return "\u26a0 Overdue" if row.due_date < today else "Open"


def _phones(row: RecallRow) -> str:
    return "; ".join(f"{kind.capitalize()} {format_phone(e164)}" for kind, e164 in row.phones) or "No phone"


def _prefs(row: RecallRow) -> str:
    parts = [_CONTACT.get(row.preferred_contact, row.preferred_contact)]
    parts.append("voicemail OK" if row.voicemail_ok else "no voicemail")
    if row.text_ok:
        parts.append("texts OK")
    if not row.has_address:
        parts.append("no address")
    return ", ".join(parts)


def recall_columns(clock: PracticeClock) -> list[Column[RecallRow]]:
    """The recall list's columns; the practice's today is read each time so an open tab stays right past midnight."""
    return [
        Column("Due", lambda r: format_date(r.due_date)),
        Column("Patient", lambda r: r.patient_name),
        Column("Reason", lambda r: r.reason),
        Column("Provider", lambda r: r.provider_name),
        Column("State", lambda r: recall_state(r, clock.today())),
        Column("Contact preference", _prefs),
        Column("Phones", _phones),
        Column("Tries", lambda r: str(r.attempts)),
        Column("Last contact", lambda r: (f"{_LAST.get(r.last_outcome, r.last_outcome)} "
                                    f"{format_date(r.last_contact_at.astimezone(clock.tz))}").strip() if r.last_contact_at else ""),
    ]


class TemplatesModel(RecordTableModel[TemplateInfo]):
    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(TEMPLATE_COLUMNS, parent)


class LettersModel(RecordTableModel[LetterInfo]):
    def __init__(self, clock: PracticeClock, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(letter_columns(clock), parent)


class RecallsModel(RecordTableModel[RecallRow]):
    """The recall list; ``append_rows`` adds the next page (the list loads 500 at a time)."""

    def __init__(self, clock: PracticeClock, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(recall_columns(clock), parent)

    def append_rows(self, rows: list[RecallRow]) -> None:
        if not rows:
            return
        first = self.rowCount()
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()

    def rows(self) -> list[RecallRow]:
        return list(self._rows)
