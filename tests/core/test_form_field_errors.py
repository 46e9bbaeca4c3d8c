"""Whole-form cleaners report every wrong field at once: Add user and the practice settings."""

from __future__ import annotations

from dataclasses import replace

import pytest
from testsupport import PRACTICE

from frontdesk.errors import FieldErrors, ValidationError, ValidationErrors
from frontdesk.services.admin import practice, users


def test_add_user_with_three_wrong_fields(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationErrors) as caught:
        users.add_user(admin_ctx, "9x", "", "nurse", "short")
    assert [e.field for e in caught.value.errors] == ["username", "full_name", "role", "password"]


def test_practice_settings_with_three_wrong_fields(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationErrors) as caught:
        practice.update_practice(admin_ctx, replace(PRACTICE, zip_code="1220", phone="555", billing_npi="12345"))
    assert [e.field for e in caught.value.errors] == ["zip_code", "phone", "billing_npi"]


def test_the_collector_keeps_the_first_error_of_each_field_and_flattens() -> None:
    errors = FieldErrors()
    assert errors.check(int, "7") == 7 and not errors
    errors.add(ValidationError("a", "first about a"))
    errors.add(ValidationErrors([ValidationError("a", "second about a"), ValidationError("b", "about b")]))
    with pytest.raises(ValidationErrors) as caught:
        errors.raise_any()
    assert [(e.field, e.message) for e in caught.value.errors] == [("a", "first about a"), ("b", "about b")]
    assert str(caught.value) == "first about a\nabout b"
