"""Table models of the End of day screen: checklist steps, open appointments, money waiting for the bank."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from frontdesk.domain.formats import format_date, format_money
from frontdesk.services.day_close.end_of_day_types import (
    ChecklistStep,
    DepositCandidate,
    OpenAppointment,
)
from frontdesk.ui.widgets.models import WARNING_COLOUR, Column, RecordTableModel
from frontdesk.ui.widgets.schedule_inputs import clock_text

AnyIndex = QModelIndex | QPersistentModelIndex
DONE_COLOUR = QColor("#1b5e20")
DONE_TEXT = "\u2714 Done"  # a check mark and a word: colour is never the only cue
MISSING_TEXT = "\u2716 Missing"


def _step_colour(step: ChecklistStep) -> QColor:
    return DONE_COLOUR if step.done else WARNING_COLOUR


CHECKLIST_COLUMNS: list[Column[ChecklistStep]] = [
    Column("Step", lambda s: s.title),
    Column("Status", lambda s: DONE_TEXT if s.done else MISSING_TEXT, colour=_step_colour),
    Column("What is missing", lambda s: s.missing),
]

OPEN_APPOINTMENT_COLUMNS: list[Column[OpenAppointment]] = [
    Column("Time", lambda a: clock_text(a.start), lambda a: a.start.timestamp()),
    Column("Patient", lambda a: a.patient_name),
    Column("Provider", lambda a: a.provider_name),
    Column("Status", lambda a: a.status_label),
    Column("Needs", lambda a: a.problem),
]


class ChecklistModel(RecordTableModel[ChecklistStep]):
    """The closing checklist, one step per row."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(CHECKLIST_COLUMNS, parent)


class OpenAppointmentsModel(RecordTableModel[OpenAppointment]):
    """Visits of the day that still need an outcome."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(OPEN_APPOINTMENT_COLUMNS, parent)


DEPOSIT_COLUMNS: list[Column[DepositCandidate]] = [
    Column("Received", lambda c: format_date(c.received_on), lambda c: c.received_on.toordinal()),
    Column("Method", lambda c: "Cash" if c.method == "cash" else "Check"),
    Column("Check #", lambda c: c.check_number),
    Column("Payer", lambda c: c.payer),
    Column("Amount", lambda c: format_money(c.amount), lambda c: c.amount),
]


class DepositCandidatesModel(RecordTableModel[DepositCandidate]):
    """Cash and checks waiting for the bank; each row has a check box (all ticked at first)."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(DEPOSIT_COLUMNS, parent)
        self._chosen: set[str] = set()

    def set_rows(self, rows) -> None:  # type: ignore[no-untyped-def]
        self._chosen = {c.key for c in rows}
        super().set_rows(rows)

    def chosen(self) -> list[DepositCandidate]:
        """The ticked rows, in list order."""
        return [c for c in self.records() if c.key in self._chosen]

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.CheckStateRole and index.isValid() and index.column() == 0 \
                and index.row() < self.rowCount():
            ticked = self.record(index.row()).key in self._chosen
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return super().data(index, role)

    def setData(self, index: AnyIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid() or index.column() != 0:
            return False
        key = self.record(index.row()).key
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self._chosen.add(key)
        else:
            self._chosen.discard(key)
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        return True

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() == 0:
            return base | Qt.ItemFlag.ItemIsUserCheckable
        return base
