"""The Payers tab: the practice's insurance companies and programs; add, edit, retire, bring back."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from frontdesk.domain.formats import format_phone
from frontdesk.domain.permissions import Permission
from frontdesk.services.billing import payers as payers_service
from frontdesk.services.billing.payers import PayerInfo
from frontdesk.ui.admin.payer_dialog import PayerDialog
from frontdesk.ui.widgets.common import fit_columns
from frontdesk.ui.widgets.models import MUTED_COLOUR, Column, RecordTableModel
from frontdesk.ui.widgets.tab_base import RetirableListTab


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


class PayersTab(RetirableListTab):
    """List payers and manage them (billing staff and administrators)."""

    topics = frozenset({"payers"})
    permission = Permission.VIEW_PATIENTS
    manage_permission = Permission.MANAGE_PAYERS
    denied_text = "Your role does not allow viewing the payer list."
    empty_text = "No payers yet. Add the insurance companies the practice bills with Add payer\u2026"
    dialog = PayerDialog
    add_text = ("Add pa&yer\u2026", "Add an insurance company or program the practice bills")
    edit_text = ("&Edit payer\u2026", "Change the selected payer's details (Enter)")
    retire_tip = "New policies cannot use this payer; existing policies keep it"
    reactivate_tip = "Offer this payer for new policies again"
    filter_hint = ("Name, claim type, payer ID...", 280)
    retired_text = "Retired {}: new policies cannot use it; existing policies keep it."
    reactivated_text = "{} is offered for new policies again."

    def make_model(self) -> PayersModel:
        return PayersModel(self)

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

    def added_text(self, payer: PayerInfo) -> str:
        return f"Added payer {payer.name} ({payer.claim_type_label})."

    def saved_text(self, payer: PayerInfo) -> str:
        return f"Saved payer {payer.name}."

    def record_name(self, payer: PayerInfo) -> str:
        return payer.name

    def edit_field(self, record: Any, field: str) -> None:
        """The payer's dialog with the cursor in ``field`` (see edit_record_field)."""
        self._edit(field)

    def ask_edit(self, payer: PayerInfo, field: str) -> PayerInfo | None:
        return PayerDialog.ask(self, self.uictx, payer, field=field)

    def set_active(self, payer: PayerInfo, active: bool, on_done: Callable[[Any], None]) -> None:
        self.call(payers_service.set_payer_active, payer.id, active, on_done=on_done)
