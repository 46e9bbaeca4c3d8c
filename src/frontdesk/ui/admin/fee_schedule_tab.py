"""The Fee schedule tab: procedure codes the practice bills, its fees, and payers' own fees."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from frontdesk.domain.permissions import Permission
from frontdesk.services.billing import fee_schedule
from frontdesk.services.billing import payers as payers_service
from frontdesk.services.billing.billing_types import FeeItem
from frontdesk.ui.admin.fee_item_dialog import FeeItemDialog, PayerFeeDialog, fee_text
from frontdesk.ui.admin.fee_models import FeeItemsModel, money
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import StatusFn, allowed
from frontdesk.ui.widgets.tab_base import RetirableListTab

NO_PAYER = "Default fees only"


class FeeScheduleTab(RetirableListTab):
    """List the fee schedule; billing staff and administrators add, edit, retire codes and set payer fees."""

    topics = frozenset({"fee_schedule", "payers"})
    permission = Permission.VIEW_BILLING
    manage_permission = Permission.MANAGE_FEE_SCHEDULE
    denied_text = "Your role does not allow viewing the fee schedule."
    empty_text = "No procedure codes yet. Add the codes the practice bills with Add code\u2026"
    dialog = FeeItemDialog
    add_text = ("&Add code\u2026", "Add a CPT or HCPCS code with the practice's description and fee")
    edit_text = ("&Edit code\u2026", "Change the selected code's description, fee, units or modifiers (Enter)")
    retire_tip = "Stop offering this code for new charges; charges already entered keep it"
    reactivate_tip = "Offer this code for new charges again"
    filter_hint = ("Code, description...", 220)
    retired_text = "Retired {}: new charges cannot use it; charges already entered keep it."
    reactivated_text = "{} is offered for new charges again."

    def __init__(self, uictx: UiContext, status: StatusFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, status, parent)
        QWidget.setTabOrder(self.filter_edit, self.payer_combo)
        QWidget.setTabOrder(self.payer_combo, self.payer_fee_button)
        QWidget.setTabOrder(self.payer_fee_button, self.view)
        self.payer_fee_button.clicked.connect(self._set_payer_fee)
        self.payer_combo.currentIndexChanged.connect(self._payer_chosen)

    def make_model(self) -> FeeItemsModel:
        return FeeItemsModel(self)

    def extra_rows(self) -> list[QHBoxLayout]:
        self._payer_id: int | None = None
        self.payer_combo = QComboBox(self)
        self.payer_combo.setToolTip("Show one payer's own fees in the Payer fee column")
        self.payer_combo.setMinimumContentsLength(18)
        self.payer_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        payer_label = QLabel("&Payer fees:", self)
        payer_label.setBuddy(self.payer_combo)
        self.payer_fee_button = QPushButton("Set payer &fee\u2026", self)
        self.payer_fee_button.setToolTip("Set or clear the chosen payer's own fee for the selected code")
        payer_bar = QHBoxLayout()
        payer_bar.addWidget(payer_label)
        payer_bar.addWidget(self.payer_combo)
        payer_bar.addWidget(self.payer_fee_button)
        payer_bar.addStretch(1)
        return [payer_bar]

    # -- loading ---------------------------------------------------------------------------------
    def load(self) -> None:
        self.call(fee_schedule.list_fee_items, include_inactive=True, on_done=self.show_rows)
        if allowed(self.uictx, Permission.VIEW_PATIENTS):  # the payer list is read with that permission
            self.call(payers_service.list_payers, on_done=self._show_payers)
        else:
            self._show_payers([])

    def clear(self, reason: str) -> None:
        self._show_payers([])
        super().clear(reason)

    def _show_payers(self, payers: list[Any]) -> None:
        keep = self._payer_id
        self.payer_combo.blockSignals(True)  # one reload of payer fees below, not one per item added
        self.payer_combo.clear()
        self.payer_combo.addItem(NO_PAYER, None)
        for payer in payers:
            self.payer_combo.addItem(payer.name, payer.id)
        index = self.payer_combo.findData(keep) if keep is not None else 0
        self.payer_combo.setCurrentIndex(max(index, 0))
        self.payer_combo.blockSignals(False)
        self._payer_chosen()

    def _payer_chosen(self) -> None:
        self._payer_id = self.payer_combo.currentData()
        if self._payer_id is None:
            self.model.set_payer_fees(None)
        else:
            self.call(fee_schedule.list_payer_fees, self._payer_id, on_done=self._show_payer_fees)
        self._update_buttons()

    def _show_payer_fees(self, rows: list[tuple[FeeItem, int]]) -> None:
        self.model.set_payer_fees({item.id: cents for item, cents in rows})

    # -- selection and buttons -------------------------------------------------------------------
    def selected_item(self) -> FeeItem | None:
        return self.selected_record()

    def select_item(self, item_id: int) -> bool:
        """Select the row of ``item_id``; True when found."""
        return self.select_record(item_id)

    def _update_buttons(self) -> None:
        super()._update_buttons()
        self.payer_combo.setEnabled(self.can_read() and self.payer_combo.count() > 1)
        self.payer_fee_button.setEnabled(self.manageable_record() is not None and self._payer_id is not None)

    # -- actions ---------------------------------------------------------------------------------
    def added_text(self, item: FeeItem) -> str:
        return f"Added {item.code} ({item.description}) at {money(item.fee_cents)}."

    def saved_text(self, item: FeeItem) -> str:
        return f"Saved {item.code}: {money(item.fee_cents)} per unit."

    def record_name(self, item: FeeItem) -> str:
        return item.code

    def set_active(self, item: FeeItem, active: bool, on_done: Callable[[Any], None]) -> None:
        self.call(fee_schedule.update_fee_item, item.id, description=item.description, fee=fee_text(item.fee_cents),
                  default_units=item.default_units, allowed_modifiers=" ".join(item.allowed_modifiers),
                  active=active, on_done=on_done)

    def _set_payer_fee(self) -> None:
        item = self.selected_item()
        payer_id = self._payer_id
        if item is None or payer_id is None or not self.payer_fee_button.isEnabled():
            return
        payer_name = self.payer_combo.currentText()
        answer = PayerFeeDialog.ask(self, self.uictx, payer_id, payer_name, item, self.model.payer_fee(item.id))
        if answer is None:
            return
        _saved, result = answer
        if result is None:
            self.status(f"{payer_name} is billed the practice's fee for {item.code} ({money(item.fee_cents)}).")
        else:
            _item, cents = result  # type: ignore[misc]
            self.status(f"{payer_name} fee for {item.code}: {money(cents)}.")
