"""Small helpers the panes share: permission gating, guarded runner callbacks, notices, read-only tables."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QAbstractItemModel, QSortFilterProxyModel, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QTableView,
    QWidget,
)

from frontdesk.domain.permissions import Permission, role_allows
from frontdesk.ui.context import UiContext

StatusFn = Callable[[str], None]


def no_status(_text: str) -> None:
    """Default status sink when the pane is used without a status bar."""


def local_action(owner: QWidget, text: str, keys: QKeySequence | QKeySequence.StandardKey | Qt.Key | str,
                 slot: Callable[[], None]) -> QAction:
    """A keyboard shortcut that works only while focus is inside ``owner`` (so other panes and tabs may use
    the same keys), added to ``owner`` and calling ``slot``."""
    action = QAction(text, owner)
    action.setShortcut(QKeySequence(keys))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(lambda _checked=False: slot())
    owner.addAction(action)
    return action


def allowed(uictx: UiContext, permission: Permission) -> bool:
    """Does the signed-in user's role allow ``permission``? (UI gating only; services re-check.)"""
    actor = uictx.actor
    return actor is not None and role_allows(actor.role, permission)


def guarded(widget: QWidget, callback: Callable[[Any], None] | None) -> Callable[[Any], None] | None:
    """Wrap a runner callback so it is skipped when ``widget`` is gone by the time the result arrives.

    With the real (threaded) runner a pane can be closed, e.g. when another user signs in,
    while its query is still running; the late answer must not touch a deleted widget.
    """
    if callback is None:
        return None

    def run(value: Any) -> None:
        if shiboken6.isValid(widget):
            callback(value)

    return run


class Notice(QLabel):
    """A one-line explanation shown above a tab's content (e.g. 'your role does not allow this')."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    def show_text(self, text: str) -> None:
        # An information sign as well as the text, so the cue is not colour alone.
        self.setText("\u2139 " + text)
        self.show()

    def clear_text(self) -> None:
        self.clear()
        self.hide()


def make_table(parent: QWidget, model: QAbstractItemModel, *, sort_role: int | None = None,
               sort_column: int = 0) -> tuple[QTableView, QSortFilterProxyModel | None]:
    """A read-only, row-selecting table; sortable through a proxy when ``sort_role`` is given."""
    view = QTableView(parent)
    proxy: QSortFilterProxyModel | None = None
    if sort_role is not None:
        proxy = QSortFilterProxyModel(view)
        proxy.setSourceModel(model)
        proxy.setSortRole(sort_role)
        proxy.setFilterKeyColumn(-1)  # the filter box searches every column
        proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        view.setModel(proxy)
        view.setSortingEnabled(True)
        view.sortByColumn(sort_column, Qt.SortOrder.AscendingOrder)
    else:
        view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setWordWrap(False)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    header.setHighlightSections(False)
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    # Compact rows: a front desk wants to see many at once.
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    return view, proxy


def fit_columns(view: QTableView, *, padding: int = 24, widest: int = 420) -> None:
    """Size columns to their contents with some air, none wider than ``widest`` pixels.

    A stretched last column only gets the room the others leave, so no sideways scroll bar appears for nothing.
    """
    view.resizeColumnsToContents()
    header = view.horizontalHeader()
    for col in range(header.count()):
        header.resizeSection(col, min(widest, header.sectionSize(col) + padding))
    trim_last_column(view)


def trim_last_column(view: QTableView) -> None:
    """Give a stretched last column only the room the other columns leave.

    Sized like the others, it can push the header a few pixels past the viewport.
    """
    header = view.horizontalHeader()
    last = header.count() - 1
    if last < 1 or not header.stretchLastSection():
        return
    used = sum(header.sectionSize(col) for col in range(last))
    room = view.viewport().width() - used
    if room >= header.minimumSectionSize():
        header.resizeSection(last, room)


def scrolling_form(owner: QWidget, *parts: QWidget, max_width: int = 760) -> None:
    """Lay ``parts`` out top to bottom in ``owner``, scrolling rather than squeezing on a 1366x768 laptop."""
    from PySide6.QtWidgets import QScrollArea, QVBoxLayout

    inner = QWidget(owner)
    column = QVBoxLayout(inner)
    for part in parts:
        column.addWidget(part)
    column.addStretch(1)
    inner.setMaximumWidth(max_width)
    scroll = QScrollArea(owner)
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(inner)
    scroll.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    layout = QVBoxLayout(owner)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(scroll)
