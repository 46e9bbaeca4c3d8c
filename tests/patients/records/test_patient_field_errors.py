"""A patient form with several wrong fields hears of all of them at once, each naming its field."""

from __future__ import annotations

import pytest
from pc_lib import REFERRING_NPI, basic, full

from frontdesk.error_messages import to_user_message
from frontdesk.errors import ValidationError, ValidationErrors
from frontdesk.services.patients import patients


def test_three_wrong_fields_are_three_named_errors(frontdesk_ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationErrors) as caught:
        patients.register_patient(frontdesk_ctx, basic(first="", dob="02/30/1962", email="ada@"))
    assert [e.field for e in caught.value.errors] == ["first_name", "dob", "email"]
    assert caught.value.field == "first_name"  # still a ValidationError about the first one
    message = to_user_message(caught.value)
    assert [field for field, _text in message.fields] == ["first_name", "dob", "email"]
    assert all(text in message.text for _field, text in message.fields)  # the CLI and popups show them all
    assert patients.search_patients(frontdesk_ctx, "Doe") == []  # nothing saved


def test_mistyped_phones_are_reported_together_with_other_fields(frontdesk_ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationErrors) as caught:
        patients.register_patient(frontdesk_ctx, full(home_phone="555-12", work_phone="x", zip_code="1220"))
    assert {e.field for e in caught.value.errors} == {"zip_code", "home_phone", "work_phone"}


def test_broken_rules_across_fields_come_together(frontdesk_ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationErrors) as caught:
        patients.register_patient(frontdesk_ctx, basic(emergency_name="Ann Doe", referring_npi=REFERRING_NPI))
    assert [e.field for e in caught.value.errors] == ["emergency_phone", "referring_name"]


def test_one_wrong_field_is_still_a_plain_validation_error(frontdesk_ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        patients.register_patient(frontdesk_ctx, basic(sex="X"))
    assert type(caught.value) is ValidationError and caught.value.field == "sex"
