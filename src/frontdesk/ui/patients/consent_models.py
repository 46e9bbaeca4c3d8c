"""The consent status table: each consent document's state for the patient, in words and with an icon."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from frontdesk.domain.formats import format_date
from frontdesk.services.patients.consents import SIGNERS, ConsentStatus
from frontdesk.ui.widgets.form_parts import status_icon
from frontdesk.ui.widgets.models import WARNING_COLOUR, Column, RecordTableModel


@dataclass(frozen=True)
class ConsentRow:
    """One line of the table: the consent document's id (to keep the selection) and its status."""

    id: int
    status: ConsentStatus


def consent_state_text(status: ConsentStatus) -> str:
    """'OK', 'Missing', 'Outdated (signed v2025-01, current 2026-01)', 'Expired 03/01/2026', 'Expires soon ...'."""
    record = status.record
    if status.state == "missing" or record is None:
        return "Missing" if status.type.required else "Not signed (optional)"
    if status.state == "outdated":
        return f"Outdated (signed v{record.version}, current {status.type.current_version})"
    if status.state == "expired":
        return f"Expired {format_date(record.expires_on)}"
    if status.state == "expiring_soon":
        return f"Expires soon {format_date(record.expires_on)}"
    return "OK"


def consent_icon_kind(status: ConsentStatus) -> str:
    """'warning' for what needs attention, 'info' for a heads-up (expiring soon, optional), 'ok' otherwise."""
    if status.needs_attention:
        return "warning"
    return "ok" if status.state == "ok" else "info"


def signer_text(status: ConsentStatus) -> str:
    """'Patient', or the personal representative as 'Mary Doe (mother)'."""
    record = status.record
    if record is None:
        return ""
    if record.signed_by == "representative":
        return f"{record.representative_name} ({record.representative_relationship})"
    return SIGNERS.get(record.signed_by, record.signed_by)


def _date_key(value: Any) -> int:
    return value.toordinal() if value is not None else 0


STATE_ORDER = {"missing": 0, "expired": 1, "outdated": 2, "expiring_soon": 3, "ok": 4}

CONSENT_COLUMNS: list[Column[ConsentRow]] = [
    Column("Document", lambda r: r.status.type.name),
    Column("Required", lambda r: "Required" if r.status.type.required else "Optional"),
    Column("Status", lambda r: consent_state_text(r.status),
           sort=lambda r: (0 if r.status.needs_attention else 10) + STATE_ORDER[r.status.state],
           colour=lambda r: WARNING_COLOUR if r.status.needs_attention else None),
    Column("Signed", lambda r: format_date(r.status.record.signed_on) if r.status.record else "",
           sort=lambda r: _date_key(r.status.record.signed_on if r.status.record else None)),
    Column("Signed by", lambda r: signer_text(r.status)),
    Column("Valid until", lambda r: format_date(r.status.record.expires_on) if r.status.record else "",
           sort=lambda r: _date_key(r.status.record.expires_on if r.status.record else None)),
]
STATUS_COLUMN = 2


class ConsentStatusModel(RecordTableModel[ConsentRow]):
    """Every active consent document with the patient's latest signature and its state."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(CONSENT_COLUMNS, parent)

    def set_statuses(self, statuses: list[ConsentStatus]) -> None:
        self.set_rows([ConsentRow(s.type.id, s) for s in statuses])

    def row_of(self, type_id: int) -> int:
        return next((i for i, r in enumerate(self._rows) if r.id == type_id), -1)

    def attention_count(self) -> int:
        """How many required consents are missing, outdated or expired."""
        return sum(1 for r in self._rows if r.status.needs_attention)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (role == Qt.ItemDataRole.DecorationRole and index.isValid() and index.column() == STATUS_COLUMN
                and index.row() < len(self._rows)):
            return status_icon(consent_icon_kind(self._rows[index.row()].status))
        return super().data(index, role)
