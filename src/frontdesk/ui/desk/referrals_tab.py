"""The Referrals tab of the Desk pane: open referrals oldest first with their age and overdue cue, the
selected referral's details and history, and the actions (new, step, edit, letter, incoming, directory)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date
from frontdesk.domain.permissions import Permission
from frontdesk.error_messages import to_user_message
from frontdesk.reports.referral_letter import write_referral_letter
from frontdesk.services.desk import referrals
from frontdesk.services.desk.referral_types import (
    CLOSED_STATUSES,
    ReferralDetail,
    ReferralLetterData,
)
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.referral_dialog import ReferralDialog
from frontdesk.ui.desk.referral_directory import DirectoryDialog
from frontdesk.ui.desk.referral_incoming_dialog import IncomingReferralDialog
from frontdesk.ui.desk.referral_models import (
    HistoryModel,
    OpenReferralsModel,
    appointment_text,
)
from frontdesk.ui.desk.referral_status_dialog import ReferralStatusDialog
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import allowed, guarded
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.view_audit import ViewOpening

# Commits about these topics can change what the tab shows.
TOPICS = frozenset({"referrals", "outside_directory", "patients"})


def _button(parent: QWidget, text: str, name: str, tip: str) -> QPushButton:
    button = QPushButton(text, parent)
    button.setObjectName(name)
    button.setToolTip(tip)
    return button


class ReferralsTab(QWidget):
    """Self-contained: loads on first show and refreshes itself when referral data changes."""

    def __init__(self, uictx: UiContext, status: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.status = status
        self._loaded_once = False
        self._stale = False
        self.current: ReferralDetail | None = None
        self._keep_id: int | None = None
        self._opening = ViewOpening()  # choosing a referral is its audited view; a reload re-reads it quietly
        self.new_button = _button(self, "&New referral\u2026", "referral_new", "Refer a patient out (Ctrl+N)")
        self.step_button = _button(self, "Next &step\u2026", "referral_step",
                                   "Move the selected referral to its next step (Ctrl+Enter)")
        self.edit_button = _button(self, "&Edit\u2026", "referral_edit", "Change the selected referral's details")
        self.letter_button = _button(self, "Print &letter\u2026", "referral_letter",
                                     "Save the referral letter as a PDF (Ctrl+P)")
        self.incoming_button = _button(self, "&Incoming referrals\u2026", "referral_incoming",
                                       "Record a referral another provider sent to this practice")
        self.directory_button = _button(self, "Outside &directory\u2026", "referral_directory",
                                        "Outside providers and facilities")
        self.summary = QLabel(self)
        self.summary.setObjectName("referral_summary")
        self.model = OpenReferralsModel(uictx, self)
        self.table = QTableView(self)
        self.table.setObjectName("referral_table")
        self.table.setAccessibleName("Open referrals, oldest first")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((70, 170, 80, 220, 110, 150, 150)):
            self.table.setColumnWidth(column, width)
        self.details = QLabel("Choose a referral to see its details and history.", self)
        self.details.setObjectName("referral_details")
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Room for the six detail lines: a word-wrapped label is otherwise squeezed to one line by the splitter.
        self.details.setMinimumHeight(self.details.fontMetrics().lineSpacing() * 6 + 4)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.history_model = HistoryModel(uictx.clock, self)
        self.history = QTableView(self)
        self.history.setObjectName("referral_history")
        self.history.setAccessibleName("Referral history")
        self.history.setModel(self.history_model)
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.verticalHeader().hide()
        self.history.horizontalHeader().setStretchLastSection(True)
        self.history.setColumnWidth(0, 160)
        self._layout()
        self._connect()
        self._update_actions()

    def _layout(self) -> None:
        bar = QHBoxLayout()
        for button in (self.new_button, self.step_button, self.edit_button, self.letter_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.incoming_button)
        bar.addWidget(self.directory_button)
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        lower_layout.addWidget(self.details)
        history_label = QLabel("&History:", lower)
        history_label.setBuddy(self.history)
        lower_layout.addWidget(history_label)
        lower_layout.addWidget(self.history, 1)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(self.table)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(splitter, 1)

    def _connect(self) -> None:
        self.new_button.clicked.connect(self.new_referral)
        self.step_button.clicked.connect(self.change_step)
        self.edit_button.clicked.connect(self.edit_referral)
        self.letter_button.clicked.connect(self.print_letter)
        self.incoming_button.clicked.connect(self.incoming)
        self.directory_button.clicked.connect(lambda: DirectoryDialog.ask(self, self.uictx))
        self.table.doubleClicked.connect(lambda _index: self.change_step())
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self.model.loaded.connect(self._after_load)
        self.model.rowsInserted.connect(lambda *_: self._show_summary())
        self.uictx.changed.connect(self._on_changed)
        self.uictx.actor_changed.connect(self._on_actor)
        for keys, slot in (("Ctrl+N", self.new_referral), ("Ctrl+Return", self.change_step),
                           ("Ctrl+P", self.print_letter), ("F5", self.reload)):
            shortcut = QShortcut(QKeySequence(keys), self, lambda slot=slot: self._from_here(slot))
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)

    def _from_here(self, slot: Callable[[], None]) -> None:
        """Run a shortcut only when it was pressed in this tab's window, not in a dialog opened from it."""
        if self.window().isActiveWindow():
            slot()

    # -- loading --------------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._loaded_once or self._stale:
            self.reload()

    def reload(self) -> None:
        """Fetch the tracking list again, keeping the selected referral selected when it is still open."""
        if not allowed(self.uictx, Permission.MANAGE_REFERRALS):
            self.summary.setText("Your role cannot see referrals.")
            return
        self._loaded_once, self._stale = True, False
        self._keep_id = self.current.id if self.current else self._keep_id
        self.model.load()

    def _on_actor(self, _actor: object) -> None:
        self._opening.forget()  # the next user's look at the referral on screen is their own view
        self._on_changed(TOPICS)

    def _on_changed(self, topics: frozenset[str]) -> None:
        if not topics & TOPICS or not self._loaded_once:
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True  # refreshed on the next show, not while nobody looks

    def _after_load(self) -> None:
        self._show_summary()
        row = self.model.row_of(self._keep_id) if self._keep_id is not None else -1
        if row >= 0:
            self.table.selectRow(row)
        elif self.current is not None and self.current.row.status in CLOSED_STATUSES:
            self._selection_changed()  # it just closed: its details stay until another is chosen
        else:
            self.table.clearSelection()

    def _show_summary(self) -> None:
        total, overdue = self.model.total, self.model.overdue_count()
        text = f"{total} open referral" + ("" if total == 1 else "s") + ", oldest first"
        if overdue:
            partial = "" if self.model.rowCount() >= total else " among those shown"
            text += f" \u2014 \u26a0 {overdue} need a follow-up{partial}"
        self.summary.setText(text)

    # -- selection and details ------------------------------------------------------------------------
    def _selected_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.referral(rows[0].row()).id if rows else None

    def _selection_changed(self) -> None:
        referral_id = self._selected_id()
        if referral_id is None:
            if self.current is None or self.current.row.status not in CLOSED_STATUSES:
                self._show_detail(None)
            return
        self._keep_id = referral_id
        service = self._opening.pick(referral_id, referrals.get_referral, referrals.referral_detail)
        self.uictx.call(service, referral_id, on_done=guarded(self, self._show_detail))

    def _show_detail(self, detail: ReferralDetail | None) -> None:
        self.current = detail
        self._update_actions()
        if detail is None:
            self._opening.forget()  # nothing on screen: choosing one again is a new view
            self.details.setText("Choose a referral to see its details and history.")
            self.history_model.set_rows([])
            return
        r, d = detail.row, detail.destination
        lines = [f"{r.patient_name} (#{r.account_number}) \u2014 {r.kind_text} to {d.name}"
                 + (f", {d.specialty}" if d.specialty else ""),
                 (f"Status: {r.status_text} \u00b7 requested {format_date(r.requested_on)} \u00b7 "
                  f"appointment {appointment_text(r)}"),
                 f"Reason: {detail.reason}"]
        if detail.diagnoses:
            lines.append("Diagnoses: " + ", ".join(detail.diagnoses))
        auth = detail.authorization_number or "none"
        visits = str(detail.visits_allowed) if detail.visits_allowed else "not limited"
        lines.append(f"Authorization: {auth} \u00b7 visits allowed: {visits}")
        if r.overdue:
            lines.append(f"\u26a0 Follow up: {r.overdue_reason}")
        self.details.setText("\n".join(lines))
        self.history_model.set_rows(detail.history)

    def _update_actions(self) -> None:
        has = self.current is not None
        is_open = has and self.current.row.status not in CLOSED_STATUSES  # type: ignore[union-attr]
        self.step_button.setEnabled(is_open)
        self.edit_button.setEnabled(is_open)
        self.letter_button.setEnabled(has)

    # -- actions --------------------------------------------------------------------------------------
    def new_referral(self) -> None:
        detail = ReferralDialog.ask(self, self.uictx)
        if detail is not None:
            self._keep_id = detail.id  # with the threaded runner the list reloads later and selects it then
            row = self.model.row_of(detail.id)
            if row >= 0:
                self.table.selectRow(row)
            else:
                self._show_detail(detail)
            self.status(f"Referral to {detail.destination.name} saved")

    def change_step(self) -> None:
        if self.current is None or self.current.row.status in CLOSED_STATUSES:
            return
        detail = ReferralStatusDialog.ask(self, self.uictx, self.current)
        if detail is not None:
            self.current = detail
            self._keep_id = detail.id
            self._show_detail(detail)
            self.status(f"Referral is now {detail.row.status_text.lower()}")

    def edit_referral(self) -> None:
        if self.current is None or self.current.row.status in CLOSED_STATUSES:
            return
        detail = ReferralDialog.ask(self, self.uictx, self.current)
        if detail is not None:
            self._show_detail(detail)
            self.status("Referral changed")

    def incoming(self) -> None:
        saved = IncomingReferralDialog.ask(self, self.uictx)
        if saved:
            self.status(f"{len(saved)} incoming referral" + ("" if len(saved) == 1 else "s") + " recorded")

    def print_letter(self) -> None:
        """Save the selected referral's letter as a PDF (file named by referral number, never the patient)."""
        if self.current is None:
            return
        path = SaveFileDialog.ask(self, "Save referral letter", f"referral-{self.current.id}.pdf",
                                  "PDF files (*.pdf)", ".pdf")
        if path is None:
            return
        self.uictx.call(referrals.referral_letter, self.current.id,
                        on_done=guarded(self, lambda data: self._write_letter(data, path)),
                        on_error=guarded(self, self._failed))

    def _write_letter(self, data: ReferralLetterData, path: Path) -> None:
        try:
            write_referral_letter(data, path)
        except Exception as exc:  # noqa: BLE001 (a disk problem is shown quietly, a bug goes to the presenter)
            self._failed(exc)
            return
        self.status(f"Saved {path.name}")

    def _failed(self, exc: BaseException) -> None:
        message = to_user_message(exc)
        if message.expected:
            self.status("\u26a0 " + message.text)
        else:
            ErrorPresenter(self)(exc)
