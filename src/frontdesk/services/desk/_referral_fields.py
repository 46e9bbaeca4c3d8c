"""Checking what is typed for outgoing and incoming referrals (every error names its form field)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, time, timedelta

from sqlalchemy.orm import Session

from frontdesk.codes.icd10cm import validate_diagnosis
from frontdesk.domain.npi import validate_npi
from frontdesk.domain.text import clean_name, clean_text
from frontdesk.errors import ValidationError
from frontdesk.models import Provider
from frontdesk.services.desk._outside_entries import load_entry
from frontdesk.services.desk.referral_types import (
    REFERRAL_KINDS,
    IncomingReferralInput,
    ReferralInput,
)

MAX_DIAGNOSES = 12
MAX_VISITS = 999
_AUTH_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]*$")


def clean_authorization(value: object, field: str = "authorization_number") -> str:
    """Payer authorization numbers: letters, digits, dashes and spaces (it may go to box 23 of a claim)."""
    auth = " ".join(clean_text(value, field, "Authorization number", max_len=30).split())
    if auth and not _AUTH_RE.match(auth):
        raise ValidationError(field, "Authorization number may only contain letters, digits, dashes and spaces.")
    return auth


def clean_visits(value: object, field: str = "visits_allowed") -> int | None:
    """Blank, or a whole number of visits from 1 to 999."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            raise ValidationError(field, "Visits allowed must be a whole number, or blank.")
        value = int(text)
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(field, "Visits allowed must be a whole number, or blank.")
    if not 1 <= value <= MAX_VISITS:
        raise ValidationError(field, f"Visits allowed must be from 1 to {MAX_VISITS}.")
    return value


def clean_referral_diagnoses(codes: Sequence[str]) -> list[str]:
    """Up to 12 distinct ICD-10-CM codes (billable ones: the receiving office bills with them)."""
    if isinstance(codes, str):
        raise TypeError("codes must be a sequence of codes, not one string")
    items = [c for c in codes if isinstance(c, str) and c.strip()]
    if len(items) > MAX_DIAGNOSES:
        raise ValidationError("diagnoses", f"A referral lists at most {MAX_DIAGNOSES} diagnoses.")
    cleaned: list[str] = []
    for raw in items:
        code = validate_diagnosis(raw, field="diagnoses").code
        if code not in cleaned:  # the same code typed twice is harmless: keep it once
            cleaned.append(code)
    return cleaned


def clean_referral(session: Session, data: ReferralInput) -> dict[str, object]:
    """The outgoing referral's fields in form order; a destination from the directory is required."""
    if not isinstance(data, ReferralInput):
        raise TypeError("data must be a ReferralInput")
    entry = load_entry(session, data.outside_provider_id)
    if not entry.active:
        raise ValidationError("outside_provider_id", f"{entry.name} was retired from the directory; choose another.")
    if data.kind not in REFERRAL_KINDS:
        raise ValidationError("kind", "Choose the kind: consultation, diagnostic test, surgery or other.")
    values: dict[str, object] = {"outside_provider_id": entry.id, "kind": data.kind}
    values["reason"] = clean_text(data.reason, "reason", "Reason", max_len=500, required=True, multiline=True)
    values["diagnoses"] = ",".join(clean_referral_diagnoses(data.diagnoses))
    values["authorization_number"] = clean_authorization(data.authorization_number)
    values["visits_allowed"] = clean_visits(data.visits_allowed)
    if data.ordering_provider_id is not None:
        provider = session.get(Provider, data.ordering_provider_id) if isinstance(
            data.ordering_provider_id, int) else None
        if provider is None:
            raise ValidationError("ordering_provider_id", "That provider no longer exists; choose another.")
    values["ordering_provider_id"] = data.ordering_provider_id
    values["notes"] = clean_text(data.notes, "notes", "Notes", max_len=500, multiline=True)
    return values


def clean_appointment(day: object, at: object, requested_on: date) -> tuple[date, time]:
    """The outside appointment: a real date not before the request, and a time."""
    if not isinstance(day, date):
        raise ValidationError("appointment_date", "Type the appointment date at the facility (MM/DD/YYYY).")
    if day < requested_on:
        raise ValidationError("appointment_date", f"The appointment cannot be before the request "
                                                  f"({requested_on:%m/%d/%Y}).")
    if day > requested_on + timedelta(days=730):
        raise ValidationError("appointment_date", "The appointment is more than two years away; check the year.")
    if not isinstance(at, time):
        raise ValidationError("appointment_time", "Type the appointment time at the facility, e.g. 10:30 AM.")
    return day, at.replace(second=0, microsecond=0, tzinfo=None)


def check_completion(status: str, appointment_date: date | None, today: date) -> None:
    """A referral is completed on or after its outside appointment's day, never before it happens."""
    if status == "completed" and appointment_date is not None and appointment_date > today:
        raise ValidationError("appointment_date", f"The appointment at the facility is on {appointment_date:%m/%d/%Y}; "
                                                  "mark the referral completed on or after that day.")


def clean_incoming(data: IncomingReferralInput, *, today: date) -> dict[str, object]:
    """An incoming referral: the referring provider's name and NPI (they go on claims), its dates and limits."""
    if not isinstance(data, IncomingReferralInput):
        raise TypeError("data must be an IncomingReferralInput")
    values: dict[str, object] = {
        "referring_last_name": clean_name(data.referring_last_name, "referring_last_name",
                                          "Referring provider's last name"),
        "referring_first_name": clean_name(data.referring_first_name, "referring_first_name",
                                           "Referring provider's first name", required=False),
        "referring_npi": validate_npi(data.referring_npi or "", "referring_npi", "Referring provider's NPI"),
    }
    if not isinstance(data.starts_on, date):
        raise ValidationError("starts_on", "Type the referral's date (MM/DD/YYYY).")
    if data.starts_on > today + timedelta(days=365) or data.starts_on.year < 2000:
        raise ValidationError("starts_on", "The referral's date looks wrong; check the year.")
    values["starts_on"] = data.starts_on
    if data.ends_on is not None:
        if not isinstance(data.ends_on, date):
            raise ValidationError("ends_on", "The end date must be a date (MM/DD/YYYY), or blank.")
        if data.ends_on < data.starts_on:
            raise ValidationError("ends_on", "The referral cannot end before it starts.")
    values["ends_on"] = data.ends_on
    values["reason"] = clean_text(data.reason, "reason", "Reason", max_len=500, multiline=True)
    values["authorization_number"] = clean_authorization(data.authorization_number)
    values["visits_allowed"] = clean_visits(data.visits_allowed)
    return values
