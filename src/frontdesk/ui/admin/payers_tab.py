"""The Payers tab: the practice's insurance companies and programs; add, edit, retire, bring back."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_phone
from frontdesk.domain.permissions import Permission
from frontdesk.services.billing import payers as payers_service
from frontdesk.services.billing.payers import PayerInfo
from frontdesk.ui.admin.payer_dialog import PayerDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import StatusFn, allowed, fit_columns
from frontdesk.ui.widgets.models import MUTED_COLOUR, SORT_ROLE, Column, RecordTableModel
from frontdesk.ui.widgets.tab_base import RecordListTab


def payer_status(payer: PayerInfo) -> str:
    """In words (never colour alone)."""
    return "Active" if payer.active else "Retired"


def _place(payer: PayerInfo) -> str:
    return ", ".join(part for part in (payer.city, payer.state) if part)


def _muted(payer: PayerInfo):  # type: ignore[no-untyped-def]
    return None if payer.active else MUTED_COLOUR


PAYER_COLUMNS: list[Column[PayerInfo]] = [
    Column("Name", lambda p: p.name, colour=_muted),
    Column("Claim type (box 1)", lambda p: p.claim_type_label, colour=_muted),
    Column("Payer ID", lambda p: p.edi_payer_id, colour=_muted),
    Column("Phone", lambda p: format_phone(p.phone), colour=_muted),
    Column("Claims address", _place, colour=_muted),
    Column("Status", payer_status, colour=_muted),
]


class PayersModel(RecordTableModel[PayerInfo]):
    """Every payer, retired ones too (their old policies still name them)."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(PAYER_COLUMNS, parent)

    def row_of(self, payer_id: int) -> int:
        return next((i for i, p in enumerate(self._rows) if p.id == payer_id), -1)


class PayersTab(RecordListTab):
    """List payers and manage them (billing staff and administrators)."""

    topics = frozenset({"payers"})
    permission = Permission.VIEW_PATIENTS
    denied_text = "Your role does not allow viewing the payer list."
    empty_text = "No payers yet. Add the insurance companies the practice bills with Add payer\u2026"

    def __init__(self, uictx: UiContext, status: StatusFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, status, parent)
        self.model = PayersModel(self)
        self._build_table(SORT_ROLE)
        self.add_button = QPushButton("Add pa&yer\u2026", self)
        self.add_button.setToolTip("Add an insurance company or program the practice bills")
        self.edit_button = QPushButton("&Edit payer\u2026", self)
        self.edit_button.setToolTip("Change the selected payer's details (Enter)")
        self.retire_button = QPushButton("Re&tire", self)
        self.retire_button.setToolTip("New policies cannot use this payer; existing policies keep it")
        self.reactivate_button = QPushButton("Rea&ctivate", self)
        self.reactivate_button.setToolTip("Offer this payer for new policies again")
        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Name, claim type, payer ID...")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setMaximumWidth(280)
        filter_label = QLabel("Fi&lter:", self)
        filter_label.setBuddy(self.filter_edit)
        self.filter_edit.textChanged.connect(self.proxy.setFilterFixedString)

        bar = QHBoxLayout()
        for button in (self.add_button, self.edit_button, self.retire_button, self.reactivate_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(filter_label)
        bar.addWidget(self.filter_edit, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)

        self.add_button.clicked.connect(self._add)
        self.edit_button.clicked.connect(lambda: self._edit())
        self.view.activated.connect(lambda _index: self._edit())
        self.retire_button.clicked.connect(lambda: self._set_active(False))
        self.reactivate_button.clicked.connect(lambda: self._set_active(True))
        self._update_buttons()

    def show_rows(self, rows: list[Any]) -> None:
        super().show_rows(rows)
        fit_columns(self.view)

    def load(self) -> None:
        self.call(payers_service.list_payers, include_inactive=True, on_done=self.show_rows)

    def selected_payer(self) -> PayerInfo | None:
        return self.selected_record()

    def select_payer(self, payer_id: int) -> bool:
        """Select the row of ``payer_id``; True when found."""
        return self.select_record(payer_id)

    def _update_buttons(self) -> None:
        manage = self.can_read() and allowed(self.uictx, Permission.MANAGE_PAYERS)
        payer = self.selected_payer() if manage else None
        self.add_button.setEnabled(manage)
        self.edit_button.setEnabled(payer is not None)
        self.retire_button.setEnabled(payer is not None and payer.active)
        self.reactivate_button.setEnabled(payer is not None and not payer.active)

    def _add(self) -> None:
        payer = PayerDialog.ask(self, self.uictx)
        if payer is not None:
            self.select_payer(payer.id)
            self.status(f"Added payer {payer.name} ({payer.claim_type_label}).")

    def edit_field(self, record: Any, field: str) -> None:
        """The payer's dialog with the cursor in ``field`` (see edit_record_field)."""
        self._edit(field)

    def _edit(self, field: str = "") -> None:
        payer = self.selected_payer()
        if payer is None or not self.edit_button.isEnabled():
            return
        saved = PayerDialog.ask(self, self.uictx, payer, field=field)
        if saved is not None:
            self.status(f"Saved payer {saved.name}.")

    def _set_active(self, active: bool) -> None:
        payer = self.selected_payer()
        if payer is None:
            return
        message = ("{} is offered for new policies again." if active
                   else "Retired {}: new policies cannot use it; existing policies keep it.")
        self.call(payers_service.set_payer_active, payer.id, active,
                  on_done=lambda p: self.status(message.format(p.name)))
