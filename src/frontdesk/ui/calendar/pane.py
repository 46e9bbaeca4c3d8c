"""Calendar pane: day (per provider or exam room), week (one provider or all), month and list views of the schedule,
booking, drag and drop, cut and paste, the appointment actions, printing, waitlist and confirmation calls."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from frontdesk.error_messages import to_user_message
from frontdesk.services.scheduling import schedule_views
from frontdesk.services.scheduling.appointment_status import AppointmentInfo
from frontdesk.services.scheduling.schedule_views import ScheduleView
from frontdesk.ui.calendar.appointment_actions import AppointmentActions
from frontdesk.ui.calendar.appointment_menu import AppointmentMenu
from frontdesk.ui.calendar.appointment_tooltip import AttendanceTips
from frontdesk.ui.calendar.booking_dialog import BookingPrefill
from frontdesk.ui.calendar.catalog import Catalog, call_catalog
from frontdesk.ui.calendar.day_view import build_day, day_title
from frontdesk.ui.calendar.grid_commands import GridCommands
from frontdesk.ui.calendar.list_view import AppointmentList
from frontdesk.ui.calendar.message_bar import MessageBar
from frontdesk.ui.calendar.month_view import MonthView, month_days, month_title
from frontdesk.ui.calendar.pane_commands import PaneCommands
from frontdesk.ui.calendar.pane_toolbar import CalendarToolbar
from frontdesk.ui.calendar.print_actions import CalendarPrinting
from frontdesk.ui.calendar.role_gate import CalendarGate
from frontdesk.ui.calendar.schedule_grid import ScheduleGrid
from frontdesk.ui.calendar.side_panels import SidePanels
from frontdesk.ui.calendar.status_style import LEGEND
from frontdesk.ui.calendar.week_view import ALL_MIN_COLUMN, build_week, build_week_all, week_start, week_title
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import guarded

NO_PROVIDERS = "No active providers yet. An administrator adds providers in Admin, then their hours in schedule setup."
REFRESH_TOPICS = frozenset({"appointments", "schedule_setup", "patients", "providers", "practice"})
CATALOG_TOPICS = frozenset({"schedule_setup", "providers", "practice"})


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class CalendarPane(PaneCommands, QWidget):
    """The front desk's schedule. Every load goes through the runner; an older answer never overwrites a newer one."""

    enter_charges_requested = Signal(int)  # appointment id; the main window opens the Billing pane on it

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self._select_after_load: int | None = None  # an appointment to select once its day has loaded
        self.setObjectName("calendar_pane")
        self.uictx = uictx
        self.status = status or (lambda _text: None)
        self._catalog = Catalog()
        self._mode = "day"
        self._day = self._day_guess = uictx.clock.today()  # the practice's clock until the catalogue
        self._load_seq = 0
        self._loaded_key: tuple[object, ...] | None = None
        self.view: ScheduleView | None = None
        self._cut: AppointmentInfo | None = None
        self._catalog_ready = False  # until then nothing is loaded (and "no providers" is not claimed)
        self.reports_window = None  # Calendar > Reports, made when first opened

        self.toolbar = CalendarToolbar(self)
        self.message_bar = MessageBar(self)
        self.day_grid = ScheduleGrid(self)
        self.week_grid = ScheduleGrid(self)
        self.week_grid.setObjectName("week_grid")
        self.month_view = MonthView(self._day, self)
        self.list_view = AppointmentList(self)
        self.views = QStackedWidget(self)
        for widget in (self.day_grid, self.week_grid, self.month_view, self.list_view):
            self.views.addWidget(widget)
        self.empty_label = QLabel(NO_PROVIDERS, self)
        self.empty_label.setObjectName("calendar_empty")
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setWordWrap(True)
        self.body = QStackedWidget(self)
        self.body.addWidget(self.views)
        self.body.addWidget(self.empty_label)
        self.side = SidePanels(uictx, self, status=self.status)
        self.side_tabs: QTabWidget = self.side.tabs
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(self.body)
        splitter.addWidget(self.side_tabs)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.message_bar)
        layout.addWidget(splitter, 1)
        self.legend = QLabel(LEGEND, self)
        self.legend.setObjectName("calendar_legend")
        self.legend.setWordWrap(True)
        self.legend.setStyleSheet("color: #444444;")
        layout.addWidget(self.legend)

        self.tips = AttendanceTips(uictx, self)
        self.printing = CalendarPrinting(self, uictx, self.status)
        self.actions_ = AppointmentActions(self, uictx, self, self.status, self.printing)
        self.commands = GridCommands(self, uictx, self, self.status)
        self.appointment_menu = AppointmentMenu(self.actions_.run, self)
        self.toolbar.appointment_button.setMenu(self.appointment_menu)
        self.gate = CalendarGate(self)  # what the role may do here, re-applied on sign-in / unlock
        self._connect()
        self._shortcuts()
        self.toolbar.date_edit.setDate(_qdate(self._day))
        self.toolbar.set_mode("day")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setFocusProxy(self.day_grid)
        self._now_timer = QTimer(self)
        self._now_timer.setInterval(60_000)
        self._now_timer.timeout.connect(self._update_now)
        self._now_timer.start()
        uictx.changed.connect(self._on_changed)
        uictx.actor_changed.connect(self.gate.apply)
        self.gate.apply()
        self._update_actions()
        self.reload_catalog()

    # -- wiring -------------------------------------------------------------------------------------
    def _connect(self) -> None:
        bar = self.toolbar
        bar.prev_button.clicked.connect(lambda: self.step(-1))
        bar.next_button.clicked.connect(lambda: self.step(1))
        bar.today_button.clicked.connect(self.go_today)
        bar.date_edit.dateChanged.connect(self._on_date_edit)
        for key, button in bar.view_buttons.items():
            button.clicked.connect(lambda _c=False, k=key: self.set_mode(k))
        bar.show_cancelled.toggled.connect(lambda _on: self.reload())
        bar.columns_combo.currentIndexChanged.connect(lambda _i: self.reload())
        bar.provider_combo.activated.connect(lambda _i: self.reload())
        bar.new_button.clicked.connect(self.new_appointment)
        bar.find_button.clicked.connect(self.find_opening)
        bar.paste_button.clicked.connect(self.paste)
        bar.block_button.clicked.connect(lambda: self.block_out())
        bar.print_button.clicked.connect(self.print_day)
        bar.print_day_action.triggered.connect(lambda _c=False: self.print_day())
        bar.reports_action.triggered.connect(lambda _c=False: self.open_reports())
        bar.waitlist_button.toggled.connect(lambda on: self.side.toggle("waitlist", on))
        bar.calls_button.toggled.connect(lambda on: self.side.toggle("calls", on))
        self.side.visibility_changed.connect(self._side_changed)
        self.side.book_patient.connect(self.open_booking)
        for grid in (self.day_grid, self.week_grid):
            grid.tooltip_provider = self.tips.text
            grid.slot_activated.connect(lambda c, s, n, g=grid: self._book_at(g, c, s, n))
            grid.appointment_activated.connect(lambda i, g=grid: self._open(g.appointment(i)))
            grid.move_requested.connect(lambda i, c, s, n, g=grid: self._move(g, i, c, s, n))
            grid.selection_changed.connect(lambda _i: self._update_actions())
            grid.context_requested.connect(lambda i, pos, g=grid: self._context_menu(g, i, pos))
            grid.delete_requested.connect(lambda i, g=grid: self._run_on(g.appointment(i), "cancel"))
        self.month_view.day_chosen.connect(self._open_day)
        self.list_view.selection_changed.connect(lambda _i: self._update_actions())
        self.list_view.activated.connect(self._open)
        self.list_view.delete_requested.connect(lambda info: self._run_on(info, "cancel"))
        self.list_view.context_requested.connect(lambda info, pos: self._context_menu(None, info.id, pos, info))

    def _shortcuts(self) -> None:
        for keys, slot, name in (
                ("Ctrl+T", self.go_today, "today"), ("Alt+Left", lambda: self.step(-1), "previous"),
                ("Alt+Right", lambda: self.step(1), "next"), ("Ctrl+W", self.toggle_week, "toggle_week"),
                ("Ctrl+M", lambda: self.set_mode("month"), "month"), ("Ctrl+Shift+L", lambda: self.set_mode("list"),
                                                                       "list"),
                ("Ctrl+Shift+N", self.new_appointment, "new"), ("Ctrl+Shift+O", self.find_opening, "find"),
                ("Ctrl+X", self.cut_selected, "cut"), ("Ctrl+V", self.paste, "paste"),
                ("Ctrl+P", self.print_day, "print"), ("Ctrl+Shift+R", self.open_reports, "reports"),
                ("Escape", self._escape, "escape")):
            action = QAction(self)
            action.setObjectName(f"calendar_action_{name}")
            action.setShortcut(QKeySequence(keys))
            # Pane-scoped: the keys act only while the calendar is the pane on screen.
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(lambda _c=False, s=slot: s())
            self.addAction(action)

    # -- host API (used by actions and commands) ---------------------------------------------------
    def catalog(self) -> Catalog:
        return self._catalog

    def show_message(self, text: str, kind: str = "error", *, action_text: str = "",
                     action: Callable[[], None] | None = None) -> None:
        self.message_bar.show_message(text, kind, action_text=action_text, action=action)

    def clear_message(self) -> None:
        self.message_bar.clear()

    def open_booking(self, prefill: BookingPrefill) -> None:
        self.commands.open_booking(prefill)

    def show_waitlist(self, matches: tuple = ()) -> None:  # type: ignore[type-arg]
        """Open the waitlist tab, listing who fits a slot that just opened (if any)."""
        self.side.show_matches(matches)

    def request_charges(self, appointment_id: int) -> None:
        """'Enter charges' on a checked-out visit: ask the main window for the Billing pane's encounter."""
        self.enter_charges_requested.emit(appointment_id)

    # -- navigation ---------------------------------------------------------------------------------
    def current_day(self) -> date:
        return self._day

    def today(self) -> date:
        """Today in the practice's time zone."""
        return self._catalog.now_local().date()

    def mode(self) -> str:
        return self._mode

    def set_day(self, day: date) -> None:
        self.toolbar.date_edit.setDate(_qdate(day))

    def go_today(self) -> None:
        self.set_day(self.today())

    def step(self, direction: int) -> None:
        if self._mode == "month":
            first = self._day.replace(day=1)
            target = (first + timedelta(days=32)).replace(day=1) if direction > 0 else \
                (first - timedelta(days=1)).replace(day=1)
            self.set_day(target)
        else:
            self.set_day(self._day + timedelta(days=7 * direction if self._mode == "week" else direction))

    def set_mode(self, mode: str) -> None:
        self._mode = mode
        self.toolbar.set_mode(mode)
        view = {"day": self.day_grid, "week": self.week_grid, "month": self.month_view, "list": self.list_view}[mode]
        self.views.setCurrentWidget(view)
        self.setFocusProxy(view)  # Ctrl+1 (focusing the pane) puts the keyboard in the view
        self.reload()
        view.setFocus()

    def toggle_week(self) -> None:
        self.set_mode("day" if self._mode == "week" else "week")

    def _open_day(self, day: date) -> None:
        self.set_day(day)
        self.set_mode("day")

    def _on_date_edit(self, value: QDate) -> None:
        self._day = date(value.year(), value.month(), value.day())
        self.reload()

    def _title(self) -> str:
        if self._mode == "week":
            return week_title(week_start(self._day))
        if self._mode == "month":
            return month_title(self._day.replace(day=1))
        return day_title(self._day, self.today())

    # -- loading ------------------------------------------------------------------------------------
    def reload_catalog(self) -> None:
        call_catalog(self.uictx.call, guarded(self, self._catalog_loaded), guarded(self, self._load_failed_any))

    def _catalog_loaded(self, catalog: Catalog) -> None:
        first_load = not self._catalog_ready
        self._catalog_ready = True
        self._catalog = catalog
        self.toolbar.set_providers([(p.id, p.display_name) for p in catalog.active_providers])
        self.gate.desk_blockouts = catalog.desk_blockouts
        self.gate.apply_block_out()
        if first_load and self._day == self._day_guess and self._day != self.today():
            self._day = self.today()  # the practice's today, now that its time zone is known
            self.toolbar.date_edit.blockSignals(True)
            self.toolbar.date_edit.setDate(_qdate(self._day))
            self.toolbar.date_edit.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        """Ask for what the current mode shows; only the newest answer is shown."""
        self._load_seq += 1
        seq, mode, day = self._load_seq, self._mode, self._day
        self.toolbar.day_label.setText(self._title())
        if not self._catalog_ready:
            return
        has_providers = bool(self._catalog.active_providers)
        self.body.setCurrentWidget(self.views if has_providers else self.empty_label)
        if not has_providers:
            return
        include = self.toolbar.show_cancelled.isChecked()
        done = guarded(self, lambda view: self._loaded(seq, mode, view))
        failed = guarded(self, lambda exc: self._load_failed(seq, exc))
        if mode == "week":
            provider = self.toolbar.provider_combo.currentData()  # None: all providers
            self.uictx.call(schedule_views.week_view, week_start(day), None if provider is None else [provider],
                            include_inactive=include,
                            on_done=done, on_error=failed)
        elif mode == "month":
            first = day.replace(day=1)
            self.uictx.call(schedule_views.week_view, first, None, days=month_days(first), include_inactive=include,
                            on_done=done, on_error=failed)
        else:
            self.uictx.call(schedule_views.day_view, day, None, include_inactive=include, on_done=done,
                            on_error=failed)

    def _loaded(self, seq: int, mode: str, view: ScheduleView) -> None:
        if seq != self._load_seq:
            return  # an older request (another date or view) answered after a newer one: ignore it
        self.view = view
        key = (mode, view.first_day, self.toolbar.columns_combo.currentData(), self.toolbar.provider_combo.currentData())
        moved = key != self._loaded_key
        self._loaded_key = key
        self.tips.forget()
        today = self.today()
        if mode == "month":
            self.month_view.show_month(view.first_day, view.appointments, today, self._day)
        elif mode == "week":
            provider = self.toolbar.provider_combo.currentData()
            if provider is None:
                columns, placed = build_week_all(view, self._catalog, today)
            else:
                columns, placed = build_week(view, provider, today)
            self.week_grid.min_column = ALL_MIN_COLUMN if provider is None else ScheduleGrid.MIN_COLUMN
            self.week_grid.set_schedule(columns, placed, view.slot_minutes)
        else:
            by_room = self.toolbar.columns_combo.currentData() == "room"
            columns, placed = build_day(view, self._catalog, by_room=by_room)
            self.day_grid.set_schedule(columns, placed, view.slot_minutes)
        self.list_view.set_appointments(view.appointments)
        self._update_now()
        if moved:
            self._scroll_to_start()
        wanted, self._select_after_load = self._select_after_load, None
        if wanted is not None and mode == "day" and self.day_grid.placed_item(wanted) is not None:
            self.day_grid.select(wanted)
            self.day_grid.setFocus()
        self._update_actions()

    def _load_failed(self, seq: int, exc: BaseException) -> None:
        if seq == self._load_seq:
            self._load_failed_any(exc)

    def _load_failed_any(self, exc: BaseException) -> None:
        self.show_message(f"The schedule could not be loaded: {to_user_message(exc).text}")

    def _scroll_to_start(self) -> None:
        grid = self.active_grid()
        if grid is None:
            return
        now = self._catalog.now_local()
        starts = [p.start for p in grid.placed]
        if self._day == now.date() and grid.overlay.now_columns:
            grid.scroll_to_minute(now.hour * 60 + now.minute - 60)
        else:
            grid.scroll_to_minute(min(starts) if starts else grid.geometry_.first)

    def _update_now(self) -> None:
        now = self._catalog.now_local()
        minute = now.hour * 60 + now.minute
        today = now.date()
        self.day_grid.set_now(minute, tuple(range(len(self.day_grid.columns))) if self._day == today else ())
        self.week_grid.set_now(minute, tuple(i for i, c in enumerate(self.week_grid.columns) if c.day == today))

    def _on_changed(self, topics: frozenset[str]) -> None:
        if topics & {"patients", "appointments"}:
            self.tips.forget()
        if topics & CATALOG_TOPICS:
            self.reload_catalog()
        elif topics & REFRESH_TOPICS:
            self.reload()

    # -- selection, menus, actions ------------------------------------------------------------------
    def active_grid(self) -> ScheduleGrid | None:
        return {"day": self.day_grid, "week": self.week_grid}.get(self._mode)

    def selected(self) -> AppointmentInfo | None:
        if self._mode == "list":
            return self.list_view.selected()
        grid = self.active_grid()
        selected = grid.selected_id() if grid else None
        return grid.appointment(selected) if grid and selected is not None else None

    def _update_actions(self) -> None:
        self.appointment_menu.set_target(self.selected())
        self.toolbar.paste_button.setEnabled(self._cut is not None and self.active_grid() is not None
                                             and self.gate.may_book())

    def _side_changed(self, key: str, shown: bool) -> None:
        button = self.toolbar.waitlist_button if key == "waitlist" else self.toolbar.calls_button
        button.blockSignals(True)
        button.setChecked(shown)
        button.blockSignals(False)
