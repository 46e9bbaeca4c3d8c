"""The Backups tab's table: backup runs and restore drills together, newest first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import QApplication, QStyle

from frontdesk.domain.formats import format_stamp
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.services.admin.backups import BackupRunRow, DrillRow
from frontdesk.ui.backup.info import format_size

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class HistoryRow:
    """One line of the history: a backup attempt or a restore drill."""

    at: datetime
    kind: str  # "Backup" or "Restore drill"
    ok: bool
    result: str  # in words, so the outcome never rests on the icon alone
    username: str
    file_name: str
    size_bytes: int | None
    details: str


def backup_row(run: BackupRunRow) -> HistoryRow:
    return HistoryRow(run.finished_at, "Backup", run.ok, "Verified" if run.ok else "FAILED", run.username or "(scheduled)",
                      run.file_name, run.size_bytes if run.ok else None, run.message or run.target)


def drill_row(drill: DrillRow) -> HistoryRow:
    seconds = drill.duration_ms / 1000
    details = f"{seconds:.1f} s; {drill.message}" + (f"; {drill.counts_summary}" if drill.counts_summary else "")
    return HistoryRow(drill.at, "Restore drill", drill.ok, "Passed" if drill.ok else "FAILED",
                      drill.username or "(scheduled)", drill.backup_file, None, details)


def merge_history(runs: list[BackupRunRow], drills: list[DrillRow]) -> list[HistoryRow]:
    rows = [backup_row(r) for r in runs] + [drill_row(d) for d in drills]
    return sorted(rows, key=lambda r: r.at, reverse=True)


class BackupHistoryModel(QAbstractTableModel):
    """Read-only; sort through a proxy on :data:`SORT_ROLE` (times sort as times, sizes as numbers)."""

    HEADERS = ("When", "What", "Result", "By", "File", "Size", "Details")

    def __init__(self, clock: PracticeClock, parent: Any = None) -> None:
        super().__init__(parent)
        self.clock = clock  # times shown on the practice's clock
        self.rows: list[HistoryRow] = []

    def set_rows(self, rows: list[HistoryRow]) -> None:
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 (Qt override)
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.HEADERS):
            return self.HEADERS[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.rows)):
            return None
        row, col = self.rows[index.row()], index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, col)
        if role == Qt.ItemDataRole.ToolTipRole and col == 6:
            return row.details
        if role == SORT_ROLE:
            if col == 0:
                return row.at.timestamp()
            if col == 5:
                return row.size_bytes or 0
            return self._text(row, col)
        if role == Qt.ItemDataRole.DecorationRole and col == 2:
            style = QApplication.style()
            pixmap = QStyle.StandardPixmap.SP_DialogApplyButton if row.ok else QStyle.StandardPixmap.SP_MessageBoxWarning
            return style.standardIcon(pixmap)
        return None

    def _text(self, row: HistoryRow, col: int) -> str:
        if col == 0:
            return format_stamp(row.at, self.clock.tz)
        if col == 5:
            return "" if row.size_bytes is None else format_size(row.size_bytes)
        return (row.kind, row.result, row.username, row.file_name, "", row.details)[col - 1]
