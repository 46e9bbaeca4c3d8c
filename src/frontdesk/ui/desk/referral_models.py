"""Table models of the Referrals tab: the open-referral tracking list (lazy pages), a referral's history,
the outside directory and a patient's incoming referrals."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from frontdesk.domain.formats import format_date, format_datetime, format_phone
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.services.desk import referrals
from frontdesk.services.desk.referral_types import (
    REFERRAL_STATUSES,
    IncomingReferralRow,
    OutsideProviderRow,
    ReferralHistoryItem,
    ReferralPage,
    ReferralRow,
)
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.models import WARNING_COLOUR, Column, RecordTableModel
from frontdesk.ui.widgets.schedule_inputs import clock_text

_Index = QModelIndex | QPersistentModelIndex
PAGE_SIZE = 200
COLUMNS = ("Age", "Patient", "Account", "Referred to", "Kind", "Status", "Appointment", "Follow-up")
AGE_COLUMN, FOLLOW_UP_COLUMN = 0, 7


def appointment_text(row: ReferralRow) -> str:
    """'12/03/2026 10:30 AM' once the facility gave a date, else an em dash."""
    if row.appointment_date is None:
        return "\u2014"
    return f"{format_date(row.appointment_date)} {clock_text(row.appointment_time)}".strip()


def follow_up_text(row: ReferralRow) -> str:
    """The overdue reason behind a warning sign (words and sign, never colour alone), or 'On track'."""
    return f"\u26a0 {row.overdue_reason}" if row.overdue else "On track"


def age_text(days: int) -> str:
    return "today" if days == 0 else f"{days} day" + ("" if days == 1 else "s")


class OpenReferralsModel(QAbstractTableModel):
    """Open referrals, oldest request first (the service's order), fetched PAGE_SIZE rows at a time.

    ``loaded`` fires when the first page is in; an answer for an older load is ignored (generation counter).
    """

    loaded = Signal()

    def __init__(self, uictx: UiContext, parent: QObject | None = None, *, page_size: int = PAGE_SIZE) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.page_size = page_size
        self.total = 0
        self._rows: list[ReferralRow] = []
        self._generation = 0
        self._fetching = False

    def load(self) -> None:
        """Start over from the first page."""
        self._generation += 1
        self.beginResetModel()
        self._rows, self.total, self._fetching = [], 0, True
        self.endResetModel()
        self._request(0, self._generation)

    def _request(self, offset: int, generation: int) -> None:
        self.uictx.call(referrals.open_referrals, offset=offset, limit=self.page_size,
                        on_done=guarded(self, lambda page: self._page(generation, offset, page)))  # type: ignore[arg-type]

    def _page(self, generation: int, offset: int, page: ReferralPage) -> None:
        if generation != self._generation:
            return
        self._fetching = False
        self.total = page.total
        if not page.rows:
            self.total = len(self._rows)  # fewer than counted (some closed meanwhile): stop asking
        else:
            self.beginInsertRows(QModelIndex(), offset, offset + len(page.rows) - 1)
            self._rows.extend(page.rows)
            self.endInsertRows()
        if offset == 0:
            self.loaded.emit()

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008 (Qt's own default)
        return not parent.isValid() and not self._fetching and len(self._rows) < self.total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008
        if self.canFetchMore(parent):
            self._fetching = True
            self._request(len(self._rows), self._generation)

    def referral(self, row: int) -> ReferralRow:
        return self._rows[row]

    def row_of(self, referral_id: int) -> int:
        return next((n for n, r in enumerate(self._rows) if r.id == referral_id), -1)

    def overdue_count(self) -> int:
        """Overdue among the loaded rows (the status line says 'of those loaded' when not all are)."""
        return sum(1 for r in self._rows if r.overdue)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    @staticmethod
    def _text(row: ReferralRow, column: int) -> str:
        return (age_text(row.age_days), row.patient_name, row.account_number,
                f"{row.destination} ({row.specialty})" if row.specialty else row.destination, row.kind_text,
                row.status_text, appointment_text(row), follow_up_text(row))[column]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows) and 0 <= index.column() < len(COLUMNS)):
            return None
        row, column = self._rows[index.row()], index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, column)
        if role == Qt.ItemDataRole.ForegroundRole and row.overdue and column in (AGE_COLUMN, FOLLOW_UP_COLUMN):
            return WARNING_COLOUR
        if role == Qt.ItemDataRole.TextAlignmentRole and column == AGE_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


def _step(item: ReferralHistoryItem) -> str:
    return REFERRAL_STATUSES.get(item.to_status, item.to_status)


def history_columns(clock: PracticeClock) -> list[Column[ReferralHistoryItem]]:
    """A referral's steps (times on the practice's clock)."""
    return [
        Column("When", lambda h: format_datetime(h.at, clock.tz), lambda h: h.at.timestamp()),
        Column("By", lambda h: h.username or "\u2014"),
        Column("Step", _step),
        Column("Note", lambda h: h.note),
    ]


class HistoryModel(RecordTableModel[ReferralHistoryItem]):
    """Every step of one referral, oldest first: who moved it, and when."""

    def __init__(self, clock: PracticeClock, parent: Any = None) -> None:
        super().__init__(history_columns(clock), parent)


DIRECTORY_COLUMNS: list[Column[OutsideProviderRow]] = [
    Column("Name", lambda d: d.name),
    Column("Kind", lambda d: d.kind_text),
    Column("Specialty", lambda d: d.specialty),
    Column("NPI", lambda d: d.npi or "\u2014"),
    Column("Phone", lambda d: format_phone(d.phone) or "\u2014"),
    Column("Fax", lambda d: format_phone(d.fax) or "\u2014"),
    Column("City", lambda d: ", ".join(p for p in (d.city, d.state) if p)),
    Column("Status", lambda d: "Active" if d.active else "Retired"),
]


class DirectoryModel(RecordTableModel[OutsideProviderRow]):
    """The outside providers and facilities."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(DIRECTORY_COLUMNS, parent)

    def row_of(self, entry_id: int) -> int:
        return next((n for n, r in enumerate(self.records()) if r.id == entry_id), -1)


INCOMING_COLUMNS: list[Column[IncomingReferralRow]] = [
    Column("Referred by", lambda r: r.referring_name),
    Column("NPI", lambda r: r.referring_npi),
    Column("From", lambda r: format_date(r.starts_on), lambda r: r.starts_on.toordinal()),
    Column("Until", lambda r: format_date(r.ends_on) or "No end date"),
    Column("Visits", lambda r: str(r.visits_allowed) if r.visits_allowed else "\u2014"),
    Column("Authorization", lambda r: r.authorization_number or "\u2014"),
    Column("Status", lambda r: "Active" if r.active else "Withdrawn"),
]


class IncomingModel(RecordTableModel[IncomingReferralRow]):
    """One patient's incoming referrals, newest first."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(INCOMING_COLUMNS, parent)
