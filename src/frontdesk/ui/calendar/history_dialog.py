"""An appointment's history: booked, each status change (when, by whom) and where it was before each move."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services.scheduling.schedule_views import AppointmentEventInfo


class HistoryDialog(QDialog):
    def __init__(self, title: str, events: list[AppointmentEventInfo], parent: QWidget | None = None) -> None:
        from frontdesk.ui.calendar.models import HistoryModel

        super().__init__(parent)
        self.setWindowTitle("Appointment history")
        self.model = HistoryModel(self)
        self.model.set_rows(events)
        table = QTableView(self)
        table.setObjectName("history_table")
        table.setModel(self.model)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(title, self))
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.resize(820, 360)

    @classmethod
    def ask(cls, parent: QWidget | None, title: str, events: list[AppointmentEventInfo]) -> None:
        cls(title, events, parent).exec()
