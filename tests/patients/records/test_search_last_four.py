"""Issue 21 item 2: the last four digits of any of a patient's phones find them ("the one ending in 0180"),
on both engines, through an index (an equality on patient_phone.last4, never a suffix LIKE)."""

from __future__ import annotations

import pytest
from pc_lib import basic

from frontdesk.services.patients import patients
from frontdesk.services.patients._patient_search import search_plan
from testsupport import practice_today


def ids(ctx, query: str, **kw) -> list[int]:  # type: ignore[no-untyped-def]
    return [p.id for p in patients.search_patients(ctx, query, **kw)]


@pytest.mark.both_engines
def test_the_last_four_digits_of_any_phone_find_the_patient(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    smith = patients.register_patient(admin_ctx, basic("John", "Smith", home_phone="(518) 555-0180", preferred_phone_kind="home",
                                                       work_phone="(315) 444-7712"))
    salas = patients.register_patient(admin_ctx, basic("Maria", "Salas", phone="(518) 555-0142"))
    assert ids(admin_ctx, "0180") == [smith.id]
    assert ids(admin_ctx, "7712") == [smith.id]  # any of the phones, not only the preferred one
    assert ids(admin_ctx, "0142") == [salas.id]
    assert ids(admin_ctx, "0181") == []
    # A changed number is found by its new ending only.
    patients.update_patient(admin_ctx, salas.id, basic("Maria", "Salas", phone="(518) 555-9911"))
    assert ids(admin_ctx, "0142") == [] and ids(admin_ctx, "9911") == [salas.id]


@pytest.mark.both_engines
def test_an_ending_ranks_before_numbers_that_merely_start_with_the_digits(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    # Five local numbers starting 555-0... fill a page of five: the one ending in 5550 still comes first.
    starting = [patients.register_patient(admin_ctx, basic(
        first, f"Early {first}", dob=f"01/0{n + 1}/1980", phone=f"(518) 555-01{n:02d}")).id
        for n, first in enumerate(("Anna", "Boris", "Chloe", "Dmitri", "Elena"))]
    ending = patients.register_patient(admin_ctx, basic("Zed", "Zulu", phone="(607) 444-5550")).id
    found = ids(admin_ctx, "5550", limit=5)
    assert found[0] == ending and set(found[1:]) <= set(starting)


@pytest.mark.sqlite_only("reads SQLite's query plan")
def test_the_ending_is_answered_from_its_index(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    condition, _order = search_plan("0180", 50, practice_today)[1]  # today: asked only if needed
    subquery = condition.right.element  # Patient.id IN (SELECT patient_id FROM patient_phone WHERE last4 = ...)
    with admin_ctx.db.engine.connect() as conn:
        compiled = subquery.compile(conn, compile_kwargs={"literal_binds": True})
        plan = " ".join(str(r[-1]) for r in conn.exec_driver_sql(f"EXPLAIN QUERY PLAN {compiled}"))
    assert "last4" in str(compiled) and "ix_patient_phone_number_last4" in plan
