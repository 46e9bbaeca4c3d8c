"""Synthetic records for the demo practice and the benchmarks: patients with their households, and coverage.

The rows are made up elsewhere (``frontdesk.demo``, seeded Faker) and handed over as frozen dataclasses
(``SyntheticHousehold``, ``SyntheticCoverage``...; an iterable, so millions need not sit in memory at once).
Each operation writes only into a demo practice (real data would be indistinguishable from PHI), assigns the
database ids itself, refuses a row a caller got wrong (ValidationError naming the field and the row; nothing
is written), inserts in chunks with Core executemany (the benchmarks add up to 2,000,000 patients) and audits
the whole batch as one event.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import InstrumentedAttribute, Session

from frontdesk.domain.permissions import Permission
from frontdesk.errors import ValidationError
from frontdesk.models import (
    ConsentRecord,
    ConsentType,
    EligibilityCheck,
    Family,
    Guarantor,
    InsurancePolicy,
    Patient,
    PatientPhone,
    Payer,
)
from frontdesk.models.base import utcnow
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services._demo_practice import require_demo_practice
from frontdesk.services._practice_clock import practice_today
from frontdesk.services.patients._synthetic_rows import (
    check_consent,
    check_household,
    check_policy,
    consent_columns,
    eligibility_columns,
    guarantor_columns,
    patient_columns,
    phone_columns,
    policy_columns,
)
from frontdesk.services.patients._synthetic_types import (
    CoverageAdded,
    PatientForCoverage,
    SyntheticCheck,
    SyntheticConsent,
    SyntheticCoverage,
    SyntheticGuarantor,
    SyntheticHousehold,
    SyntheticPatient,
    SyntheticPhone,
    SyntheticPolicy,
    SyntheticSubscriber,
)

__all__ = ["CHUNK", "CoverageAdded", "PatientForCoverage", "SyntheticCheck", "SyntheticConsent", "SyntheticCoverage",
           "SyntheticGuarantor", "SyntheticHousehold", "SyntheticPatient", "SyntheticPhone", "SyntheticPolicy",
           "SyntheticSubscriber", "add_synthetic_coverage", "add_synthetic_patients", "demo_practice_today",
           "patients_for_coverage"]

CHUNK = 5000  # rows per executemany: large enough to be fast, small enough to keep memory flat
_ID_CHECK = 900  # ids per "do these patients exist" query (under SQLite's bound-parameter limit)


@operation(Permission.MANAGE_PRACTICE, write=False)
def demo_practice_today(tx: Tx) -> date:
    """Today on the practice's clock (synthetic rows are dated from it); ConflictError outside a demo practice.

    The demo calls it first, before it adds anything through the desk's own operations.
    """
    require_demo_practice(tx.session)
    return practice_today(tx.session)


@operation(Permission.MANAGE_PRACTICE)
def add_synthetic_patients(tx: Tx, households: Iterable[SyntheticHousehold], *, chunk: int = CHUNK) -> int:
    """Add the households' patients with their phones, family records and guarantors; returns the patients added.

    A household's guarantor is one of its patients or a person who is not a patient; each patient with a
    ``guarantor_relationship`` gets that guarantor. One audit event ("demo.patients") for the whole batch.
    """
    require_demo_practice(tx.session)
    _check_chunk(chunk)
    session = tx.session
    today, now = practice_today(session), utcnow()
    next_patient, next_family = _next_id(session, Patient.id), _next_id(session, Family.id)
    next_guarantor = _next_id(session, Guarantor.id)
    rows = _PatientRows()
    added = 0
    for household in households:
        check_household(household, added + 1, today)
        family_id = None
        if household.family:
            family_id, next_family = next_family, next_family + 1
            rows.families.append({"id": family_id, "created_at": now})
        ids = range(next_patient, next_patient + len(household.patients))
        next_patient += len(ids)
        for patient_id, patient in zip(ids, household.patients):
            rows.patients.append(patient_columns(patient, patient_id, family_id, now))
            rows.phones.extend(phone_columns(patient, patient_id))
        if household.guarantor is not None:
            guarantor = household.guarantor
            pays_id = None if guarantor.patient is None else ids[guarantor.patient]
            rows.guarantors.append(guarantor_columns(guarantor, next_guarantor, pays_id, now))
            rows.links.extend({"pid": patient_id, "gid": next_guarantor, "rel": patient.guarantor_relationship}
                              for patient_id, patient in zip(ids, household.patients)
                              if patient.guarantor_relationship)
            next_guarantor += 1
        added += len(ids)
        if len(rows.patients) >= chunk:
            rows.write(session)
    rows.write(session)
    tx.audit("demo.patients", entity_type="patient", detail=f"{added} synthetic patients")
    tx.changed("patients")
    return added


class _PatientRows:
    """One chunk of patient-side rows, written in the order the foreign keys need."""

    _LINK = (update(Patient.__table__).where(Patient.__table__.c.id == bindparam("pid"))
             .values(guarantor_id=bindparam("gid"), guarantor_relationship=bindparam("rel")))

    def __init__(self) -> None:
        self.families: list[dict[str, object]] = []
        self.patients: list[dict[str, object]] = []
        self.guarantors: list[dict[str, object]] = []
        self.links: list[dict[str, object]] = []  # patient -> guarantor, set once both rows exist
        self.phones: list[dict[str, object]] = []

    def write(self, session: Session) -> None:
        _insert(session, Family, self.families)
        _insert(session, Patient, self.patients)
        _insert(session, Guarantor, self.guarantors)
        if self.links:
            session.connection().execute(self._LINK, self.links)
            self.links.clear()
        _insert(session, PatientPhone, self.phones)


@operation(Permission.MANAGE_PRACTICE, write=False)
def patients_for_coverage(tx: Tx) -> list[PatientForCoverage]:
    """Every patient's id, birth date, sex, last name and address, by id: what coverage is generated from."""
    require_demo_practice(tx.session)
    rows = tx.session.execute(select(Patient.id, Patient.dob, Patient.sex, Patient.last_name, Patient.address_line1,
                                     Patient.city, Patient.state, Patient.zip_code).order_by(Patient.id))
    return [PatientForCoverage(*row) for row in rows]


