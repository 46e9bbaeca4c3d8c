"""The Fee schedule tab: procedure codes the practice bills, its fees, and payers' own fees."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.permissions import Permission
from frontdesk.services.billing import fee_schedule
from frontdesk.services.billing import payers as payers_service
from frontdesk.services.billing.billing_types import FeeItem
from frontdesk.ui.admin.fee_item_dialog import FeeItemDialog, PayerFeeDialog, fee_text
from frontdesk.ui.admin.fee_models import FeeItemsModel, money
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import StatusFn, allowed
from frontdesk.ui.widgets.models import SORT_ROLE
from frontdesk.ui.widgets.tab_base import RecordListTab

NO_PAYER = "Default fees only"


class FeeScheduleTab(RecordListTab):
    """List the fee schedule; billing staff and administrators add, edit, retire codes and set payer fees."""

    topics = frozenset({"fee_schedule", "payers"})
    permission = Permission.VIEW_BILLING
    denied_text = "Your role does not allow viewing the fee schedule."
    empty_text = "No procedure codes yet. Add the codes the practice bills with Add code\u2026"

    def __init__(self, uictx: UiContext, status: StatusFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, status, parent)
        self.model = FeeItemsModel(self)
        self._build_table(SORT_ROLE)
        self._payer_id: int | None = None
        self.add_button = QPushButton("&Add code\u2026", self)
        self.add_button.setToolTip("Add a CPT or HCPCS code with the practice's description and fee")
        self.edit_button = QPushButton("&Edit code\u2026", self)
        self.edit_button.setToolTip("Change the selected code's description, fee, units or modifiers (Enter)")
        self.retire_button = QPushButton("Re&tire", self)
        self.retire_button.setToolTip("Stop offering this code for new charges; charges already entered keep it")
        self.reactivate_button = QPushButton("Rea&ctivate", self)
        self.reactivate_button.setToolTip("Offer this code for new charges again")
        self.payer_combo = QComboBox(self)
        self.payer_combo.setToolTip("Show one payer's own fees in the Payer fee column")
        self.payer_combo.setMinimumContentsLength(18)
        self.payer_combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        payer_label = QLabel("&Payer fees:", self)
        payer_label.setBuddy(self.payer_combo)
        self.payer_fee_button = QPushButton("Set payer &fee\u2026", self)
        self.payer_fee_button.setToolTip("Set or clear the chosen payer's own fee for the selected code")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Code, description...")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMaximumWidth(220)
        filter_label = QLabel("Fi&lter:", self)
        filter_label.setBuddy(self.filter_edit)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)

        bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.retire_button, self.reactivate_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(filter_label)
        bar.addWidget(self.filter_edit, 1)
        payer_bar = QHBoxLayout()
        payer_bar.addWidget(payer_label)
        payer_bar.addWidget(self.payer_combo)
        payer_bar.addWidget(self.payer_fee_button)
        payer_bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(bar)
        layout.addLayout(payer_bar)
        layout.addWidget(self.view, 1)
        QWidget.setTabOrder(self.filter_edit, self.payer_combo)
        QWidget.setTabOrder(self.payer_combo, self.payer_fee_button)
        QWidget.setTabOrder(self.payer_fee_button, self.view)

        self.add_button.clicked.connect(self._add)
        self.edit_button.clicked.connect(self._edit)
        self.view.activated.connect(lambda _index: self._edit())
        self.retire_button.clicked.connect(lambda: self._set_active(False))
        self.reactivate_button.clicked.connect(lambda: self._set_active(True))
        self.payer_fee_button.clicked.connect(self._set_payer_fee)
        self.payer_combo.currentIndexChanged.connect(self._payer_chosen)
        self._update_buttons()

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
        manage = self.can_read() and allowed(self.uictx, Permission.MANAGE_FEE_SCHEDULE)
        item = self.selected_item() if manage else None
        self.add_button.setEnabled(manage)
        self.edit_button.setEnabled(item is not None)
        self.retire_button.setEnabled(item is not None and item.active)
        self.reactivate_button.setEnabled(item is not None and not item.active)
        self.payer_combo.setEnabled(self.can_read() and self.payer_combo.count() > 1)
        self.payer_fee_button.setEnabled(item is not None and self._payer_id is not None)

    # -- actions ---------------------------------------------------------------------------------
    def _add(self) -> None:
        item = FeeItemDialog.ask(self, self.uictx)
        if item is not None:
            self.select_item(item.id)
            self.status(f"Added {item.code} ({item.description}) at {money(item.fee_cents)}.")

    def _edit(self) -> None:
        item = self.selected_item()
        if item is None or not self.edit_button.isEnabled():
            return
        saved = FeeItemDialog.ask(self, self.uictx, item)
        if saved is not None:
            self.status(f"Saved {saved.code}: {money(saved.fee_cents)} per unit.")

    def _set_active(self, active: bool) -> None:
        item = self.selected_item()
        if item is None:
            return
        message = ("{} is offered for new charges again." if active
                   else "Retired {}: new charges cannot use it; charges already entered keep it.")
        self.call(fee_schedule.update_fee_item, item.id, description=item.description, fee=fee_text(item.fee_cents),
                  default_units=item.default_units, allowed_modifiers=" ".join(item.allowed_modifiers),
                  active=active, on_done=lambda saved: self.status(message.format(saved.code)))

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
