"""Minimal patient records: register, open (audited view), update and search.

The Patients issue extends these with insurance, guarantors, consents and duplicate checks.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, fields
from datetime import date, datetime

from sqlalchemy import and_, select

from frontdesk.domain.dates import clean_birth_date, parse_us_date
from frontdesk.domain.formats import clean_state, clean_zip, parse_phone, phone_digits
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_name, clean_text, fold_key
from frontdesk.errors import NotFoundError, ValidationError
from frontdesk.models import Patient
from frontdesk.models.base import utcnow
from frontdesk.services._base import Tx, operation
from frontdesk.services._query import prefix_range

SEARCH_LIMIT = 200
ACCOUNT_BASE = 100000


@dataclass(frozen=True)
class PatientInput:
    """What the registration form collects (strings as typed; the service validates)."""

    first_name: str
    last_name: str
    dob: date | str
    sex: str
    middle_name: str = ""
    phone: str = ""
    address_line1: str = ""
    address_line2: str = ""
    city: str = ""
    state: str = ""
    zip_code: str = ""


@dataclass(frozen=True)
class PatientRecord:
    id: int
    account_number: str
    first_name: str
    middle_name: str
    last_name: str
    dob: date
    sex: str
    phone: str
    address_line1: str
    address_line2: str
    city: str
    state: str
    zip_code: str
    updated_at: datetime

    @property
    def display_name(self) -> str:
        return f"{self.last_name}, {self.first_name}" + (f" {self.middle_name[:1]}." if self.middle_name else "")


@dataclass(frozen=True)
class PatientSummary:
    id: int
    account_number: str
    last_name: str
    first_name: str
    dob: date
    phone: str
    middle_name: str = ""


def _record(p: Patient) -> PatientRecord:
    return PatientRecord(**{f.name: getattr(p, f.name) for f in fields(PatientRecord)})


def _clean(data: PatientInput) -> dict[str, object]:
    sex = (data.sex or "").strip().upper()
    if sex not in ("M", "F"):
        raise ValidationError("sex", "Sex (as used on claims) must be M or F.")
    has_address = bool(str(data.address_line1 or "").strip())
    values: dict[str, object] = {
        "first_name": clean_name(data.first_name, "first_name", "First name"),
        "middle_name": clean_name(data.middle_name, "middle_name", "Middle name", required=False),
        "last_name": clean_name(data.last_name, "last_name", "Last name"),
        "dob": clean_birth_date(data.dob),
        "sex": sex,
        "phone": parse_phone(data.phone, "phone", "Phone"),
        "address_line1": clean_text(data.address_line1, "address_line1", "Address", max_len=80),
        "address_line2": clean_text(data.address_line2, "address_line2", "Address line 2", max_len=80),
        "city": clean_text(data.city, "city", "City", max_len=60, required=has_address),
        "state": clean_state(data.state, required=has_address),
        "zip_code": clean_zip(data.zip_code, required=has_address),
    }
    values["last_name_key"] = fold_key(str(values["last_name"]))
    values["first_name_key"] = fold_key(str(values["first_name"]))
    values["phone_digits"] = phone_digits(str(values["phone"]))
    return values


def _load(tx: Tx, patient_id: int) -> Patient:
    patient = tx.session.get(Patient, patient_id)
    if patient is None:
        raise NotFoundError("That patient record no longer exists.")
    return patient


@operation(Permission.EDIT_PATIENTS)
def register_patient(tx: Tx, data: PatientInput) -> PatientRecord:
    """Create a patient and give them an account number."""
    values = _clean(data)
    patient = Patient(**values, account_number=uuid.uuid4().hex[:12])
    tx.session.add(patient)
    tx.session.flush()
    patient.account_number = str(ACCOUNT_BASE + patient.id)
    tx.audit("patient.create", entity_type="patient", entity_id=patient.id, patient_id=patient.id)
    tx.changed("patients")
    return _record(patient)


@operation(Permission.VIEW_PATIENTS)
def open_patient(tx: Tx, patient_id: int) -> PatientRecord:
    """Open a patient's record; writes the view event HIPAA asks for."""
    patient = _load(tx, patient_id)
    tx.audit("patient.view", entity_type="patient", entity_id=patient.id, patient_id=patient.id)
    return _record(patient)


@operation(Permission.EDIT_PATIENTS)
def update_patient(tx: Tx, patient_id: int, data: PatientInput) -> PatientRecord:
    """Save changes; the audit keeps the names of the fields that changed (not their values)."""
    patient = _load(tx, patient_id)
    values = _clean(data)
    changed = sorted(k for k, v in values.items() if getattr(patient, k) != v and not k.endswith(("_key", "_digits")))
    for key, value in values.items():
        setattr(patient, key, value)
    patient.updated_at = utcnow()
    tx.audit("patient.update", entity_type="patient", entity_id=patient.id, patient_id=patient.id,
             detail="fields: " + (", ".join(changed) or "none"))
    tx.changed("patients")
    return _record(patient)


def _search_conditions(query: str) -> list:  # type: ignore[type-arg]
    """The WHERE clauses to run, in rank order; each one can be answered from a single index."""
    text = query.strip()
    dob = parse_us_date(text)
    if dob is not None:
        return [Patient.dob == dob]
    digits = "".join(ch for ch in text if ch.isdigit())
    if digits and len(digits) >= 4 and not any(ch.isalpha() for ch in text):
        return [Patient.account_number == digits, prefix_range(Patient.phone_digits, digits)]
    if "," in text:
        last, _, first = text.partition(",")
        last_key, first_key = fold_key(last), fold_key(first)
        conds = []
        if last_key:
            conds.append(prefix_range(Patient.last_name_key, last_key))
        if first_key:
            conds.append(prefix_range(Patient.first_name_key, first_key))
        return [and_(*conds)] if conds else []
    key = fold_key(text)
    if not key:
        return []
    # Last-name matches rank first; separate queries let each walk its own index in order and stop at
    # the limit, where one OR query would have to collect and sort every match (slow for "M").
    return [prefix_range(Patient.last_name_key, key), prefix_range(Patient.first_name_key, key)]


@operation(Permission.VIEW_PATIENTS, write=False)
def search_patients(tx: Tx, query: str, *, limit: int = SEARCH_LIMIT) -> list[PatientSummary]:
    """Find patients by name ("last, first"), date of birth, phone or account number."""
    if not isinstance(query, str) or len(query) > 200:
        raise ValidationError("search", "Search text is too long.")
    limit = max(1, min(limit, 1000))
    found: dict[int, PatientSummary] = {}
    for condition in _search_conditions(query):
        stmt = (select(Patient.id, Patient.account_number, Patient.last_name, Patient.first_name, Patient.dob,
                       Patient.phone, Patient.middle_name)
                .where(condition).order_by(Patient.last_name_key, Patient.first_name_key, Patient.id)
                .limit(limit))
        for row in tx.session.execute(stmt):
            found.setdefault(row.id, PatientSummary(*row))
        if len(found) >= limit:
            break
    return list(found.values())[:limit]
