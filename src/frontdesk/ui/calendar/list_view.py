"""The list view: the appointments on screen as a sortable table (keyboard and screen-reader friendly)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPoint, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services.scheduling.appointment_types import AppointmentInfo
from frontdesk.ui.admin.models import SORT_ROLE
from frontdesk.ui.calendar.models import DayAppointmentsModel


class _Table(QTableView):
    """Delete on a row asks to cancel that appointment (as on the grid)."""

    delete_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete:
            event.accept()
            self.delete_pressed.emit()
            return
        super().keyPressEvent(event)


class AppointmentList(QWidget):
    """Emits ``activated(info)`` on Enter/double-click and ``context_requested(info, global pos)``."""

    activated = Signal(object)
    delete_requested = Signal(object)
    selection_changed = Signal(object)
    context_requested = Signal(object, QPoint)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DayAppointmentsModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)  # times sort as times, not as text
        self.table = _Table(self)
        self.table.setObjectName("appointment_list")
        self.table.setAccessibleName("Appointments")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the model's order (by time) until a click
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.activated.connect(self._activated)
        self.table.delete_pressed.connect(lambda: self.selected() is not None and
                                          self.delete_requested.emit(self.selected()))
        self.table.customContextMenuRequested.connect(self._context)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self.selection_changed.emit(self.selected()))
        self.setFocusProxy(self.table)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table)

    def set_appointments(self, rows: Sequence[AppointmentInfo]) -> None:
        keep = self.selected()
        self.model.set_rows(rows)
        if keep is not None:
            row = self.model.row_of(keep.id)
            if row >= 0:
                self.table.selectRow(self.proxy.mapFromSource(self.model.index(row, 0)).row())

    def _info(self, index: QModelIndex) -> AppointmentInfo | None:
        if not index.isValid():
            return None
        return self.model.record(self.proxy.mapToSource(index).row())

    def selected(self) -> AppointmentInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self._info(rows[0]) if rows else None

    def _activated(self, index: QModelIndex) -> None:
        info = self._info(index)
        if info is not None:
            self.activated.emit(info)

    def _context(self, pos: QPoint) -> None:
        info = self._info(self.table.indexAt(pos))
        if info is not None:
            self.context_requested.emit(info, self.table.viewport().mapToGlobal(pos))
