"""The search results table model: one row per patient found, newest query wins."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
    Slot,
)

from frontdesk.domain.formats import format_datetime, format_money, format_phone
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.services.patients.patients import PatientSummary
from frontdesk.ui.widgets.patient_display import display_name, dob_with_age

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
PATIENT_ROLE = Qt.ItemDataRole.UserRole + 2

# Short headers: the results share a 1366 px screen with the open patient (DOB is the desk's own word).
COLUMNS = ("Name", "DOB (age)", "Phone", "Account #", "Next appointment", "Balance")
NAME, DOB, PHONE, ACCOUNT, NEXT, BALANCE = range(len(COLUMNS))
UNKNOWN = "\u2014"  # not known here (calendar/billing fill it): never shown as "none" or $0.00
_STATUS_TAGS = {"inactive": " (inactive)", "deceased": " (deceased)"}

_Index = QModelIndex | QPersistentModelIndex


class PatientResultsModel(QAbstractTableModel):
    """Rows of PatientSummary; results of a query older than the newest one are dropped.

    Every search gets a request id from :meth:`new_request`; :meth:`apply_results` ignores an
    answer whose id is older than the newest id issued or applied, so a slow old query can
    never overwrite what the newer one found. While the text typed differs from the one the rows
    answer, :meth:`set_stale` greys them out (disabled: neither selectable nor openable).
    """

    def __init__(self, clock: PracticeClock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock  # next appointments and ages on the practice's clock
        self._rows: list[PatientSummary] = []
        self._newest = 0
        self._stale = False
        self.headers = list(COLUMNS)  # a screen short of room may word them shorter

    # -- requests ------------------------------------------------------------------------
    def new_request(self) -> int:
        """A fresh request id; answers to all earlier ids become stale."""
        self._newest += 1
        return self._newest

    def is_current(self, request_id: int) -> bool:
        return request_id >= self._newest

    @Slot(int, object)
    def apply_results(self, request_id: int, rows: Sequence[PatientSummary]) -> bool:
        """Show ``rows`` if they answer the newest query; return False when they were stale."""
        if request_id < self._newest:
            return False
        self._newest = request_id
        self.beginResetModel()
        self._rows = list(rows)
        self._stale = False
        self.endResetModel()
        return True

    def set_stale(self, stale: bool) -> None:
        """Grey the rows out (True) while they answer older text than the one typed, or show them again."""
        if stale == self._stale:
            return
        self._stale = stale
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    def is_stale(self) -> bool:
        return self._stale

    def clear(self) -> None:
        """Empty the table and make every query still in flight stale."""
        self.new_request()
        self.beginResetModel()
        self._rows = []
        self._stale = False
        self.endResetModel()

    def patient_at(self, row: int) -> PatientSummary:
        return self._rows[row]

    def row_of(self, patient_id: int) -> int:
        """The row showing ``patient_id``, or -1."""
        return next((i for i, p in enumerate(self._rows) if p.id == patient_id), -1)

    # -- QAbstractTableModel -------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole
                and 0 <= section < len(COLUMNS)):
            return self.headers[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        patient = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(patient, column)
        if role == SORT_ROLE:
            return self._sort_key(patient, column)
        if role == PATIENT_ROLE:
            return patient
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if self._stale:  # drawn greyed out by the style, and nobody opens a patient the text no longer finds
            return Qt.ItemFlag.ItemNeverHasChildren
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def _display(self, p: PatientSummary, column: int) -> str | None:
        if column == NAME:
            return display_name(p.last_name, p.first_name, p.middle_name) + _STATUS_TAGS.get(p.status, "")
        if column == NEXT:
            return format_datetime(p.next_appointment, self.clock.tz) if p.next_appointment is not None else UNKNOWN
        if column == BALANCE:
            return format_money(p.balance) if p.balance is not None else UNKNOWN
        if column == DOB:
            return dob_with_age(p.dob, self.clock.today())
        if column == PHONE:
            return format_phone(p.phone)
        if column == ACCOUNT:
            return p.account_number
        return None

    @staticmethod
    def _sort_key(p: PatientSummary, column: int) -> str | None:
        # Strings that sort correctly as text, so the proxy compares like with like.
        if column == NAME:
            return f"{p.last_name.casefold()}\t{p.first_name.casefold()}\t{p.middle_name.casefold()}"
        if column == DOB:
            return p.dob.isoformat()
        if column == PHONE:
            return p.phone
        if column == ACCOUNT:
            return p.account_number.rjust(20, "0")
        if column == NEXT:
            return p.next_appointment.isoformat() if p.next_appointment is not None else "~"
        if column == BALANCE:
            return f"{p.balance:020.2f}" if p.balance is not None else "~"
        return None


def make_sort_proxy(model: PatientResultsModel, parent: QObject | None = None) -> QSortFilterProxyModel:
    """A proxy that sorts on SORT_ROLE (dates by date, accounts by number), case-blind."""
    proxy = QSortFilterProxyModel(parent)
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    return proxy

