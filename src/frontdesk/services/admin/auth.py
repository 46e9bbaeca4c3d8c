"""Signing in and out, idle lock and unlock, lockout after repeated failures, own password."""

from __future__ import annotations

from datetime import datetime, timedelta
from math import ceil
from typing import NoReturn
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from frontdesk.domain.formats import format_clock
from frontdesk.domain.passwords import (
    burn_verification_time,
    check_password_policy,
    hash_password,
    needs_rehash,
    verify_password,
)
from frontdesk.domain.permissions import Permission, Role
from frontdesk.domain.text import has_lone_surrogate
from frontdesk.errors import AccountLocked, AuthenticationError, ValidationError
from frontdesk.models import User
from frontdesk.models.base import utcnow
from frontdesk.services.admin._password_context import password_context
from frontdesk.services.admin._unknown_names import failures_for
from frontdesk.services._base import Actor, CommitThenRaise, Tx, operation, require_actor
from frontdesk.services._practice_clock import schedule_settings

MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
# An administrator account is never hard-locked (anyone at the screen could shut out the only admin):
# from the MAX_FAILURES-th failure on, each further try must wait twice as long, up to this cap.
ADMIN_MAX_DELAY = timedelta(minutes=5)
GENERIC_FAILURE = "Wrong username or password."


def _normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def admin_delay(failures: int) -> timedelta:
    """How long an administrator account refuses sign-ins after its ``failures``-th failure in a row."""
    if failures < MAX_FAILURES:
        return timedelta(0)
    doublings = min(failures - MAX_FAILURES + 1, 20)  # 2 s, 4 s, 8 s ... (bounded before the cap applies)
    return min(timedelta(seconds=2 ** doublings), ADMIN_MAX_DELAY)


def _locked_message(until: datetime, tz: ZoneInfo) -> str:
    return (f"This account is locked after {MAX_FAILURES} failed sign-ins. Try again after "
            f"{format_clock(until, tz)}, or ask an administrator to unlock it.")


def _wait_message(until: datetime, now: datetime) -> str:
    seconds = max(1, ceil((until - now).total_seconds()))
    minutes, rest = divmod(seconds, 60)
    parts = ([f"{minutes} minute{'s' if minutes != 1 else ''}"] if minutes else []) + (
        [f"{rest} second{'s' if rest != 1 else ''}"] if rest else [])
    return f"Too many failed sign-ins. Wait {' '.join(parts)} before trying again."


def _is_admin(user: User) -> bool:
    return user.role == Role.ADMIN.value


def _lock(tx: Tx, user: User, now: datetime) -> AccountLocked:
    """After MAX_FAILURES failures: a growing delay for an administrator, a LOCKOUT for everyone else."""
    tx.changed("users")
    if _is_admin(user):
        delay = admin_delay(user.failed_attempts)  # the count keeps growing, so each failure doubles the wait
        user.locked_until = now + delay
        tx.audit("account.delay", entity_type="user", entity_id=user.id, user_id=user.id, username=user.username,
                 detail=f"next sign-in allowed in {int(delay.total_seconds())} seconds")
        return AccountLocked(_wait_message(user.locked_until, now))
    user.locked_until = now + LOCKOUT
    user.failed_attempts = 0
    tx.audit("account.lockout", entity_type="user", entity_id=user.id, user_id=user.id,
             username=user.username, detail=f"locked for {int(LOCKOUT.total_seconds() // 60)} minutes")
    return AccountLocked(_locked_message(user.locked_until, schedule_settings(tx.session).tz))


def _refuse_unknown_name(tx: Tx, name: str, password: str, *, action: str, now: datetime) -> NoReturn:
    """An unknown name fails, counts and locks exactly as a real non-admin account does (same messages, same
    hash time), so sign-in never tells which usernames exist. The typed name is not written anywhere."""
    failures = failures_for(tx.session, tx.ctx.db.key, name, now)
    if failures.locked_until is not None and failures.locked_until > now:
        tx.audit(f"{action}.refused", entity_type="user", detail="unknown username, locked", username="")
        raise CommitThenRaise(AccountLocked(_locked_message(failures.locked_until, schedule_settings(tx.session).tz)))
    burn_verification_time(password)
    failures.failed_attempts = (failures.failed_attempts or 0) + 1
    failures.last_failure_at = now
    tx.audit(f"{action}.failure", entity_type="user", detail="unknown username", username="")
    if failures.failed_attempts < MAX_FAILURES:
        raise CommitThenRaise(AuthenticationError(GENERIC_FAILURE))
    failures.locked_until = now + LOCKOUT
    failures.failed_attempts = 0
    tx.audit("account.lockout", entity_type="user", username="",
             detail=f"unknown username, locked for {int(LOCKOUT.total_seconds() // 60)} minutes")
    raise CommitThenRaise(AccountLocked(_locked_message(failures.locked_until, schedule_settings(tx.session).tz)))


