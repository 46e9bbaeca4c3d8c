"""The practice's payer list (insurance companies and programs) with their CMS-1500 claim type."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from frontdesk.domain.formats import parse_phone
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text, fold_key
from frontdesk.errors import ConflictError, NotFoundError
from frontdesk.models import Payer
from frontdesk.models.base import utcnow
from frontdesk.services._base import Tx, operation
from frontdesk.domain.insurance_fields import (
    CLAIM_TYPES,
    changed_fields,
    choice,
    clean_address,
    clean_edi_payer_id,
    fields_detail,
)

# CLAIM_TYPES is re-exported from _insurance_fields: the claim types the payer form offers.
__all__ = ["CLAIM_TYPES", "PayerInfo", "PayerInput", "add_payer", "get_payer", "list_payers", "set_payer_active",
           "update_payer"]


@dataclass(frozen=True)
class PayerInput:
    """What the payer form collects (strings as typed; the service validates)."""

    name: str
    claim_type: str
    edi_payer_id: str = ""
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""
    phone: str = ""


@dataclass(frozen=True)
class PayerInfo:
    id: int
    name: str
    edi_payer_id: str
    claim_type: str
    address_line1: str
    address_line2: str
    city: str
    state: str
    zip_code: str
    phone: str
    active: bool
    updated_at: datetime

    @property
    def claim_type_label(self) -> str:
        return CLAIM_TYPES.get(self.claim_type, self.claim_type)


def _info(p: Payer) -> PayerInfo:
    return PayerInfo(p.id, p.name, p.edi_payer_id, p.claim_type, p.address_line1, p.address_line2, p.city,
                     p.state, p.zip_code, p.phone, p.active, p.updated_at)


def _clean(data: PayerInput) -> dict[str, object]:
    name = " ".join(clean_text(data.name, "name", "Payer name", max_len=100, required=True).split())
    values: dict[str, object] = {
        "name": name,
        "claim_type": choice(data.claim_type, CLAIM_TYPES, "claim_type", "Claim type"),
        "edi_payer_id": clean_edi_payer_id(data.edi_payer_id),
        "phone": parse_phone(data.phone, "phone", "Payer phone"),
        "name_key": fold_key(name),
    }
    values.update(clean_address("", "Payer", data.address_line1, data.address_line2, data.city, data.state,
                                data.zip_code))
    return values


def _check_duplicate(tx: Tx, values: dict[str, object], exclude_id: int | None = None) -> None:
    """Same name and same payer ID is the same payer; the same name with another ID is allowed
    (one company often has several claim addresses or plans)."""
    stmt = select(Payer.id).where(Payer.name_key == values["name_key"],
                                  Payer.edi_payer_id == values["edi_payer_id"])
    if exclude_id is not None:
        stmt = stmt.where(Payer.id != exclude_id)
    if tx.session.scalar(stmt.limit(1)) is not None:
        raise ConflictError(f"The payer list already has {values['name']} with this payer ID.")


def _load(tx: Tx, payer_id: int) -> Payer:
    payer = tx.session.get(Payer, payer_id)
    if payer is None:
        raise NotFoundError("That payer no longer exists.")
    return payer


@operation(Permission.VIEW_PATIENTS, write=False)
def list_payers(tx: Tx, *, include_inactive: bool = False) -> list[PayerInfo]:
    """Payers by name; inactive ones only when asked (their policies keep showing them)."""
    stmt = select(Payer).order_by(Payer.name_key, Payer.id)
    if not include_inactive:
        stmt = stmt.where(Payer.active.is_(True))
    return [_info(p) for p in tx.session.scalars(stmt)]


@operation(Permission.VIEW_PATIENTS, write=False)
def get_payer(tx: Tx, payer_id: int) -> PayerInfo:
    """One payer."""
    return _info(_load(tx, payer_id))


@operation(Permission.MANAGE_PAYERS)
def add_payer(tx: Tx, data: PayerInput) -> PayerInfo:
    """Add a payer to the list."""
    values = _clean(data)
    _check_duplicate(tx, values)
    payer = Payer(**values, active=True)
    tx.session.add(payer)
    tx.session.flush()
    tx.audit("payer.create", entity_type="payer", entity_id=payer.id)
    tx.changed("payers")
    return _info(payer)


@operation(Permission.MANAGE_PAYERS)
def update_payer(tx: Tx, payer_id: int, data: PayerInput) -> PayerInfo:
    """Change a payer's details; the audit keeps the names of the fields that changed."""
    payer = _load(tx, payer_id)
    values = _clean(data)
    _check_duplicate(tx, values, exclude_id=payer.id)
    changed = changed_fields(payer, values, hidden=("name_key",))
    for key, value in values.items():
        setattr(payer, key, value)
    payer.updated_at = utcnow()
    tx.audit("payer.update", entity_type="payer", entity_id=payer.id, detail=fields_detail(changed))
    tx.changed("payers", "insurance")
    return _info(payer)


@operation(Permission.MANAGE_PAYERS)
def set_payer_active(tx: Tx, payer_id: int, active: bool) -> PayerInfo:
    """Retire (or bring back) a payer: new policies cannot use an inactive one; old policies keep it."""
    payer = _load(tx, payer_id)
    payer.active = bool(active)
    payer.updated_at = utcnow()
    tx.audit("payer.activate" if active else "payer.deactivate", entity_type="payer", entity_id=payer.id)
    tx.changed("payers")
    return _info(payer)
