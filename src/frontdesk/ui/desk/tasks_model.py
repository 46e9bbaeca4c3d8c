"""The task list model: earliest due first, overdue ones flagged with an icon and the word 'Overdue'."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QBrush, QColor

from frontdesk.domain.formats import format_date
from frontdesk.services.desk import tasks
from frontdesk.services.desk.phone_messages import STATUS_LABELS
from frontdesk.services.desk.tasks import TaskRow
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.messages_model import OVERDUE_BACKGROUND, PAGE_SIZE, PagedRowsModel, warning_icon


class TasksModel(PagedRowsModel):
    columns = ("Due", "Task", "About", "For", "Status", "Created by")
    DUE, TITLE, ABOUT, FOR, STATUS, CREATED = range(6)

    def __init__(self, uictx: UiContext, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(uictx, tasks.count_tasks, tasks.task_rows, parent, page_size=page_size)

    def _text(self, row: TaskRow, column: int) -> str:
        if column == self.DUE:
            return ("Overdue \u2014 " if row.overdue else "") + format_date(row.due_date)
        if column == self.TITLE:
            return row.title
        if column == self.ABOUT:
            return row.patient_name or "The practice"
        if column == self.FOR:
            return row.to_label
        if column == self.STATUS:
            return STATUS_LABELS.get(row.status, row.status)
        return row.created_by_name

    def cell(self, row: TaskRow, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            text = self._text(row, column)
            if role == Qt.ItemDataRole.ToolTipRole and column == self.TITLE and row.detail:
                return f"{row.title}\n\n{row.detail}"
            return text
        if role == Qt.ItemDataRole.DecorationRole and column == self.DUE and row.overdue:
            return warning_icon()
        if role == Qt.ItemDataRole.BackgroundRole and row.overdue:
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue:
            return QBrush(QColor("#000000"))
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ("Overdue. " if row.overdue else "") + self._text(row, column)
        return None
