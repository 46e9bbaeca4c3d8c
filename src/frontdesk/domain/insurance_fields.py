"""Validation of insurance, eligibility and consent fields (pure: no session); errors name the field."""

from __future__ import annotations

import re
from datetime import date, timedelta

from frontdesk.domain.dates import clean_birth_date, parse_us_date
from frontdesk.domain.formats import clean_state, clean_zip, parse_phone
from frontdesk.domain.text import clean_name, clean_text
from frontdesk.errors import FieldErrors, ValidationError

CLAIM_TYPES: dict[str, str] = {
    "medicare": "Medicare",
    "medicaid": "Medicaid",
    "tricare": "TRICARE",
    "champva": "CHAMPVA",
    "group_health_plan": "Group health plan",
    "feca_black_lung": "FECA black lung",
    "other": "Other",
}
RELATIONSHIPS: dict[str, str] = {"self": "Self", "spouse": "Spouse", "child": "Child", "other": "Other"}
RANK_LABELS: dict[int, str] = {1: "Primary", 2: "Secondary", 3: "Tertiary"}
CHECK_METHODS: dict[str, str] = {"phone": "Phone", "portal": "Payer portal", "fax": "Fax"}
CHECK_RESULTS: dict[str, str] = {"active": "Active", "inactive": "Inactive", "not_found": "Not found",
                                 "other": "Other"}

_MEMBER_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]*$")
_GROUP_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ./-]*$")
_EDI_PAYER_ID_RE = re.compile(r"^[A-Za-z0-9]{2,20}$")
# Coverage dates far outside this window are typos (a year of 2062 for 2026), not real policies.
EARLIEST_COVERAGE = date(1950, 1, 1)
MAX_YEARS_AHEAD = 5


def choice(value: object, allowed: dict[str, str], field: str, label: str) -> str:
    """One of a fixed set of codes (case-insensitive, spaces as underscores)."""
    text = str(value or "").strip().lower().replace(" ", "_").replace("-", "_")
    if text not in allowed:
        raise ValidationError(field, f"{label} must be one of: {', '.join(allowed.values())}.")
    return text


def member_key(value: str) -> str:
    """The search key of a member id: upper-case ASCII letters and digits only ('abc-123 45' -> 'ABC12345')."""
    return "".join(ch for ch in value.upper() if ch.isascii() and ch.isalnum())


def clean_member_id(value: object, field: str = "member_id", label: str = "Member ID") -> str:
    """2-30 characters of letters, digits, dashes and spaces, kept as typed (runs of spaces collapsed)."""
    text = " ".join(clean_text(value, field, label, max_len=30, required=True).split())
    if not _MEMBER_ID_RE.match(text):
        raise ValidationError(field, f"{label} may only contain letters, digits, dashes and spaces.")
    if len(member_key(text)) < 2:
        raise ValidationError(field, f"{label} must have at least 2 letters or digits.")
    return text


def clean_group_number(value: object) -> str:
    """Optional group number: letters, digits, spaces, dashes, periods and slashes."""
    text = " ".join(clean_text(value, "group_number", "Group number", max_len=30).split())
    if text and not _GROUP_RE.match(text):
        raise ValidationError("group_number", "Group number may only contain letters, digits, spaces, "
                                              "dashes, periods and slashes.")
    return text


def clean_edi_payer_id(value: object) -> str:
    """Optional clearinghouse payer ID: 2-20 letters and digits, upper-cased."""
    text = clean_text(value, "edi_payer_id", "Payer ID", max_len=20).upper()
    if text and not _EDI_PAYER_ID_RE.match(text):
        raise ValidationError("edi_payer_id", "Payer ID must be 2-20 letters and digits, e.g. 00882.")
    return text


def clean_date(value: object, field: str, label: str, *, required: bool = True) -> date | None:
    """A date object or a US-typed date ('03/14/2026'); two-digit years are read as this century."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise ValidationError(field, f"{label} is required.")
        return None
    if isinstance(value, str):
        parsed = parse_us_date(value, today=None, past=False)
        if parsed is None:
            raise ValidationError(field, f"{label} is not a real date; type it as MM/DD/YYYY.")
        return parsed
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    raise ValidationError(field, f"{label} must be a date.")


def clean_past_date(value: object, field: str, label: str, *, today: date, required: bool = True) -> date | None:
    """A date that already happened (a signature, a check): not in the future, not absurdly old."""
    day = clean_date(value, field, label, required=required)
    if day is None:
        return None
    if day > today:
        raise ValidationError(field, f"{label} cannot be in the future.")
    if day < EARLIEST_COVERAGE:
        raise ValidationError(field, f"{label} is before {EARLIEST_COVERAGE.year}; check the year.")
    return day


def clean_coverage_dates(effective: object, end: object, *, today: date) -> tuple[date, date | None]:
    """Effective date (required) and optional end date (last covered day, not before the effective date)."""
    start = clean_date(effective, "effective_date", "Effective date")
    assert start is not None
    stop = clean_date(end, "end_date", "End date", required=False)
    latest = today + timedelta(days=365 * MAX_YEARS_AHEAD)
    for day, field, label in ((start, "effective_date", "Effective date"), (stop, "end_date", "End date")):
        if day is None:
            continue
        if day < EARLIEST_COVERAGE:
            raise ValidationError(field, f"{label} is before {EARLIEST_COVERAGE.year}; check the year.")
        if day > latest:
            raise ValidationError(field, f"{label} is more than {MAX_YEARS_AHEAD} years ahead; check the year.")
    if stop is not None and stop < start:
        raise ValidationError("end_date", "End date cannot be before the effective date.")
    return start, stop


def clean_rank(value: object) -> int:
    """1 primary, 2 secondary or 3 tertiary (an int: a form sends the rank it picked)."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in RANK_LABELS:
        raise ValidationError("rank", "Rank must be primary (1), secondary (2) or tertiary (3).")
    return value


