"""Input widgets shared by the booking and edit dialogs: type, provider and room choosers, start, repeat."""

from __future__ import annotations

from datetime import date, datetime, time

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QIcon, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QRadioButton,
    QSpinBox,
    QWidget,
)

from frontdesk.services.scheduling.appointment_types import MAX_LENGTH_MINUTES
from frontdesk.services.scheduling.appointments import MAX_OCCURRENCES, Recurrence
from frontdesk.ui.calendar.catalog import Catalog
from frontdesk.ui.calendar.status_style import type_colour
from frontdesk.ui.widgets.time_field import TimeField


def to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def from_qdate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


def swatch(hex_colour: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(type_colour(hex_colour))
    return QIcon(pixmap)


class IdCombo(QComboBox):
    """A combo of (label, id) items with value()/set_value() by id."""

    def value(self) -> int | None:
        data = self.currentData()
        return data if isinstance(data, int) else None

    def set_value(self, value: int | None) -> None:
        index = self.findData(value) if value is not None else self.findData(None)
        if index >= 0:
            self.setCurrentIndex(index)


class TypeCombo(IdCombo):
    """Appointment types with their colour and default length: 'Office visit (30 min)'."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.catalog = catalog
        for t in catalog.types:
            self.addItem(swatch(t.colour), f"{t.name} ({t.default_minutes} min)", t.id)
        if not catalog.types:
            self.setPlaceholderText("No appointment types set up")

    def default_minutes(self) -> int | None:
        info = self.catalog.type_info(self.value())
        return None if info is None else info.default_minutes


class ProviderCombo(IdCombo):
    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        for p in catalog.active_providers:
            self.addItem(catalog.provider_label(p.id), p.id)


class RoomCombo(IdCombo):
    """'No room' first, then the active rooms."""

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem("No room", None)
        for r in catalog.rooms:
            self.addItem(r.name, r.id)


class LengthSpin(QSpinBox):
    def __init__(self, slot: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRange(1, MAX_LENGTH_MINUTES)
        self.setSingleStep(slot)
        self.setSuffix(" min")
        self.setAccessibleName("Length in minutes")


class StartEdit(QWidget):
    """Date (MM/DD/YYYY) and a typed time of day (arrows step by the slot); value() is a naive practice-local
    wall time, or ValidationError("start") when the time typed is not one."""

    changed = Signal()

    def __init__(self, slot: int, parent: QWidget | None = None, *, with_date: bool = True) -> None:
        super().__init__(parent)
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("start_date")
        self.date_edit.setDisplayFormat("MM/dd/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setAccessibleName("Date")
        self.time_edit = TimeField(self, field="start", label="Time", step_minutes=slot)
        self.time_edit.setObjectName("start_time")
        self.time_edit.setAccessibleName("Time")
        self.date_edit.setVisible(with_date)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.date_edit)
        row.addWidget(self.time_edit)
        row.addStretch(1)
        self.setFocusProxy(self.date_edit if with_date else self.time_edit)
        self.date_edit.dateChanged.connect(lambda _d: self.changed.emit())
        self.time_edit.timeChanged.connect(lambda _t: self.changed.emit())

    def set_value(self, value: datetime) -> None:
        self.date_edit.setDate(to_qdate(value.date()))
        self.time_edit.set_value(value.time())

    def day(self) -> date:
        return from_qdate(self.date_edit.date())

    def time_of_day(self) -> time:
        return self.time_edit.value()

    def value(self) -> datetime:
        return datetime.combine(self.day(), self.time_of_day())


class RepeatEdit(QWidget):
    """'Repeat every N weeks, K visits / until date'; value() is a Recurrence or None (no repeat)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.enabled = QCheckBox("Every", self)
        self.enabled.setObjectName("repeat_enabled")
        self.every = QSpinBox(self)
        self.every.setRange(1, 52)
        self.every.setSuffix(" week(s)")
        self.every.setAccessibleName("Repeat every so many weeks")
        self.by_count = QRadioButton("for", self)
        self.by_count.setChecked(True)
        self.count = QSpinBox(self)
        self.count.setObjectName("repeat_count")
        self.count.setRange(2, MAX_OCCURRENCES)
        self.count.setValue(4)
        self.count.setSuffix(" visits")
        self.by_until = QRadioButton("until", self)
        self.until = QDateEdit(self)
        self.until.setObjectName("repeat_until")
        self.until.setDisplayFormat("MM/dd/yyyy")
        self.until.setCalendarPopup(True)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for widget in (self.enabled, self.every, self.by_count, self.count, self.by_until, self.until):
            row.addWidget(widget)
        row.addStretch(1)
        self.setFocusProxy(self.enabled)
        self.enabled.toggled.connect(self._sync)
        self.by_count.toggled.connect(self._sync)
        self._sync()

    def set_first_day(self, day: date) -> None:
        self.until.setDate(to_qdate(day).addDays(7 * 8))

    def _sync(self) -> None:
        on = self.enabled.isChecked()
        for widget in (self.every, self.by_count, self.by_until):
            widget.setEnabled(on)
        self.count.setEnabled(on and self.by_count.isChecked())
        self.until.setEnabled(on and not self.by_count.isChecked())

    def value(self) -> Recurrence | None:
        if not self.enabled.isChecked():
            return None
        if self.by_count.isChecked():
            return Recurrence(self.every.value(), count=self.count.value())
        return Recurrence(self.every.value(), until=from_qdate(self.until.date()))

