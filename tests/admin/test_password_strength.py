"""New passwords are judged by a strength estimator (zxcvbn) and a breached-password list (NIST SP 800-63B).

Before, passwordpassword, qwertyqwerty, Summer2026!! and demodemodemo (for user demo) passed: long enough
and not on the short deny-list. The reason is given in plain words, on the field being typed.
"""

from __future__ import annotations

import pytest
from fd_testlib import ADMIN_PASSWORD

from frontdesk.demo.build import DEMO_PASSWORD, DEMO_USERNAME
from frontdesk.domain.passwords import check_password_policy
from frontdesk.domain.permissions import Role
from frontdesk.errors import ValidationError
from frontdesk.services.admin import auth, users


@pytest.mark.parametrize("password, username, reason", [
    ("passwordpassword", "robert.smith", 'Repeats like "abcabcabc"'),
    ("qwertyqwerty", "robert.smith", "Repeats like"),
    ("Summer2026!!", "robert.smith", "Add another word or two"),
    ("demodemodemo", "demo", "Repeats like"),
    ("Summer 2026 !!", "robert.smith", "Add another word or two"),  # zxcvbn credits spaces as random
    ("I love you 1234", "robert.smith", "similar to a commonly used password"),
])
def test_the_reviewers_passwords_are_refused_on_add_user(admin_ctx, password, username, reason) -> None:
    with pytest.raises(ValidationError, match="This password is easy to guess") as info:
        users.add_user(admin_ctx, username, "Robert Smith", Role.FRONT_DESK, password)
    assert info.value.field == "password" and reason in str(info.value)
    assert username not in {u.username for u in users.list_users(admin_ctx)}


def test_breached_passwords_are_refused_whatever_their_score() -> None:
    with pytest.raises(ValidationError, match="too common"):
        check_password_policy("1qaz2wsx3edc")  # in the breach list zxcvbn ships
    with pytest.raises(ValidationError, match="too common"):
        check_password_policy("SUPERMAN1234")  # and on our own front-desk list


def test_the_practice_name_and_the_persons_name_count_as_known(admin_ctx, frontdesk_actor) -> None:
    # "Test Family Practice" is the practice; both pass without that context.
    for weak in ("Test Family Practice 1", "Rita Reception 2026"):
        check_password_policy(weak)
    with pytest.raises(ValidationError, match="easy to guess") as info:
        users.reset_password(admin_ctx, frontdesk_actor.user_id, "Test Family Practice 1")
    assert info.value.field == "password"
    with pytest.raises(ValidationError, match="easy to guess") as info:
        users.add_user(admin_ctx, "rr", "Rita Reception", Role.BILLING, "Rita Reception 2026")
    assert info.value.field == "password"


def test_own_password_change_names_the_new_password_field(admin_ctx) -> None:
    with pytest.raises(ValidationError, match="easy to guess") as info:
        auth.change_own_password(admin_ctx, ADMIN_PASSWORD, "Summer2026!!")
    assert info.value.field == "new_password"


def test_a_long_password_is_judged_without_error() -> None:
    check_password_policy("violet harbor kettle 41 " * 10)  # 240 characters: zxcvbn's own limit is 72


def test_the_demo_and_test_logins_obey_the_policy() -> None:
    check_password_policy(DEMO_PASSWORD, username=DEMO_USERNAME, context=("Dana Demo", "Maple Street Family Medicine"))
    check_password_policy(ADMIN_PASSWORD, username="admin", context=("Test Family Practice",))
