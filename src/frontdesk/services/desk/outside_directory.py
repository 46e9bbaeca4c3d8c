"""The reusable directory of outside providers and facilities that referrals are sent to."""

from __future__ import annotations

from sqlalchemy import func, or_, select

from frontdesk.domain.formats import clean_state, clean_zip, parse_phone
from frontdesk.domain.npi import validate_npi
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.models.base import utcnow
from frontdesk.models.referral import OutsideProvider
from frontdesk.services._base import Tx, operation
from frontdesk.services.desk._outside_entries import directory_row
from frontdesk.services.desk.referral_types import (
    DIRECTORY_KINDS,
    OutsideProviderInput,
    OutsideProviderRow,
)

MAX_RESULTS = 500


def _clean(data: OutsideProviderInput) -> dict[str, object]:
    if not isinstance(data, OutsideProviderInput):
        raise TypeError("data must be an OutsideProviderInput")
    if data.kind not in DIRECTORY_KINDS:
        raise ValidationError("kind", "Say whether this is a provider or a facility.")
    values: dict[str, object] = {"kind": data.kind}
    values["name"] = " ".join(clean_text(data.name, "name", "Name", max_len=120, required=True).split())
    values["specialty"] = clean_text(data.specialty, "specialty", "Specialty", max_len=60)
    npi = (data.npi or "").strip()
    # A facility often has no NPI of its own that the referral needs; a provider always does.
    values["npi"] = validate_npi(npi, "npi") if npi or data.kind == "provider" else ""
    values["phone"] = parse_phone(data.phone, "phone", "Phone")
    values["fax"] = parse_phone(data.fax, "fax", "Fax")
    values["address1"] = clean_text(data.address1, "address1", "Address", max_len=100)
    values["address2"] = clean_text(data.address2, "address2", "Address line 2", max_len=100)
    values["city"] = clean_text(data.city, "city", "City", max_len=60)
    values["state"] = clean_state(data.state, "state", required=False)
    values["zip_code"] = clean_zip(data.zip_code, "zip_code", required=False)
    if not (values["phone"] or values["fax"]):
        raise ValidationError("phone", "Give a phone or fax number so the referral can reach them.")
    return values


def _check_duplicate(tx: Tx, values: dict[str, object], exclude_id: int | None) -> None:
    """The same NPI twice would make the directory ambiguous; the same name and kind too."""
    query = select(OutsideProvider.id).where(OutsideProvider.id != (exclude_id or 0))
    if values["npi"] and tx.session.scalar(query.where(OutsideProvider.npi == values["npi"])) is not None:
        raise ValidationError("npi", f"NPI {values['npi']} is already in the directory; use that entry.")
    same_name = query.where(func.lower(OutsideProvider.name) == str(values["name"]).lower(),
                            OutsideProvider.kind == values["kind"])
    if tx.session.scalar(same_name) is not None:
        raise ValidationError("name", f"{values['name']} is already in the directory; use that entry.")


@operation(Permission.MANAGE_REFERRALS, write=False)
def list_outside_providers(tx: Tx, query: str = "", *, include_inactive: bool = False) -> list[OutsideProviderRow]:
    """Directory entries whose name, specialty or NPI contains the words typed, by name."""
    stmt = select(OutsideProvider).order_by(func.lower(OutsideProvider.name), OutsideProvider.id).limit(MAX_RESULTS)
    if not include_inactive:
        stmt = stmt.where(OutsideProvider.active.is_(True))
    for word in (query or "").split()[:5]:
        like = f"%{word.lower()}%"
        stmt = stmt.where(or_(func.lower(OutsideProvider.name).like(like),
                              func.lower(OutsideProvider.specialty).like(like),
                              OutsideProvider.npi.like(like)))
    return [directory_row(e) for e in tx.session.scalars(stmt)]


@operation(Permission.MANAGE_REFERRALS, write=False)
def get_outside_provider(tx: Tx, entry_id: int) -> OutsideProviderRow:
    """One directory entry."""
    entry = tx.session.get(OutsideProvider, entry_id) if isinstance(entry_id, int) else None
    if entry is None:
        raise NotFoundError("That directory entry no longer exists.")
    return directory_row(entry)


@operation(Permission.MANAGE_REFERRALS)
def save_outside_provider(tx: Tx, entry_id: int | None, data: OutsideProviderInput) -> OutsideProviderRow:
    """Add (entry_id None) or change a directory entry; every field checked, errors name the field."""
    values = _clean(data)
    _check_duplicate(tx, values, entry_id)
    if entry_id is None:
        entry = OutsideProvider(**values, active=True)
        tx.session.add(entry)
        action = "outside_provider.create"
    else:
        entry = tx.session.get(OutsideProvider, entry_id) if isinstance(entry_id, int) else None
        if entry is None:
            raise NotFoundError("That directory entry no longer exists.")
        for key, value in values.items():
            setattr(entry, key, value)
        entry.updated_at = utcnow()
        action = "outside_provider.update"
    tx.session.flush()
    tx.audit(action, entity_type="outside_provider", entity_id=entry.id)
    tx.changed("outside_directory")
    return directory_row(entry)


@operation(Permission.MANAGE_REFERRALS)
def set_outside_provider_active(tx: Tx, entry_id: int, active: bool) -> OutsideProviderRow:
    """Retire an entry (kept for the referrals that name it) or bring it back."""
    entry = tx.session.get(OutsideProvider, entry_id) if isinstance(entry_id, int) else None
    if entry is None:
        raise NotFoundError("That directory entry no longer exists.")
    if entry.active == bool(active):
        raise ConflictError("That entry is already " + ("active." if active else "retired."))
    entry.active = bool(active)
    entry.updated_at = utcnow()
    tx.audit("outside_provider.activate" if active else "outside_provider.retire",
             entity_type="outside_provider", entity_id=entry.id)
    tx.changed("outside_directory")
    return directory_row(entry)
