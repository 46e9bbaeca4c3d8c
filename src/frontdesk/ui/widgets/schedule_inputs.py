"""Inputs and text shared by the calendar screens: weekdays, provider checklists, US date/time edits."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime, time
from typing import Any, TypeVar

from PySide6.QtCore import QDate, QModelIndex, QPersistentModelIndex, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QTableView,
    QWidget,
)

from frontdesk.domain.time_entry import format_time
from frontdesk.errors import ValidationError
from frontdesk.ui.widgets.models import Column, RecordTableModel
from frontdesk.ui.widgets.time_field import TimeField

T = TypeVar("T")

WEEKDAY_SHORT = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAY_LONG = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


# -- text ------------------------------------------------------------------------------------

def clock_text(value: time | datetime | None) -> str:
    """'9:05 AM' (a datetime is shown in its own zone: pass practice-local values); '' for None."""
    return "" if value is None else format_time(value)


def days_text(weekdays: Iterable[int]) -> str:
    """'Mon, Wed, Fri'; 'Mon-Fri' for the working week; 'Any day' when none is chosen."""
    chosen = sorted(set(weekdays))
    if not chosen or len(chosen) == 7:
        return "Any day"
    if chosen == [0, 1, 2, 3, 4]:
        return "Mon\u2013Fri"
    return ", ".join(WEEKDAY_SHORT[d] for d in chosen)


def window_text(earliest: time | None, latest: time | None) -> str:
    """'8:00 AM\u201312:00 PM', 'after 2:00 PM', 'before 11:00 AM' or 'Any time'."""
    if earliest and latest:
        return f"{clock_text(earliest)}\u2013{clock_text(latest)}"
    if earliest:
        return f"after {clock_text(earliest)}"
    if latest:
        return f"before {clock_text(latest)}"
    return "Any time"


# A few everyday colour names; a colour is named after the nearest one ('Blue (#4A90D9)').
_NAMED_COLOURS = (
    ("Red", (220, 50, 47)), ("Dark red", (139, 26, 26)), ("Orange", (245, 140, 40)), ("Yellow", (240, 210, 40)),
    ("Olive", (128, 128, 0)), ("Green", (90, 180, 60)), ("Light green", (180, 230, 140)), ("Dark green", (30, 110, 50)), ("Teal", (0, 140, 140)),
    ("Turquoise", (70, 220, 200)), ("Magenta", (200, 30, 210)),
    ("Light blue", (135, 195, 235)), ("Blue", (60, 120, 210)), ("Blue", (30, 60, 240)), ("Navy", (20, 40, 120)), ("Purple", (130, 70, 180)),
    ("Lavender", (190, 160, 225)), ("Pink", (235, 120, 170)), ("Brown", (140, 90, 50)), ("Gray", (128, 128, 128)),
    ("Light gray", (200, 200, 200)), ("Dark gray", (72, 72, 72)), ("Black", (20, 20, 20)), ("White", (250, 250, 250)),
)


def colour_name(hex_colour: str) -> str:
    """The nearest everyday name of a '#RRGGBB' colour ('' if it is not one)."""
    text = hex_colour.lstrip("#")
    if len(text) != 6:
        return ""
    try:
        rgb = tuple(int(text[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return ""
    # Weighted distance (the eye is most sensitive to green): good enough to name a swatch.
    return min(_NAMED_COLOURS, key=lambda named: sum(w * (a - b) ** 2 for w, a, b in zip(
        (2, 4, 3), rgb, named[1], strict=True)))[0]


def colour_label(hex_colour: str) -> str:
    """'Blue (#4A90D9)': a colour in words as well as the swatch."""
    name = colour_name(hex_colour)
    return f"{name} ({hex_colour.upper()})" if name else hex_colour


def remap_field(exc: BaseException, aliases: dict[str, str]) -> BaseException:
    """The same ValidationError naming the form's field (services name some fields differently)."""
    if isinstance(exc, ValidationError) and exc.field in aliases:
        return ValidationError(aliases[exc.field], exc.message)
    return exc


# -- Qt <-> Python values ----------------------------------------------------------------------

def to_qdate(day: date) -> QDate:
    """A date for a QDateEdit."""
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    """A QDateEdit's date as a date."""
    return date(value.year(), value.month(), value.day())


def to_qtime(at: time) -> QTime:
    """A time of day as a QTime (TimeField.setTime takes one, as QTimeEdit did)."""
    return QTime(at.hour, at.minute)


def from_qtime(value: QTime) -> time:
    """A QTime as a time (whole minutes)."""
    return time(value.hour(), value.minute())


