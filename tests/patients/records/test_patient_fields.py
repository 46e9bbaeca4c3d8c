"""Registration fields: each one validates with an error naming it, a full patient round-trips exactly."""

from __future__ import annotations

from dataclasses import fields, replace
from datetime import date, timedelta

import pytest
from pc_lib import REFERRING_NPI, audit_rows, basic, full

from frontdesk.errors import ConflictError, ValidationError
from frontdesk.services.patients import patients
from frontdesk.services.patients.patients import PatientInput
from testsupport import practice_today

TODAY = practice_today()

# (form field, overrides that make only that field wrong)
ONE_BAD_FIELD = [
    ("first_name", {"first_name": ""}),
    ("first_name", {"first_name": "Ann\x00"}),
    ("last_name", {"last_name": "\u202eecalevol"}),
    ("middle_name", {"middle_name": "J\u200bohn"}),
    ("suffix", {"suffix": "Jr!"}),
    ("suffix", {"suffix": "Junior the Third"}),
    ("preferred_name", {"preferred_name": "123"}),
    ("dob", {"dob": "02/30/1962"}),
    ("dob", {"dob": (TODAY + timedelta(days=1)).strftime("%m/%d/%Y")}),
    ("dob", {"dob": date(TODAY.year - 131, 1, 1)}),
    ("dob", {"dob": ""}),
    ("sex", {"sex": "X"}),
    ("gender_identity", {"gender_identity": "\x1b[31m"}),
    ("gender_identity", {"gender_identity": "x" * 41}),
    ("address_line1", {"address_line1": "1 Main\x00 St"}),
    ("city", {"city": ""}),
    ("state", {"state": "ZZ"}),
    ("zip_code", {"zip_code": "1220"}),
    ("zip_code", {"zip_code": "122070"}),
    ("zip_code", {"zip_code": "12207-12"}),
    ("zip_code", {"zip_code": "\u0661\u0662\u0663\u0664\u0665"}),  # Arabic-Indic digits are not a ZIP
    ("home_phone", {"home_phone": "555-12"}),
    ("mobile_phone", {"mobile_phone": "call me"}),
    ("work_phone", {"work_phone": "'; DROP TABLE patient; --"}),
    ("phone", {"phone": "%"}),
    ("preferred_phone_kind", {"preferred_phone_kind": "pager"}),
    ("email", {"email": "ada@"}),
    ("email", {"email": "ada lovelace@example.com"}),
    ("email", {"email": "ada@example"}),
    ("email", {"email": "a@b@example.com"}),
    ("email", {"email": "a" * 250 + "@example.com"}),
    ("preferred_contact", {"preferred_contact": "fax"}),
    ("voicemail_ok", {"voicemail_ok": "yes"}),
    ("text_ok", {"text_ok": 1}),
    ("preferred_language", {"preferred_language": "Eng\u202elish"}),
    ("emergency_name", {"emergency_name": "\u200b"}),
    ("emergency_relationship", {"emergency_relationship": "x" * 41}),
    ("emergency_phone", {"emergency_phone": "12"}),
    ("referring_name", {"referring_name": "Dr. \ufeffWho"}),
    ("referring_npi", {"referring_npi": "1234567890"}),
    ("referring_npi", {"referring_npi": "12345"}),
    ("status", {"status": "merged"}),
    ("status", {"status": "dead"}),
    ("deceased_date", {"status": "deceased", "deceased_date": "02/30/2000"}),
    ("notes", {"notes": "n" * 2001}),
    ("notes", {"notes": "bell\x07"}),
]


@pytest.mark.parametrize(("field", "overrides"), ONE_BAD_FIELD, ids=[f"{f}-{i}" for i, (f, _o) in
                                                                     enumerate(ONE_BAD_FIELD)])
def test_each_bad_field_is_named(admin_ctx, field: str, overrides: dict[str, object]) -> None:
    with pytest.raises(ValidationError) as info:
        patients.register_patient(admin_ctx, replace(full(), **overrides))
    assert info.value.field == field
    assert info.value.message.strip()


