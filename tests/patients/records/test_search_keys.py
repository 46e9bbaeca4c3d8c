"""Search finds a patient by every key people type; inactive, deceased and merged records stay out of the way."""

from __future__ import annotations

import pytest
from pc_lib import basic, full

from frontdesk.domain import schedule_time as st
from frontdesk.services.patients import insurance, merge, patients
from frontdesk.services.billing import payers
from frontdesk.services.patients.insurance import PolicyInput
from frontdesk.services.billing.payers import PayerInput


@pytest.fixture
def people(admin_ctx):  # type: ignore[no-untyped-def]
    ada = patients.register_patient(admin_ctx, full())  # home 518-555-0142, mobile 212-555-0187, work 315-555-0100
    alan = patients.register_patient(admin_ctx, basic("Alan", "Turing", dob="06/23/1954", sex="M",
                                                      mobile_phone="(716) 555-0123"))
    grace = patients.register_patient(admin_ctx, basic("Grace", "Hopper", dob="12/09/1936",
                                                       work_phone="845 555 0166"))
    return {"ada": ada, "alan": alan, "grace": grace}


def ids(ctx, query: str, **kw) -> list[int]:  # type: ignore[no-untyped-def]
    return [p.id for p in patients.search_patients(ctx, query, **kw)]


@pytest.mark.parametrize(("query", "who"), [
    ("Lovel", "ada"), ("lovelace", "ada"), ("LOVELACE, A", "ada"), ("lovelace,ad", "ada"), ("Ada", "ada"),
    ("ada love", "ada"), ("lovelace ada", "ada"), ("tur", "alan"), ("Alan", "alan"),
    ("03/14/1962", "ada"), ("3/14/62", "ada"), ("03141962", "ada"), ("1962-03-14", "ada"), ("3-14-1962", "ada"),
    ("06/23/1954", "alan"),
])
def test_names_and_dates_of_birth(admin_ctx, people, query: str, who: str) -> None:
    assert ids(admin_ctx, query) == [people[who].id]


@pytest.mark.parametrize(("query", "who"), [
    # home, mobile and work numbers of the same patient, in the ways people write them
    ("(518) 555-0142", "ada"), ("518-555-0142", "ada"), ("5185550142", "ada"), ("+1 518 555 0142", "ada"),
    ("1-518-555-0142", "ada"), ("212.555.0187", "ada"), ("(315) 555-0100", "ada"),
    ("716 555 0123", "alan"), ("8455550166", "grace"),
    # the 7-digit local number, as said on the phone without the area code
    ("555-0142", "ada"), ("5550187", "ada"), ("555-0100", "ada"), ("555-0123", "alan"), ("555 0166", "grace"),
    # keystrokes on the way to the full number
    ("51855", "ada"), ("71655501", "alan"),
])
def test_any_phone_in_any_format(admin_ctx, people, query: str, who: str) -> None:
    assert ids(admin_ctx, query) == [people[who].id]


def test_a_shared_local_number_finds_everyone_with_it(admin_ctx, people) -> None:
    other = patients.register_patient(admin_ctx, basic("Zed", "Zulu", dob="01/01/1990", phone="(607) 555-0142"))
    assert set(ids(admin_ctx, "555-0142")) == {people["ada"].id, other.id}
    assert ids(admin_ctx, "607-555-0142") == [other.id]


def test_account_number(admin_ctx, people) -> None:
    for person in people.values():
        assert ids(admin_ctx, person.account_number) == [person.id]


def test_insurance_member_id(admin_ctx, people) -> None:
    payer = payers.add_payer(admin_ctx, PayerInput(name="Aetna", claim_type="group_health_plan", edi_payer_id="60054",
                                                   address_line1="PO Box 981106", city="El Paso", state="TX",
                                                   zip_code="79998"))
    insurance.add_policy(admin_ctx, people["grace"].id, PolicyInput(payer_id=payer.id, rank=1,
                                                                    member_id="W123-456 789",
                                                                    effective_date="01/01/2020"))
    insurance.add_policy(admin_ctx, people["alan"].id, PolicyInput(payer_id=payer.id, rank=1, member_id="98765432",
                                                                   effective_date="01/01/2020"))
    for typed in ("W123456789", "w123-456 789", "W123-456", "w12"):
        assert ids(admin_ctx, typed) == [people["grace"].id], typed
    assert ids(admin_ctx, "98765432") == [people["alan"].id]  # digits only: the member-id key is tried too
    assert ids(admin_ctx, "X999") == []


