"""The session's recently opened patients (kept in memory only, never saved)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from frontdesk.domain.formats import format_date
from frontdesk.ui.widgets.patient_display import display_name

PATIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1
MAX_RECENT = 10

_Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class RecentPatient:
    id: int
    last_name: str
    first_name: str
    middle_name: str
    dob: date

    @property
    def label(self) -> str:
        return f"{display_name(self.last_name, self.first_name, self.middle_name)} \u00b7 {format_date(self.dob)}"


class RecentPatientsModel(QAbstractListModel):
    """Most recent first, each patient once, at most MAX_RECENT entries."""

    def __init__(self, parent: QObject | None = None, *, limit: int = MAX_RECENT) -> None:
        super().__init__(parent)
        self._items: list[RecentPatient] = []
        self._limit = limit

    def remember(self, patient: RecentPatient) -> None:
        """Put ``patient`` at the top (moving it if it is already listed)."""
        self.beginResetModel()
        self._items = [patient, *(p for p in self._items if p.id != patient.id)][: self._limit]
        self.endResetModel()

    def clear(self) -> None:
        self.beginResetModel()
        self._items = []
        self.endResetModel()

    def patient_id(self, row: int) -> int:
        return self._items[row].id

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._items)):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item.label
        if role == PATIENT_ID_ROLE:
            return item.id
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
