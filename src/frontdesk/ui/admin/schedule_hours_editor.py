"""A provider's week at a glance: per weekday, works or not, from/to, and an optional second stretch."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QGridLayout, QLabel, QWidget

from frontdesk.services.scheduling.schedule_setup import HoursSpan
from frontdesk.ui.widgets.schedule_inputs import WEEKDAY_LONG, time_edit
from frontdesk.ui.widgets.time_field import TimeField

DEFAULT_START, DEFAULT_END = time(9), time(17)
SECOND_START, SECOND_END = time(18), time(20)


@dataclass
class _DayRow:
    works: QCheckBox
    start: TimeField
    end: TimeField
    split: QCheckBox
    start2: TimeField
    end2: TimeField


def _hours_field(parent: QWidget, at: time, label: str) -> TimeField:
    field = time_edit(parent, at, field="hours", label=label)  # the form shows all seven days as one field
    field.setAccessibleName(label)
    return field


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
            row = _DayRow(QCheckBox(name, self), _hours_field(self, DEFAULT_START, f"{name} from"),
                          _hours_field(self, DEFAULT_END, f"{name} to"), QCheckBox("and also", self),
                          _hours_field(self, SECOND_START, f"{name} second stretch from"),
                          _hours_field(self, SECOND_END, f"{name} second stretch to"))
            row.split.setAccessibleName(f"{name} second stretch")
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
            row.start.set_value(first.start)
            row.end.set_value(first.end)
            second = found[1] if len(found) > 1 else HoursSpan(day, SECOND_START, SECOND_END)
            row.start2.set_value(second.start)
            row.end2.set_value(second.end)
            if len(found) > 2:
                crowded.append(WEEKDAY_LONG[day])
            self._sync(row)
        self.blockSignals(False)
        return crowded

    def spans(self) -> list[HoursSpan]:
        """The weekly hours as shown (the service checks order and overlaps); ValidationError("hours") naming
        the day when a time typed is not one."""
        out = []
        for day, row in enumerate(self.rows):
            if not row.works.isChecked():
                continue
            out.append(HoursSpan(day, row.start.value(), row.end.value()))
            if row.split.isChecked():
                out.append(HoursSpan(day, row.start2.value(), row.end2.value()))
        return out

    def copy_monday_to_weekdays(self) -> None:
        """Give Tuesday to Friday the same hours as Monday (the usual set-up in one step)."""
        monday = self.rows[0]
        for row in self.rows[1:5]:
            row.works.setChecked(monday.works.isChecked())
            row.start.setText(monday.start.text())  # as typed: a time not yet read is copied, not lost
            row.end.setText(monday.end.text())
            row.split.setChecked(monday.split.isChecked())
            row.start2.setText(monday.start2.text())
            row.end2.setText(monday.end2.text())
            self._sync(row)
        self.changed.emit()
