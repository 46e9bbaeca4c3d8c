"""Fee schedule helpers shared by services: field cleaning, the frozen view, and queries (never commit)."""

from __future__ import annotations

from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain.money import parse_money, to_cents
from frontdesk.errors import ValidationError
from frontdesk.models import FeeScheduleItem, PayerFee
from frontdesk.services.billing.billing_types import FeeItem

MAX_FEE = Decimal("99999.99")  # per unit; far above any office fee, so a slip of the finger is caught
MAX_UNITS = 999
MAX_ALLOWED_MODIFIERS = 40  # "25 59 GT ..." must fit the 120-character column
DESCRIPTION_MAX = 80


def fee_item_info(item: FeeScheduleItem) -> FeeItem:
    """The frozen view of a fee schedule row."""
    return FeeItem(item.id, item.code, item.code_system, item.description, item.fee_cents, item.default_units,
                   tuple(item.allowed_modifiers.split()), item.active)


def clean_fee(value: object, field: str = "fee", label: str = "Fee") -> int:
    """A fee as typed -> cents; $0.00 is allowed (a no-charge code), negative fees are not."""
    return to_cents(parse_money(value, field, label, maximum=MAX_FEE))


def clean_units(value: object, field: str = "default_units") -> int:
    """Units as typed (int or text) -> 1..999."""
    if isinstance(value, bool):
        raise ValidationError(field, "Units must be a whole number.")
    if isinstance(value, int):
        units = value
    else:
        text = str(value if value is not None else "").strip()
        if not (text.isdigit() and text.isascii()) or len(text) > 6:
            raise ValidationError(field, f"Units must be a whole number from 1 to {MAX_UNITS}.")
        units = int(text)
    if not 1 <= units <= MAX_UNITS:
        raise ValidationError(field, f"Units must be from 1 to {MAX_UNITS}.")
    return units


def find_item(session: Session, code: str) -> FeeScheduleItem | None:
    """The fee schedule item for a procedure code (any case, spaces ignored), active or not."""
    key = "".join(str(code or "").split()).upper()
    if not key:
        return None
    return session.scalar(select(FeeScheduleItem).where(FeeScheduleItem.code == key))


def fee_for(session: Session, code: str, payer_id: int | None) -> tuple[FeeScheduleItem | None, int | None]:
    """The item for ``code`` and its per-unit fee in cents: the payer's own fee when it has one, else the
    default fee. (None, None) when the code is not in the fee schedule. An inactive item is returned too
    (with its fee): callers that add new charges check ``item.active``."""
    item = find_item(session, code)
    if item is None:
        return None, None
    if payer_id is not None:
        payer_cents = session.scalar(
            select(PayerFee.fee_cents).where(PayerFee.payer_id == payer_id, PayerFee.item_id == item.id))
        if payer_cents is not None:
            return item, payer_cents
    return item, item.fee_cents