def date_edit(parent: QWidget, day: date) -> QDateEdit:
    """A MM/DD/YYYY date field with a calendar popup, showing ``day`` (a default: the practice's today,
    ``uictx.clock.today()``, never the workstation's)."""
    edit = QDateEdit(parent)
    edit.setDisplayFormat("MM/dd/yyyy")
    edit.setCalendarPopup(True)
    edit.setDate(to_qdate(day))
    return edit


def time_edit(parent: QWidget, at: time, *, field: str = "time", label: str = "Time",
              step_minutes: int = 15) -> TimeField:
    """A typed time field shown as '3:15 PM' (see TimeField); ``field`` is the form field its errors go to."""
    return TimeField(parent, at, field=field, label=label, step_minutes=step_minutes)


# -- widgets -----------------------------------------------------------------------------------

class WeekdayChecks(QWidget):
    """Seven check boxes, Monday first; ``values()`` are weekday numbers (0 = Monday)."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, checked: Iterable[int] = ()) -> None:
        super().__init__(parent)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.boxes: list[QCheckBox] = []
        chosen = set(checked)
        for day, name in enumerate(WEEKDAY_SHORT):
            box = QCheckBox(name, self)
            box.setAccessibleName(WEEKDAY_LONG[day])
            box.setChecked(day in chosen)
            box.toggled.connect(self.changed)
            row.addWidget(box)
            self.boxes.append(box)
        row.addStretch(1)
        self.setFocusProxy(self.boxes[0])

    def values(self) -> tuple[int, ...]:
        return tuple(d for d, box in enumerate(self.boxes) if box.isChecked())

    def set_values(self, weekdays: Iterable[int]) -> None:
        chosen = set(weekdays)
        for day, box in enumerate(self.boxes):
            box.setChecked(day in chosen)


class ProviderChecklist(QListWidget):
    """Providers with a check box each (Space toggles); ``checked_ids()`` in list order."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None, *, rows: int = 4) -> None:
        super().__init__(parent)
        self.setAccessibleName("Providers")
        self.setUniformItemSizes(True)
        self.itemChanged.connect(lambda _item: self.changed.emit())
        height = self.fontMetrics().height() + 8
        self.setMinimumHeight(height * min(rows, 2) + 6)
        self.setMaximumHeight(height * rows + 6)

    def set_providers(self, providers: Sequence[tuple[int, str]], checked: Iterable[int] = ()) -> None:
        """Show ``(id, name)`` pairs; keep the ticks of providers still listed, add ``checked``."""
        keep = set(self.checked_ids()) | set(checked)
        self.blockSignals(True)
        self.clear()
        for provider_id, name in providers:
            item = QListWidgetItem(name, self)
            item.setData(Qt.ItemDataRole.UserRole, provider_id)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if provider_id in keep else Qt.CheckState.Unchecked)
        self.blockSignals(False)
        if self.count():
            self.setCurrentRow(0)
        self.changed.emit()

    def checked_ids(self) -> list[int]:
        return [int(self.item(i).data(Qt.ItemDataRole.UserRole)) for i in range(self.count())
                if self.item(i).checkState() == Qt.CheckState.Checked]

    def set_checked(self, provider_ids: Iterable[int]) -> None:
        wanted = set(provider_ids)
        for i in range(self.count()):
            item = self.item(i)
            state = Qt.CheckState.Checked if item.data(Qt.ItemDataRole.UserRole) in wanted else Qt.CheckState.Unchecked
            item.setCheckState(state)


def stretch_last_column(view: QTableView) -> None:
    """Let the last column take (and give back) the spare width, eliding long text (its tooltip shows all),
    so a table never needs a horizontal scroll bar just for a little overflow."""
    header = view.horizontalHeader()
    if header.count():
        header.setSectionResizeMode(header.count() - 1, QHeaderView.ResizeMode.Stretch)
    view.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)


# -- table model with icons/swatches -------------------------------------------------------------

AnyIndex = QModelIndex | QPersistentModelIndex


class DecoratedRecordModel(RecordTableModel[T]):
    """A RecordTableModel whose columns may also show an icon or colour swatch (DecorationRole).

    ``decorations`` maps a column number to a function of the record returning a QIcon, QColor or None.
    Decorations always come with words in the same cell: colour is never the only cue.
    """

    def __init__(self, columns: Sequence[Column[T]], decorations: dict[int, Callable[[T], Any]] | None = None,
                 parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(columns, parent)
        self._decorations = dict(decorations or {})

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DecorationRole:
            if not index.isValid() or index.row() >= self.rowCount():
                return None
            decorate = self._decorations.get(index.column())
            return decorate(self.record(index.row())) if decorate else None
        return super().data(index, role)

    def row_of(self, record_id: int) -> int:
        """Row of the record whose ``id`` is ``record_id``, or -1."""
        return next((i for i, r in enumerate(self._rows) if getattr(r, "id", None) == record_id), -1)
