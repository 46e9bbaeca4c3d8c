"""The End of day screen: walks the closing checklist and ends with "Day closed, backup verified" or what is missing.

Widgets call services only through UiContext.call. Two things leave this screen: opening an appointment and
entering charges; they are signals the main window routes (to the calendar and to Billing).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_money
from frontdesk.error_messages import to_user_message
from frontdesk.services.day_close import end_of_day
from frontdesk.services.day_close.end_of_day_types import DrawerCount, EndOfDayStatus
from frontdesk.services.scheduling import appointment_status
from frontdesk.ui.calendar.reason_dialogs import CancelDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.end_of_day.dialogs import DepositDialog, DrawerCountDialog
from frontdesk.ui.end_of_day.journal_dialog import JournalExportDialog, exported_text
from frontdesk.ui.end_of_day.models import ChecklistModel, OpenAppointmentsModel
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import fit_columns, guarded, make_table, no_status
from frontdesk.ui.widgets.pdf_output import print_generated, save_generated
from frontdesk.ui.widgets.schedule_inputs import date_edit, from_qdate, to_qdate

BackupRunner = Callable[[QWidget], bool]
REFRESH_TOPICS = frozenset({"end_of_day", "payments", "ledger", "appointments", "encounters", "claims", "backups"})
CLOSED_STYLE = "color: #1b5e20; font-weight: bold;"
MISSING_STYLE = "color: #b00020; font-weight: bold;"


class EndOfDayPane(QWidget):
    """The closing checklist of one day with a button for every step."""

    open_appointment_requested = Signal(int)  # appointment id: the main window shows it on the calendar
    enter_charges_requested = Signal(int)  # appointment id of a visit without charges: route to Billing

    def __init__(self, uictx: UiContext, backup_runner: BackupRunner, *, day: date | None = None,
                 status: Callable[[str], None] = no_status, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("end_of_day_pane")
        self._uictx, self._backup_runner, self._status = uictx, backup_runner, status
        self.current: EndOfDayStatus | None = None
        # Without a day the service picks today in the practice's time zone (the desk PC's clock may differ).
        self._day_known = day is not None
        self.day_edit = date_edit(self, day or uictx.clock.today())
        self.day_edit.setObjectName("day_edit")
        self.day_edit.dateChanged.connect(lambda _d: self.refresh())
        day_label = QLabel("&Day:", self)
        day_label.setBuddy(self.day_edit)
        self.refresh_button = self._button("R&efresh", "refresh_button", self.refresh)
        top = QHBoxLayout()
        title = QLabel("<b>End of day</b>", self)
        for widget in (title, day_label, self.day_edit, self.refresh_button):
            top.addWidget(widget)
        top.addStretch(1)

        self.checklist = ChecklistModel(self)
        self.checklist_view, _ = make_table(self, self.checklist)
        self.checklist_view.setObjectName("checklist_view")
        self.appointments = OpenAppointmentsModel(self)
        self.appointments_view, _ = make_table(self, self.appointments)
        self.appointments_view.setObjectName("open_appointments_view")
        self.result_label = QLabel(self)
        self.result_label.setObjectName("result_label")
        self.result_label.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        checklist_label = QLabel("Closing chec&klist:", self)
        checklist_label.setBuddy(self.checklist_view)
        layout.addWidget(checklist_label)
        layout.addWidget(self.checklist_view, 2)
        layout.addWidget(self._appointments_box(), 2)
        layout.addWidget(self._actions_box())
        layout.addWidget(self.result_label)
        QShortcut(QKeySequence("F5"), self, self.refresh)
        uictx.changed.connect(self._on_changed)
        self.refresh()

    # -- building ---------------------------------------------------------------------------
    def _button(self, text: str, name: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    def _appointments_box(self) -> QGroupBox:
        box = QGroupBox("Appointments still open (give each an outcome)", self)
        row = QHBoxLayout()
        self.check_out_button = self._button("Check &out", "check_out_button", self._check_out)
        self.no_show_button = self._button("Mark &no-show", "no_show_button", self._no_show)
        self.cancel_button = self._button("Cancel &visit\u2026", "cancel_button", self._cancel)
        self.open_button = self._button("Open the appoin&tment", "open_appointment_button", self._open)
        for button in (self.check_out_button, self.no_show_button, self.cancel_button, self.open_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(box)
        layout.addWidget(self.appointments_view)
        layout.addLayout(row)
        return box

    def _actions_box(self) -> QGroupBox:
        box = QGroupBox("Steps", self)
        grid = QGridLayout(box)
        self.charges_button = self._button("Enter c&harges", "enter_charges_button", self._enter_charges)
        self.deposit_button = self._button("Make de&posit\u2026", "deposit_button", self._deposit)
        self.print_sheet_button = self._button("Print day &sheet\u2026", "print_sheet_button", self._print_sheet)
        self.save_sheet_button = self._button("Save day sheet as PD&F\u2026", "save_sheet_button", self._save_sheet)
        self.print_slip_button = self._button("Print deposit s&lip\u2026", "print_slip_button", self._print_slip)
        self.save_slip_button = self._button("Save deposit sl&ip as PDF\u2026", "save_slip_button", self._save_slip)
        self.drawer_button = self._button("Count d&rawer\u2026", "drawer_button", self._count_drawer)
        self.backup_button = self._button("&Back up now", "backup_button", self._back_up)
        self.close_button = self._button("Close d&ay", "close_day_button", self._close_day)
        self.journal_button = self._button("Export to &QuickBooks…", "journal_button", self._export_journal)
        self.journal_button.setToolTip("The closed day's money as a journal for QuickBooks (after Close day)")
        order = (self.charges_button, self.deposit_button, self.print_sheet_button, self.save_sheet_button,
                 self.print_slip_button, self.save_slip_button, self.drawer_button, self.backup_button,
                 self.close_button, self.journal_button)
        for i, button in enumerate(order):
            grid.addWidget(button, i // 5, i % 5)
        return box

    # -- state ------------------------------------------------------------------------------
    @property
    def day(self) -> date:
        return from_qdate(self.day_edit.date())

    def set_day(self, day: date) -> None:
        self.day_edit.setDate(to_qdate(day))

    def _on_changed(self, topics: frozenset[str]) -> None:
        if topics & REFRESH_TOPICS:
            self.refresh()

    def refresh(self) -> None:
        """Ask the service for the day's checklist again."""
        self._uictx.call(end_of_day.end_of_day_status, self.day if self._day_known else None,
                         on_done=guarded(self, self._show),
                         on_error=guarded(self, ErrorPresenter(self)))

    def _show(self, current: EndOfDayStatus) -> None:
        if not self._day_known:
            self._day_known = True
            self.day_edit.blockSignals(True)  # setting the day is not a new request
            self.day_edit.setDate(to_qdate(current.day))
            self.day_edit.blockSignals(False)
        if current.day != self.day:
            return  # an answer for a day no longer shown
        self.current = current
        self.checklist.set_rows(current.steps)
        self.appointments.set_rows(current.open_appointments)
        for view in (self.checklist_view, self.appointments_view):
            fit_columns(view)
        if current.open_appointments and not self.appointments_view.currentIndex().isValid():
            self.appointments_view.selectRow(0)
        has_appts = bool(current.open_appointments)
        for button in (self.check_out_button, self.no_show_button, self.cancel_button, self.open_button):
            button.setEnabled(has_appts and not current.closed)
        self.charges_button.setEnabled(bool(current.unbilled_appointment_ids))
        self.deposit_button.setEnabled(bool(current.undeposited) and not current.closed)
        self.drawer_button.setEnabled(not current.closed)
        self.close_button.setEnabled(not current.closed)
        self.journal_button.setEnabled(current.closed)  # an open day's money can still change
        if current.closed:
            verified = ", backup verified" if current.backup_verified else ""
            self._result(f"\u2714 Day closed{verified}.", CLOSED_STYLE)
        elif current.missing:
            self._result("\u2716 Not closed yet. Missing: " + " ".join(s.missing for s in current.missing),
                         MISSING_STYLE)
        else:
            self._result("Everything is done: press Close day.", "")

    def _result(self, text: str, style: str) -> None:
        self.result_label.setText(text)
        self.result_label.setStyleSheet(style)

    def _selected_appointment(self) -> int | None:
        index = self.appointments_view.currentIndex()
        if not index.isValid():
            return None
        return self.appointments.record(index.row()).id

    def _after(self, message: str) -> Callable[[object], None] | None:
        return guarded(self, lambda _v: (self._status(message), self.refresh()))

    # -- appointment outcomes ---------------------------------------------------------------
    def _check_out(self) -> None:
        appt = self._selected_appointment()
        if appt is not None:
            self._uictx.call(appointment_status.check_out, appt, on_done=self._after("Checked out."),
                             on_error=guarded(self, ErrorPresenter(self)))

    def _no_show(self) -> None:
        appt = self._selected_appointment()
        if appt is not None:
            self._uictx.call(appointment_status.mark_no_show, appt, on_done=self._after("Marked as a no-show."),
                             on_error=guarded(self, ErrorPresenter(self)))

    def _cancel(self) -> None:
        appt = self._selected_appointment()
        if appt is None:
            return
        # The calendar's own question, so a cancel reads and counts (late cancels) the same from either screen.
        answer = CancelDialog.ask_cancel(self, "this visit", series=False)
        if answer is not None:
            self._uictx.call(appointment_status.cancel_appointment, appt, answer.reason,
                             on_done=self._after("Visit cancelled."), on_error=guarded(self, ErrorPresenter(self)))

    def _open(self) -> None:
        appt = self._selected_appointment()
        if appt is not None:
            self.open_appointment_requested.emit(appt)

    def _enter_charges(self) -> None:
        if self.current is not None and self.current.unbilled_appointment_ids:
            self.enter_charges_requested.emit(self.current.unbilled_appointment_ids[0])

    # -- money ------------------------------------------------------------------------------
    def _deposit(self) -> None:
        day = self.day
        self._uictx.call(end_of_day.deposit_candidates, day, on_done=guarded(self, lambda w: self._ask_deposit(day, w)),
                         on_error=guarded(self, ErrorPresenter(self)))

    def _ask_deposit(self, day: date, waiting: list) -> None:  # type: ignore[type-arg]
        if not waiting:
            self._status("Nothing is waiting to be deposited.")
            return
        choice = DepositDialog.ask(self, day, waiting)
        if choice is None:
            return
        self._uictx.call(end_of_day.save_deposit, list(choice.keys), deposit_date=day, note=choice.note,
                         on_done=guarded(self, lambda d: (self._status(f"Deposit #{d.id} saved: "
                                                                       f"{format_money(d.total)}."), self.refresh())),
                         on_error=guarded(self, ErrorPresenter(self)))

    def _count_drawer(self) -> None:
        day = self.day
        self._uictx.call(end_of_day.drawer_expectation, day,
                         on_done=guarded(self, lambda e: self._ask_count(day, e)),
                         on_error=guarded(self, ErrorPresenter(self)))

    def _ask_count(self, day: date, expected: object) -> None:
        count: DrawerCount | None = DrawerCountDialog.ask(self, self._uictx, day, expected)  # type: ignore[arg-type]
        if count is None:
            return
        word = "balanced" if count.difference == 0 else f"{'over' if count.difference > 0 else 'short'} " \
                                                        f"{format_money(abs(count.difference))}"
        self._status(f"Drawer counted: {word}.")
        self.refresh()

    # -- paper ------------------------------------------------------------------------------
    def _sheet_said(self, sheet: object) -> str:
        return f"Day sheet for {format_date(self.day)}"

    def _print_sheet(self) -> None:
        print_generated(self, self._uictx, "Print day sheet", end_of_day.write_day_sheet_pdf, self.day,
                        report=self._sheet_said, status=self._status)

    def _save_sheet(self) -> None:
        save_generated(self, self._uictx, "Save day sheet as PDF", f"day-sheet-{self.day.isoformat()}.pdf",
                       end_of_day.write_day_sheet_pdf, self.day, report=self._sheet_said, status=self._status)

    def _with_deposit(self, then: Callable[[int], None]) -> None:
        def chosen(deposits: list) -> None:  # type: ignore[type-arg]
            if not deposits:
                self._status(f"No deposit saved for {format_date(self.day)} yet: make the deposit first.")
                return
            then(deposits[-1].id)

        self._uictx.call(end_of_day.list_deposits, self.day, on_done=guarded(self, chosen),
                         on_error=guarded(self, ErrorPresenter(self)))

    def _print_slip(self) -> None:
        self._with_deposit(lambda deposit_id: print_generated(
            self, self._uictx, "Print deposit slip", end_of_day.write_deposit_slip_pdf, deposit_id,
            report=lambda d: f"Deposit slip #{d.id}", status=self._status))

    def _save_slip(self) -> None:
        self._with_deposit(lambda deposit_id: save_generated(
            self, self._uictx, "Save deposit slip as PDF", f"deposit-{deposit_id}.pdf",
            end_of_day.write_deposit_slip_pdf, deposit_id, report=lambda d: f"Deposit slip #{d.id}",
            status=self._status))

    def _export_journal(self) -> None:
        period = JournalExportDialog.ask(self, self._uictx, self.day)
        if period is not None:
            self._status(exported_text(period))

    # -- backup and close -------------------------------------------------------------------
    def _back_up(self) -> None:
        if self._backup_runner(self):
            self._status("Backup made and verified.")
        self.refresh()

    def _close_day(self) -> None:
        day = self.day

        def refused(exc: BaseException) -> None:
            # What is missing goes in the result line (the screen's own answer), not in a pop-up.
            message = to_user_message(exc)
            if message.expected:
                self._result("\u2716 " + message.text, MISSING_STYLE)
            else:
                ErrorPresenter(self)(exc)

        def closed(current: EndOfDayStatus) -> None:
            self._status(f"{format_date(day)} closed.")
            self._show(current)

        self._uictx.call(end_of_day.close_day, day, on_done=guarded(self, closed), on_error=guarded(self, refused))
