"""The Calendar pane's commands (mixed into CalendarPane): open, cut, paste, new appointment, print, find an
opening, the slot and appointment context menus."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu

from frontdesk.domain.permissions import Permission
from frontdesk.services.scheduling import appointments
from frontdesk.services.scheduling.appointment_status import OPEN_STATUSES, AppointmentInfo
from frontdesk.ui.calendar.appointment_actions import AppointmentActions
from frontdesk.ui.calendar.appointment_menu import AppointmentMenu
from frontdesk.ui.calendar.booking_dialog import BookingPrefill
from frontdesk.ui.calendar.catalog import Catalog
from frontdesk.ui.calendar.grid_commands import GridCommands
from frontdesk.ui.calendar.message_bar import MessageBar
from frontdesk.ui.calendar.pane_toolbar import CalendarToolbar
from frontdesk.ui.calendar.print_actions import CalendarPrinting
from frontdesk.ui.calendar.role_gate import CalendarGate
from frontdesk.ui.calendar.schedule_grid import ScheduleGrid
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import guarded

if TYPE_CHECKING:
    from frontdesk.ui.calendar.schedule_reports import ScheduleReportsWindow


class PaneState(Protocol):
    """What the commands need of the pane that mixes them in (CalendarPane): its widgets, state and host methods.

    Declared here rather than imported from pane.py, so the pane depends on its commands and not back.
    """

    uictx: UiContext
    status: Callable[[str], None]
    toolbar: CalendarToolbar
    message_bar: MessageBar
    day_grid: ScheduleGrid
    week_grid: ScheduleGrid
    reports_window: ScheduleReportsWindow | None
    appointment_menu: AppointmentMenu
    actions_: AppointmentActions
    commands: GridCommands
    printing: CalendarPrinting
    gate: CalendarGate
    _catalog: Catalog
    _cut: AppointmentInfo | None
    _day: date
    _mode: str
    _select_after_load: int | None

    def active_grid(self) -> ScheduleGrid | None: ...
    def today(self) -> date: ...
    def selected(self) -> AppointmentInfo | None: ...
    def set_day(self, day: date) -> None: ...
    def set_mode(self, mode: str) -> None: ...
    def reload(self) -> None: ...
    def open_booking(self, prefill: BookingPrefill) -> None: ...
    def _update_actions(self) -> None: ...
    def clear_cut(self) -> None: ...


# Type checkers see the mixin's self as the pane's state; at run time it is a plain mixin (a Protocol base
# would clash with Qt's metaclass).
_Base = PaneState if TYPE_CHECKING else object


class PaneCommands(_Base):
    """Needs the pane's widgets (grids, toolbar, menu, message bar) and its host methods: see PaneState."""

    def _run_on(self, info: AppointmentInfo | None, key: str) -> None:
        """A key (Delete, Ctrl+X) runs an entry only when the menu offers it (status and role)."""
        if info is not None:
            self.appointment_menu.set_target(info)
            if self.appointment_menu.entries[key].isEnabled():
                self.actions_.run(key, info)

    def _open(self, info: AppointmentInfo | None) -> None:
        """Enter or double-click on an appointment: edit it while it is open (and the role may), else its
        history."""
        if info is not None:
            editable = info.status in OPEN_STATUSES and self.gate.may_book()
            self.actions_.run("edit" if editable else "history", info)

    def _book_at(self, grid: ScheduleGrid, column: int, start: int, length: int) -> None:
        """A click, double-click, drag or Enter on an empty slot books it, for a role that may book."""
        if self.gate.may_book():
            self.commands.book_at(grid, column, start, length)

    def _context_menu(self, grid: ScheduleGrid | None, appointment_id: object, pos: QPoint,
                      info: AppointmentInfo | None = None) -> None:
        info = info or (grid.appointment(appointment_id) if grid and isinstance(appointment_id, int) else None)
        if info is not None:
            self.appointment_menu.set_target(info)
            self.appointment_menu.popup(pos)
            return
        if grid is None or grid.cursor() is None:
            return
        menu = QMenu(self)
        menu.setToolTipsVisible(True)
        column, minute = grid.cursor()  # type: ignore[misc]
        new = menu.addAction("&New appointment here\u2026", lambda: self._book_at(grid, column, minute, 0))
        if not self.gate.may_book():  # said in words too: the entry's tooltip gives the reason
            new.setEnabled(False)
            new.setToolTip(self.gate.reason("Booking appointments"))
        if self._cut is not None:
            menu.addAction(f"&Paste {self._cut.patient_name} here", self.paste)
        if self.gate.may_block_out():
            col = grid.columns[column]
            menu.addAction("&Block out time\u2026", lambda: self.block_out(col.provider_id, col.day))
        menu.popup(pos)

    def block_out(self, provider_id: int | None = None, day: date | None = None) -> None:
        """The doctor is out: block out a provider's time (the slot's column, or the week's provider, by default);
        the visits still booked in it are named in the message line, left as they are."""
        from frontdesk.ui.calendar.blockout_dialog import BlockoutDialog, booked_text

        if not self.gate.may_block_out():
            return  # the button says why
        if provider_id is None:
            grid = self.active_grid()
            cursor = grid.cursor() if grid is not None and grid.columns else None
            provider_id = grid.columns[cursor[0]].provider_id if grid is not None and cursor is not None else \
                self.toolbar.provider_combo.currentData() if self._mode == "week" else None
        result = BlockoutDialog.ask(self, self.uictx, self._catalog, provider_id, day or max(self._day,
                                                                                              self.today()))
        if result is None:
            return
        first, last = result.blockouts[0], result.blockouts[-1]
        days = first.on_date.strftime("%m/%d/%Y") + (f"\u2013{last.on_date.strftime('%m/%d/%Y')}"
                                                      if last.on_date != first.on_date else "")
        self.status(f"Blocked out {self._catalog.provider_label(first.provider_id)} on {days}: {first.reason}.")
        booked = result.still_booked
        if booked:
            self.message_bar.show_message(booked_text(booked), "error", action_text="&Go to the first",
                                          action=lambda: self.show_appointment(booked[0].id))

    def _move(self, grid: ScheduleGrid, appointment_id: int, column: int, start: int, length: int) -> None:
        info = grid.appointment(appointment_id)
        if not self.gate.may_book():
            grid.clear_pending()  # the block stays where it is
        elif info is not None:
            self.commands.move(grid, info, column, start, length)

    def new_appointment(self) -> None:
        if not self.gate.may_book():
            return  # a view-only role (the button says why)
        grid = self.active_grid()
        cursor = grid.cursor() if grid is not None else None
        if grid is not None and cursor is not None and grid.columns:
            self.commands.book_at(grid, cursor[0], cursor[1], 0)
        else:
            self.open_booking(BookingPrefill())

    def cut(self, info: AppointmentInfo) -> None:
        self._cut = info
        for grid in (self.day_grid, self.week_grid):
            grid.set_cut(info.id)
        self._update_actions()
        self.status(f"Cut {info.patient_name}: choose a slot on any day and press Ctrl+V (Paste). Esc keeps it.")

    def clear_cut(self) -> None:
        self._cut = None
        for grid in (self.day_grid, self.week_grid):
            grid.set_cut(None)
        self._update_actions()

    def show_appointment(self, appointment_id: int) -> None:
        """Go to an appointment's day in the day view and select it (e.g. from the End-of-day checklist)."""
        def shown(info: AppointmentInfo) -> None:
            self.set_mode("day")
            self.show_booked(info)

        self.uictx.call(appointments.get_appointment, appointment_id, on_done=guarded(self, shown))

    def show_booked(self, info: AppointmentInfo) -> None:
        """Show the appointment's day in the current view (selected in the day view) after it was booked."""
        self._select_after_load = info.id
        if info.start.date() == self._day:
            self.reload()
        else:
            self.set_day(info.start.date())

    def cut_selected(self) -> None:
        self._run_on(self.selected(), "cut")

    def paste(self) -> None:
        grid = self.active_grid()
        if not self.gate.may_book():
            return  # a view-only role: nothing is ever cut, and Ctrl+V does nothing
        if self._cut is None or grid is None:
            self.status("Nothing to paste: cut an appointment first (Ctrl+X), in the Day or Week view.")
            return
        self.commands.paste(grid, self._cut)

    def _escape(self) -> None:
        """Escape: stop a drag, else forget the cut appointment, else dismiss the message line."""
        grid = self.active_grid()
        if grid is not None and grid.cancel_drag():
            self.status("Move cancelled.")
        elif self._cut is not None:
            self.clear_cut()
            self.status("Reschedule cancelled; the appointment stays where it was.")
        elif not self.message_bar.isHidden():
            self.message_bar.clear()

    def print_day(self) -> None:
        names = [(p.id, p.display_name) for p in self._catalog.active_providers]
        current = self.toolbar.provider_combo.currentData() if self._mode == "week" else None
        self.printing.print_day(self._day, names, current)

    def open_reports(self) -> None:
        """Calendar > Reports (Ctrl+Shift+R) in a window of its own, beside the calendar (one per pane)."""
        from frontdesk.ui.calendar.schedule_reports import ScheduleReportsWindow

        if not self.gate.may(Permission.MANAGE_SCHEDULE_SETUP):
            return  # not this role's (the button says why)
        if self.reports_window is None:
            self.reports_window = ScheduleReportsWindow(self.uictx, self.status, self)  # type: ignore[arg-type]
        self.reports_window.show()
        self.reports_window.raise_()
        self.reports_window.activateWindow()

    def find_opening(self) -> None:
        from frontdesk.ui.calendar.find_opening import FindOpeningDialog

        if not self.gate.may_book():
            return  # a view-only role (the button says why)
        provider = self.toolbar.provider_combo.currentData() if self._mode == "week" else None
        choice = FindOpeningDialog.ask(self, self.uictx, provider_ids=[provider] if provider else None)
        if choice is None:
            return
        start = choice.start.astimezone(self._catalog.settings.tz).replace(tzinfo=None)
        self.open_booking(BookingPrefill(start=start, length=choice.length_minutes, provider_id=choice.provider_id,
                                         type_id=choice.type_id))
