"""Property tests: arbitrary text never crashes the patient services; valid patients round-trip and are found."""

from __future__ import annotations

import unicodedata
from dataclasses import fields, replace
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pc_lib import full
from testsupport import ADMIN_PASSWORD, FAST_KDF, PASSPHRASE, PRACTICE

from frontdesk.domain.formats import phone_digits
from frontdesk.domain.text import BIDI_CONTROLS, ZERO_WIDTH
from frontdesk.errors import ValidationError
from frontdesk.first_run import create_practice
from frontdesk.paths import DataPaths
from frontdesk.services.patients import duplicates, patients
from frontdesk.services.session import ServiceContext
from frontdesk.services.patients.patients import PatientInput
from testsupport import practice_today

SPECIALS = ["\x00", "\ud800", "\udfff", "\u202e", "\u2066", "\u200b", "\ufeff", "\x1b", "\n", "\t", "%", "_",
            "\\", "'", '"', "'; DROP TABLE patient; --", "' OR '1'='1", "e\u0301", "\u00e9", "Ω", "李", "-", ".",
            "@", "+1", "(518)", "555-0142", "12207", "\u0661\u0662", "\U0001f600", " "]
hostile_text = st.lists(st.one_of(st.text(max_size=8), st.sampled_from(SPECIALS)), max_size=12).map("".join)
DB = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                    HealthCheck.function_scoped_fixture])
TEXT_FIELDS = [f.name for f in fields(PatientInput) if f.name not in ("dob", "voicemail_ok", "text_ok")]
# A value in one field can break a rule it shares with another; the error then names the other field.
TIED = {"status": {"deceased_date"}, "preferred_contact": {"mobile_phone", "text_ok", "email", "address_line1"},
        "preferred_phone_kind": {"preferred_phone_kind"}, "address_line1": {"city", "state", "zip_code"},
        "emergency_name": {"emergency_phone"}, "emergency_phone": {"emergency_name"},
        "referring_npi": {"referring_name"}, "referring_name": {"referring_name"},
        "mobile_phone": {"text_ok", "preferred_phone_kind"}, "home_phone": {"preferred_phone_kind"},
        "work_phone": {"preferred_phone_kind"}, "phone": {"phone"}}
REASON = "property test: one person registered many times on purpose"


@pytest.fixture(scope="module")
def ctx(tmp_path_factory):  # type: ignore[no-untyped-def]
    """One practice for the module, so hypothesis examples do not each build a database."""
    paths = DataPaths(tmp_path_factory.mktemp("props") / "practice")
    result = create_practice(paths, PRACTICE, admin_username="admin", admin_full_name="Ada Admin",
                             admin_password=ADMIN_PASSWORD, passphrase=PASSPHRASE, kdf=FAST_KDF)
    yield ServiceContext(result.db, result.actor)
    result.db.close()


@given(field=st.sampled_from(TEXT_FIELDS), text=hostile_text)
@DB
def test_any_text_in_any_field_saves_or_names_the_field(ctx, field: str, text: str) -> None:
    data = replace(full(), **{field: text})
    try:
        record = patients.register_patient(ctx, data, duplicate_override_reason=REASON)
    except ValidationError as exc:
        assert exc.field == field or exc.field in TIED.get(field, set()), (exc.field, exc.message)
        assert exc.message
        return
    assert patients.open_patient(ctx, record.id) == record
    value = getattr(record, field if field != "phone" else "mobile_phone")
    if isinstance(value, str):
        assert value == unicodedata.normalize("NFC", value)
        assert not any(ch in BIDI_CONTROLS or ch in ZERO_WIDTH or unicodedata.category(ch) == "Cs" for ch in value)
        assert not any(unicodedata.category(ch) == "Cc" and ch not in "\n\t" for ch in value)


