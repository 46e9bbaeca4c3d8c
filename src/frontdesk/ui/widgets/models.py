"""A generic read-only table model over frozen service records: columns with header, text, sort key and colour."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

T = TypeVar("T")
AnyIndex = QModelIndex | QPersistentModelIndex

#: role holding a value that sorts correctly (dates as numbers, text folded)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

WARNING_COLOUR = QColor("#b00020")
MUTED_COLOUR = QColor("#5f6368")


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its header, what it shows and how it sorts (and, optionally, a text colour)."""

    header: str
    display: Callable[[T], str]
    sort: Callable[[T], Any] | None = None
    colour: Callable[[T], QColor | None] | None = None


class RecordTableModel(QAbstractTableModel, Generic[T]):
    """A read-only table over a list of frozen records returned by a service."""

    def __init__(self, columns: Sequence[Column[T]], parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []

    # -- data in ---------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[T]) -> None:
        """Replace every row (a fresh list from the service)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> T:
        return self._rows[row]

    def records(self) -> list[T]:
        return list(self._rows)

    # -- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].header
        if orientation == Qt.Orientation.Vertical and 0 <= section < self.rowCount():
            return str(section + 1)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._columns):
            return None
        column = self._columns[index.column()]
        record = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.display(record)
        if role == SORT_ROLE:
            return column.sort(record) if column.sort else column.display(record).casefold()
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            return column.colour(record)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
