"""Lazily paged table models for the Desk lists, and the phone-message list model built on them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import QApplication, QStyle

from frontdesk.domain.formats import format_datetime, format_phone
from frontdesk.services.desk import phone_messages
from frontdesk.services.desk.phone_messages import STATUS_LABELS, URGENCY_LABELS, MessageRow
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import guarded

_Index = QModelIndex | QPersistentModelIndex
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_SIZE = 100
OVERDUE_BACKGROUND = QColor("#fde7e9")  # with the warning icon and the word "Overdue", never alone


class PagedRowsModel(QAbstractTableModel):
    """Rows of one list (a scope and 'show done'), first a count then pages of ``page_size`` as the view scrolls.

    Subclasses give ``columns``, the two service functions and :meth:`cell`. ``loaded`` fires once the
    count and the first page are in. Late answers of an older load are dropped (a generation counter).
    """

    loaded = Signal()
    columns: Sequence[str] = ()

    def __init__(self, uictx: UiContext, count_fn: Callable[..., int], rows_fn: Callable[..., list[Any]],
                 parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.page_size = page_size
        self._count_fn, self._rows_fn = count_fn, rows_fn
        self.scope = ""
        self.include_done = False
        self.total = 0
        self._rows: list[Any] = []
        self._generation = 0
        self._fetching = False
        self._announce = False

    def load(self, scope: str, include_done: bool = False) -> None:
        """Start over: count, then the first page."""
        self._generation += 1
        generation = self._generation
        self.scope, self.include_done = scope, include_done
        self.beginResetModel()
        self._rows, self.total, self._fetching = [], 0, True
        self.endResetModel()
        self.uictx.call(self._count_fn, scope, include_done=include_done,
                        on_done=guarded(self, lambda n: self._counted(generation, n)))

    def _counted(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self.total, self._fetching = total, False
        if total:
            self._announce = True
            self.fetchMore(QModelIndex())
        else:
            self.loaded.emit()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 (Qt's own default)
        return not parent.isValid() and not self._fetching and len(self._rows) < self.total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if not self.canFetchMore(parent):
            return
        self._fetching = True
        generation = self._generation
        self.uictx.call(self._rows_fn, self.scope, len(self._rows), self.page_size, include_done=self.include_done,
                        on_done=guarded(self, lambda rows: self._page(generation, rows)))

    def _page(self, generation: int, rows: list[Any]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        if not rows:  # fewer than counted (some were closed meanwhile): stop asking
            self.total = len(self._rows)
        else:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
            self._rows.extend(rows)
            self.endInsertRows()
        if self._announce:
            self._announce = False
            self.loaded.emit()

    def replace(self, row: Any) -> None:
        """Show a row's new state where it is (after a status change)."""
        for number, old in enumerate(self._rows):
            if old.id == row.id:
                self._rows[number] = row
                self.dataChanged.emit(self.index(number, 0), self.index(number, len(self.columns) - 1))
                return

    def record(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, record_id: int) -> int:
        return next((n for n, r in enumerate(self._rows) if r.id == record_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return self.columns[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows) and 0 <= index.column() < len(self.columns)):
            return None
        row = self._rows[index.row()]
        if role == ROW_ROLE:
            return row
        return self.cell(row, index.column(), role)

    def cell(self, row: Any, column: int, role: int) -> Any:
        """What one cell shows for ``role`` (subclasses)."""
        raise NotImplementedError

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def warning_icon() -> Any:
    return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)


def who_called(row: MessageRow) -> str:
    phone = format_phone(row.caller_phone)
    return f"{row.caller_name} \u2014 {phone}" if phone else row.caller_name


class MessagesModel(PagedRowsModel):
    """Phone messages newest first: unread ones bold with a letter icon and 'New'; overdue ones flagged in words."""

    columns = ("Received", "Caller", "Patient", "Reason", "Urgency", "For", "Status", "Due")
    RECEIVED, CALLER, PATIENT, REASON, URGENCY, FOR, STATUS, DUE = range(8)

    def __init__(self, uictx: UiContext, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(uictx, phone_messages.count_messages, phone_messages.message_rows, parent,
                         page_size=page_size)

    def _text(self, row: MessageRow, column: int) -> str:
        if column == self.RECEIVED:
            return ("New \u2022 " if row.unread else "") + format_datetime(row.created_at, self.uictx.clock.tz)
        if column == self.CALLER:
            return who_called(row)
        if column == self.PATIENT:
            return row.patient_name or "Not a patient"
        if column == self.REASON:
            return row.reason + (" (call back)" if row.call_back else "")
        if column == self.URGENCY:
            return URGENCY_LABELS.get(row.urgency, row.urgency)
        if column == self.FOR:
            return row.to_label
        if column == self.STATUS:
            return STATUS_LABELS.get(row.status, row.status)
        return ("Overdue \u2014 " if row.overdue else "") + format_datetime(row.due_at, self.uictx.clock.tz)

    def cell(self, row: MessageRow, column: int, role: int) -> Any:
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.FontRole and row.unread:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.DecorationRole:
            if column == self.DUE and row.overdue:
                return warning_icon()
            if column == self.URGENCY and row.urgency == "urgent":
                return QApplication.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxCritical)
        if role == Qt.ItemDataRole.BackgroundRole and row.overdue:
            return QBrush(OVERDUE_BACKGROUND)
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue:
            return QBrush(QColor("#000000"))  # readable on the light background in a dark theme too
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return ("Unread. " if row.unread else "") + ("Overdue. " if row.overdue else "") + self._text(row, column)
        return None
