"""Confirmation calls: the next business days' appointments, one click per call outcome, a printable sheet."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.permissions import Permission
from frontdesk.reports.call_sheet import CallSheet, write_call_sheet_pdf
from frontdesk.services.scheduling import call_sheet as call_sheet_service
from frontdesk.services.scheduling import confirmations
from frontdesk.services.scheduling.confirmations import (
    MAX_BUSINESS_DAYS,
    CallResult,
    ConfirmationItem,
)
from frontdesk.services.session import ServiceContext
from frontdesk.ui.calendar.confirmations_model import CallRow, ConfirmationsModel
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import StatusFn, allowed
from frontdesk.ui.widgets.confirm import ConfirmDialog
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.models import SORT_ROLE
from frontdesk.ui.widgets.schedule_inputs import clock_text, stretch_last_column
from frontdesk.ui.widgets.tab_base import RecordListTab

# Outcome code (as the service names it) -> button text with its Alt key, and the words in messages.
OUTCOME_BUTTONS = (
    ("confirmed", "&Confirmed", "confirmed"),
    ("left_message", "&Left message", "left message"),
    ("no_answer", "&No answer", "no answer"),
    ("wrong_number", "&Wrong number", "wrong number"),
    ("cancelled", "Cancell&ed", "cancelled"),
)
OPEN_STATUSES = ("scheduled", "confirmed")


def save_call_sheet(ctx: ServiceContext, path: Path, business_days: int, include_confirmed: bool) -> CallSheet:
    """Fetch (and audit) the call sheet, then write the PDF (runs on the database thread)."""
    sheet = call_sheet_service.call_sheet(ctx, business_days, include_confirmed=include_confirmed)
    write_call_sheet_pdf(path, sheet)
    return sheet


def _when(item: ConfirmationItem) -> str:
    start = item.appointment.start
    return f"{start.strftime('%a %m/%d')} {clock_text(start)}"


class ConfirmationCallsPanel(RecordListTab):
    """Who to call; pick a row, press the outcome (Alt+C, Alt+L, Alt+N, Alt+W, Alt+E).

    ``slot_opened`` carries the waitlist matches when a call cancels an appointment, for the waitlist panel.
    """

    topics = frozenset({"appointments", "contacts", "patients", "providers", "schedule_setup", "practice"})
    permission = Permission.BOOK_APPOINTMENTS
    denied_text = "Your role does not allow confirmation calls."
    empty_text = "No appointments to confirm in the coming business days."

    slot_opened = Signal(object)  # tuple[WaitlistMatch, ...]

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *, status: StatusFn | None = None) -> None:
        super().__init__(uictx, status, parent)
        self.setObjectName("confirmation_calls_panel")
        self.model = ConfirmationsModel(self)
        self._build_table(SORT_ROLE)
        self.view.setAccessibleName("Appointments to confirm")
        stretch_last_column(self.view)
        self.days = QSpinBox(self)
        self.days.setRange(1, MAX_BUSINESS_DAYS)
        self.days.setValue(2)
        self.days_label = QLabel("Next business da&ys:", self)
        self.days_label.setBuddy(self.days)
        self.show_confirmed = QCheckBox("Show c&onfirmed", self)
        self.show_confirmed.setChecked(True)
        self.show_confirmed.setToolTip("Keep appointments that are already confirmed in the list")
        self.print_button = QPushButton("&Print call sheet\u2026", self)
        self.print_button.setToolTip("Save a PDF of this list with boxes to tick each call's outcome")
        self.form = ValidatedForm(self)
        self.note = QLineEdit(self)
        self.note.setMaxLength(400)
        self.note.setPlaceholderText("optional, kept in the patient's contact history")
        self.form.add_field("note", "No&te for the call:", self.note)
        self.outcome_buttons: dict[str, QPushButton] = {}
        for code, text, words in OUTCOME_BUTTONS:
            button = QPushButton(text, self)
            button.setToolTip(f"Record '{words}' for the selected appointment")
            button.clicked.connect(lambda _checked=False, c=code: self.record(c))
            self.outcome_buttons[code] = button
        self._layout()
        self.days.valueChanged.connect(lambda _v: self.mark_stale())
        self.show_confirmed.toggled.connect(lambda _on: self.mark_stale())
        self.print_button.clicked.connect(self.print_call_sheet)
        refresh = QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.activated.connect(self.refresh)
        self._update_buttons()

    def _layout(self) -> None:
        top = QHBoxLayout()
        top.addWidget(self.days_label)
        top.addWidget(self.days)
        top.addWidget(self.show_confirmed)
        top.addStretch(1)
        top.addWidget(self.print_button)
        outcomes = QHBoxLayout()
        outcomes.addWidget(QLabel("Outcome:", self))
        for button in self.outcome_buttons.values():
            outcomes.addWidget(button)
        outcomes.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.notice)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.form)
        layout.addLayout(outcomes)

    # -- data ----------------------------------------------------------------------------------
    def load(self) -> None:
        self.call(confirmations.confirmation_list, self.days.value(), include_confirmed=self.show_confirmed.isChecked(),
                  on_done=self._loaded, on_error=self._load_failed)

    def _loaded(self, items: list[ConfirmationItem]) -> None:
        self.show_rows([CallRow.of(item) for item in items])

    def _load_failed(self, exc: BaseException) -> None:
        self.clear("")
        if not self.form.show_exception(exc):
            ErrorPresenter(self)(exc)

    def selected_item(self) -> ConfirmationItem | None:
        row = self.selected_record()
        return row.item if row is not None else None

    def _update_buttons(self) -> None:
        can_call = self.can_read() and allowed(self.uictx, Permission.BOOK_APPOINTMENTS)
        item = self.selected_item() if can_call else None
        open_ = item is not None and item.appointment.status in OPEN_STATUSES
        for code, button in self.outcome_buttons.items():
            button.setEnabled(open_ and not (code == "confirmed" and item.appointment.status == "confirmed"))
        self.note.setEnabled(open_)
        self.print_button.setEnabled(can_call)

    # -- recording a call ----------------------------------------------------------------------
    def record(self, outcome: str) -> None:
        """Record the outcome of a call to the selected appointment's patient."""
        item = self.selected_item()
        button = self.outcome_buttons[outcome]
        if item is None or not button.isEnabled():
            return
        appt = item.appointment
        if outcome == "cancelled" and not ConfirmDialog.ask(
                self, "Cancel appointment",
                f"Cancel {appt.patient_name}'s {_when(item)} appointment with {appt.provider_name}? "
                "The time becomes free and the waitlist is checked.", "&Cancel appointment", "&Keep it"):
            return
        self.form.clear_errors()
        # The next row gets the selection after the list reloads: the caller moves straight on.
        self._pending_selection = self._next_id(appt.id)
        self.call(confirmations.record_confirmation_call, appt.id, outcome, self.note.text(),
                  on_done=lambda result: self._recorded(item, outcome, result), on_error=self._record_failed)

    def _next_id(self, appointment_id: int) -> int | None:
        rows = [self.model.record(self.proxy.mapToSource(self.proxy.index(r, 0)).row()).id
                for r in range(self.proxy.rowCount())]
        if appointment_id not in rows:
            return None
        at = rows.index(appointment_id)
        return rows[at + 1] if at + 1 < len(rows) else appointment_id

    def _recorded(self, item: ConfirmationItem, outcome: str, result: CallResult) -> None:
        self.note.clear()
        words = {c: w for c, _t, w in OUTCOME_BUTTONS}[outcome]
        message = f"Recorded \u201c{words}\u201d for {item.appointment.patient_name} ({_when(item)})."
        if outcome == "cancelled":
            count = len(result.waitlist_matches)
            message += (f" {count} waitlisted patient{'s' if count != 1 else ''} fit{'s' if count == 1 else ''} "
                        "the freed time." if count else " Nobody on the waitlist fits the freed time.")
            self.slot_opened.emit(result.waitlist_matches)
        self.status(message)

    def _record_failed(self, exc: BaseException) -> None:
        self._pending_selection = None
        if not self.form.show_exception(exc):
            ErrorPresenter(self)(exc)
        self.refresh()  # e.g. someone else cancelled it meanwhile: show the list as it is now

    # -- printing ------------------------------------------------------------------------------
    def print_call_sheet(self) -> None:
        """Save the call sheet PDF where the person chooses (Alt+P)."""
        if not self.print_button.isEnabled():
            return
        path = SaveFileDialog.ask(self, "Save call sheet", f"call-sheet-{self.uictx.clock.today().isoformat()}.pdf",
                                  "PDF files (*.pdf)", ".pdf")
        if path is None:
            return
        self.call(save_call_sheet, path, self.days.value(), self.show_confirmed.isChecked(),
                  on_done=lambda sheet: self.status(
                      f"Saved the call sheet ({len(sheet.rows)} appointment{'s' if len(sheet.rows) != 1 else ''}) "
                      f"to {path.name}."))
