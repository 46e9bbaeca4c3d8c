"""Who a message or task is for, beyond one person: a role, the "Nurses", or a provider (issue 19).

The group sits in the ``to_role`` column of phone_message / staff_task as a key: a role value
('front_desk', 'clinical', ...), ``'nurses'``, or ``'provider:<id>'``. Keeping one column (already indexed
with status and date) means every inbox stays a union of index ranges, and messages saved before
clinicians existed keep their recipient unchanged.

The Nurses are every active Clinical user *not* linked to a provider (nurses and medical assistants):
no separate flag to keep in step, and a provider never gets the nurses' queue by accident. A provider's
messages reach the one active user linked to that provider (``app_user.provider_id``).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain.names import provider_display_name
from frontdesk.domain.permissions import Role
from frontdesk.errors import ValidationError
from frontdesk.models import Provider, User

NURSES = "nurses"
NURSES_LABEL = "Nurses"
PROVIDER_PREFIX = "provider:"


def provider_key(provider_id: int) -> str:
    return f"{PROVIDER_PREFIX}{provider_id}"


def _provider_id(key: str) -> int | None:
    if key.startswith(PROVIDER_PREFIX) and key[len(PROVIDER_PREFIX):].isdigit():
        return int(key[len(PROVIDER_PREFIX):])
    return None


def clean_group(session: Session, key: str, field: str) -> str:
    """A role, the Nurses or an active provider; anything else names ``field`` in the error."""
    if key == NURSES:
        return key
    pid = _provider_id(key)
    if pid is not None:
        provider = session.get(Provider, pid)
        if provider is None or not provider.active:
            raise ValidationError(field, "That provider is not active; choose someone else.")
        return provider_key(provider.id)
    try:
        return Role(key).value
    except ValueError:
        raise ValidationError(field, "Unknown group; choose a role, Nurses or a provider.") from None


def provider_groups(session: Session) -> list[tuple[str, str]]:
    """(key, label) of every active provider, by name: what the 'For' box offers after the roles."""
    rows = session.execute(select(Provider.id, Provider.first_name, Provider.last_name, Provider.credential)
                           .where(Provider.active.is_(True)).order_by(Provider.last_name, Provider.first_name)).all()
    return [(provider_key(pid), f"{provider_display_name(f, la, c)} (provider)") for pid, f, la, c in rows]


def group_labels(session: Session, keys: set[str]) -> dict[str, str]:
    """Labels of the groups in ``keys`` ('Nurses', 'Front desk (role)', 'Pat Smith, MD (provider)')."""
    labels: dict[str, str] = {}
    pids = {pid for pid in (_provider_id(k) for k in keys) if pid is not None}
    if pids:
        for pid, f, la, c in session.execute(select(Provider.id, Provider.first_name, Provider.last_name,
                                                    Provider.credential).where(Provider.id.in_(pids))):
            labels[provider_key(pid)] = f"{provider_display_name(f, la, c)} (provider)"
    for key in keys:
        if key == NURSES:
            labels[key] = NURSES_LABEL
        elif key not in labels:
            try:
                labels[key] = f"{Role(key).label} (role)"
            except ValueError:
                labels[key] = f"{key} (group)"
    return labels


def inbox_groups(session: Session, user_id: int, role: Role) -> list[str]:
    """The group keys whose messages and tasks land in this user's inbox (besides those for them by name)."""
    keys = [role.value]
    if role is Role.CLINICAL:
        pid = session.scalar(select(User.provider_id).where(User.id == user_id))
        keys.append(provider_key(pid) if pid is not None else NURSES)
    return keys
