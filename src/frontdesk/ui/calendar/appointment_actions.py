"""What can be done to one appointment (confirm, check in/out, room, cancel, no-show, edit, history,
card, .ics), each as one service call through the runner; which of them apply to which status."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Protocol

from PySide6.QtWidgets import QWidget

from frontdesk.error_messages import to_user_message
from frontdesk.services.scheduling import appointment_status, schedule_views
from frontdesk.services.scheduling.appointment_status import (
    ARRIVED,
    CHECKED_OUT,
    CONFIRMED,
    IN_ROOM,
    OPEN_STATUSES,
    SCHEDULED,
    AppointmentInfo,
    CheckOutResult,
    FreedTime,
)
from frontdesk.services.scheduling.waitlist import WaitlistMatch
from frontdesk.ui.calendar.catalog import Catalog
from frontdesk.ui.calendar.checkout_dialog import CheckOutChoice, CheckOutDialog
from frontdesk.ui.calendar.grid_paint import clock
from frontdesk.ui.calendar.print_actions import CalendarPrinting
from frontdesk.ui.calendar.reason_dialogs import CancelDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded

FOLLOW_UP_DAYS = 7  # check-out suggests openings from a week out when no next visit is booked


class Host(Protocol):
    """What the actions need from the pane."""

    def catalog(self) -> Catalog: ...
    def show_message(self, text: str, kind: str = "error", *, action_text: str = "",
                     action: Callable[[], None] | None = None) -> None: ...
    def open_booking(self, prefill) -> None: ...  # type: ignore[no-untyped-def]
    def show_waitlist(self, matches: tuple = ()) -> None: ...  # type: ignore[type-arg]
    def cut(self, info: AppointmentInfo) -> None: ...
    def request_charges(self, appointment_id: int) -> None: ...


# (key, menu text, statuses it applies to; None = every status)
ACTIONS: tuple[tuple[str, str, frozenset[str] | None], ...] = (
    ("confirm", "&Confirm", frozenset({SCHEDULED})),
    ("check_in", "Check &in\u2026", frozenset(OPEN_STATUSES)),
    ("room", "In &room", frozenset({ARRIVED})),
    ("check_out", "Check &out\u2026", frozenset({ARRIVED, IN_ROOM})),
    ("undo_check_in", "&Undo check-in", frozenset({ARRIVED})),
    ("cancel", "C&ancel appointment\u2026", frozenset(OPEN_STATUSES)),
    ("no_show", "&No-show", frozenset(OPEN_STATUSES)),
    ("cut", "Re&schedule (cut)", frozenset(OPEN_STATUSES)),
    ("edit", "&Edit\u2026", frozenset(OPEN_STATUSES)),
    ("enter_charges", "Enter char&ges\u2026", frozenset({CHECKED_OUT})),
    ("print_card", "Print appointment &card\u2026", frozenset({SCHEDULED, CONFIRMED, ARRIVED, IN_ROOM, CHECKED_OUT})),
    ("export_ics", "Export .ic&s\u2026", None),
    ("history", "&History\u2026", None),
)


class WaitlistHost(Protocol):
    def show_message(self, text: str, kind: str = "error", *, action_text: str = "",
                     action: Callable[[], None] | None = None) -> None: ...
    def show_waitlist(self, matches: tuple = ()) -> None: ...  # type: ignore[type-arg]


def offer_waitlist(host: WaitlistHost, matches: Sequence[WaitlistMatch]) -> None:
    """Time was freed (cancel, no-show, a move): name who on the waitlist could take it, with a way to them."""
    if not matches:
        return
    found = tuple(matches)
    names = "; ".join(f"{m.patient_name}" for m in found[:3]) + ("\u2026" if len(found) > 3 else "")
    host.show_message(f"{len(found)} waitlisted patient{'s' if len(found) != 1 else ''} could take "
                      f"the freed time: {names}.", "info", action_text="Show &waitlist",
                      action=lambda: host.show_waitlist(found))


def applies(key: str, status: str) -> bool:
    statuses = next(s for k, _t, s in ACTIONS if k == key)
    return statuses is None or status in statuses


class AppointmentActions:
    """Runs the actions for the pane; success goes to the status bar, refusals to the message line."""

    def __init__(self, parent: QWidget, uictx: UiContext, host: Host, status: Callable[[str], None],
                 printing: CalendarPrinting) -> None:
        self.parent, self.uictx, self.host, self.status, self.printing = parent, uictx, host, status, printing

    def run(self, key: str, info: AppointmentInfo) -> None:
        """Do action ``key`` (see ACTIONS) on the appointment."""
        getattr(self, key)(info)

    # -- plumbing -----------------------------------------------------------------------------------
    def _call(self, service, *args, done: Callable[[object], None]) -> None:  # type: ignore[no-untyped-def]
        self.uictx.call(service, *args, on_done=guarded(self.parent, done),
                        on_error=guarded(self.parent, self._refused))

    def _refused(self, exc: BaseException) -> None:
        message = to_user_message(exc)
        if not message.expected:
            ErrorPresenter(self.parent)(exc)
            return
        self.host.show_message(message.text)
        self.status(message.text)

    # -- lifecycle ------------------------------------------------------------------------------------
    def confirm(self, info: AppointmentInfo) -> None:
        self._call(appointment_status.change_status, info.id, CONFIRMED,
                   done=lambda _r: self.status(f"Confirmed {info.patient_name}."))

    def check_in(self, info: AppointmentInfo) -> None:
        """Ask the service first whether the visit may be checked in now (a later day's may not): a refusal is
        said before the checklist opens, so no step is confirmed and no copay taken for nothing."""
        self._call(appointment_status.check_in_readiness, info.id, done=lambda _r: self._run_check_in(info))

    def _run_check_in(self, info: AppointmentInfo) -> None:
        """The intake checklist (insurance, consents, copay); the visit is arrived once it was run."""
        from frontdesk.ui.patients.intake_dialog import IntakeDialog

        summary = IntakeDialog.ask(self.parent, self.uictx, info.patient_id, info.id)
        if summary is None:
            self.status(f"{info.patient_name} is not checked in (the intake checklist did not run).")
            return
        self._call(appointment_status.check_in, info.id,
                   done=lambda _r: self.status(f"Checked in {info.patient_name} \u279c Arrived."))

    def undo_check_in(self, info: AppointmentInfo) -> None:
        self._call(appointment_status.change_status, info.id, SCHEDULED, "check-in undone",
                   done=lambda _r: self.status(f"Check-in of {info.patient_name} undone."))

    def room(self, info: AppointmentInfo) -> None:
        self._call(appointment_status.room_patient, info.id, info.room_id,
                   done=lambda _r: self.status(f"{info.patient_name} is in {info.room_name or 'a room'}."))

    def check_out(self, info: AppointmentInfo) -> None:
        self._call(appointment_status.check_out, info.id, FOLLOW_UP_DAYS, done=self._checked_out)  # type: ignore[arg-type]

    def _checked_out(self, result: CheckOutResult) -> None:
        from frontdesk.ui.calendar.booking_dialog import BookingPrefill

        info = result.appointment
        self.status(f"Checked out {info.patient_name}.")
        choice, opening = CheckOutDialog.ask(self.parent, result)
        if choice is CheckOutChoice.PRINT_CARD and result.next_appointment is not None:
            self.printing.print_card(result.next_appointment.id)
        elif choice is CheckOutChoice.BOOK:
            start = opening.start.replace(tzinfo=None) if opening is not None else None
            self.host.open_booking(BookingPrefill(
                start=start, provider_id=opening.provider_id if opening else info.provider_id, type_id=info.type_id,
                room_id=None, patient_id=info.patient_id, patient_label=info.patient_name))

    def cancel(self, info: AppointmentInfo) -> None:
        what = f"{info.patient_name}'s {clock(info.start.hour * 60 + info.start.minute)} appointment"
        answer = CancelDialog.ask_cancel(self.parent, what, series=info.series_id is not None)
        if answer is None:
            return
        self._call(appointment_status.cancel_appointment, info.id, answer.reason, answer.scope,
                   done=lambda freed: self._freed(freed, "Cancelled"))  # type: ignore[arg-type]

    def no_show(self, info: AppointmentInfo) -> None:
        self._call(appointment_status.mark_no_show, info.id,
                   done=lambda freed: self._freed(freed, "Marked a no-show:"))  # type: ignore[arg-type]

    def _freed(self, freed: FreedTime, verb: str) -> None:
        first = freed.appointments[0] if freed.appointments else None
        count = len(freed.appointments)
        late = " (late cancel)" if first is not None and first.late_cancel else ""
        who = first.patient_name if first else "the appointment"
        self.status(f"{verb} {who}{late}" + (f" and {count - 1} more in the series." if count > 1 else "."))
        offer_waitlist(self.host, freed.waitlist_matches)

    # -- others -------------------------------------------------------------------------------------
    def cut(self, info: AppointmentInfo) -> None:
        self.host.cut(info)

    def edit(self, info: AppointmentInfo) -> None:
        from frontdesk.ui.calendar.edit_dialog import EditAppointmentDialog

        changed = EditAppointmentDialog.ask(self.parent, self.uictx, self.host.catalog(), info)
        if changed:
            self.status(f"Saved {len(changed)} appointment{'s' if len(changed) != 1 else ''} of "
                        f"{info.patient_name}.")

    def history(self, info: AppointmentInfo) -> None:
        from frontdesk.ui.calendar.history_dialog import HistoryDialog

        title = f"{info.patient_name} \u2014 {info.type_name}, {info.start.strftime('%m/%d/%Y')}"
        self._call(schedule_views.appointment_history, info.id,
                   done=lambda events: HistoryDialog.ask(self.parent, title, events))  # type: ignore[arg-type]

    def print_card(self, info: AppointmentInfo) -> None:
        self.printing.print_card(info.id)

    def export_ics(self, info: AppointmentInfo) -> None:
        self.printing.export_ics(info.id)

    def enter_charges(self, info: AppointmentInfo) -> None:
        """The visit's encounter in the Billing pane (the main window routes the request)."""
        self.host.request_charges(info.id)
