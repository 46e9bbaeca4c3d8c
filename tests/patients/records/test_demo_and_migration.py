"""The demo's synthetic patients obey the registration rules; revision 0003 upgrades older data in place."""

# Fixed dates are data here: a row as an older version stored it; its timestamps are only carried over.

from __future__ import annotations

import os
from datetime import date

import pytest
from shared_build import copy_of_shared_demo
from sqlalchemy import func, select

from frontdesk.models import Family, Guarantor, Patient, PatientPhone
from frontdesk.paths import DataPaths
from frontdesk.services.patients import family, patients
from frontdesk.services.patients._patient_fields import clean_patient
from frontdesk.services._practice_clock import practice_today
from frontdesk.services.patients._patient_rows import current_values
from frontdesk.services._lookups import phones_of
from frontdesk.services.patients._patient_types import PatientInput
from frontdesk.demo.data import seed_demo_patients
from frontdesk.storage.engine import Database
from frontdesk.storage.migrate import current_revision, downgrade_to, upgrade_to_head


@pytest.fixture(scope="module")
def demo(tmp_path_factory):  # type: ignore[no-untyped-def]
    from frontdesk.demo.build import ensure_demo

    # 600 patients, seed 3: the run's shared demo (shared_build.py), a copy of it
    folder = copy_of_shared_demo(tmp_path_factory, tmp_path_factory.mktemp("demo") / "practice")
    db, created = ensure_demo(DataPaths(folder))
    assert not created
    yield db
    db.close()


def test_every_demo_patient_passes_the_registration_rules(demo) -> None:
    with demo.session(write=False) as session:
        rows = list(session.scalars(select(Patient)))
        assert len(rows) == 600
        for patient in rows:
            saved = current_values(patient, phones_of(session, patient.id))
            data = PatientInput(**{name: saved[name] for name in PatientInput.__dataclass_fields__ if name != "phone"})
            clean = clean_patient(data, today=practice_today(session))
            assert clean.values == {k: saved[k] for k in clean.values}, patient.id
            assert patient.phone == saved[f"{patient.preferred_phone_kind}_phone"]


def test_the_demo_has_households_guarantors_and_every_status(demo) -> None:
    with demo.session(write=False) as session:
        statuses = dict(session.execute(select(Patient.status, func.count()).group_by(Patient.status)).all())
        families = session.scalar(select(func.count()).select_from(Family))
        person_guarantors = session.scalar(select(func.count()).select_from(Guarantor)
                                           .where(Guarantor.patient_id.is_(None)))
        dependant = session.scalar(select(Patient.id).where(Patient.guarantor_id.is_not(None)).limit(1))
        kinds = set(session.scalars(select(PatientPhone.kind).distinct()))
    assert statuses["active"] > 500 and statuses.get("inactive", 0) > 0 and statuses.get("deceased", 0) > 0
    assert families and person_guarantors is not None and kinds == {"home", "mobile", "work"}
    from frontdesk.demo.build import DEMO_PASSWORD, DEMO_USERNAME
    from frontdesk.services.admin import auth
    from frontdesk.services.session import ServiceContext

    ctx = ServiceContext(demo, auth.login(ServiceContext(demo), DEMO_USERNAME, DEMO_PASSWORD))
    who = family.get_guarantor(ctx, dependant)
    assert not who.is_self and who.address_line1 and who.last_name


def test_revision_0003_turns_the_old_single_phone_into_a_home_phone(tmp_path) -> None:
    db = Database(tmp_path / "old.db", os.urandom(32), create=True)
    try:
        upgrade_to_head(db)
        downgrade_to(db, "0002")
        conn = db.raw_connection()
        try:
            conn.execute("INSERT INTO patient (account_number, first_name, middle_name, last_name, dob, sex, phone, "
                         "address_line1, address_line2, city, state, zip_code, last_name_key, first_name_key, "
                         "phone_digits, created_at, updated_at) VALUES ('100001', 'Ada', '', 'Lovelace', "
                         "'1962-03-14', 'F', '+15185550142', '', '', '', '', '', 'lovelace', 'ada', '5185550142', "
                         "'2026-01-01 00:00:00', '2026-01-01 00:00:00')")
            conn.commit()
        finally:
            conn.close()
        upgrade_to_head(db)
        assert current_revision(db) != "0002"
        with db.session(write=False) as session:
            patient = session.scalar(select(Patient))
            assert (patient.status, patient.preferred_phone_kind, patient.email) == ("active", "home", "")
            assert phones_of(session, patient.id) == {"home": "+15185550142", "mobile": "", "work": ""}
            phone = session.scalar(select(PatientPhone))
            assert (phone.digits, phone.local7) == ("5185550142", "5550142")
            assert patient.dob == date(1962, 3, 14)
    finally:
        db.close()


def test_old_records_are_searchable_by_phone_after_the_upgrade(practice, admin_ctx) -> None:
    record = patients.register_patient(admin_ctx, patients.PatientInput("Ada", "Lovelace", "03/14/1962", "F",
                                                                        phone="(518) 555-0142"))
    downgrade_to(practice.db, "0002")
    upgrade_to_head(practice.db)
    assert [p.id for p in patients.search_patients(admin_ctx, "555-0142")] == [record.id]
    assert patients.open_patient(admin_ctx, record.id).home_phone == "+15185550142"


def test_seeding_needs_a_demo_practice(admin_ctx) -> None:
    from frontdesk.errors import ConflictError

    with pytest.raises(ConflictError):
        seed_demo_patients(admin_ctx, 5)
