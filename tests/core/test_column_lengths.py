"""Text longer than its column is a ValidationError naming the field on both engines (issue 19).

PostgreSQL enforces VARCHAR(n) and SQLite does not: before services/_column_lengths.py a too-long value was
stored silently on SQLite and refused by the server with a bare storage error.
"""

from __future__ import annotations

import pytest
from testsupport import STAFF_PASSWORD

from frontdesk.domain.permissions import Role
from frontdesk.errors import ValidationError
from frontdesk.models import User
from frontdesk.services.admin import users

pytestmark = pytest.mark.both_engines


def test_a_service_names_the_too_long_field(admin_ctx, db_kind) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        users.add_user(admin_ctx, "rita", "R" * 121, Role.FRONT_DESK, STAFF_PASSWORD)
    assert caught.value.field == "full_name"
    assert [u.username for u in users.list_users(admin_ctx)] == ["admin"]


def test_a_write_no_service_cleaned_is_refused_before_it_reaches_the_column(practice, db_kind) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError, match="at most 120 characters") as caught:
        with practice.db.session(write=True) as session:
            session.get(User, practice.actor.user_id).full_name = "A" * 121
    assert caught.value.field == "full_name"
    with practice.db.session(write=False) as session:
        assert session.get(User, practice.actor.user_id).full_name == "Ada Admin"  # nothing was written


def test_a_value_that_fits_and_an_untouched_stored_value_pass(practice, db_kind) -> None:  # type: ignore[no-untyped-def]
    with practice.db.session(write=True) as session:
        session.get(User, practice.actor.user_id).full_name = "A" * 120
    with practice.db.session(write=False) as session:
        assert session.get(User, practice.actor.user_id).full_name == "A" * 120
