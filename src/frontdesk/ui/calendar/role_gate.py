"""What the signed-in user's role may do on the calendar (issue 19: a Clinical user views the schedule but does
not book). Each route is gated on exactly the permission its service checks, so a role gets exactly what the
services would let it do: the appointment menu's entries, the toolbar's booking buttons, the grids' drag and
click-to-book, paste and the confirmation calls. Refused routes are hidden or greyed out with the reason (words,
not only colour); view-only ones (history, card, .ics, print the day) stay. Re-applied on sign-in / unlock."""

from __future__ import annotations

from typing import Protocol

from frontdesk.domain.permissions import Permission, denied_reason
from frontdesk.ui.calendar.appointment_menu import AppointmentMenu
from frontdesk.ui.calendar.pane_toolbar import CalendarToolbar
from frontdesk.ui.calendar.schedule_grid import ScheduleGrid
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import allowed

BOOK = Permission.BOOK_APPOINTMENTS
# The appointment menu's entries (appointment_actions.ACTIONS) and the permission of the service each one calls.
MENU_PERMISSIONS: dict[str, Permission] = {
    "confirm": BOOK, "check_in": BOOK, "room": BOOK, "check_out": BOOK, "undo_check_in": BOOK,  # appointment_status
    "cancel": BOOK, "no_show": BOOK, "cut": BOOK, "edit": BOOK,  # cancel / mark_no_show / move / update_appointment
    "enter_charges": Permission.ENTER_CHARGES,  # the Billing pane's encounter
    "print_card": Permission.VIEW_SCHEDULE, "export_ics": Permission.VIEW_SCHEDULE,  # schedule_print
    "history": Permission.VIEW_SCHEDULE,  # schedule_views.appointment_history
}
CHANGING = "Booking and changing appointments"


class Pane(Protocol):
    """What the gate needs of the Calendar pane (declared here so the gate does not import the pane)."""

    uictx: UiContext
    toolbar: CalendarToolbar
    appointment_menu: AppointmentMenu
    day_grid: ScheduleGrid
    week_grid: ScheduleGrid

    def clear_cut(self) -> None: ...
    def _update_actions(self) -> None: ...


class CalendarGate:
    """Applies the role to the pane's widgets; ``may_book()`` is asked again by every booking route at use time
    (shortcuts, double-clicks and drops do nothing for a role without it)."""

    def __init__(self, pane: Pane) -> None:
        self.pane = pane
        bar = pane.toolbar
        self._buttons = ((bar.new_button, "Booking appointments"), (bar.find_button, "Finding an opening to book"),
                         (bar.paste_button, "Moving appointments"), (bar.calls_button, "Confirmation calls"))
        self._tips = {button: button.toolTip() for button, _what in self._buttons}  # what they say when allowed
        self._block_tip = bar.block_button.toolTip()
        self._reports_tip = bar.reports_action.toolTip()
        self.desk_blockouts = False  # the practice's setting, from the pane's catalogue

    def may(self, permission: Permission) -> bool:
        return allowed(self.pane.uictx, permission)

    def may_book(self) -> bool:
        return self.may(BOOK)

    def may_block_out(self) -> bool:
        """Blocking out time: a booking role when the practice allows the desk to, or who sets the schedule up
        (what desk_blockouts.add_desk_blockout checks)."""
        return self.may(Permission.MANAGE_SCHEDULE_SETUP) or (self.desk_blockouts and self.may_book())

    def apply_block_out(self) -> None:
        """Grey out "Block out…" with the reason when it is not for this user (or not allowed by the practice)."""
        button = self.pane.toolbar.block_button
        may = self.may_block_out()
        button.setEnabled(may)
        button.setToolTip(self._block_tip if may else self.reason("Blocking out time") if not self.may_book()
                          else "The practice does not let the front desk block out time; an administrator can "
                               "allow it in Admin \u203a Schedule resources.")

    def reason(self, what: str) -> str:
        actor = self.pane.uictx.actor
        return denied_reason(what, actor.role) if actor is not None else ""

    def apply(self, _actor: object = None) -> None:
        """Hide the menu entries the role cannot use (with one line saying why), grey out the booking buttons with
        the reason, and stop the grids from starting a move or a booking."""
        pane, may_book = self.pane, self.may_book()
        hidden = frozenset(key for key, permission in MENU_PERMISSIONS.items() if not self.may(permission))
        pane.appointment_menu.set_hidden(hidden, note="" if may_book else self.reason(CHANGING))
        bar = pane.toolbar
        for button, what in self._buttons:
            button.setToolTip(self._tips[button] if may_book else self.reason(what))
        bar.new_button.setEnabled(may_book)
        bar.find_button.setEnabled(may_book)
        bar.calls_button.setEnabled(may_book)
        if not may_book and bar.calls_button.isChecked():
            bar.calls_button.setChecked(False)
        self.apply_block_out()
        # The schedule reports are the office manager's (services/scheduling/schedule_reports.py says why).
        may_report = self.may(Permission.MANAGE_SCHEDULE_SETUP)
        bar.reports_action.setEnabled(may_report)
        bar.reports_action.setToolTip(self._reports_tip if may_report else self.reason("Viewing the schedule reports"))
        for grid in (pane.day_grid, pane.week_grid):
            grid.editable = may_book
        if not may_book:
            pane.clear_cut()
        pane._update_actions()
