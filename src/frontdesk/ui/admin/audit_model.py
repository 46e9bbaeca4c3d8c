"""The audit trail table: a lazy model that hands rows to the view 200 at a time."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from frontdesk.domain.formats import format_stamp
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.services.admin.audit import AuditRow
from frontdesk.ui.widgets.models import AnyIndex

BATCH = 200

HEADERS = ("Time", "User", "Action", "Entity", "Entity ID", "Patient ID", "Detail")


def _cells(row: AuditRow, tz: tzinfo) -> tuple[str, ...]:
    return (
        format_stamp(row.at, tz),
        row.username or "(none)",  # failed sign-ins with an unknown name have no user
        row.action,
        row.entity_type,
        row.entity_id,
        "" if row.patient_id is None else str(row.patient_id),
        row.detail,
    )


class AuditModel(QAbstractTableModel):
    """Newest first, as the service returns them.

    The service hands back the whole filtered list at once; the view only gets ``BATCH`` rows
    at a time through canFetchMore/fetchMore, so a 5,000-row result does not build 35,000
    cells up front. It is not sortable: sorting only the fetched rows would mislead.
    """

    def __init__(self, clock: PracticeClock, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self.clock = clock  # times shown on the practice's clock
        self._all: list[AuditRow] = []
        self._shown = 0

    def set_rows(self, rows: Sequence[AuditRow]) -> None:
        """Replace the result; only the first batch is exposed until the view asks for more."""
        self.beginResetModel()
        self._all = list(rows)
        self._shown = min(BATCH, len(self._all))
        self.endResetModel()

    def total(self) -> int:
        """How many events the last query returned (fetched or not)."""
        return len(self._all)

    def record(self, row: int) -> AuditRow:
        return self._all[row]

    # -- lazy fetching -----------------------------------------------------------------------
    def canFetchMore(self, parent: AnyIndex = QModelIndex()) -> bool:  # noqa: B008 - Qt's own default
        return not parent.isValid() and self._shown < len(self._all)

    def fetchMore(self, parent: AnyIndex = QModelIndex()) -> None:  # noqa: B008
        if parent.isValid():
            return
        more = min(BATCH, len(self._all) - self._shown)
        if more <= 0:
            return
        self.beginInsertRows(QModelIndex(), self._shown, self._shown + more - 1)
        self._shown += more
        self.endInsertRows()

    # -- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else self._shown

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(HEADERS):
            return HEADERS[section]
        if orientation == Qt.Orientation.Vertical and 0 <= section < self._shown:
            return str(section + 1)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= self._shown or index.column() >= len(HEADERS):
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _cells(self._all[index.row()], self.clock.tz)[index.column()]
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
