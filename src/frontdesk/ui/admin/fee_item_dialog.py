"""The Add / Edit fee schedule item dialog and the payer fee dialog."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QLineEdit, QSpinBox, QWidget

from frontdesk.domain.money import from_cents
from frontdesk.services.billing import fee_schedule
from frontdesk.services.billing.billing_types import FeeItem
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.admin.fee_models import money
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.money_field import MoneyField


def fee_text(cents: int) -> str:
    """Cents as the fee box shows them for editing: "130.00" (no dollar sign or commas to trip over)."""
    return f"{from_cents(cents):.2f}"


class FeeItemDialog(ServiceFormDialog):
    """Collect a procedure code, the practice's description, fee, units and modifiers -> add/update_fee_item."""

    def __init__(self, uictx: UiContext, item: FeeItem | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, f"Edit fee \u2013 {item.code}" if item else "Add procedure code",
                         "&Save" if item else "&Add code", parent)
        self.item = item
        self.code = QLineEdit(self)
        self.code.setMaxLength(5)
        self.code.setPlaceholderText("CPT 99213, 0001F or HCPCS J1100")
        self.description = QLineEdit(self)
        self.description.setMaxLength(fee_schedule.DESCRIPTION_MAX)
        self.description.setPlaceholderText("the practice's own short words, e.g. Est. patient visit, low")
        self.fee = MoneyField(self, placeholder="per unit, e.g. 130.00")
        self.units = QSpinBox(self)
        self.units.setRange(1, fee_schedule.MAX_UNITS)
        self.units.setAccelerated(True)
        self.modifiers = QLineEdit(self)
        self.modifiers.setMaxLength(120)
        self.modifiers.setPlaceholderText("blank = any; e.g. 25 59")
        self.form.add_field("code", "Procedure &code:", self.code)
        self.form.add_field("description", "&Description:", self.description)
        self.form.add_field("fee", "&Fee:", self.fee)
        self.form.add_field("default_units", "Default &units:", self.units)
        self.form.add_field("allowed_modifiers", "&Modifiers allowed:", self.modifiers)
        # Copyright and a house rule in one line: AMA descriptors may not be pasted in.
        hint = QLabel("Use the practice's own words: CPT descriptions from the AMA are copyrighted.", self)
        hint.setWordWrap(True)
        self.layout().insertWidget(1, hint)
        if item is not None:
            self.code.setText(item.code)
            self.code.setReadOnly(True)  # charges already entered refer to the code
            self.code.setToolTip("A code cannot be changed; retire it and add the new one")
            self.description.setText(item.description)
            self.fee.setText(fee_text(item.fee_cents))
            self.units.setValue(item.default_units)
            self.modifiers.setText(" ".join(item.allowed_modifiers))
            self.description.setFocus()
        else:
            self.code.setFocus()

    def start(self, on_done: Done, on_error: Failed) -> None:
        if self.item is None:
            self.uictx.call(fee_schedule.add_fee_item, self.code.text(), self.description.text(), self.fee.text(),
                            self.units.value(), self.modifiers.text(), on_done=on_done, on_error=on_error)
        else:
            self.uictx.call(fee_schedule.update_fee_item, self.item.id, description=self.description.text(),
                            fee=self.fee.text(), default_units=self.units.value(),
                            allowed_modifiers=self.modifiers.text(), active=self.item.active,
                            on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, item: FeeItem | None = None) -> FeeItem | None:
        """Add a code (or edit ``item``); the saved item, or None when cancelled."""
        return cls.run(cls(uictx, item, parent=parent))


class PayerFeeDialog(ServiceFormDialog):
    """Set (or clear, with a blank fee) one payer's own fee for one item -> set_payer_fee.

    The outcome is the service's result; cancelling gives None, so ``ask`` wraps it to tell the two apart.
    """

    def __init__(self, uictx: UiContext, payer_id: int, payer_name: str, item: FeeItem, current: int | None,
                 parent: QWidget | None = None) -> None:
        super().__init__(uictx, f"{payer_name} fee \u2013 {item.code}", "&Save fee", parent)
        self.payer_id = payer_id
        self.item = item
        about = QLabel(f"{item.code} {item.description}: the practice's fee is {money(item.fee_cents)}. "
                       f"Leave the box blank to bill {payer_name} the practice's fee.", self)
        about.setWordWrap(True)
        self.layout().insertWidget(0, about)
        self.fee = MoneyField(self, placeholder="blank = the practice's fee")
        if current is not None:
            self.fee.setText(fee_text(current))
        self.form.add_field("fee", f"{payer_name[:30]} &fee:", self.fee)
        self.fee.setFocus()

    def start(self, on_done: Done, on_error: Failed) -> None:
        text = self.fee.text().strip()
        self.uictx.call(fee_schedule.set_payer_fee, self.payer_id, self.item.id, text or None,
                        on_done=lambda result: on_done(("saved", result)), on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, payer_id: int, payer_name: str, item: FeeItem,
            current: int | None) -> tuple[str, object] | None:
        """("saved", (item, cents) or None when cleared), or None when cancelled."""
        return cls.run(cls(uictx, payer_id, payer_name, item, current, parent=parent))
