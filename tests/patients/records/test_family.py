"""Guarantor (self, another patient, or someone who is not a patient) and family links with one-call copying."""

from __future__ import annotations

from datetime import date

import pytest
from pc_lib import audit_rows, basic, full

from frontdesk.errors import ConflictError, NotFoundError, ValidationError
from frontdesk.services.patients import family, patients
from frontdesk.services.patients.family import GuarantorInput

PERSON = GuarantorInput(first_name="Martha", last_name="Jones", address_line1="9 Oak Road", city="Troy",
                        state="ny", zip_code="12180", phone="(518) 555-0177", dob="07/04/1948")


@pytest.fixture
def household(admin_ctx):  # type: ignore[no-untyped-def]
    mom = patients.register_patient(admin_ctx, full("Mary", "Jones"))
    kid = patients.register_patient(admin_ctx, basic("Tim", "Jones", dob="04/04/2015"))
    return mom, kid


def test_everyone_is_their_own_guarantor_at_first(admin_ctx, household) -> None:
    mom, _kid = household
    who = family.get_guarantor(admin_ctx, mom.id)
    assert who.is_self and who.patient_id == mom.id and who.relationship == "self"
    assert (who.last_name, who.address_line1, who.phone) == ("Jones", "12 Elm Street", mom.phone)


def test_a_patient_guarantor_is_one_shared_row(admin_ctx, household) -> None:
    mom, kid = household
    sister = patients.register_patient(admin_ctx, basic("Sue", "Jones", dob="08/08/2017"))
    first = family.set_guarantor_patient(admin_ctx, kid.id, mom.id, "Parent")
    second = family.set_guarantor_patient(admin_ctx, sister.id, mom.id, "parent")
    assert first.guarantor_id == second.guarantor_id is not None
    assert (first.patient_id, first.relationship, first.first_name, first.zip_code) == (mom.id, "parent", "Mary",
                                                                                        "12207-1234")
    assert patients.open_patient(admin_ctx, kid.id).guarantor_id == first.guarantor_id
    assert audit_rows(admin_ctx, "patient.update", patient_id=kid.id)[0].detail == (
        "fields: guarantor_id, guarantor_relationship")
    assert family.set_guarantor_patient(admin_ctx, kid.id, kid.id, "parent").is_self  # choosing oneself = self
    assert family.set_guarantor_self(admin_ctx, sister.id).is_self


def test_a_guarantor_who_is_not_a_patient(admin_ctx, household) -> None:
    mom, kid = household
    who = family.set_guarantor_person(admin_ctx, kid.id, PERSON, "guardian")
    assert who.patient_id is None and not who.is_self
    assert (who.first_name, who.state, who.phone, who.dob) == ("Martha", "NY", "+15185550177", date(1948, 7, 4))
    shared = family.share_guarantor(admin_ctx, mom.id, who.guarantor_id, "child")
    assert shared.guarantor_id == who.guarantor_id and shared.relationship == "child"
    fixed = family.update_guarantor_person(admin_ctx, who.guarantor_id,
                                           GuarantorInput(**{**PERSON.__dict__, "address_line1": "10 Oak Road"}))
    assert fixed.address_line1 == "10 Oak Road"
    assert family.get_guarantor(admin_ctx, mom.id).address_line1 == "10 Oak Road"  # one row for both
    assert audit_rows(admin_ctx, "guarantor.update")[0].detail == "fields: address_line1"


@pytest.mark.parametrize(("field", "change"), [
    ("first_name", {"first_name": ""}), ("last_name", {"last_name": "\u202eJones"}),
    ("address_line1", {"address_line1": ""}), ("city", {"city": ""}), ("state", {"state": "XX"}),
    ("zip_code", {"zip_code": "123"}), ("phone", {"phone": "12"}), ("dob", {"dob": "02/30/1950"}),
    ("suffix", {"suffix": "<b>"}),
])
def test_guarantor_person_fields_are_named(admin_ctx, household, field: str, change: dict[str, object]) -> None:
    _mom, kid = household
    with pytest.raises(ValidationError) as info:
        family.set_guarantor_person(admin_ctx, kid.id, GuarantorInput(**{**PERSON.__dict__, **change}), "parent")
    assert info.value.field == field


def test_relationship_and_missing_records(admin_ctx, household) -> None:
    mom, kid = household
    with pytest.raises(ValidationError) as info:
        family.set_guarantor_patient(admin_ctx, kid.id, mom.id, "boss")
    assert info.value.field == "guarantor_relationship"
    with pytest.raises(NotFoundError):
        family.set_guarantor_patient(admin_ctx, kid.id, 99999, "parent")
    with pytest.raises(NotFoundError):
        family.share_guarantor(admin_ctx, kid.id, 99999, "parent")
    patient_row = family.set_guarantor_patient(admin_ctx, kid.id, mom.id, "parent").guarantor_id
    with pytest.raises(ConflictError):
        family.update_guarantor_person(admin_ctx, patient_row, PERSON)


def test_family_links(admin_ctx, household) -> None:
    mom, kid = household
    assert family.list_family(admin_ctx, kid.id) == []
    family_id = family.link_family(admin_ctx, kid.id, mom.id)
    dad = patients.register_patient(admin_ctx, basic("Rob", "Jones", dob="02/02/1975"))
    assert family.link_family(admin_ctx, dad.id, kid.id) == family_id
    family.set_guarantor_patient(admin_ctx, kid.id, dad.id, "parent")
    members = family.list_family(admin_ctx, kid.id)
    assert [(m.patient.id, m.is_self, m.is_guarantor) for m in members] == [
        (mom.id, False, False), (dad.id, False, True), (kid.id, True, False)]  # oldest first
    family.unlink_family(admin_ctx, dad.id)
    assert [m.patient.id for m in family.list_family(admin_ctx, mom.id)] == [mom.id, kid.id]
    assert family.list_family(admin_ctx, dad.id) == []
    with pytest.raises(ValidationError):
        family.link_family(admin_ctx, kid.id, kid.id)


def test_copy_the_guarantors_address_and_phone_in_one_call(admin_ctx, household) -> None:
    mom, kid = household
    with pytest.raises(ConflictError):
        family.copy_guarantor_contact(admin_ctx, kid.id)  # own guarantor: nothing to copy
    family.set_guarantor_patient(admin_ctx, kid.id, mom.id, "parent")
    copied = family.copy_guarantor_contact(admin_ctx, kid.id)
    assert (copied.address_line1, copied.address_line2, copied.city, copied.state, copied.zip_code) == (
        "12 Elm Street", "Apt 3", "Albany", "NY", "12207-1234")
    assert copied.home_phone == mom.phone and copied.phone == mom.phone and copied.preferred_phone_kind == "home"
    assert audit_rows(admin_ctx, "patient.update", patient_id=kid.id)[0].detail == (
        "fields: address_line1, address_line2, city, home_phone, state, zip_code")
    assert [p.id for p in patients.search_patients(admin_ctx, "212-555-0187")] == sorted([mom.id, kid.id])


def test_copy_from_a_person_keeps_the_patients_other_phones(admin_ctx, household) -> None:
    mom, _kid = household
    family.set_guarantor_person(admin_ctx, mom.id, PERSON, "child")
    copied = family.copy_guarantor_contact(admin_ctx, mom.id)
    assert (copied.address_line1, copied.city, copied.home_phone) == ("9 Oak Road", "Troy", "+15185550177")
    assert (copied.mobile_phone, copied.preferred_phone_kind) == ("+12125550187", "mobile")