# Rules across fields: (field the error names, overrides)
CROSS_FIELD = [
    ("mobile_phone", {"mobile_phone": "", "preferred_phone_kind": "home"}),  # text preferred, no mobile
    ("text_ok", {"text_ok": False}),  # text preferred without permission
    ("email", {"preferred_contact": "email", "email": ""}),
    ("address_line1", {"preferred_contact": "mail", "address_line1": "", "address_line2": "", "city": "",
                       "state": "", "zip_code": ""}),
    ("preferred_contact", {"preferred_contact": "phone", "home_phone": "", "mobile_phone": "", "work_phone": "",
                           "preferred_phone_kind": "", "text_ok": False, "voicemail_ok": False}),
    ("text_ok", {"preferred_contact": "", "mobile_phone": "", "preferred_phone_kind": "home"}),
    ("voicemail_ok", {"preferred_contact": "", "text_ok": False, "home_phone": "", "mobile_phone": "",
                      "work_phone": "", "preferred_phone_kind": ""}),
    ("emergency_phone", {"emergency_phone": ""}),
    ("emergency_name", {"emergency_name": ""}),
    ("referring_name", {"referring_name": ""}),
    ("deceased_date", {"status": "deceased"}),
    ("deceased_date", {"status": "deceased", "deceased_date": TODAY + timedelta(days=1)}),
    ("deceased_date", {"status": "deceased", "deceased_date": date(1960, 1, 1)}),  # before the DOB
    ("deceased_date", {"status": "active", "deceased_date": date(2020, 1, 1)}),
    ("preferred_phone_kind", {"work_phone": "", "preferred_phone_kind": "work", "preferred_contact": "email"}),
    ("preferred_phone_kind", {"preferred_phone_kind": None}),  # three phones, none chosen
    ("phone", {"phone": "(716) 555-0100"}),  # not one of the numbers given
]


@pytest.mark.parametrize(("field", "overrides"), CROSS_FIELD, ids=[f"{f}-{i}" for i, (f, _o) in
                                                                  enumerate(CROSS_FIELD)])
def test_rules_across_fields_name_the_field_to_fix(admin_ctx, field: str, overrides: dict[str, object]) -> None:
    with pytest.raises(ValidationError) as info:
        patients.register_patient(admin_ctx, replace(full(), **overrides))
    assert info.value.field == field


@pytest.mark.parametrize(("dob", "words"), [
    ((TODAY + timedelta(days=1)).strftime("%m/%d/%Y"), "future"),
    ("01/01/1880", "130 years"),
    ("02/30/1962", "not a real date"),
])
def test_dob_messages_are_clear(admin_ctx, dob: str, words: str) -> None:
    with pytest.raises(ValidationError, match=words):
        patients.register_patient(admin_ctx, basic(dob=dob))


def test_zip_of_the_wrong_length_says_what_is_expected(admin_ctx) -> None:
    with pytest.raises(ValidationError, match="5 digits or ZIP\\+4") as info:
        patients.register_patient(admin_ctx, full(zip_code="1234"))
    assert info.value.field == "zip_code"


def test_a_full_patient_round_trips_exactly(admin_ctx) -> None:
    data = full()
    saved = patients.register_patient(admin_ctx, data)
    opened = patients.open_patient(admin_ctx, saved.id)
    assert opened == saved
    for f in fields(PatientInput):
        assert getattr(opened, f.name) == getattr(data, f.name) or f.name == "phone", f.name
    assert opened.phone == data.mobile_phone  # the preferred one
    assert opened.account_number == str(patients.ACCOUNT_BASE + saved.id)
    assert opened.status == "active" and opened.merged_into_id is None


def test_values_are_normalised(admin_ctx) -> None:
    saved = patients.register_patient(admin_ctx, full(
        first_name="  Jose\u0301 ", last_name="O'Brien  Smith", state="ny", zip_code="122071234",
        home_phone="518.555.0142", mobile_phone="(212) 555-0187", work_phone="1-315-555-0100",
        preferred_phone_kind=" Mobile ", email="Ada@Example.COM", preferred_contact="TEXT", status="Active",
        referring_npi="1245-319599"))
    assert saved.first_name == "Jos\u00e9"  # NFC
    assert saved.last_name == "O'Brien Smith"
    assert (saved.state, saved.zip_code) == ("NY", "12207-1234")
    assert (saved.home_phone, saved.mobile_phone, saved.work_phone) == ("+15185550142", "+12125550187",
                                                                        "+13155550100")
    assert saved.preferred_phone_kind == "mobile" and saved.phone == "+12125550187"
    assert saved.email == "Ada@example.com"  # the domain is case-blind, the mailbox may not be
    assert (saved.preferred_contact, saved.status, saved.referring_npi) == ("text", "active", REFERRING_NPI)