@pytest.mark.parametrize("field", TEXT_FIELDS)
def test_a_100k_character_value_is_refused_by_name(ctx, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        patients.register_patient(ctx, replace(full(), **{field: "7" * 100_000}), duplicate_override_reason=REASON)
    assert info.value.field == field or info.value.field in TIED.get(field, set())


names = st.text(st.characters(categories=["Lu", "Ll", "Lo"], exclude_characters="\u180e"), min_size=1, max_size=12)
_serial = iter(range(1, 10**7))


def _tag(n: int) -> str:
    """Letters unique to one example ('b', 'c' ... 'ba'), so its searches are not swamped by earlier ones."""
    letters = ""
    while n:
        n, digit = divmod(n, 26)
        letters = "abcdefghijklmnopqrstuvwxyz"[digit] + letters
    return letters


@given(first=names, last=names, middle=st.one_of(st.just(""), names),
       areas=st.tuples(*[st.sampled_from(["212", "315", "518", "607", "716", "845", "914", "617", "415"])] * 2),
       dob=st.dates(practice_today() - timedelta(days=365 * 129), practice_today()),
       kind=st.sampled_from(["home", "mobile"]), zip_code=st.from_regex(r"\A[0-9]{5}(-[0-9]{4})?\Z"),
       notes=st.text(st.characters(categories=["L", "N", "P", "Zs"]), max_size=40))
@DB
def test_valid_patients_round_trip_exactly_and_are_found(ctx, first: str, last: str, middle: str,
                                                         areas: tuple[str, str], dob: date, kind: str,
                                                         zip_code: str, notes: str) -> None:
    serial = next(_serial)
    first, middle = (unicodedata.normalize("NFC", v) for v in (first, middle))
    last = unicodedata.normalize("NFC", last + _tag(serial))
    home, mobile = (f"+1{area}{2_000_000 + serial * 2 + i}" for i, area in enumerate(areas))
    notes = unicodedata.normalize("NFC", " ".join(notes.split()))
    data = full(first_name=first, last_name=last, middle_name=middle, dob=dob, home_phone=home,
                mobile_phone=mobile, preferred_phone_kind=kind, zip_code=zip_code, notes=notes, status="active",
                preferred_contact="phone")
    record = patients.register_patient(ctx, data, duplicate_override_reason=REASON)
    opened = patients.open_patient(ctx, record.id)
    for f in fields(PatientInput):
        if f.name != "phone":
            assert getattr(opened, f.name) == getattr(data, f.name), f.name
    for query in (last, f"{last}, {first}", home, mobile, phone_digits(mobile)[-7:], record.account_number):
        found = [p.id for p in patients.search_patients(ctx, query, limit=1000)]
        assert record.id in found, query
    for query in (dob.strftime("%m/%d/%Y"), dob.isoformat()):  # many share a birthday: found, or a full page
        found_rows = patients.search_patients(ctx, query, limit=1000)
        assert all(p.dob == dob for p in found_rows)
        assert record.id in [p.id for p in found_rows] or len(found_rows) == 1000


@given(query=hostile_text, include=st.booleans())
@DB
def test_search_never_crashes_and_punctuation_alone_matches_nothing(ctx, query: str, include: bool) -> None:
    results = patients.search_patients(ctx, query, include_inactive=include)
    assert all(isinstance(r, patients.PatientSummary) for r in results)
    if not any(ch.isalnum() for ch in query):
        assert results == []


def test_a_huge_search_is_a_validation_error(ctx) -> None:
    with pytest.raises(ValidationError) as info:
        patients.search_patients(ctx, "5" * 100_000)
    assert info.value.field == "search"


@given(last=hostile_text, first=hostile_text, dob=hostile_text, phone=hostile_text)
@DB
def test_the_live_duplicate_check_never_crashes(ctx, last: str, first: str, dob: str, phone: str) -> None:
    found = duplicates.find_duplicates(ctx, last_name=last, first_name=first, dob=dob, phones=[phone, last])
    assert all(c.score > 0 and c.reasons for c in found)


@given(days_ahead=st.integers(1, 3650))
@settings(max_examples=20, deadline=None)
def test_future_birth_dates_are_refused(ctx, days_ahead: int) -> None:
    with pytest.raises(ValidationError, match="future") as info:
        patients.register_patient(ctx, full(dob=practice_today() + timedelta(days=days_ahead)))
    assert info.value.field == "dob"


@given(years=st.integers(131, 400))
@settings(max_examples=20, deadline=None)
def test_birth_dates_more_than_130_years_ago_are_refused(ctx, years: int) -> None:
    with pytest.raises(ValidationError, match="130 years") as info:
        patients.register_patient(ctx, full(dob=date(practice_today().year - years, 6, 15)))
    assert info.value.field == "dob"


@given(digits=st.text("0123456789", min_size=1, max_size=12).filter(lambda d: len(d) not in (5, 9)))
@settings(max_examples=30, deadline=None)
def test_zip_codes_of_the_wrong_length_are_refused(ctx, digits: str) -> None:
    with pytest.raises(ValidationError, match="5 digits") as info:
        patients.register_patient(ctx, full(zip_code=digits))
    assert info.value.field == "zip_code"
