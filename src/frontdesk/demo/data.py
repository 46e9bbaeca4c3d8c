"""Synthetic patients and providers for the demo practice and benchmarks (Faker, seeded)."""

from __future__ import annotations

import random

from sqlalchemy import bindparam, func, insert, select, update

from frontdesk.domain.permissions import Permission
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import Family, Guarantor, Patient, PatientPhone, Practice, Provider
from frontdesk.services._base import Tx, operation
from frontdesk.demo._patients import DemoPeople, fake_npi
from frontdesk.services._practice_clock import practice_today

__all__ = ["DEMO_PROVIDERS", "MAX_PATIENTS", "fake_npi", "seed_demo_patients", "seed_demo_providers"]

MAX_PATIENTS = 2_000_000
DEMO_PROVIDERS = (
    ("Maria", "Alvarez", "MD", "207Q00000X"),
    ("James", "Okafor", "DO", "207R00000X"),
    ("Linda", "Chen", "NP", "363LF0000X"),
)


@operation(Permission.MANAGE_PRACTICE)
def seed_demo_providers(tx: Tx, seed: int = 7) -> int:
    """Add the demo practice's three providers (valid NPIs); only in a demo practice."""
    _require_demo(tx)
    rng = random.Random(seed)
    added = 0
    for first, last, cred, taxonomy in DEMO_PROVIDERS:
        tx.session.add(Provider(first_name=first, last_name=last, credential=cred, npi=fake_npi(rng),
                                taxonomy=taxonomy, active=True))
        added += 1
    tx.session.flush()
    tx.audit("demo.providers", entity_type="provider", detail=f"{added} demo providers")
    tx.changed("providers")
    return added


@operation(Permission.MANAGE_PRACTICE)
def seed_demo_patients(tx: Tx, count: int, seed: int = 42, chunk: int = 5000) -> int:
    """Bulk-insert ``count`` fake patients (one audit event for the batch); only in a demo practice.

    Besides demographics and up to three phones each, some adults come with their children (a
    household whose guarantor is the parent), a few elderly patients have a non-patient guarantor,
    and a few patients are inactive or deceased.
    """
    _require_demo(tx)
    if not isinstance(count, int) or not 0 <= count <= MAX_PATIENTS:
        raise ValidationError("patients", f"Number of demo patients must be 0 to {MAX_PATIENTS:,}.")
    session = tx.session
    people = DemoPeople(seed, _next_id(tx, Patient.id), _next_id(tx, Family.id), _next_id(tx, Guarantor.id),
                        today=practice_today(tx.session))
    patient_table = Patient.__table__
    link = (update(patient_table).where(patient_table.c.id == bindparam("pid"))
            .values(guarantor_id=bindparam("gid"), guarantor_relationship=bindparam("rel")))
    for batch in people.rows(count, chunk):
        # Families first; guarantors point at patients and patients at guarantors, so the links come last.
        if batch.families:
            session.execute(insert(Family), batch.families)
        session.execute(insert(Patient), batch.patients)
        if batch.guarantors:
            session.execute(insert(Guarantor), batch.guarantors)
        if batch.links:
            session.connection().execute(link, batch.links)
        session.execute(insert(PatientPhone), batch.phones)
    tx.audit("demo.patients", entity_type="patient", detail=f"{count} synthetic patients")
    tx.changed("patients")
    return count


def _next_id(tx: Tx, column) -> int:  # type: ignore[no-untyped-def]
    return (tx.session.scalar(select(func.max(column))) or 0) + 1


def _require_demo(tx: Tx) -> None:
    practice = tx.session.scalar(select(Practice).limit(1))
    if practice is None or not practice.is_demo:
        raise ConflictError("Synthetic data can only be added to a demo practice.")
