"""Table models of the calendar: the day's appointments (keyboard/screen-reader list), month counts,
patient search results in the booking dialog, and an appointment's history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from frontdesk.domain.formats import format_date, format_phone
from frontdesk.services.patients._patient_types import PatientSummary
from frontdesk.services.scheduling.appointment_types import AppointmentInfo
from frontdesk.services.scheduling.schedule_views import AppointmentEventInfo
from frontdesk.ui.admin.models import Column, RecordTableModel
from frontdesk.ui.calendar.grid_paint import clock
from frontdesk.ui.calendar.status_style import status_text

_Index = QModelIndex | QPersistentModelIndex
_Display = Qt.ItemDataRole.DisplayRole


def _time(value) -> str:  # type: ignore[no-untyped-def]
    return clock(value.hour * 60 + value.minute)


def _at(value) -> float:  # type: ignore[no-untyped-def]
    return value.timestamp()


DAY_COLUMNS: list[Column[AppointmentInfo]] = [
    Column("Time", lambda a: f"{_time(a.start)}\u2013{_time(a.end)}", lambda a: _at(a.start)),
    Column("Patient", lambda a: a.patient_name),
    Column("Provider", lambda a: a.provider_name),
    Column("Type", lambda a: a.type_name),
    Column("Status", lambda a: status_text(a.status)),
    Column("Reason", lambda a: a.reason),
    Column("Room", lambda a: a.room_name or "\u2014"),
]


class DayAppointmentsModel(RecordTableModel[AppointmentInfo]):
    """The appointments shown on the grid, as a list a keyboard or screen reader can walk."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(DAY_COLUMNS, parent)

    def row_of(self, appointment_id: int) -> int:
        return next((i for i, a in enumerate(self.records()) if a.id == appointment_id), -1)


PATIENT_COLUMNS: list[Column[PatientSummary]] = [
    Column("Patient", lambda p: f"{p.last_name}, {p.first_name}" + (f" {p.middle_name[:1]}." if p.middle_name else "")),
    Column("Date of birth", lambda p: format_date(p.dob), lambda p: p.dob.toordinal()),
    Column("Phone", lambda p: format_phone(p.phone) or "\u2014"),
    Column("Account", lambda p: p.account_number),
]


class PatientResultsModel(RecordTableModel[PatientSummary]):
    """Patients found by the booking dialog's search."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(PATIENT_COLUMNS, parent)


def _history_what(e: AppointmentEventInfo) -> str:
    if e.kind == "move" and e.from_start is not None:
        where = f"{format_date(e.from_start)} {_time(e.from_start)}"
        who = f" with {e.from_provider_name}" if e.from_provider_name else ""
        room = f" in {e.from_room_name}" if e.from_room_name else ""
        return f"Moved from {where}{who}{room}"
    labels = {"booked": "Booked", "status": "Status changed", "edit": "Edited", "move": "Moved"}
    return labels.get(e.kind, e.kind.capitalize())


HISTORY_COLUMNS: list[Column[AppointmentEventInfo]] = [
    Column("When", lambda e: f"{format_date(e.at)} {_time(e.at)}", lambda e: _at(e.at)),
    Column("By", lambda e: e.username or "\u2014"),
    Column("What", _history_what),
    Column("Status after", lambda e: status_text(e.status)),
    Column("Note", lambda e: e.note),
]


class HistoryModel(RecordTableModel[AppointmentEventInfo]):
    """Every step of one appointment (where it was before each move)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(HISTORY_COLUMNS, parent)


WEEKDAY_HEADERS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTH_ROWS = 6
DATE_ROLE = Qt.ItemDataRole.UserRole + 1


class MonthCountsModel(QAbstractTableModel):
    """Six weeks of days (Monday first) around one month, each with its appointment count."""

    def __init__(self, today: date, parent: Any = None) -> None:
        """``today``: the practice's (the calendar's), shown until the first :meth:`set_month`."""
        super().__init__(parent)
        self._month = today.replace(day=1)
        self._counts: dict[date, int] = {}
        self._by_provider: dict[date, dict[str, int]] = {}
        self._today = today

    def set_month(self, first: date, counts: dict[date, int], by_provider: dict[date, dict[str, int]],
                  today: date) -> None:
        self.beginResetModel()
        self._month, self._counts, self._by_provider, self._today = first.replace(day=1), counts, by_provider, today
        self.endResetModel()

    def month(self) -> date:
        return self._month

    def grid_start(self) -> date:
        return self._month - timedelta(days=self._month.weekday())

    def day_at(self, row: int, column: int) -> date:
        return self.grid_start() + timedelta(days=row * 7 + column)

    def index_of(self, day: date) -> QModelIndex:
        offset = (day - self.grid_start()).days
        if not 0 <= offset < MONTH_ROWS * 7:
            return QModelIndex()
        return self.index(offset // 7, offset % 7)

    def count(self, day: date) -> int | None:
        """Appointments on a day of this month; None for the neighbouring months' days (not loaded)."""
        return self._counts.get(day, 0) if day.month == self._month.month and day.year == self._month.year else None

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else MONTH_ROWS

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else 7

    def data(self, index: _Index, role: int = _Display) -> Any:
        if not index.isValid() or not (0 <= index.row() < MONTH_ROWS and 0 <= index.column() < 7):
            return None
        day = self.day_at(index.row(), index.column())
        count = self.count(day)
        if role == _Display:
            marker = " (today)" if day == self._today else ""
            if count is None:
                return f"{day.day}{marker}"
            return f"{day.day}{marker}\n{count} appointment{'s' if count != 1 else ''}"
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"{day.strftime('%A')} {format_date(day)}"]
            lines += [f"{name}: {n}" for name, n in sorted(self._by_provider.get(day, {}).items())]
            return "\n".join(lines)
        if role == DATE_ROLE:
            return day
        if role == Qt.ItemDataRole.ForegroundRole and not count:
            return QColor("#8a8a8a")  # other months' days and empty days recede
        if role == Qt.ItemDataRole.FontRole and day == self._today:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = _Display) -> Any:
        if role == _Display and orientation == Qt.Orientation.Horizontal and 0 <= section < 7:
            return WEEKDAY_HEADERS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