def test_exact_account_ranks_before_other_digit_matches(admin_ctx, people) -> None:
    # a phone whose digits start like Ada's account number (100001 + ...) cannot push her off the top
    account = people["ada"].account_number
    found = ids(admin_ctx, account)
    assert found[0] == people["ada"].id


@pytest.mark.parametrize("query", ["%", "_", "%%", "L%ace", "Lov_lace", "_ovelace", "%lace", "%, %", "Lovelace, _da",
                                   "W1%9", "%555", "5%2", "*", "[a-z]%"])
def test_wildcards_are_only_themselves(admin_ctx, people, query: str) -> None:
    # As LIKE patterns most of these would find Ada; as text they stand for no letters or digits.
    assert ids(admin_ctx, query) == []


def test_inactive_and_deceased_are_hidden_unless_asked(admin_ctx, people) -> None:
    patients.update_patient(admin_ctx, people["alan"].id, basic("Alan", "Turing", dob="06/23/1954", sex="M",
                                                                status="deceased", deceased_date="06/07/2020"))
    patients.update_patient(admin_ctx, people["grace"].id, basic("Grace", "Hopper", dob="12/09/1936",
                                                                 status="inactive"))
    for query in ("turing", "555-0123", "06/23/1954", people["alan"].account_number, "hopper", "8455550166"):
        assert ids(admin_ctx, query) == [], query
    assert ids(admin_ctx, "turing", include_inactive=True) == [people["alan"].id]
    assert ids(admin_ctx, "555-0166", include_inactive=True) == [people["grace"].id]
    found = patients.search_patients(admin_ctx, "hopper", include_inactive=True)
    assert [(p.id, p.status) for p in found] == [(people["grace"].id, "inactive")]


def test_merged_records_never_show(admin_ctx, people) -> None:
    twin = patients.register_patient(admin_ctx, basic("Ada", "Lovelace", dob="03/14/1962", phone="607-555-0111"),
                                     duplicate_override_reason="registered twice at the desk")
    assert set(ids(admin_ctx, "lovelace")) == {people["ada"].id, twin.id}
    merge.merge_patients(admin_ctx, people["ada"].id, twin.id)
    assert ids(admin_ctx, "lovelace") == [people["ada"].id]
    assert ids(admin_ctx, "lovelace", include_inactive=True) == [people["ada"].id]
    assert ids(admin_ctx, twin.account_number, include_inactive=True) == []
    # the twin's phone moved to the survivor (who had no home... she had; so it stayed with the merged record)
    assert ids(admin_ctx, "607-555-0111", include_inactive=True) == []


def test_results_carry_what_the_list_shows(admin_ctx, people) -> None:
    [row] = patients.search_patients(admin_ctx, "lovelace, ada")
    assert (row.last_name, row.first_name, row.middle_name, row.suffix, row.preferred_name) == (
        "Lovelace", "Ada", "Byron", "Jr.", "Addie")
    assert row.phone == "+12125550187" and row.account_number == people["ada"].account_number
    today = st.practice_today(st.zone(st.DEFAULT_TIME_ZONE))  # the practice's today, not the workstation's
    assert row.age_on(today) == patients.PatientSummary(0, "", "", "", people["ada"].dob, "").age_on(today) > 60
    # Unknown here (the calendar and billing fill them): None, never a made-up value.
    assert row.next_appointment is None and row.balance is None


def test_first_name_matches_follow_last_name_matches(admin_ctx) -> None:
    for first, last in (("Morgan", "Abbott"), ("Mordecai", "Zimmer"), ("Amy", "Morales")):
        patients.register_patient(admin_ctx, basic(first, last))
    names = [(p.last_name, p.first_name) for p in patients.search_patients(admin_ctx, "mor")]
    assert names == [("Morales", "Amy"), ("Zimmer", "Mordecai"), ("Abbott", "Morgan")]
