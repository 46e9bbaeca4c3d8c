"""Calendar pane: pick a day (Today Ctrl+T, Alt+Left/Right) and see each active provider's column."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date
from frontdesk.services import providers as provider_service
from frontdesk.ui.calendar.model import DayScheduleModel
from frontdesk.ui.context import UiContext


def _to_qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _from_qdate(qd: QDate) -> date:
    return date(qd.year(), qd.month(), qd.day())


class CalendarPane(QWidget):
    """One day at a time; the provider list refreshes itself when providers change."""

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("calendar_pane")
        self.uictx = uictx
        self._status = status
        self.model = DayScheduleModel(self)

        self.prev_button = QPushButton("\u25c0 &Previous day", self)
        self.prev_button.setToolTip("Previous day (Alt+Left)")
        self.today_button = QPushButton("&Today", self)
        self.today_button.setToolTip("Go to today (Ctrl+T)")
        self.next_button = QPushButton("&Next day \u25b6", self)
        self.next_button.setToolTip("Next day (Alt+Right)")
        self.date_edit = QDateEdit(self)
        self.date_edit.setObjectName("calendar_date")
        self.date_edit.setDisplayFormat("MM/dd/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDate(_to_qdate(date.today()))
        date_label = QLabel("&Date:", self)
        date_label.setBuddy(self.date_edit)
        self.day_label = QLabel(self)
        self.day_label.setObjectName("calendar_day_label")
        font = self.day_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.day_label.setFont(font)

        bar = QHBoxLayout()
        bar.addWidget(self.prev_button)
        bar.addWidget(self.today_button)
        bar.addWidget(self.next_button)
        bar.addSpacing(12)
        bar.addWidget(date_label)
        bar.addWidget(self.date_edit)
        bar.addSpacing(12)
        bar.addWidget(self.day_label, 1)

        self.table = QTableView(self)
        self.table.setObjectName("calendar_table")
        self.table.setModel(self.model)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.empty_label = QLabel("No active providers yet. An administrator can add providers in Admin.", self)
        self.empty_label.setObjectName("calendar_empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.body = QStackedWidget(self)
        self.body.addWidget(self.table)
        self.body.addWidget(self.empty_label)

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.body, 1)

        self.prev_button.clicked.connect(lambda: self.step_days(-1))
        self.next_button.clicked.connect(lambda: self.step_days(1))
        self.today_button.clicked.connect(self.go_today)
        self.date_edit.dateChanged.connect(self._on_date_changed)
        # Pane-scoped shortcuts: they act only while the calendar is the pane on screen.
        for keys, slot in ((QKeySequence("Ctrl+T"), self.go_today),
                           (QKeySequence("Alt+Left"), lambda: self.step_days(-1)),
                           (QKeySequence("Alt+Right"), lambda: self.step_days(1))):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.setTabOrder(self.prev_button, self.today_button)
        self.setTabOrder(self.today_button, self.next_button)
        self.setTabOrder(self.next_button, self.date_edit)
        self.setTabOrder(self.date_edit, self.table)

        self._on_date_changed(self.date_edit.date())
        uictx.changed.connect(self._on_changed)
        self.refresh()

    # -- day navigation ---------------------------------------------------------------------------
    def current_day(self) -> date:
        return _from_qdate(self.date_edit.date())

    def set_day(self, day: date) -> None:
        self.date_edit.setDate(_to_qdate(day))

    def go_today(self) -> None:
        self.set_day(date.today())

    def step_days(self, days: int) -> None:
        self.set_day(self.current_day() + timedelta(days=days))

    def _on_date_changed(self, qd: QDate) -> None:
        day = _from_qdate(qd)
        suffix = " (today)" if day == date.today() else ""
        self.day_label.setText(f"{day.strftime('%A')}, {format_date(day)}{suffix}")
        self.model.set_day(day)

    # -- data ---------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Reload the active providers (the columns) through the runner."""
        self.uictx.call(provider_service.list_providers, on_done=self._show_providers)

    def _show_providers(self, providers: list[provider_service.ProviderInfo]) -> None:
        self.model.set_providers(providers)
        self.body.setCurrentWidget(self.table if self.model.columnCount() else self.empty_label)

    def _on_changed(self, topics: frozenset[str]) -> None:
        if "providers" in topics:
            self.refresh()
