"""Validating a patient form: every field checked alone, then the rules that tie fields together.

Each problem is a ValidationError naming the form field to fix; every field is checked before any is
reported, so a form with three wrong fields hears of all three at once (a ValidationErrors). The rules
across fields run once the fields themselves are right. Values come back in the form's
vocabulary (``home_phone``, ``preferred_contact`` ...) so the service can store them and audit
which fields changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from datetime import date

from frontdesk.domain.dates import clean_birth_date, parse_us_date
from frontdesk.domain.email import clean_email
from frontdesk.domain.formats import clean_state, clean_zip, parse_phone, phone_digits
from frontdesk.domain.npi import validate_npi
from frontdesk.domain.referral_sources import REFERRAL_SOURCES
from frontdesk.domain.text import clean_name, clean_text, fold_key
from frontdesk.errors import FieldErrors, ValidationError
from frontdesk.models.patient_phone import PHONE_KINDS
from frontdesk.services.patients._patient_types import CONTACT_METHODS, STATUSES, PatientInput

PHONE_FIELDS = {kind: f"{kind}_phone" for kind in PHONE_KINDS}
_PHONE_LABELS = {"home": "Home phone", "mobile": "Mobile phone", "work": "Work phone"}


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def _flag(field: str, label: str) -> Callable[[object], bool]:
    def clean(value: object) -> bool:
        if not isinstance(value, bool):
            raise ValidationError(field, f"{label} must be yes or no.")
        return value
    return clean


def _choice(field: str, label: str, allowed: tuple[str, ...]) -> Callable[[object], str]:
    def clean(value: object) -> str:
        text = _text(value).strip().lower()
        if text not in allowed or not isinstance(value, str):
            shown = ", ".join(a for a in allowed if a)
            raise ValidationError(field, f"{label} must be one of: {shown}.")
        return text
    return clean


def _suffix(value: object) -> str:
    text = clean_text(value, "suffix", "Suffix", max_len=10)
    if text and not all(ch.isalnum() or ch in ". " for ch in text):
        raise ValidationError("suffix", "Suffix may only contain letters, digits and periods (Jr., III).")
    return text


def _death_date(value: object, today: date) -> date | None:
    """The date of death as typed (two-digit years read as past, seen from the practice's ``today``)."""
    field, label = "deceased_date", "Date of death"
    if isinstance(value, date):
        return value
    text = _text(value).strip()
    if not text:
        if not isinstance(value, str):
            raise ValidationError(field, f"{label} must be a date.")
        return None
    parsed = parse_us_date(text, today=today, past=True) if len(text) <= 20 else None
    if parsed is None:
        raise ValidationError(field, f"{label} is not a real date; type it as MM/DD/YYYY.")
    return parsed


def _referral_source(value: object) -> str:
    """A key of REFERRAL_SOURCES, or blank for "Not recorded"; anything else is refused naming the field."""
    if not isinstance(value, str) or value.strip() not in ("", *REFERRAL_SOURCES):
        raise ValidationError("referral_source", "Referral source must be one of: "
                                                 f"{', '.join(REFERRAL_SOURCES.values())} (or left blank).")
    return value.strip()


# Optional fields: (cleaner, value when a new patient's form leaves it out).
_OPTIONAL: dict[str, tuple[Callable[..., object], object]] = {
    "suffix": (_suffix, ""),
    "preferred_name": (lambda v: clean_name(v, "preferred_name", "Preferred name", required=False), ""),
    "gender_identity": (lambda v: clean_text(v, "gender_identity", "Gender identity", max_len=40), ""),
    "email": (clean_email, ""),
    "preferred_contact": (_choice("preferred_contact", "Preferred contact", CONTACT_METHODS), ""),
    "voicemail_ok": (_flag("voicemail_ok", "Voicemail permission"), False),
    "text_ok": (_flag("text_ok", "Text message permission"), False),
    "preferred_language": (lambda v: clean_text(v, "preferred_language", "Preferred language", max_len=40), ""),
    "emergency_name": (lambda v: clean_name(v, "emergency_name", "Emergency contact name", required=False,
                                            max_len=120), ""),
    "emergency_relationship": (lambda v: clean_text(v, "emergency_relationship", "Emergency contact relationship",
                                                    max_len=40), ""),
    "emergency_phone": (lambda v: parse_phone(_text(v), "emergency_phone", "Emergency contact phone"), ""),
    "referring_name": (lambda v: clean_name(v, "referring_name", "Referring provider", required=False,
                                            max_len=120), ""),
    "referring_npi": (lambda v: validate_npi(_text(v), "referring_npi", "Referring provider NPI")
                      if _text(v).strip() else "", ""),
    "referral_source": (_referral_source, ""),
    "status": (_choice("status", "Status", STATUSES), "active"),
    "deceased_date": (_death_date, None),  # also given the practice's today (see clean_patient)
    "notes": (lambda v: clean_text(v, "notes", "Notes", max_len=2000, multiline=True), ""),
}


@dataclass(frozen=True)
class CleanPatient:
    """A validated form: values by form field, the phones by kind, and which fields the caller sent."""

    values: dict[str, object]
    phones: dict[str, str]
    supplied: frozenset[str]

    def columns(self) -> dict[str, object]:
        """Values for the patient row (phones live in patient_phone; the preferred one is copied here)."""
        row = {k: v for k, v in self.values.items() if k not in PHONE_FIELDS.values()}
        row["last_name_key"] = fold_key(str(row["last_name"]))
        row["first_name_key"] = fold_key(str(row["first_name"]))
        row["phone_digits"] = phone_digits(str(row["phone"]))
        return row


def clean_patient(data: PatientInput, current: Mapping[str, object] | None = None, *, today: date) -> CleanPatient:
    """Validate ``data``; fields it leaves out (None) keep ``current`` (the saved values) or their default.

    ``today`` is the practice's date (dates of birth and death cannot be after it).
    """
    supplied = frozenset(f.name for f in fields(data) if getattr(data, f.name) is not None)
    errors = FieldErrors()
    values = _clean_core(data, errors, today)
    for name, (clean, default) in _OPTIONAL.items():
        raw = getattr(data, name)
        if raw is not None:
            values[name] = errors.check(clean, raw, today) if clean is _death_date else errors.check(clean, raw)
        else:
            values[name] = current[name] if current is not None else default
    found = errors.check(_clean_phones, data, current)
    errors.raise_any()
    assert found is not None
    phones, preferred = found
    values.update({PHONE_FIELDS[k]: phones[k] for k in PHONE_KINDS})
    values["preferred_phone_kind"] = preferred
    values["phone"] = phones[preferred] if preferred else ""
    _check_together(values, supplied, today)
    return CleanPatient(values, phones, supplied)


def _clean_sex(value: object) -> str:
    sex = _text(value).strip().upper()
    if sex not in ("M", "F"):
        raise ValidationError("sex", "Sex (as used on claims) must be M or F.")
    return sex


def _clean_core(data: PatientInput, errors: FieldErrors, today: date) -> dict[str, object]:
    """The fields every patient has, each checked (errors collected in ``errors``, their values None)."""
    has_address = bool(_text(data.address_line1).strip())
    return {
        "first_name": errors.check(clean_name, data.first_name, "first_name", "First name"),
        "middle_name": errors.check(clean_name, data.middle_name, "middle_name", "Middle name", required=False),
        "last_name": errors.check(clean_name, data.last_name, "last_name", "Last name"),
        "dob": errors.check(clean_birth_date, data.dob if isinstance(data.dob, date | str) else "x", today=today),
        "sex": errors.check(_clean_sex, data.sex),
        "address_line1": errors.check(clean_text, data.address_line1, "address_line1", "Address", max_len=80),
        "address_line2": errors.check(clean_text, data.address_line2, "address_line2", "Address line 2", max_len=80),
        "city": errors.check(clean_text, data.city, "city", "City", max_len=60, required=has_address),
        "state": errors.check(clean_state, _text(data.state), required=has_address),
        "zip_code": errors.check(clean_zip, _text(data.zip_code), required=has_address),
    }


def _clean_phones(data: PatientInput, current: Mapping[str, object] | None) -> tuple[dict[str, str], str]:
    """The phones by kind and which one is preferred, from per-kind fields or the one-phone ``phone``."""
    phones = {k: str(current[PHONE_FIELDS[k]]) if current is not None else "" for k in PHONE_KINDS}
    explicit = False
    errors = FieldErrors()
    for kind, name in PHONE_FIELDS.items():
        raw = getattr(data, name)
        if raw is not None:
            explicit = True
            phones[kind] = errors.check(parse_phone, _text(raw), name, _PHONE_LABELS[kind]) or ""
    errors.raise_any()  # every mistyped number at once; the rules below need the numbers right
    preferred = str(current["preferred_phone_kind"]) if current is not None else ""
    chosen = data.preferred_phone_kind is not None
    if chosen:
        preferred = _choice("preferred_phone_kind", "Preferred phone", ("", *PHONE_KINDS))(data.preferred_phone_kind)
    if data.phone is not None:
        number = parse_phone(_text(data.phone), "phone", "Phone")
        holder = next((k for k in PHONE_KINDS if number and phones[k] == number), "")
        if explicit:
            if number and not holder:
                raise ValidationError("phone", "Phone does not match the home, mobile or work phone given.")
            preferred = preferred or holder
        elif number and holder:
            preferred = holder  # already one of their numbers: it becomes the preferred one, nothing is lost
        elif number:
            preferred = preferred or next((k for k in PHONE_KINDS if not phones[k]), "home")
            phones[preferred] = number
        elif preferred:
            phones[preferred] = ""  # the one-phone form emptied the phone box
    present = [k for k in PHONE_KINDS if phones[k]]
    if preferred in present:
        return phones, preferred
    if chosen and preferred:
        raise ValidationError("preferred_phone_kind",
                              f"The preferred phone ({preferred}) is empty; type that number or choose another.")
    if len(present) > 1 and explicit:
        raise ValidationError("preferred_phone_kind", "Choose which phone number is preferred.")
    return phones, (present[0] if present else "")


def _check_together(v: dict[str, object], supplied: frozenset[str], today: date) -> None:
    """Rules across fields; each names the field the person should fix (all broken rules reported together)."""
    errors = FieldErrors()
    contact = v["preferred_contact"]
    if contact == "phone" and not v["phone"]:
        errors.add(ValidationError("preferred_contact", "Preferred contact is phone, but no phone number is given."))
    if contact == "text":
        if not v["mobile_phone"]:
            errors.add(ValidationError("mobile_phone", "A mobile phone is needed when the preferred contact is text."))
        if not v["text_ok"]:
            errors.add(ValidationError("text_ok", "Permission to text is needed when the preferred contact is text."))
    if contact == "email" and not v["email"]:
        errors.add(ValidationError("email", "An e-mail address is needed when the preferred contact is e-mail."))
    if contact == "mail" and not v["address_line1"]:
        errors.add(ValidationError("address_line1", "A mailing address is needed when the preferred contact is mail."))
    if v["text_ok"] and not v["mobile_phone"]:
        errors.add(ValidationError("text_ok", "Text messages need a mobile phone number."))
    if v["voicemail_ok"] and not v["phone"]:
        errors.add(ValidationError("voicemail_ok", "Voicemail permission needs a phone number."))
    if v["emergency_name"] and not v["emergency_phone"]:
        errors.add(ValidationError("emergency_phone", "An emergency contact needs a phone number."))
    if v["emergency_phone"] and not v["emergency_name"]:
        errors.add(ValidationError("emergency_name", "Emergency contact name is required with their phone."))
    if v["referring_npi"] and not v["referring_name"]:
        errors.add(ValidationError("referring_name", "Referring provider name is required with the NPI."))
    errors.check(_check_status, v, supplied, today)
    errors.raise_any()


def _check_status(v: dict[str, object], supplied: frozenset[str], today: date) -> None:
    died = v["deceased_date"]
    if v["status"] != "deceased":
        if died is not None and "deceased_date" in supplied:
            raise ValidationError("deceased_date", "Only a deceased patient has a date of death.")
        v["deceased_date"] = None  # a kept date from before the status changed back
        return
    if died is None:
        raise ValidationError("deceased_date", "Date of death is required for a deceased patient.")
    assert isinstance(died, date)
    if died > today:
        raise ValidationError("deceased_date", "Date of death cannot be in the future.")
    if died < v["dob"]:  # type: ignore[operator]
        raise ValidationError("deceased_date", "Date of death is before the date of birth.")
