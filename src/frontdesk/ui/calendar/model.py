"""Table model of one day's schedule: a column per active provider."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from frontdesk.services.providers import ProviderInfo

NO_APPOINTMENTS = "No appointments booked"

_Index = QModelIndex | QPersistentModelIndex


class DayScheduleModel(QAbstractTableModel):
    """Columns are the active providers; until booking exists each column says it holds nothing.

    The Calendar issue replaces the single row with time slots; the columns stay as they are.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._providers: list[ProviderInfo] = []
        self._day = date.today()

    # -- updates ----------------------------------------------------------------------------------
    def set_providers(self, providers: list[ProviderInfo]) -> None:
        self.beginResetModel()
        self._providers = [p for p in providers if p.active]
        self.endResetModel()

    def set_day(self, day: date) -> None:
        self.beginResetModel()
        self._day = day
        self.endResetModel()

    def day(self) -> date:
        return self._day

    def providers(self) -> list[ProviderInfo]:
        return list(self._providers)

    # -- Qt model API -----------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() or not self._providers else 1

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._providers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() != 0 or not 0 <= index.column() < len(self._providers):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return NO_APPOINTMENTS
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._providers):
            provider = self._providers[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return provider.display_name
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{provider.display_name} — NPI {provider.npi}"
        if orientation == Qt.Orientation.Vertical and section == 0 and role == Qt.ItemDataRole.DisplayRole:
            return "Day"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
