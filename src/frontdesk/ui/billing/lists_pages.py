"""'Visits to bill' (checked-out visits without charges) and 'Encounters' (every visit entered) lists."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_money
from frontdesk.domain.money import from_cents
from frontdesk.services.billing import encounters
from frontdesk.services.billing.billing_types import EncounterRow, UnbilledVisit
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import fit_columns, guarded, make_table
from frontdesk.ui.widgets.models import Column, RecordTableModel

VISIT_COLUMNS = (
    Column("Date", lambda v: format_date(v.service_date)),
    Column("Patient", lambda v: v.patient_name),
    Column("Provider", lambda v: v.provider_name),
    Column("Visit type", lambda v: v.type_name),
)
ENCOUNTER_STATUS = {"open": "Open (not billed)", "billed": "Billed", "void": "Void"}
ENCOUNTER_COLUMNS = (
    Column("Date", lambda e: format_date(e.service_date)),
    Column("Patient", lambda e: e.patient_name),
    Column("Provider", lambda e: e.provider_name),
    Column("Lines", lambda e: str(e.line_count)),
    Column("Total", lambda e: format_money(from_cents(e.total_cents))),
    Column("Status", lambda e: ENCOUNTER_STATUS.get(e.status, e.status)),
    Column("Claims", lambda e: e.claim_statuses),
)


class _ListPage(QWidget):
    """A caption, a table and one action button; Enter or double-click runs the action."""

    def __init__(self, uictx: UiContext, columns: tuple[Column, ...], caption: str, button_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.model: RecordTableModel = RecordTableModel(columns, self)
        self.view, _proxy = make_table(self, self.model)  # no sort role: rows stay in the service's order
        self.caption = QLabel(caption, self)
        self.caption.setWordWrap(True)
        self.button = QPushButton(button_text, self)
        self.view.activated.connect(lambda _index: self.button.click())
        row = QHBoxLayout()
        row.addWidget(self.caption, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)

    def current(self) -> object | None:
        index: QModelIndex = self.view.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    def _rows(self, rows: list) -> None:
        self.model.set_rows(rows)
        fit_columns(self.view)
        if rows:
            self.view.selectRow(0)


class VisitsPage(_ListPage):
    """``enter_charges(appointment id)`` for the chosen visit."""

    enter_charges = Signal(int)

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(uictx, VISIT_COLUMNS, "Checked-out visits with no charges entered yet, oldest first.",
                         "&Enter charges", parent)
        self.view.setObjectName("visits_table")
        self.button.setObjectName("enter_charges")
        self.button.clicked.connect(self._enter)

    def reload(self) -> None:
        self.uictx.call(encounters.unbilled_visits, on_done=guarded(self, self._rows))

    def _enter(self) -> None:
        visit = self.current()
        if isinstance(visit, UnbilledVisit):
            self.enter_charges.emit(visit.appointment_id)


class EncountersPage(_ListPage):
    """``open_encounter(encounter id)`` for the chosen encounter."""

    open_encounter = Signal(int)

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(uictx, ENCOUNTER_COLUMNS, "The most recent encounters, newest first.", "&Open encounter",
                         parent)
        self.view.setObjectName("encounters_table")
        self.button.setObjectName("open_encounter")
        self.button.clicked.connect(self._open)

    def reload(self) -> None:
        self.uictx.call(encounters.list_encounters, on_done=guarded(self, self._rows))

    def _open(self) -> None:
        row = self.current()
        if isinstance(row, EncounterRow):
            self.open_encounter.emit(row.id)
