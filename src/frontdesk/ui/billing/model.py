"""Table model of the providers as billing sees them: name, credential, NPI, taxonomy, status."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from frontdesk.services.admin.providers import ProviderInfo

_Index = QModelIndex | QPersistentModelIndex

COLUMNS = ("Provider", "Credential", "NPI", "Taxonomy", "Status")


class ProviderNpiModel(QAbstractTableModel):
    """Read-only provider rows; the sort role gives plain strings so a proxy sorts sensibly."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[ProviderInfo] = []

    def set_providers(self, providers: list[ProviderInfo]) -> None:
        self.beginResetModel()
        self._rows = list(providers)
        self.endResetModel()

    def provider(self, row: int) -> ProviderInfo:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def _text(self, p: ProviderInfo, column: int) -> str:
        if column == 0:
            return f"{p.last_name}, {p.first_name}"
        if column == 1:
            return p.credential
        if column == 2:
            return p.npi
        if column == 3:
            return p.taxonomy
        return "Active" if p.active else "Inactive"

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows) and 0 <= index.column() < len(COLUMNS)):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(self._rows[index.row()], index.column())
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
