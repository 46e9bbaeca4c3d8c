"""Table models for the admin tabs: a generic record model, users and providers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from frontdesk.domain import schedule_time as st
from frontdesk.domain.formats import format_clock, format_datetime
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.services.admin.providers import ProviderInfo
from frontdesk.services.admin.users import UserInfo

T = TypeVar("T")
AnyIndex = QModelIndex | QPersistentModelIndex

#: role holding a value that sorts correctly (dates as numbers, text folded)
SORT_ROLE = Qt.ItemDataRole.UserRole + 1

WARNING_COLOUR = QColor("#b00020")
MUTED_COLOUR = QColor("#5f6368")


@dataclass(frozen=True)
class Column(Generic[T]):
    """One column: its header, what it shows and how it sorts (and, optionally, a text colour)."""

    header: str
    display: Callable[[T], str]
    sort: Callable[[T], Any] | None = None
    colour: Callable[[T], QColor | None] | None = None


class RecordTableModel(QAbstractTableModel, Generic[T]):
    """A read-only table over a list of frozen records returned by a service."""

    def __init__(self, columns: Sequence[Column[T]], parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[T] = []

    # -- data in ---------------------------------------------------------------------------
    def set_rows(self, rows: Sequence[T]) -> None:
        """Replace every row (a fresh list from the service)."""
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def record(self, row: int) -> T:
        return self._rows[row]

    def records(self) -> list[T]:
        return list(self._rows)

    # -- Qt model interface ----------------------------------------------------------------
    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            return self._columns[section].header
        if orientation == Qt.Orientation.Vertical and 0 <= section < self.rowCount():
            return str(section + 1)
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(self._columns):
            return None
        column = self._columns[index.column()]
        record = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return column.display(record)
        if role == SORT_ROLE:
            return column.sort(record) if column.sort else column.display(record).casefold()
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            return column.colour(record)
        return None

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


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
