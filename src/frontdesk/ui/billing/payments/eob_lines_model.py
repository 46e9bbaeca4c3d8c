"""The editable grid of one claim's EOB lines: allowed, paid, adjustments, remark codes, denial per service line.

Money and codes stay text here: the service parses and checks them (and names the cell when it refuses).
Adjustments are typed the way EOBs print them, 'CO-45 25.00; PR-2 10.00', and only split into
(group, reason, amount) triples here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from frontdesk.domain.formats import format_date, format_money
from frontdesk.errors import ValidationError
from frontdesk.services.payments.payment_types import ClaimLineOpen, LinePostingInput
from frontdesk.ui.widgets.form_parts import status_icon

_Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Line", "Date", "Code", "Billed", "Open", "Allowed", "Paid", "Adjustments (CO-45 25.00; PR-2 10.00)",
           "Remark codes", "Denial reason")
# Editable columns -> the service's field name for that part of a line.
EDITABLE = {5: "allowed", 6: "paid", 7: "adjustments", 8: "remark_codes", 9: "denied_reason"}
FIELD_COLUMN = {name: column for column, name in EDITABLE.items()}
_ADJUSTMENT_RE = re.compile(r"^([A-Za-z]{2})\s*[- ]\s*([A-Za-z0-9]{1,4})\s+(\S+)$")
ERROR_BACKGROUND = QColor("#fde7e9")


def split_adjustments(text: str, row: int) -> tuple[tuple[str, str, str], ...]:
    """'CO-45 25.00; PR 2 10' -> (('CO', '45', '25.00'), ('PR', '2', '10')); ValidationError on a bad piece."""
    triples = []
    for piece in re.split(r"[;,]", text):
        piece = piece.strip()
        if not piece:
            continue
        match = _ADJUSTMENT_RE.match(piece)
        if match is None:
            raise ValidationError(f"lines[{row}].adjustments",
                                  f"'{piece[:20]}' is not an adjustment: type group-reason amount, like CO-45 25.00.")
        triples.append((match.group(1), match.group(2), match.group(3)))
    return tuple(triples)


@dataclass
class EobLine:
    """One service line of the claim and what was typed for it."""

    open: ClaimLineOpen
    values: dict[str, str] = field(default_factory=lambda: {name: "" for name in EDITABLE.values()})

    @property
    def entered(self) -> bool:
        return any(v.strip() for v in self.values.values())


class EobLinesModel(QAbstractTableModel):
    """Rows = the claim's lines; a cell the service refused shows a warning sign, a tint and the message."""

    def __init__(self, lines: list[ClaimLineOpen], parent: Any = None) -> None:
        super().__init__(parent)
        self.lines = [EobLine(line) for line in lines]
        self.errors: dict[tuple[int, int], str] = {}

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self.lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def _text(self, line: EobLine, column: int) -> str:
        o = line.open
        fixed = (str(o.line_number), format_date(o.service_date), o.code, format_money(o.charge),
                 format_money(o.open_for_insurance))
        return fixed[column] if column < len(fixed) else line.values[EDITABLE[column]]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self.lines) and 0 <= index.column() < len(COLUMNS)):
            return None
        key = (index.row(), index.column())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(self.lines[index.row()], index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return self.errors.get(key) or (COLUMNS[index.column()] if index.column() in EDITABLE else None)
        if role == Qt.ItemDataRole.DecorationRole and key in self.errors:
            return status_icon("warning")  # a sign as well as the tint: never colour alone
        if role == Qt.ItemDataRole.BackgroundRole and key in self.errors:
            return ERROR_BACKGROUND
        if role == Qt.ItemDataRole.TextAlignmentRole and 3 <= index.column() <= 6:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or index.column() not in EDITABLE \
                or not 0 <= index.row() < len(self.lines):
            return False
        values = self.lines[index.row()].values
        if values[EDITABLE[index.column()]] == str(value):
            return True  # an editor closed without a change: the cell's error (if any) still stands
        values[EDITABLE[index.column()]] = str(value)
        self.errors.pop((index.row(), index.column()), None)
        self.dataChanged.emit(index, index)
        return True

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren
        return base | Qt.ItemFlag.ItemIsEditable if index.column() in EDITABLE else base

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    # -- the posting ---------------------------------------------------------------------------------
    def entered_rows(self) -> list[int]:
        """Rows with something typed: only those are posted (a line the EOB does not mention is left alone)."""
        return [row for row, line in enumerate(self.lines) if line.entered]

    def postings(self) -> list[LinePostingInput]:
        """The typed lines for the service, in ``entered_rows`` order; ValidationError on a malformed adjustment."""
        result = []
        for i, row in enumerate(self.entered_rows()):
            v = self.lines[row].values
            try:
                adjustments = split_adjustments(v["adjustments"], i)
            except ValidationError as exc:
                self.set_error(row, "adjustments", exc.message)
                raise
            result.append(LinePostingInput(self.lines[row].open.service_line_id, v["allowed"], v["paid"], adjustments,
                                           tuple(re.split(r"[\s,;]+", v["remark_codes"].strip()))
                                           if v["remark_codes"].strip() else (), v["denied_reason"]))
        return result

    def set_error(self, row: int, name: str, message: str) -> QModelIndex:
        """Mark the cell of ``row`` for the service field ``name``; returns its index (to focus it)."""
        column = FIELD_COLUMN.get(name, FIELD_COLUMN["paid"])
        self.errors[(row, column)] = message
        index = self.index(row, column)
        self.dataChanged.emit(index, index)
        return index

    def clear_errors(self) -> None:
        if self.errors:
            self.errors.clear()
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.lines) - 1, len(COLUMNS) - 1))

    def typed_paid_texts(self) -> list[str]:
        """What is typed as paid on each line (for the running total)."""
        return [line.values["paid"] for line in self.lines]
