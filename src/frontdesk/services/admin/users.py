"""User administration: add, deactivate, reactivate, reset password, change role, link a provider, unlock, list."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from frontdesk.domain.passwords import check_password_policy, hash_password
from frontdesk.domain.permissions import Permission, Role
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, FieldErrors, NotFoundError, ValidationError
from frontdesk.models import Provider, User
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
    provider_id: int | None = None  # the provider a Clinical user is (their messages reach them)

    def is_locked(self, now: datetime | None = None) -> bool:
        return self.locked_until is not None and self.locked_until > (now or utcnow())


def _info(user: User) -> UserInfo:
    return UserInfo(user.id, user.username, user.full_name, Role(user.role), user.active, user.locked_until,
                    user.last_login_at, user.failed_attempts, user.provider_id)


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
    if new_role is not Role.CLINICAL:
        user.provider_id = None  # only a clinician is a provider's inbox
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


@operation(Permission.MANAGE_USERS)
def link_provider(tx: Tx, user_id: int, provider_id: int | None) -> UserInfo:
    """Say which provider a Clinical user is (None: not a provider, i.e. one of the Nurses).

    One active user per provider, so a message "for Dr. Smith" has exactly one reader.
    """
    user = _get(tx, user_id)
    if provider_id is not None:
        if user.role != Role.CLINICAL.value:
            raise ValidationError("provider_id", "Only a Clinical user can be linked to a provider; "
                                                 "change the role first.")
        provider = tx.session.get(Provider, provider_id) if isinstance(provider_id, int) else None
        if provider is None or not provider.active:
            raise ValidationError("provider_id", "Choose an active provider.")
        taken = tx.session.scalar(select(User.full_name).where(
            User.provider_id == provider.id, User.id != user.id, User.active.is_(True)))
        if taken is not None:
            raise ConflictError(f"{taken} is already linked to that provider; unlink them first.")
    if user.provider_id == provider_id:
        return _info(user)
    old, user.provider_id = user.provider_id, provider_id
    tx.audit("user.provider_link", entity_type="user", entity_id=user.id, detail=f"{old} -> {provider_id}")
    tx.changed("users")
    return _info(user)
