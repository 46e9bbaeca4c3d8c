"""A lone surrogate (half a UTF-16 pair, e.g. pasted or crafted) in a username or password is a wrong sign-in.

Before, argon2 and the database driver raised UnicodeEncodeError: an "unexpected problem" that was not counted
toward lockout, so it could be tried without limit. New passwords with one are refused beside the field.
"""

from __future__ import annotations

import pytest
from fd_testlib import ADMIN_PASSWORD, STAFF_PASSWORD

from frontdesk.domain.permissions import Role
from frontdesk.errors import AccountLocked, AuthenticationError, ValidationError
from frontdesk.services.admin import auth, users

SURROGATE = "\ud800"


@pytest.mark.parametrize("sign_in", [auth.login, auth.unlock_session])
def test_a_surrogate_in_the_username_is_a_wrong_sign_in(anon_ctx, frontdesk_actor, sign_in) -> None:
    with pytest.raises(AuthenticationError) as info:
        sign_in(anon_ctx, f"ri{SURROGATE}ta", STAFF_PASSWORD)
    assert str(info.value) == "Wrong username or password."


@pytest.mark.parametrize("sign_in", [auth.login, auth.unlock_session])
def test_a_surrogate_in_the_password_counts_toward_lockout(anon_ctx, admin_ctx, frontdesk_actor, sign_in) -> None:
    for _ in range(4):
        with pytest.raises(AuthenticationError) as info:
            sign_in(anon_ctx, "rita", STAFF_PASSWORD + SURROGATE)
        assert str(info.value) == "Wrong username or password."
    rita = next(u for u in users.list_users(admin_ctx) if u.username == "rita")
    assert rita.failed_attempts == 4
    with pytest.raises(AccountLocked):
        sign_in(anon_ctx, "rita", SURROGATE * 12)


def test_a_surrogate_in_the_current_password_is_a_wrong_current_password(admin_ctx) -> None:
    with pytest.raises(ValidationError) as info:
        auth.change_own_password(admin_ctx, ADMIN_PASSWORD + SURROGATE, "violet harbor kettle 41 new")
    assert info.value.field == "current_password"


def test_a_surrogate_in_a_new_password_names_the_field(admin_ctx, frontdesk_actor) -> None:
    with pytest.raises(ValidationError, match="invalid character") as info:
        auth.change_own_password(admin_ctx, ADMIN_PASSWORD, f"violet harbor {SURROGATE} kettle 41")
    assert info.value.field == "new_password"
    with pytest.raises(ValidationError, match="invalid character") as info:
        users.reset_password(admin_ctx, frontdesk_actor.user_id, f"violet harbor {SURROGATE} kettle 41")
    assert info.value.field == "password"
    with pytest.raises(ValidationError) as info:
        users.add_user(admin_ctx, "bob", "Bob Biller", Role.BILLING, f"violet harbor {SURROGATE} kettle 41")
    assert info.value.field == "password"
    with pytest.raises(ValidationError, match="invalid character") as info:
        users.add_user(admin_ctx, f"b{SURROGATE}b", "Bob Biller", Role.BILLING, "violet harbor kettle 41")
    assert info.value.field == "username"
    assert auth.login(admin_ctx, "admin", ADMIN_PASSWORD).username == "admin"  # nothing was changed
