"""Directory entries as rows, and loading the one a form chose (helpers: they never commit)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from frontdesk.errors import ValidationError
from frontdesk.models.referral import OutsideProvider
from frontdesk.services.desk.referral_types import OutsideProviderRow


def directory_row(entry: OutsideProvider) -> OutsideProviderRow:
    """The stored entry as the frozen row the UI and the letter use."""
    return OutsideProviderRow(
        id=entry.id, kind=entry.kind, name=entry.name, specialty=entry.specialty, npi=entry.npi,
        phone=entry.phone, fax=entry.fax, address1=entry.address1, address2=entry.address2, city=entry.city,
        state=entry.state, zip_code=entry.zip_code, active=entry.active)


def load_entry(session: Session, entry_id: object, field: str = "outside_provider_id") -> OutsideProvider:
    """The directory entry, or ValidationError naming the form field that chose it."""
    entry = session.get(OutsideProvider, entry_id) if isinstance(entry_id, int) and not isinstance(
        entry_id, bool) else None
    if entry is None:
        raise ValidationError(field, "Choose who the referral goes to from the directory (or add them first).")
    return entry
