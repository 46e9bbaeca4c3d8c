"""Reading and writing patient rows and their phones (query helpers: they never commit)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from frontdesk.domain.formats import phone_digits
from frontdesk.errors import ConflictError, NotFoundError
from frontdesk.models import Patient, PatientPhone
from frontdesk.models.base import utcnow
from frontdesk.models.patient_phone import PHONE_KINDS
from frontdesk.services.patients._patient_fields import PHONE_FIELDS, clean_patient
from frontdesk.services.patients._patient_types import PatientInput, PatientRecord, PatientSummary
from frontdesk.services._practice_clock import practice_today

_RECORD_FIELDS = tuple(f.name for f in fields(PatientRecord))
# The columns a search row needs, in PatientSummary's positional order.
SUMMARY_COLUMNS = (Patient.id, Patient.account_number, Patient.last_name, Patient.first_name, Patient.dob,
                   Patient.phone, Patient.middle_name, Patient.suffix, Patient.preferred_name, Patient.status)


def load_patient(session: Session, patient_id: object) -> Patient:
    """The patient row, or NotFoundError."""
    patient = session.get(Patient, patient_id) if isinstance(patient_id, int) else None
    if patient is None:
        raise NotFoundError("That patient record no longer exists.")
    return patient


def load_editable(session: Session, patient_id: object) -> Patient:
    """The patient row for a change; a merged-away record is history and refuses edits."""
    patient = load_patient(session, patient_id)
    if patient.status == "merged":
        survivor = session.get(Patient, patient.merged_into_id) if patient.merged_into_id else None
        where = f" (account {survivor.account_number})" if survivor else ""
        raise ConflictError(f"This record was merged into another{where}; open that record instead.")
    return patient


def phones_of(session: Session, patient_id: int) -> dict[str, str]:
    """The patient's phones by kind (E.164); every kind present, '' when none."""
    found = dict(session.execute(select(PatientPhone.kind, PatientPhone.e164)
                                 .where(PatientPhone.patient_id == patient_id)).all())
    return {kind: found.get(kind, "") for kind in PHONE_KINDS}


def phone_to_print(session: Session, patient: Patient) -> str:
    """The one phone number to print for the patient (E.164, '' when none): the preferred one, else mobile,
    home, work (the order a receiving office would most likely reach them on)."""
    phones = phones_of(session, patient.id)
    order = (patient.preferred_phone_kind, "mobile", "home", "work")
    return next((phones[k] for k in order if phones.get(k)), "")


def phone_row(patient_id: int, kind: str, e164: str) -> dict[str, object]:
    """A patient_phone row with its search keys."""
    digits = phone_digits(e164)
    return {"patient_id": patient_id, "kind": kind, "e164": e164, "digits": digits, "local7": digits[-7:]}


def save_phones(session: Session, patient_id: int, phones: dict[str, str], before: dict[str, str]) -> None:
    """Make the patient's phone rows match ``phones`` (touching only the kinds that changed)."""
    for kind in PHONE_KINDS:
        if phones[kind] == before.get(kind, ""):
            continue
        session.execute(delete(PatientPhone).where(PatientPhone.patient_id == patient_id, PatientPhone.kind == kind))
        if phones[kind]:
            session.add(PatientPhone(**phone_row(patient_id, kind, phones[kind])))
    session.flush()


def current_values(patient: Patient, phones: dict[str, str]) -> dict[str, object]:
    """The saved patient in the form's vocabulary (what ``clean_patient`` keeps for fields left out)."""
    values: dict[str, object] = {name: getattr(patient, name) for name in _RECORD_FIELDS if hasattr(patient, name)}
    values.update({PHONE_FIELDS[k]: phones[k] for k in PHONE_KINDS})
    return values


def to_record(patient: Patient, phones: dict[str, str]) -> PatientRecord:
    """The frozen record services hand out for a patient row and its phones."""
    values = current_values(patient, phones)
    return PatientRecord(**{name: values[name] for name in _RECORD_FIELDS})


def summary_select() -> Select:  # type: ignore[type-arg]
    """SELECT of the search-row columns; callers add WHERE, ORDER BY and LIMIT."""
    return select(*SUMMARY_COLUMNS)


def summaries(session: Session, ids: Iterable[int]) -> dict[int, PatientSummary]:
    """Search rows for ``ids`` (any status), keyed by id."""
    wanted = list(dict.fromkeys(ids))
    if not wanted:
        return {}
    rows = session.execute(summary_select().where(Patient.id.in_(wanted)))
    return {row.id: PatientSummary(*row) for row in rows}


def apply_update(session: Session, patient: Patient, data: PatientInput) -> tuple[PatientRecord, list[str]]:
    """Validate ``data`` against the saved record and save it; returns the record and the changed field names.

    Only fields the caller sent can count as changed, in the caller's vocabulary (``phone`` for the
    one-phone form, ``home_phone`` ... for the full one).
    """
    before_phones = phones_of(session, patient.id)
    before = current_values(patient, before_phones)
    clean = clean_patient(data, before, today=practice_today(session))
    changed = sorted(name for name in clean.supplied if name in before and clean.values[name] != before[name])
    for key, value in clean.columns().items():
        setattr(patient, key, value)
    patient.updated_at = utcnow()
    save_phones(session, patient.id, clean.phones, before_phones)
    return to_record(patient, clean.phones), changed


def input_from(patient: Patient) -> dict[str, object]:
    """The required form fields of a saved patient, to build a PatientInput that changes only a few others."""
    return {"first_name": patient.first_name, "last_name": patient.last_name, "dob": patient.dob,
            "sex": patient.sex, "middle_name": patient.middle_name, "address_line1": patient.address_line1,
            "address_line2": patient.address_line2, "city": patient.city, "state": patient.state,
            "zip_code": patient.zip_code}
