"""Table models for the admin tabs: users and providers (over the generic record model in ui/widgets)."""

from __future__ import annotations

from datetime import datetime, tzinfo

from PySide6.QtGui import QColor

from frontdesk.domain import schedule_time as st
from frontdesk.domain.formats import format_clock, format_datetime
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.services.admin.providers import ProviderInfo
from frontdesk.services.admin.users import UserInfo
from frontdesk.ui.widgets.models import MUTED_COLOUR, WARNING_COLOUR, Column, RecordTableModel


# -- users ---------------------------------------------------------------------------------

def user_status(user: UserInfo, tz: tzinfo, now: datetime | None = None) -> str:
    """Status in words (never colour alone): Active, Deactivated, Locked until 3:42 PM (the practice's clock)."""
    now = now or st.utc_now()
    if not user.active:
        return "Deactivated"
    if user.locked_until is not None and user.is_locked(now):
        same_day = user.locked_until.astimezone(tz).date() == now.astimezone(tz).date()
        when = format_clock(user.locked_until, tz) if same_day else format_datetime(user.locked_until, tz)
        return f"Locked until {when}"
    return "Active"


def _user_colour(user: UserInfo) -> QColor | None:
    if not user.active:
        return MUTED_COLOUR
    return WARNING_COLOUR if user.is_locked() else None


def _stamp_key(value: datetime | None) -> float:
    return value.timestamp() if value is not None else -1.0


def user_columns(clock: PracticeClock) -> list[Column[UserInfo]]:
    """The users table's columns; times on the practice's clock (read when shown, so a zone change shows)."""
    return [
        Column("Username", lambda u: u.username),
        Column("Full name", lambda u: u.full_name),
        Column("Role", lambda u: u.role.label),
        Column("Status", lambda u: user_status(u, clock.tz), colour=_user_colour),
        Column("Last sign-in", lambda u: format_datetime(u.last_login_at, clock.tz) or "Never",
               sort=lambda u: _stamp_key(u.last_login_at)),
    ]


class UsersModel(RecordTableModel[UserInfo]):
    """The accounts of the practice, one row each."""

    def __init__(self, clock: PracticeClock, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(user_columns(clock), parent)

    def row_of(self, user_id: int) -> int:
        """Row index of a user id, or -1."""
        return next((i for i, u in enumerate(self._rows) if u.id == user_id), -1)


# -- providers -----------------------------------------------------------------------------

def provider_status(provider: ProviderInfo) -> str:
    return "Active" if provider.active else "Deactivated"


PROVIDER_COLUMNS: list[Column[ProviderInfo]] = [
    Column("Name", lambda p: f"{p.last_name}, {p.first_name}"),
    Column("Credential", lambda p: p.credential),
    Column("NPI", lambda p: p.npi),
    Column("Taxonomy", lambda p: p.taxonomy),
    Column("Status", provider_status, colour=lambda p: None if p.active else MUTED_COLOUR),
]


class ProvidersModel(RecordTableModel[ProviderInfo]):
    """The practice's providers, active and deactivated."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(PROVIDER_COLUMNS, parent)

    def row_of(self, provider_id: int) -> int:
        return next((i for i, p in enumerate(self._rows) if p.id == provider_id), -1)
