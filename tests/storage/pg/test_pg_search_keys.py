"""The search keys compare by their bytes on PostgreSQL whatever the server's locale (migration 0031), so a
prefix range (services/_query.py) is exact and read from its index in the order SQLite's index has."""

from __future__ import annotations

from sqlalchemy import text

from frontdesk.services.patients import patients
from frontdesk.services.patients.patients import PatientInput

KEYS = {("patient", "last_name_key"), ("patient", "first_name_key"), ("patient_phone", "digits"),
        ("patient_phone", "local7"), ("insurance_policy", "member_key")}


def test_every_search_key_column_is_in_byte_order(practice) -> None:  # type: ignore[no-untyped-def]
    with practice.db.session(write=False) as session:
        rows = session.execute(text("SELECT table_name, column_name, collation_name FROM information_schema.columns "
                                    "WHERE table_schema = current_schema()")).all()
    assert {(t, c) for t, c, collation in rows if collation == "C"} == KEYS


def test_a_prefix_search_walks_the_name_index(practice, frontdesk_ctx) -> None:  # type: ignore[no-untyped-def]
    for first, last, dob in (("Ann", "Smith", "03/14/1962"), ("Bob", "Smithers", "04/15/1971"),
                             ("Cyd", "Smyth", "05/16/1980"), ("Dee", "Smi", "06/17/1999")):
        patients.register_patient(frontdesk_ctx, PatientInput(first_name=first, last_name=last, dob=dob, sex="F"))
    assert [p.last_name for p in patients.search_patients(frontdesk_ctx, "smi")] == ["Smi", "Smith", "Smithers"]
    with practice.db.session(write=False) as session:
        session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = "\n".join(session.execute(text(
            "EXPLAIN SELECT id FROM patient WHERE last_name_key >= 'smi' AND last_name_key < 'smi' || chr(1114111) "
            "ORDER BY last_name_key, first_name_key LIMIT 200")).scalars())
    assert "ix_patient_last_key_first_key" in plan and "Sort" not in plan.split("Index")[0]
