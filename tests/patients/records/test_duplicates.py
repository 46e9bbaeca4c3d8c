"""Duplicate detection: ranked live candidates, and "create anyway" with a reason the audit trail records."""

from __future__ import annotations

import pytest
from pc_lib import audit_rows, basic

from frontdesk.domain.names import damerau_levenshtein, similar_last_names, soundex
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.services.patients import duplicates, merge, patients
from frontdesk.services.patients.duplicates import PossibleDuplicateError


@pytest.fixture
def saved(admin_ctx):  # type: ignore[no-untyped-def]
    """Four people: same last name + DOB, similar last name + DOB, same phone only, and no match."""
    reason = "set-up of look-alikes"
    return {
        "same": patients.register_patient(admin_ctx, basic("Jon", "Smith", dob="05/06/1970")),
        "similar": patients.register_patient(admin_ctx, basic("Jane", "Smyth", dob="05/06/1970"),
                                             duplicate_override_reason=reason),
        "phone": patients.register_patient(admin_ctx, basic("Mary", "Jones", dob="01/01/1990",
                                                            mobile_phone="(518) 555-0142")),
        "other": patients.register_patient(admin_ctx, basic("Ann", "Smith", dob="02/02/1980")),
    }


def test_candidates_are_ranked_same_then_similar_then_phone(admin_ctx, saved) -> None:
    found = duplicates.find_duplicates(admin_ctx, last_name="Smith", first_name="Bob", dob="05/06/1970",
                                       phones=["518-555-0142"])
    assert [c.patient.id for c in found] == [saved["same"].id, saved["similar"].id, saved["phone"].id]
    same, similar, phone = found
    assert same.score > similar.score > phone.score
    assert same.reasons == ("same last name and date of birth",)
    assert similar.reasons == ("similar last name and same date of birth",)
    assert phone.reasons == ("same phone number",)
    assert (same.likely, similar.likely, phone.likely) == (True, True, False)  # a family shares a phone


def test_the_first_name_breaks_ties_and_makes_a_shared_phone_likely(admin_ctx, saved) -> None:
    found = duplicates.find_duplicates(admin_ctx, last_name="Smith", first_name="Jon", dob="5/6/70")
    assert found[0].patient.id == saved["same"].id and "same first name" in found[0].reasons
    by_phone = duplicates.find_duplicates(admin_ctx, last_name="Jonas", first_name="mary", phones=["5185550142"])
    assert [(c.patient.id, c.likely) for c in by_phone] == [(saved["phone"].id, True)]


@pytest.mark.parametrize(("typed", "other"), [
    ("Smith", "Smyth"), ("Smith", "Smiht"), ("Johnson", "Jonson"), ("Garcia", "Garcia-Lopez"),
    ("Lopez", "García López"), ("Schmidt", "Schmitt"), ("Li", "Lee"),
])
def test_similar_last_names(typed: str, other: str) -> None:
    assert similar_last_names(typed, other) and similar_last_names(other, typed)


@pytest.mark.parametrize(("typed", "other"), [("Smith", "Jones"), ("Lee", "Kim"), ("De La Cruz", "De Jong"),
                                              ("Adams", "Baker"), ("", "Smith")])
def test_different_last_names(typed: str, other: str) -> None:
    assert not similar_last_names(typed, other)


def test_name_helpers() -> None:
    assert soundex("robert") == soundex("rupert") == "r163"
    assert soundex("ashcraft") == "a261"  # h between s and c does not separate them
    assert soundex("") == "" and soundex("123") == ""
    assert damerau_levenshtein("smith", "smiht") == 1  # one swap
    assert damerau_levenshtein("smith", "smyth") == 1
    assert damerau_levenshtein("abc", "abcdefgh", limit=2) == 3  # capped


def test_live_check_ignores_what_is_not_typed_yet(admin_ctx, saved) -> None:
    assert duplicates.find_duplicates(admin_ctx) == []
    assert duplicates.find_duplicates(admin_ctx, last_name="Smith", dob="05/0") == []
    assert duplicates.find_duplicates(admin_ctx, last_name="Smith", dob="02/30/1970", phones=["518-55"]) == []
    assert duplicates.find_duplicates(admin_ctx, last_name="%", dob="05/06/1970", phones=["%", "x" * 10_000]) == []
    assert [c.patient.id for c in duplicates.find_duplicates(admin_ctx, last_name="Smith", dob="05/06/1970",
                                                             exclude_id=saved["same"].id)] == [saved["similar"].id]


def test_saving_a_likely_duplicate_needs_a_reason(admin_ctx, saved) -> None:
    before = len(patients.search_patients(admin_ctx, "smith", include_inactive=True))
    with pytest.raises(PossibleDuplicateError) as info:
        patients.register_patient(admin_ctx, basic("Jon", "Smith", dob="05/06/1970"))
    assert isinstance(info.value, ConflictError)
    assert [c.patient.id for c in info.value.candidates] == [saved["same"].id, saved["similar"].id]
    assert "Create anyway" in info.value.message and info.value.field == "duplicate_override_reason"
    assert len(patients.search_patients(admin_ctx, "smith", include_inactive=True)) == before  # nothing saved
    with pytest.raises(ValidationError) as blank:
        patients.register_patient(admin_ctx, basic("Jon", "Smith", dob="05/06/1970"), duplicate_override_reason=" ")
    assert blank.value.field == "duplicate_override_reason"

    reason = "Jon Smith Jr., son of the other Jon Smith; confirmed by phone"
    record = patients.register_patient(admin_ctx, basic("Jon", "Smith", dob="05/06/1970"),
                                       duplicate_override_reason=reason)
    assert record.duplicate_override_reason == reason
    assert patients.open_patient(admin_ctx, record.id).duplicate_override_reason == reason
    [event] = audit_rows(admin_ctx, "patient.create", patient_id=record.id)
    assert event.detail == f"created despite 2 possible duplicates: ids {saved['same'].id}, {saved['similar'].id}"
    assert "Jon" not in event.detail and "son" not in event.detail  # the reason stays out of the audit trail


def test_a_shared_family_phone_alone_does_not_block(admin_ctx, saved) -> None:
    child = patients.register_patient(admin_ctx, basic("Tim", "Jones", dob="04/04/2015", home_phone="518.555.0142"))
    assert child.duplicate_override_reason == ""
    assert audit_rows(admin_ctx, "patient.create", patient_id=child.id)[0].detail == ""


def test_merged_records_are_not_candidates(admin_ctx, saved) -> None:
    merge.merge_patients(admin_ctx, saved["same"].id, saved["similar"].id)
    found = duplicates.find_duplicates(admin_ctx, last_name="Smith", dob="05/06/1970")
    assert [c.patient.id for c in found] == [saved["same"].id]
