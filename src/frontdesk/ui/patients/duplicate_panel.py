"""The live "may already be registered" panel beside the registration form, with Create anyway + reason."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_phone
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.services.patients.duplicates import DuplicateCandidate
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.patient_display import display_name, dob_with_age

_Index = QModelIndex | QPersistentModelIndex
COLUMNS = ("Match", "Name", "Date of birth", "Phone", "Account #", "Why")
PATIENT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def likelihood(score: int) -> str:
    """A score in words: the receptionist reads 'Very likely', not 95."""
    if score >= 90:
        return "Very likely"
    if score >= 60:
        return "Likely"
    if score >= 30:
        return "Possible"
    return "Unlikely"


class DuplicateModel(QAbstractTableModel):
    """Ranked duplicate candidates, best first (as the service ranks them)."""

    def __init__(self, clock: PracticeClock, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.clock = clock  # ages on the practice's today
        self._rows: list[DuplicateCandidate] = []

    def set_candidates(self, rows: Sequence[DuplicateCandidate]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def candidate(self, row: int) -> DuplicateCandidate:
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(
                COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        c = self._rows[index.row()]
        if role == PATIENT_ID_ROLE:
            return c.patient.id
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        p = c.patient
        values = (likelihood(c.score), display_name(p.last_name, p.first_name, p.middle_name), dob_with_age(p.dob, self.clock.today()),
                  format_phone(p.phone), p.account_number, "; ".join(c.reasons))
        return values[index.column()] if 0 <= index.column() < len(values) else None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class DuplicatePanel(QWidget):
    """Shows candidates while typing; after a refused save, asks for Create anyway and a reason.

    It lives in a fixed-height dock beside the form's heading (:func:`duplicate_dock`), so appearing
    while the receptionist types never pushes the form, or its Save button, down.

    ``open_requested(patient_id)`` when a candidate is activated (Enter or double-click).
    """

    open_requested = Signal(int)

    def __init__(self, clock: PracticeClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicate_panel")
        self.title = QLabel(self)
        self.title.setObjectName("duplicate_title")
        self.title.setWordWrap(True)
        self.model = DuplicateModel(clock, self)
        self.view = QTableView(self)
        self.view.setObjectName("duplicate_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.activated.connect(self._activated)
        self.override_form = ValidatedForm(self)
        self.create_anyway = QCheckBox("Create &anyway: this is a different person", self)
        self.reason = QLineEdit(self)
        self.reason.setMaxLength(500)
        self.reason.setPlaceholderText("Why a new record is right (kept in the audit trail)")
        # One row (tick, then the reason beside it) so the panel fits its fixed-height dock.
        override_row = QWidget(self)
        row = QHBoxLayout(override_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.create_anyway)
        row.addWidget(self.reason, 1)
        override_row.setFocusProxy(self.reason)  # an error about the reason puts the cursor in it
        self.override_form.add_field("duplicate_override_reason", "", override_row)
        self.create_anyway.toggled.connect(self.reason.setEnabled)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)  # the table takes what the dock has left; it scrolls for more rows
        layout.addWidget(self.override_form)
        self.reset()

    def reset(self, *, editing: bool = False) -> None:
        """Nothing to warn about: hidden, override unticked. ``editing``: the form edits a saved patient."""
        self._editing = editing
        self.model.set_candidates([])
        self.create_anyway.setChecked(False)
        self.reason.clear()
        self.reason.setEnabled(False)
        self.override_form.clear_errors()
        self.override_form.hide()
        self.hide()

    def show_candidates(self, rows: Sequence[DuplicateCandidate], *, refused: bool = False) -> None:
        """Show ``rows`` (hide the panel when none); ``refused`` = the save was stopped, so offer the override."""
        self.model.set_candidates(rows)
        if not rows and not refused:
            self.hide()
            return
        count = len(rows)
        noun = "patient looks" if count == 1 else "patients look"
        # Only a new registration can be a second record of someone; an edited patient already has one.
        advice = "to compare the records" if self._editing else "instead of registering twice"
        self.title.setText(f"\u26a0 Possible duplicate: {count} registered {noun} like this one. "
                           f"Open one with Enter or a double-click {advice}.")
        if refused:
            self.override_form.show()
        self.show()

    def override_reason(self) -> str | None:
        """The reason to send with the save, or None when Create anyway is not ticked."""
        return self.reason.text() if self.create_anyway.isChecked() and self.override_form.isVisible() else None

    def _activated(self, index: QModelIndex) -> None:
        patient_id = index.data(PATIENT_ID_ROLE)
        if patient_id is not None:
            self.open_requested.emit(int(patient_id))


# Title line + a table header and about three rows + the Create anyway row (with room for its error).
DOCK_HEIGHT = 150


def duplicate_dock(heading: QWidget, panel: DuplicatePanel, parent: QWidget) -> QWidget:
    """The band at the top of the patient form: the heading with the duplicate panel beside it.

    The band's height never changes, whether the panel shows or not, so the fields and Save stay where
    they are (at 1366x768 the panel used to push Save below the fold).
    """
    band = QWidget(parent)
    band.setObjectName("duplicate_dock")
    band.setFixedHeight(DOCK_HEIGHT)
    row = QHBoxLayout(band)
    row.setContentsMargins(0, 0, 0, 0)
    row.addWidget(heading, 0, Qt.AlignmentFlag.AlignTop)
    row.addSpacing(16)
    row.addWidget(panel, 1)
    return band
