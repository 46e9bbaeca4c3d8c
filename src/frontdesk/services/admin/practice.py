"""The practice itself: first-run setup, its identity and settings."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import select

from frontdesk.domain.formats import clean_ein, clean_state, clean_taxonomy, clean_zip, parse_phone
from frontdesk.domain.npi import validate_npi
from frontdesk.domain.permissions import Permission, Role
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, FieldErrors, NotFoundError, ValidationError
from frontdesk.models import Practice
from frontdesk.services._base import Actor, Tx, operation
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services.admin.users import new_user_row

MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 60


@dataclass(frozen=True)
class PracticeDetails:
    """What the setup wizard and the settings screen collect."""

    legal_name: str
    address_line1: str
    city: str
    state: str
    zip_code: str
    phone: str
    ein: str
    billing_npi: str
    taxonomy: str
    address_line2: str = ""


@dataclass(frozen=True)
class PracticeInfo:
    id: int
    legal_name: str
    address_line1: str
    address_line2: str
    city: str
    state: str
    zip_code: str
    phone: str
    ein: str
    billing_npi: str
    taxonomy: str
    idle_lock_minutes: int
    is_demo: bool
    time_zone: str  # IANA name: the practice's clock, for every date and time shown


def _info(p: Practice) -> PracticeInfo:
    return PracticeInfo(**{f.name: getattr(p, f.name) for f in fields(PracticeInfo)})


def clean_details(d: PracticeDetails) -> dict[str, str]:
    """Validate every field; all the wrong ones are reported together (each named)."""
    errors = FieldErrors()
    check = errors.check
    values = {
        "legal_name": check(clean_text, d.legal_name, "legal_name", "Legal name", max_len=120, required=True),
        "address_line1": check(clean_text, d.address_line1, "address_line1", "Address", max_len=80, required=True),
        "address_line2": check(clean_text, d.address_line2, "address_line2", "Address line 2", max_len=80),
        "city": check(clean_text, d.city, "city", "City", max_len=60, required=True),
        "state": check(clean_state, d.state),
        "zip_code": check(clean_zip, d.zip_code),
        "phone": check(parse_phone, d.phone, "phone", "Phone", required=True),
        "ein": check(clean_ein, d.ein),
        "billing_npi": check(validate_npi, d.billing_npi, "billing_npi", "Billing NPI"),
        "taxonomy": check(clean_taxonomy, d.taxonomy),
    }
    errors.raise_any()
    return values  # type: ignore[return-value]


def _practice(tx: Tx) -> Practice:
    practice = tx.session.scalar(select(Practice).limit(1))
    if practice is None:
        raise NotFoundError("The practice has not been set up yet.")
    return practice


@operation(Permission.PUBLIC, write=False)
def is_set_up(tx: Tx) -> bool:
    """Has first-run setup been completed?"""
    return tx.session.scalar(select(Practice.id).limit(1)) is not None


@operation(Permission.PUBLIC)
def setup_practice(tx: Tx, details: PracticeDetails, admin_username: str, admin_full_name: str,
                   admin_password: str, *, is_demo: bool = False) -> tuple[PracticeInfo, Actor]:
    """First run only: create the practice and its first administrator in one transaction."""
    if tx.session.scalar(select(Practice.id).limit(1)) is not None:
        raise ConflictError("This practice is already set up.")
    values = clean_details(details)
    user = new_user_row(admin_username, admin_full_name, Role.ADMIN, admin_password,
                        practice_name=values.get("legal_name", ""))
    practice = Practice(**values, idle_lock_minutes=10, is_demo=is_demo)
    tx.session.add_all([practice, user])
    tx.session.flush()
    tx.audit("practice.setup", entity_type="practice", entity_id=practice.id, user_id=user.id,
             username=user.username)
    tx.audit("user.create", entity_type="user", entity_id=user.id, user_id=user.id, username=user.username,
             detail="role=admin (first administrator)")
    tx.changed("practice", "users")
    return _info(practice), Actor(user.id, user.username, user.full_name, Role.ADMIN)


@operation(Permission.SIGNED_IN, write=False)
def get_practice(tx: Tx) -> PracticeInfo:
    """The practice's identity and settings."""
    return _info(_practice(tx))


@operation(Permission.PUBLIC, write=False)
def practice_banner(tx: Tx) -> tuple[str, bool]:
    """Name and demo flag for the login window (no PHI)."""
    practice = tx.session.scalar(select(Practice).limit(1))
    return ("", False) if practice is None else (practice.legal_name, practice.is_demo)


@operation(Permission.PUBLIC, write=False)
def practice_time_zone(tx: Tx) -> str:
    """The practice's time zone (IANA name; the default before set-up): the UI's clock, loaded at sign-in."""
    return schedule_settings(tx.session).time_zone


@operation(Permission.MANAGE_PRACTICE)
def update_practice(tx: Tx, details: PracticeDetails) -> PracticeInfo:
    """Change the practice's legal identity and address."""
    practice = _practice(tx)
    values = clean_details(details)
    changed = sorted(k for k, v in values.items() if getattr(practice, k) != v)
    for key, value in values.items():
        setattr(practice, key, value)
    tx.audit("practice.update", entity_type="practice", entity_id=practice.id,
             detail="fields: " + (", ".join(changed) or "none"))
    tx.changed("practice")
    return _info(practice)


@operation(Permission.MANAGE_PRACTICE)
def set_idle_lock_minutes(tx: Tx, minutes: int) -> PracticeInfo:
    """Set the automatic screen-lock delay for every workstation."""
    if not isinstance(minutes, int) or not MIN_IDLE_MINUTES <= minutes <= MAX_IDLE_MINUTES:
        raise ValidationError("idle_lock_minutes",
                              f"Automatic lock must be between {MIN_IDLE_MINUTES} and {MAX_IDLE_MINUTES} minutes.")
    practice = _practice(tx)
    old = practice.idle_lock_minutes
    practice.idle_lock_minutes = minutes
    tx.audit("practice.idle_lock", entity_type="practice", entity_id=practice.id, detail=f"{old} -> {minutes} min")
    tx.changed("practice")
    return _info(practice)
