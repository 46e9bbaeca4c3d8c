"""Service lines of an encounter: the table model and the line editor (code completer from the fee schedule)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QStringListModel,
    Qt,
)
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from frontdesk.domain.formats import format_date, format_money
from frontdesk.domain.money import from_cents
from frontdesk.domain.procedure_codes import NDC_UNITS
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.services.billing.billing_types import FeeItem, ServiceLineInfo, ServiceLineInput
from frontdesk.ui.billing.encounter_header import optional_date, pos_combo, select_data
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.money_field import MoneyField

_Index = QModelIndex | QPersistentModelIndex
LINE_ROLE = Qt.ItemDataRole.UserRole + 1
LINE_COLUMNS = ("#", "Date(s)", "POS", "Code", "Description", "Modifiers", "Dx", "Units", "Charge", "NDC")
CHARGE_COLUMN = 8


def dates_text(line: ServiceLineInfo) -> str:
    if line.from_date == line.to_date:
        return format_date(line.from_date)
    return f"{format_date(line.from_date)}\u2013{format_date(line.to_date)}"


def _line_texts(line: ServiceLineInfo) -> tuple[str, ...]:
    ndc = f"{line.ndc} {line.ndc_quantity} {line.ndc_unit}".strip() if line.ndc else ""
    return (str(line.line_number), dates_text(line), line.place_of_service, line.code, line.description,
            " ".join(line.modifiers), line.pointers, str(line.units), format_money(from_cents(line.charge_cents)), ndc)


class ServiceLinesModel(QAbstractTableModel):
    """The encounter's lines in claim order; the ServiceLineInfo itself under LINE_ROLE."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: list[ServiceLineInfo] = []

    def set_lines(self, lines: tuple[ServiceLineInfo, ...] | list[ServiceLineInfo]) -> None:
        self.beginResetModel()
        self._lines = list(lines)
        self.endResetModel()

    def line(self, row: int) -> ServiceLineInfo:
        return self._lines[row]

    def row_of(self, line_id: int) -> int:
        return next((n for n, line in enumerate(self._lines) if line.id == line_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(LINE_COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(LINE_COLUMNS):
            return LINE_COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._lines)
                                       and 0 <= index.column() < len(LINE_COLUMNS)):
            return None
        line = self._lines[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return _line_texts(line)[index.column()]
        if role == LINE_ROLE:
            return line
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == CHARGE_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def fee_item_text(item: FeeItem) -> str:
    """What the completer offers: '99213 \u2013 Office visit, established \u2013 $125.00'."""
    return f"{item.code} \u2013 {item.description} \u2013 {format_money(from_cents(item.fee_cents))}"


class LineEditor(ValidatedForm):
    """One service line's fields, named like the service's ValidationError fields."""

    def __init__(self, clock: PracticeClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.clock = clock  # typed two-digit years read before the practice's today
        self.code = self.add_field("code", "Procedure &code:", QLineEdit(self))
        self.code.setPlaceholderText("CPT/HCPCS, e.g. 99213 (type to see the fee schedule)")
        self.fee_hint = self.add_field("fee_hint", "Fee schedule:", QLineEdit(self))
        self.fee_hint.setReadOnly(True)
        self.fee_hint.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.modifiers = self.add_field("modifiers", "Modifiers:", QLineEdit(self))
        self.modifiers.setPlaceholderText("up to 4, e.g. 25 59")
        self.pointers = self.add_field("pointers", "Diagnosis poin&ters:", QLineEdit(self))
        self.pointers.setPlaceholderText("letters, e.g. AB")
        self.pointers.setMaxLength(4)
        self.units = self.add_field("units", "Units:", QLineEdit(self))
        self.charge = self.add_field("charge", "C&harge:", MoneyField(self))
        self.charge.setPlaceholderText("blank = fee schedule \u00d7 units")
        self.pos = self.add_field("place_of_service", "POS (box 24B):", pos_combo(self, blank="(the encounter's)"))
        self.from_date = self.add_field("from_date", "From date:", QLineEdit(self))
        self.from_date.setPlaceholderText("MM/DD/YYYY (blank = date of service)")
        self.to_date = self.add_field("to_date", "To date:", QLineEdit(self))
        self.to_date.setPlaceholderText("MM/DD/YYYY (blank = from date)")
        self.ndc = self.add_field("ndc", "NDC (drugs):", QLineEdit(self))
        self.ndc.setPlaceholderText("11 digits or 5-4-2 (drug codes only)")
        self.ndc_unit = self.add_field("ndc_unit", "NDC unit:", QComboBox(self))
        self.ndc_unit.addItem("", "")
        for key, name in NDC_UNITS.items():
            self.ndc_unit.addItem(f"{key} \u2013 {name}", key)
        self.ndc_quantity = self.add_field("ndc_quantity", "NDC quantity:", QLineEdit(self))
        self._fees: dict[str, FeeItem] = {}
        self._completions = QStringListModel(self)
        completer = QCompleter(self._completions, self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)  # words of the description match too
        completer.activated.connect(self._completed)
        self.code.setCompleter(completer)
        self.code.textChanged.connect(self._show_fee)
        self.clear_line()

    def set_fee_items(self, items: list[FeeItem]) -> None:
        """The practice's active fee schedule for the completer and the fee hint."""
        self._fees = {item.code: item for item in items if item.active}
        self._completions.setStringList([fee_item_text(item) for item in self._fees.values()])
        self._show_fee(self.code.text())

    def _completed(self, text: str) -> None:
        # The completer puts the whole 'code - description - fee' text in the box: keep just the code.
        code = text.split(" ", 1)[0]
        self.code.setText(code)
        item = self._fees.get(code)
        if item is not None and not self.units.text().strip():
            self.units.setText(str(item.default_units))

    def _show_fee(self, text: str) -> None:
        item = self._fees.get(text.strip().upper().split(" ", 1)[0])
        self.fee_hint.setText(fee_item_text(item) if item else "")

    def clear_line(self) -> None:
        """An empty new line (1 unit, pointer A)."""
        self.clear_errors()
        for edit in (self.code, self.modifiers, self.charge, self.from_date, self.to_date, self.ndc,
                     self.ndc_quantity):
            edit.clear()
        self.pointers.setText("A")
        self.units.setText("1")
        self.pos.setCurrentIndex(0)
        self.ndc_unit.setCurrentIndex(0)

    def set_line(self, line: ServiceLineInfo) -> None:
        """Show a saved line for editing (its charge as saved; clear it to take the fee schedule again)."""
        self.clear_errors()
        self.code.setText(line.code)
        self.modifiers.setText(" ".join(line.modifiers))
        self.pointers.setText(line.pointers)
        self.units.setText(str(line.units))
        self.charge.setText(f"{from_cents(line.charge_cents):.2f}")
        select_data(self.pos, line.place_of_service)
        self.from_date.setText(format_date(line.from_date))
        self.to_date.setText(format_date(line.to_date))
        self.ndc.setText(line.ndc)
        select_data(self.ndc_unit, line.ndc_unit)
        self.ndc_quantity.setText(line.ndc_quantity)

    def line_input(self) -> ServiceLineInput:
        """What is typed; ValidationError for unreadable dates (the service checks everything else)."""
        # Only the first word: a completion highlighted in the list puts 'code - description - fee' in the box.
        words = self.code.text().split()
        return ServiceLineInput(
            code=words[0].upper() if words else "",
            modifiers=tuple(self.modifiers.text().replace(",", " ").upper().split()),
            pointers=self.pointers.text().strip().upper(),
            units=self.units.text().strip(),
            charge=self.charge.text().strip() or None,
            place_of_service=self.pos.currentData() or None,
            from_date=optional_date(self.from_date.text(), "from_date", "From date", self.clock.today()),
            to_date=optional_date(self.to_date.text(), "to_date", "To date", self.clock.today()),
            ndc=self.ndc.text().strip(),
            ndc_unit=self.ndc_unit.currentData() or "",
            ndc_quantity=self.ndc_quantity.text().strip(),
        )