@operation(Permission.MANAGE_PRACTICE)
def add_synthetic_coverage(tx: Tx, records: Iterable[SyntheticCoverage], *, chunk: int = CHUNK) -> CoverageAdded:
    """Add saved patients' policies (with their eligibility checks) and signed consents.

    Checks and consents are recorded as by the signed-in user. One audit event ("demo.insurance").
    """
    require_demo_practice(tx.session)
    _check_chunk(chunk)
    user_id = require_actor(tx).user_id
    session = tx.session
    today, now = practice_today(session), utcnow()
    payer_ids = frozenset(session.scalars(select(Payer.id)))
    type_ids = frozenset(session.scalars(select(ConsentType.id)))
    next_policy = _next_id(session, InsurancePolicy.id)
    policies: list[dict[str, object]] = []
    checks: list[dict[str, object]] = []
    consents: list[dict[str, object]] = []
    patients: dict[int, int] = {}  # patient id -> its record's number, checked before each write
    added = CoverageAdded(0, 0, 0)
    for number, record in enumerate(records, start=1):
        row = f"Coverage {number}"
        patients.setdefault(record.patient_id, number)
        for policy_number, policy in enumerate(record.policies, start=1):
            check_policy(policy, f"{row}, policy {policy_number}", today, payer_ids)
            policies.append(policy_columns(policy, next_policy, record.patient_id, now))
            checks.extend(eligibility_columns(check, next_policy, user_id, now) for check in policy.checks)
            next_policy += 1
        for consent_number, consent in enumerate(record.consents, start=1):
            check_consent(consent, f"{row}, consent {consent_number}", today, type_ids)
            consents.append(consent_columns(consent, record.patient_id, user_id, now))
        if len(policies) >= chunk or len(consents) >= chunk:
            added = _write_coverage(session, patients, policies, checks, consents, added)
    added = _write_coverage(session, patients, policies, checks, consents, added)
    tx.audit("demo.insurance", entity_type="insurance_policy",
             detail=f"{added.policies} synthetic policies, {added.checks} eligibility checks, "
                    f"{added.consents} consents")
    tx.changed("insurance", "consents")
    return added


def _write_coverage(session: Session, patients: dict[int, int], policies: list[dict[str, object]],
                    checks: list[dict[str, object]], consents: list[dict[str, object]],
                    added: CoverageAdded) -> CoverageAdded:
    _check_patients_exist(session, patients)
    added = CoverageAdded(added.policies + len(policies), added.checks + len(checks), added.consents + len(consents))
    _insert(session, InsurancePolicy, policies)
    _insert(session, EligibilityCheck, checks)
    _insert(session, ConsentRecord, consents)
    return added


def _check_patients_exist(session: Session, patients: dict[int, int]) -> None:
    """Refuse a record for a patient who is not saved (before the foreign key would, in less helpful words)."""
    ids = list(patients)
    for start in range(0, len(ids), _ID_CHECK):
        part = [i for i in ids[start:start + _ID_CHECK] if isinstance(i, int) and not isinstance(i, bool)]
        found = set(session.scalars(select(Patient.id).where(Patient.id.in_(part))))
        missing = next((i for i in ids[start:start + _ID_CHECK] if i not in found), None)
        if missing is not None:
            raise ValidationError("patient_id", f"Coverage {patients[missing]}: no patient has id {missing!r}.")
    patients.clear()


def _check_chunk(chunk: object) -> None:
    if isinstance(chunk, bool) or not isinstance(chunk, int) or chunk < 1:
        raise ValidationError("chunk", "Chunk size must be a whole number of rows, at least 1.")


def _next_id(session: Session, column: InstrumentedAttribute[int]) -> int:
    return (session.scalar(select(func.max(column))) or 0) + 1


def _insert(session: Session, model: type, rows: list[dict[str, object]]) -> None:
    """A Core executemany (the ORM's bulk path would fetch each new id back, one statement per row)."""
    if rows:
        session.execute(insert(model.__table__), rows)  # type: ignore[attr-defined]
        rows.clear()
