"""Lockout does not reveal which usernames exist: an unknown name fails, counts and locks like a real account.

Before, only real accounts locked ("This account is locked" after five tries), so five tries told anyone at
the screen whether a name was an account. The unknown name's count is kept as a keyed digest, never the name.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from fd_testlib import STAFF_PASSWORD
from sqlalchemy import func, select

from frontdesk.errors import AccountLocked, AuthenticationError
from frontdesk.models import AuditEvent, UnknownNameFailure
from frontdesk.models.base import utcnow
from frontdesk.services.admin import _unknown_names, auth, users
from frontdesk.services._base import ServiceContext
from frontdesk.storage.engine import Database

TYPED = "Mallory.Secret-Name"  # what someone typed into the username field (a real name, or a password)


@pytest.fixture
def clock(monkeypatch):  # type: ignore[no-untyped-def]
    """A settable sign-in clock (auth.utcnow)."""
    now = [utcnow().replace(microsecond=0)]
    monkeypatch.setattr(auth, "utcnow", lambda: now[0])
    return now


def _outcomes(ctx: ServiceContext, username: str, password: str, times: int) -> list[tuple[type, str]]:
    seen = []
    for _ in range(times):
        with pytest.raises(AuthenticationError) as info:
            auth.login(ctx, username, password)
        seen.append((type(info.value), str(info.value)))
    return seen


def test_an_unknown_name_locks_like_a_real_account(anon_ctx, frontdesk_actor, clock) -> None:
    real = _outcomes(anon_ctx, "rita", "not the password 1", 7)
    unknown = _outcomes(anon_ctx, TYPED, "not the password 1", 7)
    assert unknown == real
    assert [kind for kind, _ in unknown] == [AuthenticationError] * 4 + [AccountLocked] * 3
    assert "locked after 5 failed sign-ins" in unknown[4][1]


def test_the_unknown_name_lock_expires_like_a_real_one(anon_ctx, frontdesk_actor, clock) -> None:
    start = clock[0]
    for username in ("rita", TYPED):
        clock[0] = start
        _outcomes(anon_ctx, username, "not the password 1", 5)
        clock[0] = start + timedelta(minutes=14)
        assert _outcomes(anon_ctx, username, STAFF_PASSWORD, 1)[0][0] is AccountLocked
        clock[0] = start + timedelta(minutes=15, seconds=1)
    assert _outcomes(anon_ctx, TYPED, "not the password 1", 1)[0][0] is AuthenticationError  # a fresh count
    assert auth.login(anon_ctx, "rita", STAFF_PASSWORD).username == "rita"


@pytest.mark.sqlite_only("reopens the practice's database file; on a server every workstation opens the same "
                         "database (tests/storage/pg/test_pg_two_workstations.py: lockout is shared)")
def test_the_unknown_name_lock_survives_a_restart(practice, data_paths, anon_ctx, clock) -> None:
    _outcomes(anon_ctx, TYPED, "not the password 1", 5)
    key = practice.db.key
    practice.db.close()
    reopened = Database(data_paths.database, key)
    try:
        with pytest.raises(AccountLocked):
            auth.unlock_session(ServiceContext(reopened), TYPED, "not the password 1")
    finally:
        reopened.close()


def test_an_unknown_name_costs_a_hash_until_locked_like_a_real_one(anon_ctx, frontdesk_actor, clock,
                                                                   monkeypatch) -> None:
    burned: list[str] = []
    monkeypatch.setattr(auth, "burn_verification_time", burned.append)
    _outcomes(anon_ctx, TYPED, "not the password 1", 6)
    assert len(burned) == 5  # the dummy hash for each counted try; none once locked (as for a locked account)


def test_the_typed_name_is_stored_nowhere(practice, anon_ctx, clock) -> None:
    _outcomes(anon_ctx, TYPED, "not the password 1", 6)
    with practice.db.session(write=False) as session:
        rows = [(r.name_digest, r.failed_attempts, r.locked_until) for r in session.scalars(select(UnknownNameFailure))]
        events = [(e.username, e.entity_id, e.detail) for e in session.scalars(select(AuditEvent))]
    assert len(rows) == 1 and len(rows[0][0]) == 64 and rows[0][2] is not None
    assert rows[0][0] == _unknown_names.name_digest(practice.db.key, TYPED.lower())
    dump = repr(rows) + repr(events)
    assert TYPED.lower() not in dump.lower() and "mallory" not in dump.lower()


def test_random_names_cannot_grow_the_table_without_limit(practice, anon_ctx, clock, monkeypatch) -> None:
    monkeypatch.setattr(_unknown_names, "MAX_ROWS", 3)
    for n in range(6):
        clock[0] += timedelta(seconds=1)
        _outcomes(anon_ctx, f"random{n}", "not the password 1", 1)

    def count() -> int:
        with practice.db.session(write=False) as session:
            return session.scalar(select(func.count()).select_from(UnknownNameFailure)) or 0

    assert count() == 3
    clock[0] += _unknown_names.MEMORY + timedelta(seconds=1)
    _outcomes(anon_ctx, "one more", "not the password 1", 1)
    assert count() == 1  # the day-old rows are forgotten


def test_a_deactivated_account_locks_like_an_unknown_name(admin_ctx, anon_ctx, frontdesk_actor, clock) -> None:
    users.deactivate_user(admin_ctx, frontdesk_actor.user_id)
    assert _outcomes(anon_ctx, "rita", STAFF_PASSWORD, 6) == _outcomes(anon_ctx, TYPED, STAFF_PASSWORD, 6)