def _check_credentials(tx: Tx, username: str, password: str, *, action: str) -> User:
    """Verify a password with lockout bookkeeping; failures are committed, then raised."""
    name = _normalise_username(username)
    if not name or not password:
        raise ValidationError("username" if not name else "password", "Enter your username and password.")
    now = utcnow()
    # No account has a lone surrogate in its name (usernames are validated), and the driver cannot encode one.
    user = None if has_lone_surrogate(name) else tx.session.scalar(select(User).where(func.lower(User.username) == name))
    if user is None:
        _refuse_unknown_name(tx, name, password, action=action, now=now)
    if user.locked_until is not None and user.locked_until > now:
        # Refused before hashing: an early try costs the guesser nothing and tells them nothing.
        tx.audit(f"{action}.refused", entity_type="user", entity_id=user.id, user_id=user.id,
                 username=user.username, detail="sign-in delay" if _is_admin(user) else "account locked")
        raise CommitThenRaise(AccountLocked(
            _wait_message(user.locked_until, now) if _is_admin(user)
            else _locked_message(user.locked_until, schedule_settings(tx.session).tz)))
    if not verify_password(user.password_hash, password) or not user.active:
        user.failed_attempts = (user.failed_attempts or 0) + 1
        detail = "inactive account" if user.active is False else f"wrong password ({user.failed_attempts})"
        tx.audit(f"{action}.failure", entity_type="user", entity_id=user.id, user_id=user.id,
                 username=user.username, detail=detail)
        # An inactive account locks too: otherwise it would never lock, unlike an unknown name.
        if user.failed_attempts >= MAX_FAILURES:
            raise CommitThenRaise(_lock(tx, user, now))
        raise CommitThenRaise(AuthenticationError(GENERIC_FAILURE))
    user.failed_attempts = 0
    user.locked_until = None
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def _record_sign_in(tx: Tx, user: User) -> None:
    """A sign-in (at the login window or by Switch user) is the user's "Last sign-in" in the Users list."""
    user.last_login_at = utcnow()
    tx.changed("users")


def _actor(user: User) -> Actor:
    return Actor(user_id=user.id, username=user.username, full_name=user.full_name, role=Role(user.role))


@operation(Permission.PUBLIC)
def login(tx: Tx, username: str, password: str) -> Actor:
    """Sign in; the same message for an unknown user and a wrong password. Returns the actor."""
    user = _check_credentials(tx, username, password, action="login")
    _record_sign_in(tx, user)
    tx.audit("login", entity_type="user", entity_id=user.id, user_id=user.id, username=user.username)
    return _actor(user)


@operation(Permission.SIGNED_IN)
def logout(tx: Tx) -> None:
    """Sign out the current user."""
    actor = require_actor(tx)
    tx.audit("logout", entity_type="user", entity_id=actor.user_id)


@operation(Permission.SIGNED_IN)
def record_idle_lock(tx: Tx, reason: str = "idle") -> None:
    """Note that the screen was locked (idle timeout or the Lock button)."""
    actor = require_actor(tx)
    tx.audit("session.lock", entity_type="user", entity_id=actor.user_id,
             detail="idle timeout" if reason == "idle" else "locked by user")


@operation(Permission.PUBLIC)
def unlock_session(tx: Tx, username: str, password: str) -> Actor:
    """Unlock a locked screen: the same user, or another user switching in. Failures count to lockout.

    Switching in is a sign-in (it sets the user's last sign-in time); the same user unlocking is not.
    """
    user = _check_credentials(tx, username, password, action="unlock")
    switched = tx.actor is not None and tx.actor.user_id != user.id
    if switched:  # the same user unlocking continues their sign-in; another user starts one
        _record_sign_in(tx, user)
    tx.audit("session.switch_user" if switched else "session.unlock", entity_type="user", entity_id=user.id,
             user_id=user.id, username=user.username)
    return _actor(user)


@operation(Permission.SIGNED_IN)
def change_own_password(tx: Tx, current_password: str, new_password: str) -> None:
    """Change the signed-in user's password after checking the current one."""
    actor = require_actor(tx)
    user = tx.session.get(User, actor.user_id)
    assert user is not None  # the permission check just loaded it
    if not verify_password(user.password_hash, current_password):
        raise ValidationError("current_password", "The current password is not correct.")
    check_password_policy(new_password, username=user.username, field="new_password",
                          context=password_context(tx.session, user.full_name))
    if verify_password(user.password_hash, new_password):
        raise ValidationError("new_password", "The new password must differ from the current one.")
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    tx.audit("user.password_change", entity_type="user", entity_id=user.id)
