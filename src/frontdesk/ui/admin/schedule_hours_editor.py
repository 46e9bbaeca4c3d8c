"""A provider's week at a glance: per weekday, works or not, from/to, and an optional second stretch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QTimeEdit, QWidget

from frontdesk.services.schedule_setup import HoursSpan
from frontdesk.ui.widgets.schedule_inputs import (
    WEEKDAY_LONG,
    from_qtime,
    time_edit,
    to_qtime,
)

DEFAULT_START, DEFAULT_END = time(9), time(17)
SECOND_START, SECOND_END = time(18), time(20)


@dataclass
class _DayRow:
    works: QCheckBox
    start: QTimeEdit
    end: QTimeEdit
    split: QCheckBox
    start2: QTimeEdit
    end2: QTimeEdit


class WeeklyHoursEditor(QWidget):
    """Seven rows; ``spans()`` gives what the service stores, ``set_spans()`` shows saved hours.

    Lunch and meetings are blockouts, so one stretch a day is usual; the second one serves a split
    day (e.g. an evening clinic). ``changed`` fires on any edit.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(8)
        grid.setVerticalSpacing(2)
        for col, text in enumerate(("Works on", "From", "To", "", "From", "To")):
            grid.addWidget(QLabel(text, self), 0, col)
        self.rows: list[_DayRow] = []
        for day, name in enumerate(WEEKDAY_LONG):
            row = _DayRow(QCheckBox(name, self), time_edit(self, DEFAULT_START), time_edit(self, DEFAULT_END),
                          QCheckBox("and also", self), time_edit(self, SECOND_START), time_edit(self, SECOND_END))
            row.start.setAccessibleName(f"{name} from")
            row.end.setAccessibleName(f"{name} to")
            row.split.setAccessibleName(f"{name} second stretch")
            row.start2.setAccessibleName(f"{name} second stretch from")
            row.end2.setAccessibleName(f"{name} second stretch to")
            for col, widget in enumerate((row.works, row.start, row.end, row.split, row.start2, row.end2)):
                grid.addWidget(widget, day + 1, col)
            row.works.toggled.connect(lambda _on, r=row: self._sync(r))
            row.split.toggled.connect(lambda _on, r=row: self._sync(r))
            for edit in (row.start, row.end, row.start2, row.end2):
                edit.timeChanged.connect(lambda _t: self.changed.emit())
            row.works.toggled.connect(lambda _on: self.changed.emit())
            row.split.toggled.connect(lambda _on: self.changed.emit())
            self.rows.append(row)
            self._sync(row)
        grid.setColumnStretch(6, 1)
        self.setFocusProxy(self.rows[0].works)

    @staticmethod
    def _sync(row: _DayRow) -> None:
        works = row.works.isChecked()
        row.start.setEnabled(works)
        row.end.setEnabled(works)
        row.split.setEnabled(works)
        row.start2.setEnabled(works and row.split.isChecked())
        row.end2.setEnabled(works and row.split.isChecked())

    def set_spans(self, spans: list[HoursSpan]) -> list[str]:
        """Show saved hours; returns the names of days with more stretches than the editor shows."""
        by_day: dict[int, list[HoursSpan]] = {}
        for span in sorted(spans, key=lambda s: (s.weekday, s.start)):
            by_day.setdefault(span.weekday, []).append(span)
        self.blockSignals(True)
        crowded = []
        for day, row in enumerate(self.rows):
            found = by_day.get(day, [])
            row.works.setChecked(bool(found))
            row.split.setChecked(len(found) > 1)
            first = found[0] if found else HoursSpan(day, DEFAULT_START, DEFAULT_END)
            row.start.setTime(to_qtime(first.start))
            row.end.setTime(to_qtime(first.end))
            second = found[1] if len(found) > 1 else HoursSpan(day, SECOND_START, SECOND_END)
            row.start2.setTime(to_qtime(second.start))
            row.end2.setTime(to_qtime(second.end))
            if len(found) > 2:
                crowded.append(WEEKDAY_LONG[day])
            self._sync(row)
        self.blockSignals(False)
        return crowded

    def spans(self) -> list[HoursSpan]:
        """The weekly hours as shown (the service checks order and overlaps)."""
        out = []
        for day, row in enumerate(self.rows):
            if not row.works.isChecked():
                continue
            out.append(HoursSpan(day, from_qtime(row.start.time()), from_qtime(row.end.time())))
            if row.split.isChecked():
                out.append(HoursSpan(day, from_qtime(row.start2.time()), from_qtime(row.end2.time())))
        return out

    def copy_monday_to_weekdays(self) -> None:
        """Give Tuesday to Friday the same hours as Monday (the usual set-up in one step)."""
        monday = self.rows[0]
        for row in self.rows[1:5]:
            row.works.setChecked(monday.works.isChecked())
            row.start.setTime(monday.start.time())
            row.end.setTime(monday.end.time())
            row.split.setChecked(monday.split.isChecked())
            row.start2.setTime(monday.start2.time())
            row.end2.setTime(monday.end2.time())
            self._sync(row)
        self.changed.emit()
