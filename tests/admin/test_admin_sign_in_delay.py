"""An administrator account is not hard-locked by failed sign-ins: it makes each further try wait longer.

Before, five wrong passwords locked the only administrator out for 15 minutes, something anyone at the
screen could do at will. Now the wait doubles from 2 seconds, capped at 5 minutes; a try made too early is
refused without running the hash and says how long to wait; the right password works once the wait is over.
Front-desk and billing accounts keep the 15-minute lock (test_auth_lockout.py).
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from fd_testlib import ADMIN_PASSWORD

from frontdesk.errors import AccountLocked, AuthenticationError
from frontdesk.models.base import utcnow
from frontdesk.services.admin import auth, users


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    now = [utcnow().replace(microsecond=0)]
    monkeypatch.setattr(auth, "utcnow", lambda: now[0])
    return now


def _try(ctx, password: str = "not the password 1") -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(AuthenticationError) as info:
        auth.login(ctx, "admin", password)
    return str(info.value)


def _admin(admin_ctx):  # type: ignore[no-untyped-def]
    return next(u for u in users.list_users(admin_ctx) if u.username == "admin")


def test_the_delay_doubles_and_is_capped() -> None:
    assert [auth.admin_delay(n).total_seconds() for n in range(4, 10)] == [0, 2, 4, 8, 16, 32]
    assert auth.admin_delay(13) == auth.admin_delay(500) == timedelta(minutes=5)


def test_five_failures_delay_the_admin_instead_of_locking_them_out(anon_ctx, admin_ctx, clock) -> None:
    for _ in range(4):
        assert _try(anon_ctx) == "Wrong username or password."
    assert _try(anon_ctx) == "Too many failed sign-ins. Wait 2 seconds before trying again."
    clock[0] += timedelta(seconds=3)
    assert auth.login(anon_ctx, "admin", ADMIN_PASSWORD).username == "admin"
    assert _admin(admin_ctx).failed_attempts == 0 and not _admin(admin_ctx).is_locked(clock[0])


def test_an_early_try_is_refused_without_hashing_and_not_counted(anon_ctx, admin_ctx, clock, monkeypatch) -> None:
    for _ in range(6):
        clock[0] += timedelta(minutes=1)
        _try(anon_ctx)
    assert _admin(admin_ctx).failed_attempts == 6  # the wait is now 4 seconds
    verified: list[str] = []
    monkeypatch.setattr(auth, "verify_password", lambda stored, typed: verified.append(typed) or True)
    clock[0] += timedelta(seconds=1)
    message = _try(anon_ctx, ADMIN_PASSWORD)  # even the right password waits
    assert isinstance(message, str) and message == "Too many failed sign-ins. Wait 3 seconds before trying again."
    assert verified == [] and _admin(admin_ctx).failed_attempts == 6


def test_each_further_failure_doubles_the_wait_up_to_five_minutes(anon_ctx, clock) -> None:
    messages = []
    for _ in range(14):
        messages.append(_try(anon_ctx))
        clock[0] += auth.admin_delay(14)  # always past the current wait
    assert messages[4:9] == [f"Too many failed sign-ins. Wait {s} before trying again."
                             for s in ("2 seconds", "4 seconds", "8 seconds", "16 seconds", "32 seconds")]
    assert messages[-1] == "Too many failed sign-ins. Wait 5 minutes before trying again."


def test_an_admin_can_still_lift_the_delay(practice, anon_ctx, admin_ctx, clock) -> None:
    for _ in range(8):
        clock[0] += timedelta(minutes=5)
        _try(anon_ctx)
    with pytest.raises(AccountLocked):
        auth.login(anon_ctx, "admin", ADMIN_PASSWORD)
    users.unlock_user(admin_ctx, practice.actor.user_id)
    assert auth.login(anon_ctx, "admin", ADMIN_PASSWORD).username == "admin"
