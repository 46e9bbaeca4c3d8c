"""Patient records: register (with the duplicate check), open (audited view), update and search.

Insurance, consents and intake live in their own services; guarantor and family in services.family,
duplicates in services.duplicates, merges in services.merge.
"""

from __future__ import annotations

import uuid
from functools import partial

from frontdesk.domain import schedule_time
from frontdesk.domain.formats import phone_digits
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import ValidationError
from frontdesk.models import Patient
from frontdesk.services._base import Tx, operation
from frontdesk.services.patients._duplicate_match import find_candidates
from frontdesk.services.patients._patient_fields import clean_patient
from frontdesk.services.patients._patient_rows import apply_update, save_phones, summary_select, to_record
from frontdesk.services._lookups import load_editable, load_patient, phones_of
from frontdesk.services.patients._patient_search import search_plan, visible_statuses
from frontdesk.services.patients._record_version import ChangedMeanwhile, check_version, patient_saves
from frontdesk.services.patients._patient_types import (
    PatientInput,
    PatientRecord,
    PatientSummary,
)
from frontdesk.services.patients._patient_rows import aware_utc, next_appointment_start
from frontdesk.services._practice_clock import practice_today
from frontdesk.services.patients.duplicates import PossibleDuplicateError

__all__ = ["ACCOUNT_BASE", "SEARCH_LIMIT", "ChangedMeanwhile", "PatientInput", "PatientRecord", "PatientSummary", "open_patient",
           "register_patient", "search_patients", "update_patient"]

SEARCH_LIMIT = 200
ACCOUNT_BASE = 100000
MAX_QUERY = 200


@operation(Permission.EDIT_PATIENTS)
def register_patient(tx: Tx, data: PatientInput, *, duplicate_override_reason: str | None = None) -> PatientRecord:
    """Create a patient and give them an account number.

    When the patient looks like someone already registered, PossibleDuplicateError (with the ranked
    candidates) is raised unless ``duplicate_override_reason`` says why a new record is right; the
    reason is kept on the record and the audit event lists the candidates' ids.
    """
    clean = clean_patient(data, today=practice_today(tx.session))
    values = clean.values
    candidates = find_candidates(tx.session, last_name=str(values["last_name"]), first_name=str(values["first_name"]),
                                 dob=values["dob"],  # type: ignore[arg-type]
                                 phone_digits=[phone_digits(n) for n in clean.phones.values() if n], limit=50)
    likely = [c for c in candidates if c.likely]
    reason = ""
    if likely:
        if duplicate_override_reason is None:
            raise PossibleDuplicateError(likely)
        reason = clean_text(duplicate_override_reason, "duplicate_override_reason", "Reason for a new record",
                            max_len=500, required=True, multiline=True)
    patient = Patient(**clean.columns(), duplicate_override_reason=reason, account_number=uuid.uuid4().hex[:12])
    tx.session.add(patient)
    tx.session.flush()
    patient.account_number = str(ACCOUNT_BASE + patient.id)
    save_phones(tx.session, patient.id, clean.phones, {})
    detail = ""
    if likely:
        ids = ", ".join(str(c.patient.id) for c in likely)
        detail = f"created despite {len(likely)} possible duplicate{'s' if len(likely) != 1 else ''}: ids {ids}"
    tx.audit("patient.create", entity_type="patient", entity_id=patient.id, patient_id=patient.id, detail=detail)
    tx.changed("patients")
    return to_record(patient, clean.phones)


@operation(Permission.VIEW_PATIENTS)
def open_patient(tx: Tx, patient_id: int) -> PatientRecord:
    """Open a patient's record; writes the view event HIPAA asks for."""
    patient = load_patient(tx.session, patient_id)
    tx.audit("patient.view", entity_type="patient", entity_id=patient.id, patient_id=patient.id)
    return to_record(patient, phones_of(tx.session, patient.id))


@operation(Permission.EDIT_PATIENTS)
def update_patient(tx: Tx, patient_id: int, data: PatientInput, *, version: int | None = None) -> PatientRecord:
    """Save changes; the audit keeps the names of the fields that changed (never their values).

    Fields ``data`` leaves out (None) keep their saved values. ``version``: the record's version when the
    form was loaded (PatientRecord.version); when someone saved the patient since, ChangedMeanwhile says who
    and when and nothing is saved. Every form sends it; None (scripts) saves without the check.
    """
    patient = load_editable(tx.session, patient_id)
    check_version(tx.session, patient, version, what="this patient", saves=patient_saves(patient.id))
    record, changed = apply_update(tx.session, patient, data)
    tx.audit("patient.update", entity_type="patient", entity_id=patient.id, patient_id=patient.id,
             detail="fields: " + (", ".join(changed) or "none"))
    tx.changed("patients")
    return record


@operation(Permission.VIEW_PATIENTS, write=False)
def search_patients(tx: Tx, query: str, *, limit: int = SEARCH_LIMIT,
                    include_inactive: bool = False) -> list[PatientSummary]:
    """Find patients as they are typed: name ("last, first", "first last"), date of birth, any phone
    (or its 7-digit local part, or its last four digits), account number or insurance member id.

    Inactive and deceased patients show only with ``include_inactive``; merged records never do.
    """
    if not isinstance(query, str) or len(query) > MAX_QUERY:
        raise ValidationError("search", "Search text is too long.")
    limit = max(1, min(limit, 1000))
    status = visible_statuses(include_inactive)
    found: dict[int, PatientSummary] = {}
    upcoming = next_appointment_start(schedule_time.utc_now())
    for condition, order in search_plan(query, limit, partial(practice_today, tx.session)):
        stmt = summary_select().add_columns(upcoming).where(condition, status).order_by(*order).limit(limit)
        for *columns, next_start in tx.session.execute(stmt):
            found.setdefault(columns[0], PatientSummary(*columns, next_appointment=aware_utc(next_start)))
        if len(found) >= limit:
            break
    # No balance here: at practice scale (1.4 M charges, 1 M payments) the grouped balance query costs ~56 ms
    # per page and pushed a keystroke past its 30 ms budget; the ledger and the patient record show it.
    return list(found.values())[:limit]
