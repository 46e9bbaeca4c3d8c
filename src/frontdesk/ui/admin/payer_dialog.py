"""The Add / Edit payer dialog: name, CMS-1500 claim type (box 1), clearinghouse payer ID, claims address, phone."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from frontdesk.domain.formats import format_phone
from frontdesk.services.billing import payers as payers_service
from frontdesk.domain.insurance_fields import CLAIM_TYPES
from frontdesk.services.billing.payers import PayerInfo, PayerInput
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.context import UiContext

# (service field, label with mnemonic, max length, placeholder)
PAYER_TEXT_FIELDS = (
    ("name", "&Name:", 100, "e.g. Aetna"),
    ("edi_payer_id", "Payer &ID:", 20, "optional clearinghouse ID, e.g. 60054"),
    ("address_line1", "Claims &address:", 80, "optional, e.g. PO Box 981106"),
    ("address_line2", "Address line &2:", 80, ""),
    ("city", "Cit&y:", 60, ""),
    ("state", "S&tate:", 2, "TX"),
    ("zip_code", "&ZIP:", 10, "79998"),
    ("phone", "&Phone:", 40, "(800) 555-0199"),
)


def claim_type_combo(parent: QWidget, current: str | None = None) -> QComboBox:
    """The CMS-1500 box 1 choices by their printed labels; the item data is the service's code."""
    combo = QComboBox(parent)
    for code, label in CLAIM_TYPES.items():
        combo.addItem(label, code)
    combo.setPlaceholderText("Choose as on the CMS-1500, box 1")
    combo.setCurrentIndex(combo.findData(current) if current else -1)
    return combo


class PayerDialog(ServiceFormDialog):
    """Collect a payer -> payers.add_payer / update_payer."""

    def __init__(self, uictx: UiContext, payer: PayerInfo | None = None, parent: QWidget | None = None, *,
                 field: str = "") -> None:
        super().__init__(uictx, f"Edit payer \u2013 {payer.name}" if payer else "Add payer",
                         "&Save payer" if payer else "A&dd payer", parent)
        self.payer = payer
        self.edits: dict[str, QLineEdit] = {}
        for name, _label, max_len, placeholder in PAYER_TEXT_FIELDS:
            edit = QLineEdit(self)
            edit.setMaxLength(max_len)
            edit.setPlaceholderText(placeholder)
            self.edits[name] = edit
        self.claim_type = claim_type_combo(self, payer.claim_type if payer else None)
        self.form.add_field("name", PAYER_TEXT_FIELDS[0][1], self.edits["name"])
        self.form.add_field("claim_type", "&Claim type (box 1):", self.claim_type)
        for name, label, _max, _placeholder in PAYER_TEXT_FIELDS[1:]:
            self.form.add_field(name, label, self.edits[name])
        if payer is not None:
            for name, edit in self.edits.items():
                value = getattr(payer, name)
                edit.setText(format_phone(value) if name == "phone" else value)
        # A claim problem names the field to fix (e.g. the ZIP code for the Carrier block); else the name.
        (self.claim_type if field == "claim_type" else self.edits.get(field, self.edits["name"])).setFocus()

    def values(self) -> PayerInput:
        """The payer as typed."""
        return PayerInput(claim_type=self.claim_type.currentData() or "",
                          **{name: edit.text() for name, edit in self.edits.items()})

    def start(self, on_done: Done, on_error: Failed) -> None:
        if self.payer is None:
            self.uictx.call(payers_service.add_payer, self.values(), on_done=on_done, on_error=on_error)
        else:
            self.uictx.call(payers_service.update_payer, self.payer.id, self.values(), on_done=on_done,
                            on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, payer: PayerInfo | None = None, *,
            field: str = "") -> PayerInfo | None:
        """Add a payer (or edit ``payer``, the cursor in ``field`` if given); the saved payer, or None when
        cancelled."""
        return cls.run(cls(uictx, payer, parent=parent, field=field))
