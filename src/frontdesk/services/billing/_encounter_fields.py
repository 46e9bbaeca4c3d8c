"""Validation of encounter headers, diagnosis lists and service lines (errors name the form field)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from frontdesk.codes.icd10cm import validate_diagnosis
from frontdesk.domain.claim_form import (
    DIAGNOSIS_LETTERS,
    MAX_DIAGNOSES,
    MAX_MODIFIERS,
    MAX_POINTERS,
)
from frontdesk.domain.formats import clean_state
from frontdesk.domain.money import parse_money, to_cents
from frontdesk.domain.npi import validate_npi
from frontdesk.domain.procedure_codes import (
    NDC_UNITS,
    clean_modifiers,
    clean_ndc,
    clean_ndc_quantity,
    clean_place_of_service,
)
from frontdesk.domain.text import clean_name, clean_text
from frontdesk.errors import ValidationError
from frontdesk.models import Encounter, Provider, ServiceLine
from frontdesk.services.billing.billing_types import EncounterHeader, ServiceLineInput

REFERRING_QUALIFIERS = {"DN": "Referring provider", "DK": "Ordering provider"}
MAX_UNITS = 999
# Service lines older than this are typing mistakes (payers refuse claims after a year or so anyway).
EARLIEST_SERVICE = date(2000, 1, 1)
_PRIOR_AUTH_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]*$")


def clean_service_date(value: object, field: str, label: str, *, today: date) -> date:
    """A date of service: a real date, not in the future, not absurdly old."""
    if not isinstance(value, date):
        raise ValidationError(field, f"{label} is required (MM/DD/YYYY).")
    if value > today:
        raise ValidationError(field, f"{label} {value:%m/%d/%Y} is in the future; bill a visit after it happens.")
    if value < EARLIEST_SERVICE:
        raise ValidationError(field, f"{label} {value:%m/%d/%Y} is too far in the past; check the year.")
    return value


def active_provider(session: Session, provider_id: object) -> Provider:
    """The rendering provider: must exist and be active."""
    if isinstance(provider_id, bool) or not isinstance(provider_id, int):
        raise ValidationError("rendering_provider_id", "Choose the rendering provider.")
    provider = session.get(Provider, provider_id)
    if provider is None:
        raise ValidationError("rendering_provider_id", "That provider no longer exists; choose another.")
    if not provider.active:
        raise ValidationError("rendering_provider_id",
                              f"{provider.first_name} {provider.last_name} is no longer active; choose another provider.")
    return provider


def clean_place_of_service_code(value: object, field: str = "place_of_service") -> str:
    """A two-digit CMS place of service code (the codes helper knows the list)."""
    return clean_place_of_service(value, field)


def _clean_referring(header: EncounterHeader) -> dict[str, object]:
    qualifier = (header.referring_qualifier or "").strip().upper()
    npi_text = (header.referring_npi or "").strip()
    first = header.referring_first_name or ""
    last = header.referring_last_name or ""
    if not (qualifier or npi_text or first.strip() or last.strip()):
        return {"referring_qualifier": "", "referring_first_name": "", "referring_last_name": "", "referring_npi": ""}
    if qualifier not in REFERRING_QUALIFIERS:
        raise ValidationError("referring_qualifier", "Say whether the provider in box 17 is the referring (DN) "
                                                     "or the ordering (DK) provider.")
    return {
        "referring_qualifier": qualifier,
        "referring_last_name": clean_name(last, "referring_last_name", "Referring provider's last name"),
        "referring_first_name": clean_name(first, "referring_first_name", "Referring provider's first name",
                                           required=False),
        "referring_npi": validate_npi(npi_text, "referring_npi", "Referring provider's NPI"),
    }


def clean_header(session: Session, header: EncounterHeader, *, today: date,
                 current_provider_id: int | None = None) -> dict[str, object]:
    """Every header field validated in form order; raises on the first bad one (named)."""
    if not isinstance(header, EncounterHeader):
        raise TypeError("header must be an EncounterHeader")
    service_date = clean_service_date(header.service_date, "service_date", "Date of service", today=today)
    if header.rendering_provider_id != current_provider_id:
        active_provider(session, header.rendering_provider_id)
    else:  # an existing encounter keeps its provider even if they left later; still must exist
        if session.get(Provider, header.rendering_provider_id) is None:
            raise ValidationError("rendering_provider_id", "That provider no longer exists; choose another.")
    values: dict[str, object] = {
        "service_date": service_date,
        "rendering_provider_id": header.rendering_provider_id,
        "place_of_service": clean_place_of_service_code(header.place_of_service),
    }
    values.update(_clean_referring(header))
    auth = " ".join(clean_text(header.prior_authorization, "prior_authorization", "Prior authorization number",
                               max_len=30).split())
    if auth and not _PRIOR_AUTH_RE.match(auth):
        raise ValidationError("prior_authorization", "Prior authorization number may only contain letters, "
                                                     "digits, dashes and spaces.")
    values["prior_authorization"] = auth
    onset = header.onset_date
    if onset is not None:
        if not isinstance(onset, date):
            raise ValidationError("onset_date", "Onset date must be a date (MM/DD/YYYY).")
        if onset > service_date:
            raise ValidationError("onset_date", "Onset date cannot be after the date of service.")
        if onset.year < 1900:
            raise ValidationError("onset_date", "Onset date is too far in the past; check the year.")
    values["onset_date"] = onset
    for name in ("employment_related", "auto_accident", "other_accident"):
        flag = getattr(header, name)
        if not isinstance(flag, bool):
            raise ValidationError(name, "Answer yes or no.")
        values[name] = flag
    if header.auto_accident:
        if not (header.auto_accident_state or "").strip():
            raise ValidationError("auto_accident_state", "Auto accident needs the state where it happened (box 10b).")
        values["auto_accident_state"] = clean_state(header.auto_accident_state, "auto_accident_state")
    else:
        values["auto_accident_state"] = ""
    values["notes"] = clean_text(header.notes, "notes", "Notes", max_len=500, multiline=True)
    return values


def clean_diagnoses(codes: Sequence[str]) -> list[str]:
    """Up to 12 valid, billable, distinct ICD-10-CM codes in order (A..L); field diagnosis_<n> is 1-based."""
    if isinstance(codes, str):
        raise TypeError("codes must be a sequence of codes, not one string")
    items = [c for c in codes]
    if len(items) > MAX_DIAGNOSES:
        raise ValidationError(f"diagnosis_{MAX_DIAGNOSES + 1}",
                              f"A claim holds at most {MAX_DIAGNOSES} diagnoses (A to L); remove {len(items) - MAX_DIAGNOSES}.")
    cleaned: list[str] = []
    for n, raw in enumerate(items, start=1):
        field = f"diagnosis_{n}"
        code = validate_diagnosis(raw, field=field).code
        if code in cleaned:
            letter = DIAGNOSIS_LETTERS[cleaned.index(code)]
            raise ValidationError(field, f"{code} is already diagnosis {letter}; each code appears once.")
        cleaned.append(code)
    return cleaned


def clean_pointers(value: object, diagnosis_count: int, field: str = "pointers") -> str:
    """Diagnosis pointer letters ("AB", "a, b", "A B"): 1-4 distinct letters naming existing diagnoses."""
    if not isinstance(value, str):
        raise ValidationError(field, "Diagnosis pointers must be letters such as A or AB.")
    letters = "".join(ch for ch in value.upper() if ch not in " ,;")
    if not letters:
        raise ValidationError(field, "Point the line at a diagnosis (box 24E), e.g. A.")
    if any(ch not in DIAGNOSIS_LETTERS for ch in letters):
        raise ValidationError(field, "Diagnosis pointers are the letters A to L.")
    if len(letters) > MAX_POINTERS:
        raise ValidationError(field, f"A line points at no more than {MAX_POINTERS} diagnoses.")
    if len(set(letters)) != len(letters):
        raise ValidationError(field, "Each diagnosis pointer appears once on a line.")
    for ch in letters:
        if DIAGNOSIS_LETTERS.index(ch) >= diagnosis_count:
            raise ValidationError(field, f"Pointer {ch} points at a diagnosis the encounter does not have"
                                         f" (it has {diagnosis_count}).")
    return letters


def clean_units(value: object) -> int:
    """Whole units from 1 to 999."""
    if isinstance(value, bool):
        raise ValidationError("units", "Units must be a whole number such as 1.")
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.lstrip("-").isdigit()):
            raise ValidationError("units", "Units must be a whole number such as 1.")
        value = int(text)
    if not isinstance(value, int):
        raise ValidationError("units", "Units must be a whole number such as 1.")
    if value <= 0:
        raise ValidationError("units", "Units must be at least 1.")
    if value > MAX_UNITS:
        raise ValidationError("units", f"Units cannot be more than {MAX_UNITS}.")
    return value


def clean_line_dates(line: ServiceLineInput, service_date: date, *, today: date) -> tuple[date, date]:
    """From/to dates of a line (default: the date of service); neither in the future, to not before from."""
    start = clean_service_date(line.from_date or service_date, "from_date", "From date", today=today)
    end = clean_service_date(line.to_date or start, "to_date", "To date", today=today)
    if end < start:
        raise ValidationError("to_date", "To date cannot be before the from date.")
    return start, end


def line_charge_cents(charge: object, unit_fee_cents: int | None, units: int, code: str) -> int:
    """The line total: as typed, or the fee schedule's per-unit fee times units (exact integer cents)."""
    if charge is None or (isinstance(charge, str) and not charge.strip()):
        if unit_fee_cents is None:
            raise ValidationError("charge", f"{code} is not on the fee schedule; type the charge.")
        return unit_fee_cents * units
    cents = to_cents(parse_money(charge, "charge", "Charge"))
    if cents <= 0:
        raise ValidationError("charge", "Charge must be more than $0.00.")
    return cents


