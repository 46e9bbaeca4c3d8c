"""The fee schedule table model: codes with the practice's descriptions, fees, and one payer's own fees."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import Qt

from frontdesk.domain.formats import format_money
from frontdesk.domain.money import from_cents
from frontdesk.services.billing.billing_types import FeeItem
from frontdesk.ui.widgets.models import MUTED_COLOUR, AnyIndex, Column, RecordTableModel

SYSTEM_LABELS = {"cpt": "CPT", "hcpcs": "HCPCS"}


def money(cents: int) -> str:
    """Cents -> "$1,234.56"."""
    return format_money(from_cents(cents))


def fee_status(item: FeeItem) -> str:
    """In words (never colour alone)."""
    return "Active" if item.active else "Retired"


def modifiers_text(item: FeeItem) -> str:
    return " ".join(item.allowed_modifiers) if item.allowed_modifiers else "Any"


def _muted(item: FeeItem):  # type: ignore[no-untyped-def]
    return None if item.active else MUTED_COLOUR


class FeeItemsModel(RecordTableModel[FeeItem]):
    """Every fee schedule item (retired ones too), with the chosen payer's fee beside the default one."""

    PAYER_COLUMN = 5
    _NUMBER_COLUMNS = frozenset({3, 4, 5})  # fee, units, payer fee: right-aligned so the digits line up

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        self._payer_fees: dict[int, int] = {}
        self._payer_chosen = False
        columns: list[Column[FeeItem]] = [
            Column("Code", lambda i: i.code, colour=_muted),
            Column("Type", lambda i: SYSTEM_LABELS.get(i.code_system, i.code_system), colour=_muted),
            Column("Description", lambda i: i.description, colour=_muted),
            Column("Fee", lambda i: money(i.fee_cents), sort=lambda i: i.fee_cents, colour=_muted),
            Column("Units", lambda i: str(i.default_units), sort=lambda i: i.default_units, colour=_muted),
            Column("Payer fee", self._payer_text, sort=self._payer_sort, colour=_muted),
            Column("Modifiers allowed", modifiers_text, colour=_muted),
            Column("Status", fee_status, colour=_muted),
        ]
        super().__init__(columns, parent)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and index.isValid() and index.column() in self._NUMBER_COLUMNS:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)

    def set_payer_fees(self, fees: Mapping[int, int] | None) -> None:
        """The chosen payer's fees by item id (None: no payer chosen, the column stays blank)."""
        self._payer_chosen = fees is not None
        self._payer_fees = dict(fees or {})
        if self._rows:
            self.dataChanged.emit(self.index(0, self.PAYER_COLUMN),
                                  self.index(len(self._rows) - 1, self.PAYER_COLUMN))

    def payer_fee(self, item_id: int) -> int | None:
        return self._payer_fees.get(item_id)

    def _payer_text(self, item: FeeItem) -> str:
        if not self._payer_chosen:
            return ""
        cents = self._payer_fees.get(item.id)
        return money(cents) if cents is not None else "(default)"

    def _payer_sort(self, item: FeeItem) -> int:
        return self._payer_fees.get(item.id, -1)

    def row_of(self, item_id: int) -> int:
        return next((i for i, item in enumerate(self._rows) if item.id == item_id), -1)
