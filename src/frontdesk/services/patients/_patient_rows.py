"""Reading and writing patient rows and their phones (query helpers: they never commit)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from datetime import UTC, datetime

from sqlalchemy import ScalarSelect, Select, delete, func, select
from sqlalchemy.orm import Session

from frontdesk.domain.formats import phone_digits
from frontdesk.domain.appointment_statuses import OPEN_STATUSES
from frontdesk.models import Appointment, Patient, PatientPhone
from frontdesk.services._lookups import phones_of
from frontdesk.models.base import utcnow
from frontdesk.models.patient_phone import PHONE_KINDS
from frontdesk.services.patients._patient_fields import PHONE_FIELDS, clean_patient
from frontdesk.services.patients._patient_types import PatientInput, PatientRecord, PatientSummary
from frontdesk.services.patients._record_version import bump_version
from frontdesk.services._practice_clock import practice_today

_RECORD_FIELDS = tuple(f.name for f in fields(PatientRecord))
# The columns a search row needs, in PatientSummary's positional order.
SUMMARY_COLUMNS = (Patient.id, Patient.account_number, Patient.last_name, Patient.first_name, Patient.dob,
                   Patient.phone, Patient.middle_name, Patient.suffix, Patient.preferred_name, Patient.status)


def phone_row(patient_id: int, kind: str, e164: str) -> dict[str, object]:
    """A patient_phone row with its search keys."""
    digits = phone_digits(e164)
    return {"patient_id": patient_id, "kind": kind, "e164": e164, "digits": digits, "local7": digits[-7:],
            "last4": digits[-4:]}


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
    if changed:  # a save that changes nothing leaves other people's open forms current
        bump_version(patient)
    save_phones(session, patient.id, clean.phones, before_phones)
    return to_record(patient, clean.phones), changed


def input_from(patient: Patient) -> dict[str, object]:
    """The required form fields of a saved patient, to build a PatientInput that changes only a few others."""
    return {"first_name": patient.first_name, "last_name": patient.last_name, "dob": patient.dob,
            "sex": patient.sex, "middle_name": patient.middle_name, "address_line1": patient.address_line1,
            "address_line2": patient.address_line2, "city": patient.city, "state": patient.state,
            "zip_code": patient.zip_code}


def next_appointment_start(after_utc: datetime) -> ScalarSelect[datetime]:
    """A column for a patient query: the row's patient's next open appointment start after ``after_utc`` (UTC).

    Part of the search's own query, not a second one: one index probe per row shown (the patient's appointments
    in start order), and on a practice server one round trip less per keystroke. Raw: see ``aware_utc``."""
    return (select(func.min(Appointment.start_utc))
            .where(Appointment.patient_id == Patient.id, Appointment.start_utc > after_utc,
                   Appointment.status.in_(OPEN_STATUSES))
            .correlate(Patient).scalar_subquery())


def aware_utc(start: datetime | None) -> datetime | None:
    """min() over the UTC column comes back without its zone on some engines: make it an aware UTC datetime."""
    return start if start is None or start.tzinfo else start.replace(tzinfo=UTC)