def test_deceased_patient_with_a_date(admin_ctx) -> None:
    saved = patients.register_patient(admin_ctx, full(status="deceased", deceased_date="1/2/2020"))
    assert saved.status == "deceased" and saved.deceased_date == date(2020, 1, 2)
    back = patients.update_patient(admin_ctx, saved.id, full(status="inactive"))  # the date goes with the status
    assert back.status == "inactive" and back.deceased_date is None


def test_one_phone_form_sets_the_preferred_phone(admin_ctx) -> None:
    saved = patients.register_patient(admin_ctx, basic(phone="(518) 555-0142"))
    assert (saved.home_phone, saved.preferred_phone_kind, saved.phone) == ("+15185550142", "home", "+15185550142")
    moved = patients.update_patient(admin_ctx, saved.id, basic(phone="315 555 0199"))
    assert (moved.home_phone, moved.phone) == ("+13155550199", "+13155550199")
    assert audit_rows(admin_ctx, "patient.update")[0].detail == "fields: phone"
    cleared = patients.update_patient(admin_ctx, saved.id, basic(phone=""))
    assert (cleared.home_phone, cleared.preferred_phone_kind, cleared.phone) == ("", "", "")


def test_a_single_phone_of_any_kind_is_preferred_without_asking(admin_ctx) -> None:
    saved = patients.register_patient(admin_ctx, basic(work_phone="315-555-0100"))
    assert (saved.preferred_phone_kind, saved.phone) == ("work", "+13155550100")


def test_update_keeps_what_the_form_does_not_show(admin_ctx) -> None:
    saved = patients.register_patient(admin_ctx, full())
    # The one-phone form: names, DOB, sex, phone and address only.
    short = PatientInput(first_name="Ada", last_name="Lovelace", dob="03/14/1962", sex="F", middle_name="Byron",
                         phone="(212) 555-0187", address_line1="12 Elm Street", address_line2="Apt 3",
                         city="Albany", state="NY", zip_code="12207-1234")
    again = patients.update_patient(admin_ctx, saved.id, short)
    assert replace(again, updated_at=saved.updated_at) == saved
    assert audit_rows(admin_ctx, "patient.update")[0].detail == "fields: none"
    changed = patients.update_patient(admin_ctx, saved.id, replace(short, phone=None, email="lady.ada@example.com",
                                                                   work_phone=""))
    assert (changed.email, changed.work_phone, changed.mobile_phone) == ("lady.ada@example.com", "",
                                                                         "+12125550187")
    assert audit_rows(admin_ctx, "patient.update")[0].detail == "fields: email, work_phone"


def test_an_unknown_patient_is_not_found(admin_ctx) -> None:
    from frontdesk.errors import NotFoundError

    with pytest.raises(NotFoundError):
        patients.open_patient(admin_ctx, 424242)
    with pytest.raises(NotFoundError):
        patients.update_patient(admin_ctx, 424242, basic())


def test_a_merged_record_refuses_edits(admin_ctx) -> None:
    from frontdesk.services.patients import merge

    keep = patients.register_patient(admin_ctx, basic("Ann", "Smith"))
    gone = patients.register_patient(admin_ctx, basic("Ann", "Smyth"), duplicate_override_reason="test")
    merge.merge_patients(admin_ctx, keep.id, gone.id)
    with pytest.raises(ConflictError, match=keep.account_number):
        patients.update_patient(admin_ctx, gone.id, basic("Ann", "Smyth"))
    assert patients.open_patient(admin_ctx, gone.id).status == "merged"


def test_one_phone_form_typing_another_of_their_numbers_makes_it_preferred(admin_ctx) -> None:
    saved = patients.register_patient(admin_ctx, full())  # mobile preferred
    short = PatientInput(first_name="Ada", last_name="Lovelace", dob="03/14/1962", sex="F", phone="518-555-0142",
                         preferred_contact="phone")
    again = patients.update_patient(admin_ctx, saved.id, short)
    assert (again.preferred_phone_kind, again.phone) == ("home", "+15185550142")
    assert (again.home_phone, again.mobile_phone, again.work_phone) == (saved.home_phone, saved.mobile_phone,
                                                                        saved.work_phone)
