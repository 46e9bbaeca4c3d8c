"""Table model of the confirmation calls panel: one row per appointment to confirm."""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk.domain.formats import format_phone
from frontdesk.reports.call_sheet import contact_note, last_call_text
from frontdesk.services.scheduling.confirmations import ConfirmationItem
from frontdesk.ui.widgets.models import MUTED_COLOUR, Column
from frontdesk.ui.widgets.schedule_inputs import DecoratedRecordModel, clock_text


@dataclass(frozen=True)
class CallRow:
    """A ConfirmationItem keyed by its appointment id (so the list keeps its selection across reloads)."""

    id: int
    item: ConfirmationItem

    @classmethod
    def of(cls, item: ConfirmationItem) -> CallRow:
        return cls(item.appointment.id, item)


def _start(row: CallRow) -> float:
    return row.item.appointment.start.timestamp()


def _when(row: CallRow) -> str:
    start = row.item.appointment.start
    return f"{start.strftime('%a %m/%d')} {clock_text(start)}"


# What the caller needs first comes first (a docked, narrow panel still shows it without scrolling).
CALL_COLUMNS: list[Column[CallRow]] = [
    Column("When", _when, sort=_start),
    Column("Patient", lambda r: r.item.appointment.patient_name),
    Column("Phone", lambda r: format_phone(r.item.phone) or "No phone on file", sort=lambda r: r.item.phone,
           colour=lambda r: None if r.item.phone else MUTED_COLOUR),
    Column("Status", lambda r: r.item.appointment.status_label),
    Column("Last call", lambda r: last_call_text(r.item.last_outcome, r.item.attempts),
           sort=lambda r: f"{r.item.attempts:04d} {r.item.last_outcome}"),
    Column("Contact", lambda r: contact_note(r.item.preferred_contact, r.item.voicemail_ok, r.item.text_ok)),
    Column("Provider", lambda r: r.item.appointment.provider_name),
    Column("Type", lambda r: r.item.appointment.type_name),
]


class ConfirmationsModel(DecoratedRecordModel[CallRow]):
    """Appointments of the next business days with phone, contact preferences, status and the last call."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(CALL_COLUMNS, parent=parent)