def clean_sex(value: object, field: str, label: str) -> str:
    """M or F, as CMS-1500 asks for the insured's sex."""
    sex = str(value or "").strip().upper()
    if sex not in ("M", "F"):
        raise ValidationError(field, f"{label} (as used on claims) must be M or F.")
    return sex


def clean_address(prefix: str, label: str, line1: object, line2: object, city: object, state: object,
                  zip_code: object) -> dict[str, str]:
    """An optional US address: once line 1 is given, city, state and ZIP are required. Keys carry ``prefix``.

    Every wrong part is reported at once (a ValidationErrors when several).
    """
    has_address = bool(str(line1 or "").strip())
    errors = FieldErrors()
    values = {
        f"{prefix}address_line1": errors.check(clean_text, line1, f"{prefix}address_line1", f"{label} address",
                                               max_len=80),
        f"{prefix}address_line2": errors.check(clean_text, line2, f"{prefix}address_line2",
                                               f"{label} address line 2", max_len=80),
        f"{prefix}city": errors.check(clean_text, city, f"{prefix}city", f"{label} city", max_len=60,
                                      required=has_address),
        f"{prefix}state": errors.check(clean_state, str(state or ""), f"{prefix}state", required=has_address),
        f"{prefix}zip_code": errors.check(clean_zip, str(zip_code or ""), f"{prefix}zip_code", required=has_address),
    }
    errors.raise_any()
    return values  # type: ignore[return-value]


SUBSCRIBER_FIELDS = ("subscriber_first_name", "subscriber_middle_name", "subscriber_last_name", "subscriber_dob",
                     "subscriber_sex", "subscriber_address_line1", "subscriber_address_line2", "subscriber_city",
                     "subscriber_state", "subscriber_zip_code", "subscriber_phone", "subscriber_employer")


def clean_subscriber(relationship: str, data: object, *, today: date) -> dict[str, object]:
    """The subscriber's own details: required (name, DOB, sex) unless the patient is the subscriber.

    For 'self' every subscriber field is stored blank: the patient's own record is the source, so a
    stale copy can never disagree with it on a claim.
    """
    if relationship == "self":
        return {name: (None if name == "subscriber_dob" else "") for name in SUBSCRIBER_FIELDS}

    def get(name: str) -> object:
        return getattr(data, name, "")

    errors = FieldErrors()  # every wrong subscriber field at once
    check = errors.check
    values: dict[str, object] = {
        "subscriber_first_name": check(clean_name, get("subscriber_first_name"), "subscriber_first_name",
                                       "Subscriber's first name"),
        "subscriber_middle_name": check(clean_name, get("subscriber_middle_name"), "subscriber_middle_name",
                                        "Subscriber's middle name", required=False),
        "subscriber_last_name": check(clean_name, get("subscriber_last_name"), "subscriber_last_name",
                                      "Subscriber's last name"),
        "subscriber_dob": check(clean_birth_date, get("subscriber_dob") or None, "subscriber_dob",
                                "Subscriber's date of birth", today=today),
        "subscriber_sex": check(clean_sex, get("subscriber_sex"), "subscriber_sex", "Subscriber's sex"),
    }
    values.update(check(clean_address, "subscriber_", "Subscriber's", get("subscriber_address_line1"),
                        get("subscriber_address_line2"), get("subscriber_city"), get("subscriber_state"),
                        get("subscriber_zip_code")) or {})
    values["subscriber_phone"] = check(parse_phone, str(get("subscriber_phone") or ""), "subscriber_phone",
                                       "Subscriber's phone")
    values["subscriber_employer"] = check(clean_text, get("subscriber_employer"), "subscriber_employer",
                                          "Subscriber's employer", max_len=80)
    errors.raise_any()
    return values


def changed_fields(obj: object, values: dict[str, object], *, hidden: tuple[str, ...] = ()) -> list[str]:
    """Names of the fields whose value differs (for the audit detail: names only, never values)."""
    return sorted(k for k, v in values.items() if getattr(obj, k) != v and k not in hidden)


def fields_detail(names: list[str] | tuple[str, ...]) -> str:
    """The audit detail listing changed fields by name."""
    return "fields: " + (", ".join(names) or "none")
