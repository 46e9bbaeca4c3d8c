"""User administration: add, deactivate, reactivate, reset password, change role, unlock, list."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from frontdesk.domain.passwords import check_password_policy, hash_password
from frontdesk.domain.permissions import Permission, Role
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, FieldErrors, NotFoundError, ValidationError
from frontdesk.models import User
from frontdesk.models.base import utcnow
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services.admin._password_context import password_context

USERNAME_RE = re.compile(r"^[a-z][a-z0-9._-]{1,39}$")


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    full_name: str
    role: Role
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    failed_attempts: int

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or utcnow())


def _info(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.full_name, Role(user.role), user.active, user.locked_until,
                    user.last_login_at, user.failed_attempts)


def clean_username(username: str) -> str:
    name = clean_text(username, "username", "Username", max_len=40, required=True).lower()
    if not USERNAME_RE.match(name):
        raise ValidationError("username", "Username must be 2-40 characters: letters, digits, '.', '_' or '-', "
                                          "starting with a letter.")
    return name


def clean_role(role: str | Role) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise ValidationError("role", "Choose a role: Front desk, Billing, Admin or Clinical.") from None


def new_user_row(username: str, full_name: str, role: str | Role, password: str, *, practice_name: str = "") -> User:
    """Validate and build a user row (shared by first-run setup and Add user)."""
    errors = FieldErrors()  # every wrong field of the Add user form at once
    name = errors.check(clean_username, username)
    full = errors.check(clean_text, full_name, "full_name", "Full name", max_len=120, required=True)
    chosen = errors.check(clean_role, role)
    errors.check(check_password_policy, password, username=name or "", context=(full or "", practice_name))
    errors.raise_any()
    assert name is not None and full is not None and chosen is not None
    return User(username=name, full_name=full, role=chosen.value, password_hash=hash_password(password),
                active=True, failed_attempts=0)


def _get(tx: Tx, user_id: int) -> User:
    user = tx.session.get(User, user_id)
    if user is None:
        raise NotFoundError("That user no longer exists.")
    return user


def _active_admins(tx: Tx) -> int:
    return tx.session.scalar(select(func.count()).select_from(User).where(
        User.active.is_(True), User.role == Role.ADMIN.value)) or 0


@operation(Permission.MANAGE_USERS, write=False)
def list_users(tx: Tx) -> list[UserInfo]:
    """All accounts, active first, by username."""
    rows = tx.session.scalars(select(User).order_by(User.active.desc(), User.username))
    return [_info(u) for u in rows]


@operation(Permission.MANAGE_USERS)
def add_user(tx: Tx, username: str, full_name: str, role: str | Role, password: str) -> UserInfo:
    """Create a named account with an initial password."""
    user = new_user_row(username, full_name, role, password,
                        practice_name=password_context(tx.session, full_name)[1])
    if tx.session.scalar(select(User.id).where(func.lower(User.username) == user.username)) is not None:
        raise ValidationError("username", f"The username '{user.username}' is already taken.")
    tx.session.add(user)
    tx.session.flush()
    tx.audit("user.create", entity_type="user", entity_id=user.id, detail=f"role={user.role}")
    tx.changed("users")
    return _info(user)


@operation(Permission.MANAGE_USERS)
def deactivate_user(tx: Tx, user_id: int) -> UserInfo:
    """Deactivate an account (it can no longer sign in); never the last active admin or yourself."""
    actor = require_actor(tx)
    user = _get(tx, user_id)
    if user.id == actor.user_id:
        raise ConflictError("You cannot deactivate your own account.")
    if user.role == Role.ADMIN.value and user.active and _active_admins(tx) <= 1:
        raise ConflictError("This is the last active administrator; add another admin first.")
    user.active = False
    tx.audit("user.deactivate", entity_type="user", entity_id=user.id)
    tx.changed("users")
    return _info(user)


@operation(Permission.MANAGE_USERS)
def reactivate_user(tx: Tx, user_id: int) -> UserInfo:
    """Allow a deactivated account to sign in again."""
    user = _get(tx, user_id)
    user.active = True
    user.failed_attempts = 0
    user.locked_until = None
    tx.audit("user.reactivate", entity_type="user", entity_id=user.id)
    tx.changed("users")
    return _info(user)


@operation(Permission.MANAGE_USERS)
def reset_password(tx: Tx, user_id: int, new_password: str) -> UserInfo:
    """Set a new password for another user (and clear any lockout)."""
    user = _get(tx, user_id)
    check_password_policy(new_password, username=user.username, context=password_context(tx.session, user.full_name))
    user.password_hash = hash_password(new_password)
    user.password_changed_at = utcnow()
    user.failed_attempts = 0
    user.locked_until = None
    tx.audit("user.password_reset", entity_type="user", entity_id=user.id)
    tx.changed("users")
    return _info(user)


@operation(Permission.MANAGE_USERS)
def change_role(tx: Tx, user_id: int, role: str | Role) -> UserInfo:
    """Change a user's role; the last active admin keeps theirs."""
    user = _get(tx, user_id)
    new_role = clean_role(role)
    if user.role == Role.ADMIN.value and new_role is not Role.ADMIN and user.active and _active_admins(tx) <= 1:
        raise ConflictError("This is the last active administrator; add another admin first.")
    old = user.role
    user.role = new_role.value
    tx.audit("user.role_change", entity_type="user", entity_id=user.id, detail=f"{old} -> {new_role.value}")
    tx.changed("users")
    return _info(user)


@operation(Permission.MANAGE_USERS)
def unlock_user(tx: Tx, user_id: int) -> UserInfo:
    """Lift a lockout after failed sign-ins."""
    user = _get(tx, user_id)
    user.locked_until = None
    user.failed_attempts = 0
    tx.audit("user.unlock", entity_type="user", entity_id=user.id)
    tx.changed("users")
    return _info(user)