def clean_line_modifiers(value: object, allowed: Sequence[str]) -> tuple[str, ...]:
    """Up to four modifiers (format by the codes helper), each in the fee item's list when it has one."""
    mods = tuple(clean_modifiers(value, "modifiers"))
    if len(mods) > MAX_MODIFIERS:
        raise ValidationError("modifiers", f"A line has at most {MAX_MODIFIERS} modifiers.")
    if allowed:
        bad = [m for m in mods if m not in allowed]
        if bad:
            raise ValidationError("modifiers", f"Modifier {bad[0]} is not allowed with this code "
                                               f"(allowed: {', '.join(allowed)}).")
    return mods


def clean_ndc_fields(line: ServiceLineInput) -> dict[str, str]:
    """The optional NDC (11 digits) with its unit and quantity: all three or none."""
    ndc_text = (line.ndc or "").strip()
    if not ndc_text:
        if (line.ndc_unit or "").strip() or (line.ndc_quantity or "").strip():
            raise ValidationError("ndc", "Type the NDC for that unit and quantity, or clear them.")
        return {"ndc": "", "ndc_unit": "", "ndc_quantity": ""}
    ndc = clean_ndc(ndc_text, "ndc")
    unit = (line.ndc_unit or "").strip().upper()
    if unit not in NDC_UNITS:
        raise ValidationError("ndc_unit", f"NDC unit must be one of: {', '.join(NDC_UNITS)}.")
    quantity = clean_ndc_quantity(line.ndc_quantity, "ndc_quantity")
    return {"ndc": ndc, "ndc_unit": unit, "ndc_quantity": str(quantity)}


def next_line_number(session: Session, encounter_id: int) -> int:
    """The number a new line at the end of the encounter gets."""
    return (session.scalar(select(func.max(ServiceLine.line_number))
                           .where(ServiceLine.encounter_id == encounter_id)) or 0) + 1


def header_of(enc: Encounter) -> EncounterHeader:
    """The stored header as the input dataclass (what the edit form starts from)."""
    return EncounterHeader(
        service_date=enc.service_date, rendering_provider_id=enc.rendering_provider_id,
        place_of_service=enc.place_of_service, referring_qualifier=enc.referring_qualifier,
        referring_first_name=enc.referring_first_name, referring_last_name=enc.referring_last_name,
        referring_npi=enc.referring_npi, prior_authorization=enc.prior_authorization, onset_date=enc.onset_date,
        employment_related=enc.employment_related, auto_accident=enc.auto_accident,
        auto_accident_state=enc.auto_accident_state, other_accident=enc.other_accident, notes=enc.notes)
