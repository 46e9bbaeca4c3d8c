"""Keyboard-friendly list views: Enter or double-click opens the patient under the cursor."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QListView,
    QTableView,
    QWidget,
)

from frontdesk.ui.widgets.patient_results_model import COLUMNS, NAME


def _opens_on(event: QKeyEvent) -> bool:
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ResultsView(QTableView):
    """The search results; Up on the first row hands focus back to the search box."""

    open_requested = Signal(QModelIndex)
    up_from_top = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patient_results")
        self.setAccessibleName("Search results")
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)  # Tab leaves the table instead of walking its cells
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.setWordWrap(False)
        self.verticalHeader().hide()
        self.doubleClicked.connect(self.open_requested)
        self._optional: tuple[int, ...] = ()

    def setModel(self, model) -> None:  # type: ignore[no-untyped-def]
        super().setModel(model)
        header = self.horizontalHeader()
        for column in range(len(COLUMNS)):
            mode = QHeaderView.ResizeMode.Stretch if column == NAME else QHeaderView.ResizeMode.ResizeToContents
            header.setSectionResizeMode(column, mode)
        self.sortByColumn(NAME, Qt.SortOrder.AscendingOrder)
        for signal in (model.modelReset, model.layoutChanged, model.rowsInserted):
            signal.connect(self.fit_optional_columns)

    def set_optional_columns(self, *columns: int) -> None:
        """Columns shown only while the names still fit whole beside them (dropped from the last one given)."""
        self._optional = columns
        self.fit_optional_columns()

    def fit_optional_columns(self, *_args: object) -> None:
        """Hide the optional columns the view has no room for once every name and the other columns show whole
        (a narrow pane cut the names and the account instead); show them again when it widens."""
        header = self.horizontalHeader()
        if not self._optional or self.model() is None:
            return

        def need(column: int) -> int:
            return max(self.sizeHintForColumn(column), header.sectionSizeHint(column))

        kept = [c for c in range(header.count()) if c not in self._optional and not header.isSectionHidden(c)]
        used = sum(need(c) for c in kept)
        room = self.viewport().width()
        for column in self._optional:
            fits = used + need(column) <= room
            header.setSectionHidden(column, not fits)
            if fits:
                used += need(column)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_optional_columns()

    def focus_first_row(self) -> None:
        """Focus the table with the current (or else the first) row selected."""
        model = self.model()
        if model is None or model.rowCount() == 0:
            return
        if not self.currentIndex().isValid():
            self.setCurrentIndex(model.index(0, 0))
        self.selectRow(self.currentIndex().row())
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _opens_on(event) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            event.accept()
        elif event.key() == Qt.Key.Key_Up and self.currentIndex().row() <= 0:
            self.up_from_top.emit()
            event.accept()
        else:
            super().keyPressEvent(event)


class RecentList(QListView):
    """The recently opened patients; Enter or double-click opens one."""

    open_requested = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recent_patients")
        self.setAccessibleName("Recent patients")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.doubleClicked.connect(self.open_requested)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if _opens_on(event) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            event.accept()
        else:
            super().keyPressEvent(event)
