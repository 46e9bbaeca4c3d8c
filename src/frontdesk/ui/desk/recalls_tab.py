"""The Recalls tab of the Desk pane: patients due back in a date range, one-click call outcomes, recall letters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.permissions import Permission
from frontdesk.error_messages import to_user_message
from frontdesk.services.desk import letters, recalls
from frontdesk.services.desk.letters import LetterRequest, PrintResult
from frontdesk.services.desk.recalls import OUTCOMES, RecallPage, RecallRow
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.letter_models import RecallsModel
from frontdesk.ui.desk.letter_send import ask_pdf_path
from frontdesk.ui.desk.recall_dialog import RecallDialog
from frontdesk.ui.widgets.common import allowed, guarded
from frontdesk.ui.widgets.confirm import ConfirmDialog
from frontdesk.ui.widgets.form import FieldError

PAGE = 500
# Outcome buttons with their mnemonics (Alt+letter logs the outcome for the selected recall).
OUTCOME_BUTTONS = (("reached", "&Reached"), ("left_message", "Left &message"), ("no_answer", "No &answer"),
                   ("wrong_number", "Wrong n&umber"), ("scheduled", "&Scheduled"), ("declined", "D&eclined"))


def _qdate(value: date) -> QDate:
    return QDate(value.year, value.month, value.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class RecallsTab(QWidget):
    """Self-contained: loads on first show and refreshes on the 'recalls', 'appointments' and 'patients' topics."""

    topics = frozenset({"recalls", "appointments", "patients"})

    def __init__(self, uictx: UiContext, status: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recalls_tab")
        self.uictx = uictx
        self._status = status
        self._dirty = True
        today = self.today()
        self.start = QDateEdit(_qdate(today.replace(day=1) - timedelta(days=90)), self)
        self.end = QDateEdit(_qdate(today + timedelta(days=60)), self)
        for edit, name in ((self.start, "recall_from"), (self.end, "recall_to")):
            edit.setObjectName(name)
            edit.setDisplayFormat("MM/dd/yyyy")
            edit.setCalendarPopup(True)
        from_label, to_label = QLabel("&From:", self), QLabel("&To:", self)
        from_label.setBuddy(self.start)
        to_label.setBuddy(self.end)
        self.show_closed = QCheckBox("Show booked and &closed", self)
        self.show_closed.setObjectName("recall_show_closed")
        self.count_label = QLabel(self)
        self.count_label.setObjectName("recall_count")
        self.new_button = QPushButton("Ne&w recall\u2026", self)
        self.new_button.setObjectName("new_recall")
        self.new_button.setToolTip("Add a recall (Ctrl+N)")
        bar = QHBoxLayout()
        for widget in (from_label, self.start, to_label, self.end, self.show_closed):
            bar.addWidget(widget)
        bar.addWidget(self.count_label, 1)
        bar.addWidget(self.new_button)

        self.model = RecallsModel(self.uictx.clock, self)
        self.view = QTableView(self)
        self.view.setObjectName("recalls_table")
        self.view.setAccessibleName("Recalls")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((85, 160, 130, 150, 120, 190, 200, 45)):
            self.view.setColumnWidth(column, width)
        self.more_button = QPushButton("Show &more", self)
        self.more_button.setObjectName("recall_more")
        self.more_button.setVisible(False)

        outcome_label = QLabel("Call outcome for the selected recall:", self)
        self.outcome_buttons: dict[str, QPushButton] = {}
        calls = QHBoxLayout()
        calls.addWidget(outcome_label)
        for key, text in OUTCOME_BUTTONS:
            button = QPushButton(text, self)
            button.setObjectName(f"outcome_{key}")
            button.setToolTip(f"Log \u201c{OUTCOMES[key][0]}\u201d in the patient's contact history"
                              + (" and close the recall" if OUTCOMES[key][1] else ""))
            button.clicked.connect(lambda _c=False, k=key: self.log_outcome(k))
            self.outcome_buttons[key] = button
            calls.addWidget(button)
        calls.addStretch(1)
        self.letters_button = QPushButton("&Print recall letters\u2026", self)
        self.letters_button.setObjectName("print_recall_letters")
        self.letters_button.setToolTip("Recall letters for the selected recalls, or for every open recall listed "
                                       "when none is selected (Ctrl+P)")
        self.cancel_button = QPushButton("Cance&l recall", self)
        self.cancel_button.setObjectName("cancel_recall")
        actions = QHBoxLayout()
        actions.addWidget(self.more_button)
        actions.addStretch(1)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.letters_button)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(calls)
        layout.addLayout(actions)
        self.message = FieldError(self)
        self.message.setObjectName("recall_message")
        layout.addWidget(self.message)

        self.start.dateChanged.connect(lambda _d: self.reload())
        self.end.dateChanged.connect(lambda _d: self.reload())
        self.show_closed.toggled.connect(lambda _on: self.reload())
        self.more_button.clicked.connect(self.load_more)
        self.new_button.clicked.connect(self.new_recall)
        self.letters_button.clicked.connect(self.print_letters)
        self.cancel_button.clicked.connect(self.cancel_selected)
        context = Qt.ShortcutContext.WidgetWithChildrenShortcut
        QShortcut(QKeySequence.StandardKey.New, self, self.new_button.click, context=context)
        QShortcut(QKeySequence.StandardKey.Print, self, self.letters_button.click, context=context)
        QShortcut(QKeySequence.StandardKey.Refresh, self, self.reload, context=context)
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._update_buttons())
        uictx.changed.connect(self._on_changed)
        uictx.actor_changed.connect(lambda _a: self._on_actor())
        self._update_buttons()

    def today(self) -> date:
        """The practice's today (its clock reads the services' clock, so tests can freeze it)."""
        return self.uictx.clock.today()

    # -- loading ----------------------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._dirty:
            self.reload()

    def _on_changed(self, topics: frozenset[str]) -> None:
        if topics & self.topics:
            self._dirty = True
            if self.isVisible():
                self.reload()

    def _on_actor(self) -> None:
        self._update_buttons()
        self._dirty = True
        if self.isVisible():
            self.reload()

    def reload(self) -> None:
        """Reload the first page for the chosen range (keeps nothing selected: rows may have left the list)."""
        self._dirty = False
        self._call_page(0, replace=True)

    def load_more(self) -> None:
        self._call_page(self.model.rowCount(), replace=False)

    def _call_page(self, offset: int, *, replace: bool) -> None:
        self.uictx.call(recalls.list_recalls, _pydate(self.start.date()), _pydate(self.end.date()),
                        include_closed=self.show_closed.isChecked(), offset=offset, limit=PAGE,
                        on_done=guarded(self, lambda page: self._loaded(page, replace)),
                        on_error=guarded(self, self._load_failed))

    def _loaded(self, page: RecallPage, replace: bool) -> None:
        if replace:
            self.model.set_rows(page.rows)
        else:
            self.model.append_rows(page.rows)
        self.more_button.setVisible(page.more)
        shown = self.model.rowCount()
        self.count_label.setText(f"{shown}{'+' if page.more else ''} recall{'s' if shown != 1 else ''}")
        self._update_buttons()

    def _load_failed(self, exc: BaseException) -> None:
        self.count_label.setText("\u26a0 " + to_user_message(exc).text)

    # -- actions ----------------------------------------------------------------------------------
    def selected_rows(self) -> list[RecallRow]:
        rows = sorted({i.row() for i in self.view.selectionModel().selectedRows()})
        return [self.model.record(r) for r in rows]

    def _update_buttons(self) -> None:
        self.message.clear_error()
        may = allowed(self.uictx, Permission.MANAGE_RECALLS)
        open_rows = [r for r in self.selected_rows() if r.state != "closed"]
        single = len(self.selected_rows()) == 1 and bool(open_rows)
        for button in self.outcome_buttons.values():
            button.setEnabled(may and single)
        self.cancel_button.setEnabled(may and bool(open_rows))
        self.new_button.setEnabled(may)
        self.letters_button.setEnabled(allowed(self.uictx, Permission.SEND_LETTERS) and self.model.rowCount() > 0)

    def new_recall(self) -> None:
        row = RecallDialog.ask(self, self.uictx, self.today())
        if row is not None:
            self._status(f"Recall added: {row.patient_name}, due {row.due_date:%m/%d/%Y} for {row.reason}.")

    def log_outcome(self, outcome: str) -> None:
        """One click: log the call outcome for the selected recall (scheduled/declined close it)."""
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        self.uictx.call(recalls.log_recall_outcome, rows[0].id, outcome,
                        on_done=guarded(self, lambda r: self._status(
                            f"Logged \u201c{OUTCOMES[outcome][0]}\u201d for {r.patient_name}.")),
                        on_error=guarded(self, self._action_failed))

    def cancel_selected(self) -> None:
        rows = [r for r in self.selected_rows() if r.state != "closed"]
        if not rows or not ConfirmDialog.ask(self, "Cancel recall", f"Close {len(rows)} recall(s) without a visit?",
                                             "Cance&l recall", "&Keep"):
            return
        self.uictx.call(recalls.cancel_recalls, [r.id for r in rows],
                        on_done=guarded(self, lambda n: self._status(f"{n} recall(s) cancelled.")),
                        on_error=guarded(self, self._action_failed))

    def print_letters(self) -> None:
        """Recall letters for the selection (or every open recall shown) into one PDF."""
        rows = [r for r in (self.selected_rows() or self.model.rows()) if r.state == "open"]
        if not rows:
            self._status("No open recalls to write to (booked and closed recalls get no letter).")
            return
        path = ask_pdf_path(self, "Save the recall letters as", f"recall-letters-{self.today():%Y-%m-%d}.pdf")
        if path is None:
            return
        request = LetterRequest("recall", recall_ids=tuple(r.id for r in rows))
        self.uictx.call(letters.print_letters, request, str(path),
                        on_done=guarded(self, lambda result: self._printed(result, path)),
                        on_error=guarded(self, self._action_failed))

    def _printed(self, result: PrintResult, path: Path) -> None:
        self._status(f"{result.count} recall letter{'s' if result.count != 1 else ''} saved to {path.name}.")

    def _action_failed(self, exc: BaseException) -> None:
        self.message.show_error(to_user_message(exc).text)
