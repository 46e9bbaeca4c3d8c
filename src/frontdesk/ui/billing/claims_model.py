"""The claims list as a lazy table model: counts first, then pages of rows fetched as the view scrolls."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import QApplication, QStyle

from frontdesk.domain.formats import format_date, format_money
from frontdesk.domain.money import from_cents
from frontdesk.services.billing import claims as claim_service
from frontdesk.services.billing.billing_types import FREQUENCY_LABELS, ClaimRow
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import guarded

_Index = QModelIndex | QPersistentModelIndex
CLAIM_ROLE = Qt.ItemDataRole.UserRole + 1
PAGE_SIZE = 200
COLUMNS = ("Claim #", "Service date", "Patient", "Payer", "Status", "Total", "Problems", "Submitted on")
STATUS_COLUMN, TOTAL_COLUMN, PROBLEMS_COLUMN = 4, 5, 6
RANK_LABELS = {1: "Primary", 2: "Secondary", 3: "Tertiary"}
# Statuses that need someone's attention get a warning icon beside their words (never colour alone).
_ATTENTION = frozenset({"draft", "denied"})


def payer_text(row: ClaimRow) -> str:
    """'Blue Prairie Health (Primary)'."""
    return f"{row.payer_name} ({RANK_LABELS.get(row.payer_rank, str(row.payer_rank))})"


def claim_number_text(row: ClaimRow) -> str:
    """The claim id, with 'Replacement'/'Void' when it is not an original claim."""
    if row.frequency_code in ("", "1"):
        return str(row.id)
    return f"{row.id} ({FREQUENCY_LABELS.get(row.frequency_code, row.frequency_code)})"


def problems_text(count: int) -> str:
    """'2 problems', '1 problem' or '' (the icon beside it says the same thing)."""
    if count <= 0:
        return ""
    return f"{count} problem" + ("" if count == 1 else "s")


class ClaimsModel(QAbstractTableModel):
    """Rows of ClaimRow for one status filter, newest first (the service sorts); pages of PAGE_SIZE.

    ``loaded`` fires once the count and the first page arrived. Late answers of an earlier filter
    are ignored (a generation counter), so typing through the filter never mixes lists.
    """

    loaded = Signal()

    def __init__(self, uictx: UiContext, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.page_size = page_size
        self.status: str | None = None
        self.total = 0
        self._rows: list[ClaimRow] = []
        self._generation = 0
        self._fetching = False
        self._announce = False

    # -- loading ------------------------------------------------------------------------------------
    def load(self, status: str | None = None) -> None:
        """Start over with ``status`` (None = all): count, then the first page."""
        self._generation += 1
        generation = self._generation
        self.status = status
        self.beginResetModel()
        self._rows = []
        self.total = 0
        self._fetching = True
        self.endResetModel()
        self.uictx.call(claim_service.claim_count, status, on_done=guarded(self, lambda n: self._counted(generation, n)))

    def _counted(self, generation: int, total: int) -> None:
        if generation != self._generation:
            return
        self.total = total
        self._fetching = False
        if total:
            self._announce = True  # 'loaded' once the first page is in (with the threaded runner: later)
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
        self.uictx.call(claim_service.claim_rows, self.status, len(self._rows), self.page_size,
                        on_done=guarded(self, lambda rows: self._page(generation, rows)))
        # On an error the app's presenter shows it and _fetching stays set: no retry loop until the next load.

    def _page(self, generation: int, rows: list[ClaimRow]) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        if not rows:  # fewer claims than counted (some changed status meanwhile): stop asking
            self.total = len(self._rows)
            self._loaded()
            return
        first = len(self._rows)
        self.beginInsertRows(QModelIndex(), first, first + len(rows) - 1)
        self._rows.extend(rows)
        self.endInsertRows()
        self._loaded()

    def _loaded(self) -> None:
        if self._announce:
            self._announce = False
            self.loaded.emit()

    def replace(self, row: ClaimRow) -> None:
        """Show a claim's new state (after a re-check or a status change) where it is."""
        for number, old in enumerate(self._rows):
            if old.id == row.id:
                self._rows[number] = row
                self.dataChanged.emit(self.index(number, 0), self.index(number, len(COLUMNS) - 1))
                return

    # -- access -------------------------------------------------------------------------------------
    def claim(self, row: int) -> ClaimRow:
        return self._rows[row]

    def row_of(self, claim_id: int) -> int:
        """The row showing ``claim_id`` among the loaded rows, or -1."""
        return next((n for n, r in enumerate(self._rows) if r.id == claim_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def _text(self, row: ClaimRow, column: int) -> str:
        texts = (
            claim_number_text(row), format_date(row.service_date), row.patient_name, payer_text(row),
            row.status_label, format_money(from_cents(row.total_cents)), problems_text(row.problem_count),
            format_date(row.submitted_on),
        )
        return texts[column]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows) and 0 <= index.column() < len(COLUMNS)):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if role == CLAIM_ROLE:
            return row
        if role == Qt.ItemDataRole.TextAlignmentRole and column == TOTAL_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.DecorationRole:
            return self._icon(row, column)
        return None

    def _icon(self, row: ClaimRow, column: int) -> Any:
        style = QApplication.style()
        if column == PROBLEMS_COLUMN and row.problem_count > 0:
            return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        if column == STATUS_COLUMN:
            if row.status in _ATTENTION:
                return style.standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
            if row.status == "ready":
                return style.standardIcon(QStyle.StandardPixmap.SP_DialogApplyButton)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
