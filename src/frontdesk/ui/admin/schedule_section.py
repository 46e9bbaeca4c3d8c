"""One titled list of the schedule setup (rooms, types, holidays...): a sortable table and its buttons."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from frontdesk.ui.widgets.common import Notice, fit_columns, make_table
from frontdesk.ui.widgets.models import SORT_ROLE
from frontdesk.ui.widgets.schedule_inputs import (
    DecoratedRecordModel,
    stretch_last_column,
)


class RecordSection(QGroupBox):
    """A group box with a table of records (each with an ``id``) and action buttons below it.

    The selection survives reloads; Delete in the table presses the ``delete_button`` (when given);
    Enter or a double-click presses the ``open_button`` (when given).
    """

    selection_changed = Signal()

    def __init__(self, title: str, model: DecoratedRecordModel[Any], parent: QWidget | None = None, *,
                 sort_column: int = 0, visible_rows: int = 4) -> None:
        super().__init__(title, parent)
        self.model = model
        self.notice = Notice(self)
        self.view, proxy = make_table(self, model, sort_role=SORT_ROLE, sort_column=sort_column)
        assert proxy is not None
        self.proxy = proxy
        self.view.setAccessibleName(title)
        stretch_last_column(self.view)
        self.view.setMinimumHeight(self.view.verticalHeader().defaultSectionSize() * visible_rows
                                   + self.view.horizontalHeader().sizeHint().height() + 4)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.buttons)
        self.delete_button: QPushButton | None = None
        self.open_button: QPushButton | None = None
        self.view.selectionModel().selectionChanged.connect(self.selection_changed)
        model.modelReset.connect(self.selection_changed)
        self.view.activated.connect(lambda _i: self._press(self.open_button))
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(lambda: self._press(self.delete_button))

    def add_button(self, text: str, tooltip: str = "", *, opens: bool = False, deletes: bool = False) -> QPushButton:
        """A button in the row under the table (before the stretch)."""
        button = QPushButton(text, self)
        if tooltip:
            button.setToolTip(tooltip)
        self.buttons.insertWidget(self.buttons.count() - 1, button)
        if opens:
            self.open_button = button
        if deletes:
            self.delete_button = button
        return button

    @staticmethod
    def _press(button: QPushButton | None) -> None:
        if button is not None and button.isEnabled():
            button.click()

    def set_rows(self, rows: Sequence[Any], empty_text: str = "") -> None:
        """Show fresh rows, keeping the selected record selected."""
        current = self.selected()
        keep = self._pending if self._pending is not None else (current.id if current is not None else None)
        self._pending = None
        self.model.set_rows(rows)
        fit_columns(self.view)
        if keep is not None:
            self.select(keep)
        if not rows and empty_text:
            self.notice.show_text(empty_text)
        else:
            self.notice.clear_text()

    _pending: int | None = None

    def selected(self) -> Any | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(self.proxy.mapToSource(rows[0]).row()) if rows else None

    def select(self, record_id: int) -> bool:
        """Select the record with ``record_id``; if it is not loaded yet, select it when it is."""
        row = self.model.row_of(record_id)
        if row < 0:
            self._pending = record_id
            return False
        index = self.proxy.mapFromSource(self.model.index(row, 0))
        self.view.selectRow(index.row())
        self.view.scrollTo(index)
        return True
