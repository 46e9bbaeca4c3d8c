"""The practice's fee schedule: procedure codes with its own descriptions and fees, and per-payer fees."""

from __future__ import annotations

from sqlalchemy import select

from frontdesk.domain.permissions import Permission
from frontdesk.domain.procedure_codes import clean_modifiers, clean_procedure_code
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, NotFoundError
from frontdesk.models import FeeScheduleItem, Payer, PayerFee
from frontdesk.models.base import utcnow
from frontdesk.services._base import Tx, operation
from frontdesk.services.billing._fees import (
    DESCRIPTION_MAX,
    MAX_ALLOWED_MODIFIERS,
    MAX_UNITS,
    clean_fee,
    clean_units,
    fee_item_info,
    find_item,
)
from frontdesk.services.billing.billing_types import FeeItem

__all__ = ["DESCRIPTION_MAX", "MAX_UNITS", "add_fee_item", "list_fee_items", "list_payer_fees", "set_payer_fee",
           "update_fee_item"]


def _clean_description(value: object) -> str:
    text = clean_text(value, "description", "Description", max_len=DESCRIPTION_MAX, required=True)
    return " ".join(text.split())


def _clean_allowed(value: object) -> str:
    if value is None:
        return ""
    return " ".join(clean_modifiers(value, "allowed_modifiers", maximum=MAX_ALLOWED_MODIFIERS))  # type: ignore[arg-type]


def _load(tx: Tx, item_id: int) -> FeeScheduleItem:
    item = tx.session.get(FeeScheduleItem, item_id)
    if item is None:
        raise NotFoundError("That fee schedule item no longer exists.")
    return item


def _load_payer(tx: Tx, payer_id: int) -> Payer:
    payer = tx.session.get(Payer, payer_id)
    if payer is None:
        raise NotFoundError("That payer no longer exists.")
    return payer


@operation(Permission.VIEW_BILLING, write=False)
def list_fee_items(tx: Tx, *, include_inactive: bool = False) -> list[FeeItem]:
    """Fee schedule items by code; retired ones only when asked."""
    stmt = select(FeeScheduleItem).order_by(FeeScheduleItem.code)
    if not include_inactive:
        stmt = stmt.where(FeeScheduleItem.active.is_(True))
    return [fee_item_info(item) for item in tx.session.scalars(stmt)]


@operation(Permission.MANAGE_FEE_SCHEDULE)
def add_fee_item(tx: Tx, code: str, description: str, fee: str, default_units: int | str = 1,
                 allowed_modifiers: str = "") -> FeeItem:
    """Add a procedure code to the fee schedule (each code once)."""
    clean_code, system = clean_procedure_code(code, "code")
    values = {"description": _clean_description(description), "fee_cents": clean_fee(fee),
                  "default_units": clean_units(default_units), "allowed_modifiers": _clean_allowed(allowed_modifiers)}
    existing = find_item(tx.session, clean_code)
    if existing is not None:
        state = "" if existing.active else " (retired: show retired items and bring it back)"
        raise ConflictError(f"{clean_code} is already in the fee schedule{state}.", field="code")
    item = FeeScheduleItem(code=clean_code, code_system=system, active=True, **values)
    tx.session.add(item)
    tx.session.flush()
    tx.audit("fee_item.create", entity_type="fee_schedule_item", entity_id=item.id)
    tx.changed("fee_schedule")
    return fee_item_info(item)


@operation(Permission.MANAGE_FEE_SCHEDULE)
def update_fee_item(tx: Tx, item_id: int, *, description: str, fee: str, default_units: int | str,
                    allowed_modifiers: str, active: bool) -> FeeItem:
    """Change an item's description, fee, units, modifiers or active flag (the code itself never changes:
    charges already entered refer to it)."""
    item = _load(tx, item_id)
    values: dict[str, object] = {
        "description": _clean_description(description), "fee_cents": clean_fee(fee),
        "default_units": clean_units(default_units), "allowed_modifiers": _clean_allowed(allowed_modifiers),
        "active": bool(active)}
    changed = sorted(k for k, v in values.items() if getattr(item, k) != v)
    for key, value in values.items():
        setattr(item, key, value)
    item.updated_at = utcnow()
    # Field names only: the audit never needs the values.
    tx.audit("fee_item.update", entity_type="fee_schedule_item", entity_id=item.id,
             detail="fields: " + (", ".join(changed) or "none"))
    tx.changed("fee_schedule")
    return fee_item_info(item)


@operation(Permission.VIEW_BILLING, write=False)
def list_payer_fees(tx: Tx, payer_id: int) -> list[tuple[FeeItem, int]]:
    """A payer's own fees (item, cents per unit), by code."""
    _load_payer(tx, payer_id)
    rows = tx.session.execute(
        select(FeeScheduleItem, PayerFee.fee_cents).join(PayerFee, PayerFee.item_id == FeeScheduleItem.id)
        .where(PayerFee.payer_id == payer_id).order_by(FeeScheduleItem.code))
    return [(fee_item_info(item), cents) for item, cents in rows]


@operation(Permission.MANAGE_FEE_SCHEDULE)
def set_payer_fee(tx: Tx, payer_id: int, item_id: int, fee: str | None) -> tuple[FeeItem, int] | None:
    """Set a payer's own fee for an item, or remove it (``fee`` None or blank): the default fee applies again."""
    _load_payer(tx, payer_id)
    item = _load(tx, item_id)
    row = tx.session.scalar(select(PayerFee).where(PayerFee.payer_id == payer_id, PayerFee.item_id == item.id))
    remove = fee is None or (isinstance(fee, str) and not fee.strip())
    if remove:
        if row is None:
            return None
        tx.session.delete(row)
        tx.audit("payer_fee.remove", entity_type="payer_fee", entity_id=row.id,
                 detail=f"payer {payer_id}, item {item.id}")
        tx.changed("fee_schedule")
        return None
    cents = clean_fee(fee, "fee", "Payer fee")
    if row is None:
        row = PayerFee(payer_id=payer_id, item_id=item.id, fee_cents=cents)
        tx.session.add(row)
        tx.session.flush()
        action = "payer_fee.create"
    else:
        row.fee_cents = cents
        action = "payer_fee.update"
    tx.audit(action, entity_type="payer_fee", entity_id=row.id, detail=f"payer {payer_id}, item {item.id}")
    tx.changed("fee_schedule")
    return fee_item_info(item), cents
