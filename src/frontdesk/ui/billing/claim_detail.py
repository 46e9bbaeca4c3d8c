"""One claim's detail beside the claims list: its findings (problems and warnings, click to fix), history, actions.

The findings are the scrubber's one list, shown in one place with the words the service gives them
(``ClaimProblem.text``): a problem has the warning sign, a warning (never blocks Ready) the information sign and
the word "Warning" first.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_datetime, format_money
from frontdesk.domain.money import from_cents
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.services.billing.billing_types import (
    CLAIM_STATUS_LABELS,
    SUBMITTED_OR_LATER,
    ClaimDetail,
    ClaimEventInfo,
    ClaimProblem,
)
from frontdesk.ui.billing.claims_model import claim_number_text, payer_text
from frontdesk.ui.widgets.form_parts import status_icon
from frontdesk.ui.widgets.models import Column, RecordTableModel

PROBLEM_ROLE = Qt.ItemDataRole.UserRole + 1


def _status_change(event: ClaimEventInfo) -> str:
    before = CLAIM_STATUS_LABELS.get(event.from_status, event.from_status)
    after = CLAIM_STATUS_LABELS.get(event.to_status, event.to_status)
    return after if not before or before == after else f"{before} \u2192 {after}"


def event_columns(clock: PracticeClock) -> tuple[tuple[str, Callable[[ClaimEventInfo], str]], ...]:
    """The claim history's columns (times on the practice's clock)."""
    return (
        Column("When", lambda e: format_datetime(e.at, clock.tz)),
        Column("Who", lambda e: e.username),
        Column("Status", _status_change),
        Column("Note", lambda e: e.note),
    )


class ClaimDetailPanel(QWidget):
    """Emits ``problem_activated(ClaimProblem)`` on click or Enter, and one signal per action button."""

    problem_activated = Signal(object)
    edit_encounter = Signal()
    recheck = Signal()
    correct = Signal()
    void = Signal()
    change_status = Signal()
    print_copy = Signal()

    def __init__(self, clock: PracticeClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claim_detail")
        self.detail: ClaimDetail | None = None
        self.title = QLabel("Choose a claim in the list to see its problems and history.", self)
        self.title.setObjectName("claim_title")
        self.title.setWordWrap(True)
        # Wrapped text keeps its full height when the panel is short.
        self.title.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.problems_label = QLabel("Pro&blems and warnings (click or Enter opens the field):", self)
        self.problems = QListWidget(self)
        self.problems.setObjectName("claim_problems")
        self.problems.setWordWrap(True)
        self.problems_label.setBuddy(self.problems)
        self.problems.itemActivated.connect(self._activate)
        self.problems.itemClicked.connect(self._activate)
        self.events_model = RecordTableModel(event_columns(clock), self)
        self.events = QTableView(self)
        self.events.setObjectName("claim_events")
        self.events.setModel(self.events_model)
        self.events.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.events.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.events.verticalHeader().hide()
        self.events.horizontalHeader().setStretchLastSection(True)
        history_label = QLabel("His&tory:", self)
        history_label.setBuddy(self.events)
        self.buttons: dict[str, QPushButton] = {}
        grid = QGridLayout()
        specs = (("edit_encounter", "&Edit encounter", self.edit_encounter),
                 ("recheck", "Re-chec&k (F5)", self.recheck),
                 ("correct", "&Correct claim\u2026", self.correct),
                 ("void", "&Void claim\u2026", self.void),
                 ("change_status", "Mark denied/clo&sed\u2026", self.change_status),
                 ("print_copy", "Print cop&y\u2026", self.print_copy))
        for number, (name, text, signal) in enumerate(specs):
            button = QPushButton(text, self)
            button.setObjectName(f"claim_{name}")
            button.clicked.connect(signal)
            grid.addWidget(button, number // 3, number % 3)
            self.buttons[name] = button
        refresh = QShortcut(QKeySequence("F5"), self)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.activated.connect(lambda: self.buttons["recheck"].isEnabled() and self.recheck.emit())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.problems, 2)
        layout.addWidget(history_label)
        layout.addWidget(self.events, 1)
        layout.addLayout(grid)
        self.show_detail(None)

    def show_detail(self, detail: ClaimDetail | None) -> None:
        """Show a claim (None: nothing selected); buttons follow what the claim's status allows."""
        self.detail = detail
        self.problems.clear()
        self.events_model.set_rows(() if detail is None else detail.events)
        status = "" if detail is None else detail.row.status
        allowed = {
            "edit_encounter": detail is not None,
            "recheck": status in ("draft", "ready"),
            "correct": status in SUBMITTED_OR_LATER,
            "void": status in SUBMITTED_OR_LATER,
            "change_status": status in SUBMITTED_OR_LATER,
            "print_copy": detail is not None,
        }
        for name, button in self.buttons.items():
            button.setEnabled(allowed[name])
        if detail is None:
            self.title.setText("Choose a claim in the list to see its problems and history.")
            return
        row = detail.row
        submitted = f", submitted {format_date(row.submitted_on)}" if row.submitted_on else ""
        self.title.setText(f"Claim {claim_number_text(row)}: {row.patient_name}, {format_date(row.service_date)}, "
                           f"{payer_text(row)}, {format_money(from_cents(row.total_cents))}, "
                           f"{row.status_label}{submitted}")
        if not detail.problems:  # said first: the warnings below do not keep the claim from Ready
            self.problems.addItem(QListWidgetItem("\u2714 No problems found."))
        for finding in detail.findings:
            item = QListWidgetItem(status_icon("info" if finding.warning else "warning"), finding.text)
            item.setData(PROBLEM_ROLE, finding)
            item.setToolTip("Does not keep the claim from Ready; click or press Enter to open the field"
                            if finding.warning else "Click or press Enter to open the field to fix")
            self.problems.addItem(item)
        if detail.findings:  # Enter from the claims list lands on the first finding
            self.problems.setCurrentRow(self.problems.count() - len(detail.findings))

    def _activate(self, item: QListWidgetItem) -> None:
        problem = item.data(PROBLEM_ROLE)
        if isinstance(problem, ClaimProblem):
            self.problem_activated.emit(problem)
