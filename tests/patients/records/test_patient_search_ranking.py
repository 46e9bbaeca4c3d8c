"""Search ranking: last-name matches come before first-name matches, and the limit holds across both."""

from __future__ import annotations

from frontdesk.services.patients import patients
from frontdesk.services.patients.patients import PatientInput


def _add(ctx, first: str, last: str) -> None:  # type: ignore[no-untyped-def]
    # One shared birth date makes Mora/Morb/Morc look-alikes; the reason says they are meant to be.
    patients.register_patient(ctx, PatientInput(first, last, "01/02/1980", "F"), duplicate_override_reason="test data")


def test_last_name_matches_rank_before_first_name_matches(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    _add(admin_ctx, "Morgan", "Abbott")  # first name matches "mor"
    _add(admin_ctx, "Zoe", "Moreno")  # last name matches "mor"
    _add(admin_ctx, "Amy", "Morales")  # last name matches "mor"
    _add(admin_ctx, "Quinn", "Baker")  # no match
    names = [(r.last_name, r.first_name) for r in patients.search_patients(admin_ctx, "mor")]
    assert names == [("Morales", "Amy"), ("Moreno", "Zoe"), ("Abbott", "Morgan")]


def test_limit_applies_to_the_combined_result_without_duplicates(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    for i, last in enumerate(["Mora", "Morb", "Morc"]):
        _add(admin_ctx, "Mor" + "abc"[i], last)  # matches both by last and by first name
    _add(admin_ctx, "Morx", "Zed")
    results = patients.search_patients(admin_ctx, "mor", limit=3)
    assert [r.last_name for r in results] == ["Mora", "Morb", "Morc"]
    everything = patients.search_patients(admin_ctx, "mor")
    assert len(everything) == len({r.id for r in everything}) == 4
