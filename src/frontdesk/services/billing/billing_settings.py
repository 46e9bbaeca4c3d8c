"""The 837P identities: who submits the practice's electronic claims and which clearinghouse receives them."""

from __future__ import annotations

from dataclasses import dataclass, fields

from frontdesk.domain.formats import parse_phone
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import ValidationError
from frontdesk.models.base import utcnow
from frontdesk.models.billing import BillingSettings
from frontdesk.services._base import Tx, operation
from frontdesk.services.billing._billing_settings_row import _billing_settings_row

MAX_ID = 15  # ISA06 / ISA08 are 15 characters
USAGE_INDICATORS = {"T": "Test", "P": "Production"}


@dataclass(frozen=True)
class BillingSettingsInfo:
    """The saved values (blank strings and test usage before the first save)."""

    submitter_id: str = ""
    submitter_name: str = ""
    contact_name: str = ""
    contact_phone: str = ""  # E.164
    receiver_id: str = ""
    receiver_name: str = ""
    usage_indicator: str = "T"

    @property
    def complete(self) -> bool:
        """Everything an 837P file needs is filled in."""
        return all(getattr(self, f.name) for f in fields(self))


_FIELDS = tuple(f.name for f in fields(BillingSettingsInfo))


def _info(row: BillingSettings | None) -> BillingSettingsInfo:
    if row is None:
        return BillingSettingsInfo()
    return BillingSettingsInfo(**{name: getattr(row, name) for name in _FIELDS})


def _clean_id(value: object, field: str, label: str) -> str:
    text = clean_text(value, field, label, max_len=MAX_ID).upper()
    # These go into fixed-width envelope fields the clearinghouse matches exactly: no spaces or punctuation.
    if text and not (text.isascii() and text.isalnum()):
        raise ValidationError(field, f"{label} may contain only letters and digits (no spaces or punctuation).")
    return text


def _clean_name(value: object, field: str, label: str) -> str:
    text = clean_text(value, field, label, max_len=60)
    if any(ch in "*~:^" for ch in text):
        # They are the 837P's delimiters; refusing them here is clearer than silently dropping them.
        raise ValidationError(field, f"{label} may not contain * ~ : or ^.")
    return text


def _clean_settings(values: dict[str, object]) -> dict[str, str]:
    """Validate every given field, raising on the first bad one (the error names it)."""
    unknown = set(values) - set(_FIELDS)
    if unknown:
        raise ValidationError(min(unknown), "Unknown billing setting.")
    cleaners = {
        "submitter_id": lambda v: _clean_id(v, "submitter_id", "Submitter ID"),
        "submitter_name": lambda v: _clean_name(v, "submitter_name", "Submitter name"),
        "contact_name": lambda v: _clean_name(v, "contact_name", "Contact name"),
        "contact_phone": lambda v: parse_phone(str(v or ""), "contact_phone", "Contact phone"),
        "receiver_id": lambda v: _clean_id(v, "receiver_id", "Receiver ID"),
        "receiver_name": lambda v: _clean_name(v, "receiver_name", "Receiver name"),
        "usage_indicator": _clean_usage,
    }
    return {name: cleaners[name](value) for name, value in values.items()}


def _clean_usage(value: object) -> str:
    text = str(value or "").strip().upper()
    if text not in USAGE_INDICATORS:
        raise ValidationError("usage_indicator", "Usage must be T (test files) or P (production files).")
    return text


@operation(Permission.VIEW_BILLING, write=False)
def get_billing_settings(tx: Tx) -> BillingSettingsInfo:
    """The 837P submitter, receiver and usage (blanks before the first save)."""
    return _info(_billing_settings_row(tx.session))


@operation(Permission.MANAGE_BILLING_SETTINGS)
def update_billing_settings(tx: Tx, **changes: object) -> BillingSettingsInfo:
    """Change some or all of the 837P settings; fields not given keep their values."""
    values = _clean_settings(changes)
    row = _billing_settings_row(tx.session)
    if row is None:
        row = BillingSettings(**{f.name: f.default for f in fields(BillingSettingsInfo)})
        tx.session.add(row)
    changed = sorted(name for name, value in values.items() if getattr(row, name) != value)
    for name, value in values.items():
        setattr(row, name, value)
    if changed:
        row.updated_at = utcnow()
    tx.session.flush()
    # Field names only: the values are identities, not PHI, but the audit detail stays short and uniform.
    tx.audit("billing_settings.update", entity_type="billing_settings", entity_id=row.id,
             detail="fields: " + (", ".join(changed) or "none"))
    tx.changed("billing_settings")
    return _info(row)
