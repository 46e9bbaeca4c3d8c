"""The claims list by status (with counts), lazily paged, and the selected claim's detail and actions."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.services.billing import claim_submission
from frontdesk.services.billing import claims as claim_service
from frontdesk.services.billing.billing_types import CLAIM_STATUS_LABELS, ClaimDetail, ClaimRow
from frontdesk.ui.billing.claim_detail import ClaimDetailPanel
from frontdesk.ui.billing.claims_model import ClaimsModel, claim_number_text
from frontdesk.ui.billing.dialogs import ClaimStatusDialog, TextPromptDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.view_audit import ViewOpening

StatusFn = Callable[[str], None]
FILTERS: tuple[str | None, ...] = (None, *CLAIM_STATUS_LABELS)


class ClaimsPage(QWidget):
    """``problem_activated(ClaimDetail, ClaimProblem)`` and ``edit_encounter_requested(encounter id)`` go to the pane."""

    problem_activated = Signal(object, object)
    edit_encounter_requested = Signal(int)

    def __init__(self, uictx: UiContext, status: StatusFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("claims_page")
        self.uictx = uictx
        self._status = status
        self._opening = ViewOpening()  # the claim whose detail is on screen (its view already audited)
        uictx.actor_changed.connect(self._on_actor)
        self._wanted_claim: int | None = None
        self.filter = QComboBox(self)
        self.filter.setObjectName("claim_filter")
        for key in FILTERS:
            self.filter.addItem("All" if key is None else CLAIM_STATUS_LABELS[key], key)
        filter_label = QLabel("S&how:", self)
        filter_label.setBuddy(self.filter)
        self.model = ClaimsModel(uictx, self)
        self.view = QTableView(self)
        self.view.setObjectName("claims_table")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 10)
        for column, width in enumerate((60, 85, 120, 190, 85, 75, 100, 90)):
            self.view.setColumnWidth(column, width)
        self.detail = ClaimDetailPanel(uictx.clock, self)
        top = QHBoxLayout()
        top.addWidget(filter_label)
        top.addWidget(self.filter)
        top.addStretch(1)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.view)
        split.addWidget(self.detail)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([880, 420])  # every column of the list in view at 1366x768
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(split, 1)
        self.filter.currentIndexChanged.connect(lambda _i: self.reload())
        self.model.loaded.connect(self._after_load)
        self.view.selectionModel().currentRowChanged.connect(self._current_changed)
        self.view.activated.connect(lambda _index: self.detail.problems.setFocus())  # Enter: on to its problems
        self.detail.problem_activated.connect(self._problem)
        self.detail.edit_encounter.connect(self._edit_encounter)
        self.detail.recheck.connect(self.recheck)
        self.detail.correct.connect(self.correct)
        self.detail.void.connect(self.void)
        self.detail.change_status.connect(self.change_status)
        self.detail.print_copy.connect(self.print_copy)

    # -- loading --------------------------------------------------------------------------------------
    def _on_actor(self, _actor: object) -> None:
        self._opening.forget()  # the next user's look at the claim on screen is their own view

    def reload(self, select_claim: int | None = None) -> None:
        """Reload the counts and the list, keeping (or moving to) the selected claim."""
        current = self.current_claim()
        self._wanted_claim = select_claim or (current.id if current else None)
        self.refresh_counts()
        self.model.load(self.filter.currentData())

    def refresh_counts(self) -> None:
        """'Ready (12)': one count per status (each an indexed COUNT)."""
        for number, key in enumerate(FILTERS):
            self.uictx.call(claim_service.claim_count, key,
                            on_done=guarded(self, lambda n, i=number, k=key: self._count(i, k, n)))

    def _count(self, number: int, key: str | None, count: int) -> None:
        label = "All" if key is None else CLAIM_STATUS_LABELS[key]
        self.filter.setItemText(number, f"{label} ({count:,})")

    def show_status_filter(self, status: str | None) -> None:
        """Switch the filter (e.g. to 'Ready' after printing)."""
        self.filter.setCurrentIndex(max(self.filter.findData(status), 0))

    def _after_load(self) -> None:
        wanted, self._wanted_claim = self._wanted_claim, None
        row = self.model.row_of(wanted) if wanted is not None else -1
        if row < 0 and wanted is not None:
            self.open_claim(wanted)  # not among the loaded rows (another filter or further down): detail only
            return
        # No claim is opened unasked: its detail scrubs it, and the first scrub loads the ICD-10-CM code set
        # (a second or two) which would hold up the database thread just as the pane opens.
        if row >= 0:
            self.view.selectRow(row)
        else:
            self.view.clearSelection()
            self.detail.show_detail(None)
            self._opening.forget()  # no claim on screen: choosing one again is a new view

    def current_claim(self) -> ClaimRow | None:
        index = self.view.currentIndex()
        return self.model.claim(index.row()) if index.isValid() else None

    def _current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            self.open_claim(self.model.claim(current.row()).id)

    def open_claim(self, claim_id: int) -> None:
        """Show a claim's detail (its problems as of now: the service scrubs it). Choosing a claim is its audited
        view; the same claim re-read after a reload or a re-check is not another."""
        service = self._opening.pick(claim_id, claim_service.get_claim, claim_service.claim_detail)
        self.uictx.call(service, claim_id, on_done=guarded(self, self._show_claim))

    def _show_claim(self, detail: ClaimDetail) -> None:
        self.model.replace(detail.row)
        self.detail.show_detail(detail)

    # -- actions --------------------------------------------------------------------------------------
    def _problem(self, problem: object) -> None:
        if self.detail.detail is not None:
            self.problem_activated.emit(self.detail.detail, problem)

    def _edit_encounter(self) -> None:
        if self.detail.detail is not None:
            self.edit_encounter_requested.emit(self.detail.detail.row.encounter_id)

    def recheck(self, claim_id: int | None = None) -> None:
        """Scrub the claim again; it moves between Draft and Ready as its problems come and go."""
        detail = self.detail.detail
        target = claim_id if claim_id is not None else (detail.row.id if detail else None)
        if target is None:
            return
        self.uictx.call(claim_service.check_claims, [target],
                        on_done=guarded(self, lambda _rows: self.open_claim(target)))

    def correct(self) -> None:
        """A replacement claim (frequency 7) for a submitted one; the payer's claim number is required."""
        detail = self.detail.detail
        if detail is None:
            return
        reference = TextPromptDialog.ask(self, "Correct claim", "The payer's claim number of the claim being "
                                         "corrected (box 22, original ref. no.):", "&Make corrected claim")
        if reference:
            self.uictx.call(claim_service.correct_claim, detail.row.id, reference,
                            on_done=guarded(self, lambda row: self._replaced(row, "Corrected claim")))

    def void(self) -> None:
        """A void claim (frequency 8) that cancels a submitted one at the payer."""
        detail = self.detail.detail
        if detail is None:
            return
        reference = TextPromptDialog.ask(self, "Void claim", "The payer's claim number of the claim to void "
                                         "(box 22, original ref. no.):", "&Void claim")
        if reference:
            self.uictx.call(claim_service.void_claim, detail.row.id, reference,
                            on_done=guarded(self, lambda row: self._replaced(row, "Void claim")))

    def _replaced(self, row: ClaimRow, what: str) -> None:
        self._status(f"{what} {claim_number_text(row)} made; it is {row.status_label.lower()}.")
        self.reload(select_claim=row.id)

    def change_status(self) -> None:
        detail = self.detail.detail
        if detail is None:
            return
        change = ClaimStatusDialog.ask(self, claim_number_text(detail.row))
        if change is not None:
            self.uictx.call(claim_service.set_claim_status, detail.row.id, change.status, change.note,
                            on_done=guarded(self, lambda row: self._status_set(row)))

    def _status_set(self, row: ClaimRow) -> None:
        self._status(f"Claim {claim_number_text(row)} is now {row.status_label.lower()}.")
        self.open_claim(row.id)

    def print_copy(self) -> None:
        """A full-form copy of the claim as a PDF (no status change: it is not a submission)."""
        detail = self.detail.detail
        if detail is None:
            return
        path = SaveFileDialog.ask(self, "Save a copy of the claim", f"claim-{detail.row.id}.pdf",
                                  "PDF files (*.pdf)", ".pdf")
        if path is not None:
            self.uictx.call(claim_submission.print_claim_copy, detail.row.id, str(path), mode="full",
                            on_done=guarded(self, lambda out: self._status(f"Copy saved: {Path(out).name}")))
