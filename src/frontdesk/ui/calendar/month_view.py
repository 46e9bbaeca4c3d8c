"""Month overview: six weeks of days with their appointment counts; click or Enter opens that day."""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from datetime import date

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services.scheduling.appointment_types import AppointmentInfo
from frontdesk.ui.calendar.models import DATE_ROLE, MonthCountsModel


def month_days(first: date) -> int:
    return monthrange(first.year, first.month)[1]


def month_title(first: date) -> str:
    return first.strftime("%B %Y")


def count_by_day(appointments: Iterable[AppointmentInfo]) -> tuple[dict[date, int], dict[date, dict[str, int]]]:
    """Appointments per local start date, in total and per provider name."""
    totals: dict[date, int] = {}
    per: dict[date, dict[str, int]] = {}
    for info in appointments:
        day = info.start.date()
        totals[day] = totals.get(day, 0) + 1
        names = per.setdefault(day, {})
        names[info.provider_name] = names.get(info.provider_name, 0) + 1
    return totals, per


class MonthView(QWidget):
    """Emits ``day_chosen(date)`` when a day is clicked or Enter is pressed on it."""

    day_chosen = Signal(object)

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("month_view")
        self.model = MonthCountsModel(today, self)
        self.table = QTableView(self)
        self.table.setObjectName("month_table")
        self.table.setAccessibleName("Month overview")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.clicked.connect(self._chosen)
        self.table.activated.connect(self._chosen)
        self.setFocusProxy(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def show_month(self, first: date, appointments: Iterable[AppointmentInfo], today: date, current: date) -> None:
        totals, per = count_by_day(appointments)
        self.model.set_month(first, totals, per, today)
        index = self.model.index_of(current)
        if index.isValid():
            self.table.setCurrentIndex(index)

    def _chosen(self, index: QModelIndex) -> None:
        day = index.data(DATE_ROLE)
        if isinstance(day, date):
            self.day_chosen.emit(day)
