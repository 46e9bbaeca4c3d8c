"""Sign-in: one message for unknown users and wrong passwords, lockout that survives a restart, policy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher, Type
from fd_testlib import ADMIN_PASSWORD, STAFF_PASSWORD

from frontdesk.domain.permissions import Role
from frontdesk.errors import (
    AccountLocked,
    AuthenticationError,
    ConflictError,
    ValidationError,
)
from frontdesk.models.base import utcnow
from frontdesk.services.admin import auth, users
from frontdesk.services.session import ServiceContext
from frontdesk.storage.engine import Database


def _fail(ctx: ServiceContext, username: str = "rita", times: int = 1) -> BaseException:
    error: BaseException | None = None
    for _ in range(times):
        with pytest.raises(AuthenticationError) as info:
            auth.login(ctx, username, "not the password 1")
        error = info.value
    assert error is not None
    return error


def _shift_clock(monkeypatch, delta: timedelta) -> None:
    real = utcnow
    monkeypatch.setattr(auth, "utcnow", lambda: real() + delta)


def test_login_returns_the_actor(anon_ctx, frontdesk_actor) -> None:
    actor = auth.login(anon_ctx, "  RITA ", STAFF_PASSWORD)
    assert actor == frontdesk_actor
    assert actor.role is Role.FRONT_DESK


def test_unknown_user_and_wrong_password_get_the_same_message(anon_ctx, frontdesk_actor) -> None:
    unknown = _fail(anon_ctx, "nobody-here")
    wrong = _fail(anon_ctx, "rita")
    assert type(unknown) is type(wrong) is AuthenticationError
    assert str(unknown) == str(wrong) == "Wrong username or password."


def test_empty_fields_are_validation_errors(anon_ctx) -> None:
    with pytest.raises(ValidationError) as info:
        auth.login(anon_ctx, "   ", "x")
    assert info.value.field == "username"
    with pytest.raises(ValidationError) as info:
        auth.login(anon_ctx, "rita", "")
    assert info.value.field == "password"


def test_five_failures_lock_for_fifteen_minutes(anon_ctx, admin_ctx, frontdesk_actor) -> None:
    _fail(anon_ctx, times=4)
    assert not users.list_users(admin_ctx)[1].is_locked()
    fifth = _fail(anon_ctx)
    assert isinstance(fifth, AccountLocked)
    assert "locked after 5 failed sign-ins" in str(fifth)
    rita = next(u for u in users.list_users(admin_ctx) if u.username == "rita")
    assert rita.is_locked()
    remaining = rita.locked_until - utcnow()
    assert timedelta(minutes=14) < remaining <= timedelta(minutes=15)
    with pytest.raises(AccountLocked):
        auth.login(anon_ctx, "rita", STAFF_PASSWORD)  # the right password does not help


@pytest.mark.sqlite_only("reopens the practice's database file; on a server every workstation opens the same "
                         "database (tests/storage/pg/test_pg_two_workstations.py: lockout is shared)")
def test_lock_survives_closing_and_reopening_the_database(practice, data_paths, anon_ctx, frontdesk_actor) -> None:
    _fail(anon_ctx, times=5)
    key = practice.db.key
    practice.db.close()
    reopened = Database(data_paths.database, key)
    try:
        with pytest.raises(AccountLocked):
            auth.login(ServiceContext(reopened), "rita", STAFF_PASSWORD)
        with pytest.raises(AccountLocked):
            auth.unlock_session(ServiceContext(reopened), "rita", STAFF_PASSWORD)
    finally:
        reopened.close()


def test_login_works_again_after_the_lock_expires(anon_ctx, frontdesk_actor, monkeypatch) -> None:
    _fail(anon_ctx, times=5)
    _shift_clock(monkeypatch, timedelta(minutes=14))
    with pytest.raises(AccountLocked):
        auth.login(anon_ctx, "rita", STAFF_PASSWORD)
    _shift_clock(monkeypatch, timedelta(minutes=15, seconds=1))
    assert auth.login(anon_ctx, "rita", STAFF_PASSWORD).username == "rita"


def test_failure_count_restarts_after_a_lock_and_after_success(anon_ctx, frontdesk_actor, monkeypatch) -> None:
    _fail(anon_ctx, times=4)
    auth.login(anon_ctx, "rita", STAFF_PASSWORD)  # success clears the count
    fourth = _fail(anon_ctx, times=4)
    assert not isinstance(fourth, AccountLocked)
    assert isinstance(_fail(anon_ctx), AccountLocked)
    _shift_clock(monkeypatch, timedelta(minutes=16))
    assert not isinstance(_fail(anon_ctx), AccountLocked)  # a fresh count, not an instant re-lock


def test_unlock_user_clears_the_lock(admin_ctx, anon_ctx, frontdesk_actor) -> None:
    _fail(anon_ctx, times=5)
    info = users.unlock_user(admin_ctx, frontdesk_actor.user_id)
    assert not info.is_locked() and info.failed_attempts == 0
    assert auth.login(anon_ctx, "rita", STAFF_PASSWORD).user_id == frontdesk_actor.user_id


def test_deactivated_user_cannot_sign_in_and_is_not_locked(admin_ctx, anon_ctx, frontdesk_actor) -> None:
    users.deactivate_user(admin_ctx, frontdesk_actor.user_id)
    with pytest.raises(AuthenticationError) as info:
        auth.login(anon_ctx, "rita", STAFF_PASSWORD)
    assert str(info.value) == "Wrong username or password."
    users.reactivate_user(admin_ctx, frontdesk_actor.user_id)
    assert auth.login(anon_ctx, "rita", STAFF_PASSWORD).username == "rita"


@pytest.mark.parametrize("password, words", [
    ("short pw", "at least 12"),
    ("password1234", "too common"),
    ("PASSWORD1234", "too common"),
    ("robert.smith", "must not be the username"),
    ("htims.trebor", "must not be the username"),
    ("aaaaaaaaaaaaaaa", "too common"),
])
def test_password_policy_names_the_field(admin_ctx, password, words) -> None:
    with pytest.raises(ValidationError, match=words) as info:
        users.add_user(admin_ctx, "robert.smith", "Robert Smith", Role.FRONT_DESK, password)
    assert info.value.field == "password"
    assert "robert.smith" not in {u.username for u in users.list_users(admin_ctx)}


def test_own_password_change_checks_policy_and_current(admin_ctx, anon_ctx) -> None:
    with pytest.raises(ValidationError) as info:
        auth.change_own_password(admin_ctx, "wrong current pw", "a new ledger tulip 77")
    assert info.value.field == "current_password"
    with pytest.raises(ValidationError) as info:
        auth.change_own_password(admin_ctx, ADMIN_PASSWORD, "short")
    assert info.value.field == "new_password"
    auth.change_own_password(admin_ctx, ADMIN_PASSWORD, "a new ledger tulip 77")
    with pytest.raises(AuthenticationError):
        auth.login(anon_ctx, "admin", ADMIN_PASSWORD)
    assert auth.login(anon_ctx, "admin", "a new ledger tulip 77").username == "admin"


def test_last_admin_cannot_be_deactivated_or_demoted(practice, admin_ctx) -> None:
    admin_id = practice.actor.user_id
    with pytest.raises(ConflictError):
        users.deactivate_user(admin_ctx, admin_id)
    with pytest.raises(ConflictError, match="last active administrator"):
        users.change_role(admin_ctx, admin_id, Role.FRONT_DESK)
    assert users.list_users(admin_ctx)[0].role is Role.ADMIN and users.list_users(admin_ctx)[0].active


def test_an_admin_can_step_down_once_another_admin_exists(practice, admin_ctx) -> None:
    second = users.add_user(admin_ctx, "boss", "Second Admin", Role.ADMIN, STAFF_PASSWORD)
    users.change_role(admin_ctx, practice.actor.user_id, Role.BILLING)
    boss_ctx = ServiceContext(practice.db, auth.login(ServiceContext(practice.db), "boss", STAFF_PASSWORD))
    # now 'boss' is the last admin: it cannot be demoted or deactivated
    with pytest.raises(ConflictError, match="last active administrator"):
        users.change_role(boss_ctx, second.id, Role.FRONT_DESK)
    with pytest.raises(ConflictError):
        users.deactivate_user(boss_ctx, second.id)


def test_the_app_hashes_with_argon2id_at_full_cost(production_hasher) -> None:
    # the tests swap in a cheap hasher; the app itself must keep argon2-cffi's defaults
    defaults = PasswordHasher()
    assert production_hasher.type is Type.ID
    assert (production_hasher.time_cost, production_hasher.memory_cost) == (defaults.time_cost, defaults.memory_cost)
    assert production_hasher.hash("a sample password").startswith("$argon2id$")


def test_switch_user_is_a_sign_in_and_an_unlock_by_the_same_user_is_not(practice, admin_ctx, frontdesk_actor,  # type: ignore[no-untyped-def]
                                                                       monkeypatch) -> None:
    def last_sign_in(username: str):  # type: ignore[no-untyped-def]
        return next(u.last_login_at for u in users.list_users(admin_ctx) if u.username == username)

    notices: list[frozenset[str]] = []
    locked_by_admin = ServiceContext(practice.db, practice.actor, notify=notices.append)
    switched_at = utcnow().replace(microsecond=0) - timedelta(hours=2)
    monkeypatch.setattr(auth, "utcnow", lambda: switched_at)
    assert last_sign_in("rita") is None
    assert auth.unlock_session(locked_by_admin, "rita", STAFF_PASSWORD) == frontdesk_actor  # Switch user
    assert last_sign_in("rita") == switched_at
    assert [("users" in topics) for topics in notices] == [True]  # the Users list shows the new time

    admin_before = last_sign_in("admin")
    monkeypatch.setattr(auth, "utcnow", lambda: switched_at + timedelta(minutes=30))
    notices.clear()
    auth.unlock_session(locked_by_admin, "admin", ADMIN_PASSWORD)  # the locked user comes back
    assert last_sign_in("admin") == admin_before
    assert last_sign_in("rita") == switched_at
    assert not any("users" in topics for topics in notices)
