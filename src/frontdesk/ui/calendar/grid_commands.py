"""Turning grid gestures into bookings and moves: a slot -> the booking dialog, a drop / resize / paste ->
move_appointment (or, in the room view, update_appointment), and a refused move snapping back with its reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from typing import Protocol

from PySide6.QtWidgets import QWidget

from frontdesk.domain.formats import format_date
from frontdesk.error_messages import to_user_message
from frontdesk.services.scheduling import appointments, waitlist
from frontdesk.services.scheduling.appointment_status import AppointmentInfo
from frontdesk.services.scheduling.appointments import AppointmentChanges, ScheduleConflict, SeriesInfo
from frontdesk.ui.calendar.appointment_actions import offer_waitlist
from frontdesk.ui.calendar.booking_dialog import BookingDialog, BookingPrefill
from frontdesk.ui.calendar.catalog import Catalog
from frontdesk.ui.calendar.conflict_panel import may_override, override_roles
from frontdesk.ui.calendar.day_view import column_start
from frontdesk.ui.calendar.grid_layout import Column
from frontdesk.ui.calendar.grid_paint import clock
from frontdesk.ui.calendar.reason_dialogs import OverrideDialog
from frontdesk.ui.calendar.schedule_grid import ScheduleGrid
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded


class Host(Protocol):
    def catalog(self) -> Catalog: ...
    def show_message(self, text: str, kind: str = "error", *, action_text: str = "",
                     action: Callable[[], None] | None = None) -> None: ...
    def clear_message(self) -> None: ...
    def clear_cut(self) -> None: ...
    def show_booked(self, info: AppointmentInfo) -> None: ...
    def show_waitlist(self, matches: tuple = ()) -> None: ...  # type: ignore[type-arg]


def describe_when(column: Column, start: int) -> str:
    # The day view's provider columns and the all-providers week name the provider; one provider's week does not.
    named = column.key == column.provider_id or isinstance(column.key, tuple) and column.provider_id is not None
    who = f" in {column.title}" if column.is_room else f" with {column.title}" if named else ""
    return f"{column.day.strftime('%m/%d/%Y')} {clock(start)}{who}"


class GridCommands:
    """Bookings and moves started from a ScheduleGrid."""

    def __init__(self, parent: QWidget, uictx: UiContext, host: Host, status: Callable[[str], None]) -> None:
        self.parent, self.uictx, self.host, self.status = parent, uictx, host, status

    # -- booking ------------------------------------------------------------------------------------
    def book_at(self, grid: ScheduleGrid, column: int, start: int, length: int) -> None:
        """The booking dialog prefilled from a slot (length 0 = the chosen type's default length)."""
        col = grid.columns[column]
        self.open_booking(BookingPrefill(start=column_start(col, start), length=length,
                                         provider_id=col.provider_id, room_id=col.room_id))

    def open_booking(self, prefill: BookingPrefill) -> None:
        result = BookingDialog.ask(self.parent, self.uictx, self.host.catalog(), prefill)
        if result is None:
            return
        if isinstance(result, SeriesInfo):
            first = result.appointments[0]
            booked = len(result.appointments)
            count = f"{booked} of {booked + len(result.skipped)}" if result.skipped else f"{booked}"
            left_out = (f"; left out {', '.join(format_date(d) for d in result.skipped)}" if result.skipped else "")
            self.status(f"Booked {count} visits for {first.patient_name}, weekly from "
                        f"{first.start.strftime('%m/%d/%Y')}{left_out}.")
        else:
            first = result
            self.status(f"Booked {result.patient_name} on {result.start.strftime('%m/%d/%Y')} at "
                        f"{clock(result.start.hour * 60 + result.start.minute)} with {result.provider_name}.")
        self.host.show_booked(first)  # the calendar goes to the new visit's day, wherever it was booked from

    # -- moving -------------------------------------------------------------------------------------
    def move(self, grid: ScheduleGrid, info: AppointmentInfo, column: int, start: int, length: int,
             override: str | None = None, *, on_moved: Callable[[], None] | None = None) -> None:
        """Move (drag, resize, paste) to a column slot; the block snaps back with the reason when refused."""
        col = grid.columns[column]
        grid.set_pending(info, column, start, length)
        done = guarded(self.parent, lambda moved: self._moved(moved, info, col, start, on_moved))
        failed = guarded(self.parent, lambda exc: self._refused(exc, grid, info, column, start, length, on_moved))
        new_start = column_start(col, start)
        if col.is_room:
            # Room view: the room is the column, the provider stays; one edit moves time and room together.
            changes = AppointmentChanges(
                room_id=col.room_id if col.room_id != info.room_id else None,
                clear_room=col.room_id is None and info.room_id is not None,
                start_time=time(start // 60, start % 60) if new_start != info.start.replace(tzinfo=None) else None,
                length_minutes=length if length != info.length_minutes else None)
            self.uictx.call(appointments.update_appointment, info.id, changes, "this", override,
                            on_done=done, on_error=failed)
            return
        provider = col.provider_id if col.provider_id != info.provider_id else None
        self.uictx.call(appointments.move_appointment, info.id, new_start, provider,
                        length if length != info.length_minutes else None, override, on_done=done, on_error=failed)

    def _moved(self, result: object, before: AppointmentInfo, column: Column, start: int,
               on_moved: Callable[[], None] | None) -> None:
        info = result[0] if isinstance(result, list) else result
        self.host.clear_message()
        name = getattr(info, "patient_name", "the appointment")
        self.status(f"Moved {name} to {describe_when(column, start)}.")
        if on_moved is not None:
            on_moved()
        # The slot it left is free now: offer it to the waitlist, as a cancellation or a no-show does.
        self.uictx.call(waitlist.waitlist_after_move, before.id, before.provider_id, before.start, before.end,
                        on_done=guarded(self.parent, lambda matches: offer_waitlist(self.host, matches)),
                        on_error=guarded(self.parent, self._lookup_failed))

    def _lookup_failed(self, exc: BaseException) -> None:
        message = to_user_message(exc)
        if not message.expected:
            ErrorPresenter(self.parent)(exc)
        else:
            self.status(f"The waitlist could not be checked for the freed time: {message.text}")

    def _refused(self, exc: BaseException, grid: ScheduleGrid, info: AppointmentInfo, column: int, start: int,
                 length: int, on_moved: Callable[[], None] | None) -> None:
        grid.clear_pending()  # snap back: the block stays where the saved data has it
        message = to_user_message(exc)
        if not message.expected:
            ErrorPresenter(self.parent)(exc)
            return
        text = f"Not moved: {info.patient_name} stays at {clock(info.start.hour * 60 + info.start.minute)}. " \
               f"{message.text}"
        self.status(text)
        if isinstance(exc, ScheduleConflict) and exc.overridable and may_override(self.uictx):
            def retry() -> None:
                reason = OverrideDialog.ask_override(self.parent, exc.message)
                if reason is not None:
                    self.move(grid, info, column, start, length, reason, on_moved=on_moved)

            self.host.show_message(text, action_text="&Move anyway\u2026", action=retry)
        elif isinstance(exc, ScheduleConflict) and exc.overridable:
            self.host.show_message(f"{text} Only the {override_roles()} role can move it over these rules.")
        else:
            self.host.show_message(text)

    def paste(self, grid: ScheduleGrid, info: AppointmentInfo) -> None:
        """Move the cut appointment to the grid's slot cursor (keeping its length)."""
        cursor = grid.cursor()
        if cursor is None or not grid.columns:
            self.host.show_message("Choose a slot first (click it, or move there with the arrow keys).")
            return
        column, start = cursor
        self.move(grid, info, column, start, info.length_minutes, on_moved=self.host.clear_cut)
