"""Table models of the waitlist panel: the entries, and the entries that fit a slot that just opened."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

from frontdesk.domain.formats import format_phone
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.services.scheduling.waitlist import WaitlistEntryInfo, WaitlistMatch
from frontdesk.ui.calendar.extras_data import Catalog
from frontdesk.ui.widgets.models import Column
from frontdesk.ui.widgets.schedule_inputs import (
    DecoratedRecordModel,
    clock_text,
    days_text,
    window_text,
)

EARLIER_SLOT = "Wants an earlier slot"


def earlier_slot_icon() -> QIcon:
    """The icon shown beside 'Wants an earlier slot' (the words carry the meaning; the icon draws the eye)."""
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_ArrowUp)


def _stamp(value: datetime) -> float:
    return value.timestamp()


class WaitlistModel(DecoratedRecordModel[WaitlistEntryInfo]):
    """Active waitlist entries, longest waiting first; entries that fit an opened slot are marked."""

    def __init__(self, clock: PracticeClock, parent=None) -> None:  # type: ignore[no-untyped-def]
        columns: list[Column[WaitlistEntryInfo]] = [
            Column("Patient", lambda e: e.patient_name),
            Column("Phone", lambda e: format_phone(e.patient_phone), sort=lambda e: e.patient_phone),
            Column("Wants", self._wants, sort=lambda e: e.length_minutes),
            Column("Providers", lambda e: self.catalog.providers_text(e.provider_ids) if self.catalog else ""),
            Column("Days", lambda e: days_text(e.weekdays)),
            Column("Times", lambda e: window_text(e.earliest, e.latest)),
            Column("Since", lambda e: self._date(e.created_at), sort=lambda e: _stamp(e.created_at)),
            Column("Until", lambda e: e.until.strftime("%m/%d/%Y") if e.until else "",
                   sort=lambda e: e.until.toordinal() if e.until else 10**7),
            Column("Opened slot", self._match_text, sort=lambda e: 0 if e.id in self.matches else 1),
            Column("Note", lambda e: e.note.replace("\n", " ")),
        ]
        match_column = len(columns) - 2
        super().__init__(columns, {0: self._icon, match_column: self._icon}, parent)
        self.clock = clock  # dates on the practice's clock
        self.match_column = match_column
        self.catalog: Catalog | None = None
        self.matches: dict[int, WaitlistMatch] = {}

    def set_catalog(self, catalog: Catalog | None) -> None:
        self.beginResetModel()
        self.catalog = catalog
        self.endResetModel()

    def set_matches(self, matches: Sequence[WaitlistMatch]) -> None:
        self.beginResetModel()
        self.matches = {m.entry_id: m for m in matches}
        self.endResetModel()

    def _wants(self, entry: WaitlistEntryInfo) -> str:
        appt_type = self.catalog.type_of(entry.type_id) if self.catalog else None
        return f"{entry.length_minutes} min" + (f" {appt_type.name}" if appt_type else "")

    def _date(self, value: datetime) -> str:
        local = value.astimezone(self.clock.tz)
        return local.strftime("%m/%d/%Y")

    def _match_text(self, entry: WaitlistEntryInfo) -> str:
        match = self.matches.get(entry.id)
        if match is None:
            return ""
        return f"{EARLIER_SLOT}: fits {match.slot_start.strftime('%m/%d')} {clock_text(match.slot_start)}"

    def _icon(self, entry: WaitlistEntryInfo) -> Any:
        return earlier_slot_icon() if entry.id in self.matches else None


class MatchesModel(DecoratedRecordModel[WaitlistMatch]):
    """Waitlisted patients who could take a freed slot, first come first served."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        columns: list[Column[WaitlistMatch]] = [
            Column("Patient", lambda m: m.patient_name),
            Column("Why", lambda _m: EARLIER_SLOT),
            Column("Opened slot", self._slot, sort=lambda m: _stamp(m.slot_start)),
            Column("Phone", lambda m: format_phone(m.patient_phone), sort=lambda m: m.patient_phone),
            Column("Needs", lambda m: f"{m.length_minutes} min", sort=lambda m: m.length_minutes),
            Column("Waiting since", lambda m: m.waiting_since.astimezone(m.slot_start.tzinfo).strftime("%m/%d/%Y"),
                   sort=lambda m: _stamp(m.waiting_since)),
            Column("Note", lambda m: m.note.replace("\n", " ")),
        ]
        super().__init__(columns, {1: lambda _m: earlier_slot_icon()}, parent)
        self.catalog: Catalog | None = None

    def set_catalog(self, catalog: Catalog | None) -> None:
        self.beginResetModel()
        self.catalog = catalog
        self.endResetModel()

    def _slot(self, match: WaitlistMatch) -> str:
        who = self.catalog.provider_name(match.slot_provider_id) if self.catalog else ""
        when = f"{match.slot_start.strftime('%a %m/%d/%Y')} {clock_text(match.slot_start)}"
        return f"{when} with {who}" if who else when
