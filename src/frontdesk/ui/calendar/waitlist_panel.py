"""The waitlist panel: who wants an earlier slot, add or remove them, and who fits a slot that just opened."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.permissions import Permission, denied_reason
from frontdesk.services.scheduling import waitlist as waitlist_service
from frontdesk.services.scheduling.waitlist import WaitlistEntryInfo, WaitlistMatch
from frontdesk.services.session import ServiceContext
from frontdesk.ui.calendar.extras_data import Catalog, load_catalog
from frontdesk.ui.calendar.waitlist_dialog import WaitlistEntryDialog
from frontdesk.ui.calendar.waitlist_model import (
    EARLIER_SLOT,
    MatchesModel,
    WaitlistModel,
)
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import StatusFn, allowed, fit_columns, make_table
from frontdesk.ui.widgets.confirm import ConfirmDialog
from frontdesk.ui.widgets.models import SORT_ROLE
from frontdesk.ui.widgets.schedule_inputs import clock_text, stretch_last_column
from frontdesk.ui.widgets.tab_base import RecordListTab

NO_MATCHES_YET = ("After a cancellation or no-show, the waitlisted patients who fit the freed time "
                  "are listed here.")


def load_waitlist(ctx: ServiceContext) -> tuple[Catalog, list[WaitlistEntryInfo]]:
    """Names for ids, then the active entries (runs on the database thread)."""
    return load_catalog(ctx), waitlist_service.list_waitlist(ctx)


def _slot_text(match: WaitlistMatch, catalog: Catalog | None) -> str:
    who = f" with {catalog.provider_name(match.slot_provider_id)}" if catalog else ""
    return (f"{match.slot_start.strftime('%a %m/%d/%Y')} {clock_text(match.slot_start)}\u2013"
            f"{clock_text(match.slot_end)}{who}")


class WaitlistPanel(RecordListTab):
    """Lists the waitlist; ``show_matches`` shows who fits a freed slot; ``book_requested(patient_id)``."""

    topics = frozenset({"waitlist", "patients", "providers", "schedule_setup"})
    permission = Permission.VIEW_SCHEDULE
    denied_text = "Your role does not allow viewing the waitlist."
    empty_text = "Nobody is on the waitlist. Add a patient who wants an earlier slot with Add\u2026"

    book_requested = Signal(int)

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *, status: StatusFn | None = None) -> None:
        super().__init__(uictx, status, parent)
        self.setObjectName("waitlist_panel")
        self.catalog: Catalog | None = None
        self._freed: WaitlistMatch | None = None  # the slot whose matches are shown
        self._opened = False  # a freed slot was reported (even if nobody fits it)
        self.model = WaitlistModel(uictx.clock, self)
        self._build_table(SORT_ROLE)
        self.view.setAccessibleName("Waitlist")
        stretch_last_column(self.view)
        self.add_button = QPushButton("&Add\u2026", self)
        self.add_button.setToolTip("Put a patient who wants an earlier slot on the waitlist")
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.setToolTip("Take the selected patient off the waitlist (Delete)")
        self.book_entry_button = QPushButton("Boo&k\u2026", self)
        self.book_entry_button.setToolTip("Book an appointment for the selected patient (Enter)")
        self.count_label = QLabel(self)

        self.matches_model = MatchesModel(self)
        self.matches_view, matches_proxy = make_table(self, self.matches_model, sort_role=SORT_ROLE, sort_column=2)
        assert matches_proxy is not None
        self.matches_proxy = matches_proxy
        self.matches_view.setAccessibleName("Matches for an opened slot")
        stretch_last_column(self.matches_view)
        self.matches_label = QLabel(NO_MATCHES_YET, self)
        self.matches_label.setWordWrap(True)
        self.book_match_button = QPushButton("&Book for this patient", self)
        self.dismiss_button = QPushButton("Dis&miss", self)
        self.dismiss_button.setToolTip("Clear the matches once the slot is filled")
        self._layout()

        self.add_button.clicked.connect(self._add)
        self.remove_button.clicked.connect(self._remove)
        self.book_entry_button.clicked.connect(self._book_entry)
        self.view.activated.connect(lambda _i: self._book_entry())
        self.book_match_button.clicked.connect(self._book_match)
        self.matches_view.activated.connect(lambda _i: self._book_match())
        self.dismiss_button.clicked.connect(self.dismiss_matches)
        self.matches_view.selectionModel().selectionChanged.connect(self._update_buttons)
        self.matches_model.modelReset.connect(self._update_buttons)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.view)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._remove)
        self._tips = {b: b.toolTip() for b in (self.add_button, self.remove_button, self.book_entry_button,
                                                self.book_match_button)}  # what they say when the role may book
        self._update_buttons()

    def _layout(self) -> None:
        bar = QHBoxLayout()
        for button in (self.add_button, self.remove_button, self.book_entry_button):
            bar.addWidget(button)
        bar.addStretch(1)
        bar.addWidget(self.count_label)
        top = QWidget(self)
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(self.notice)
        top_layout.addLayout(bar)
        top_layout.addWidget(self.view, 1)
        self.matches_box = QGroupBox("Matches for an opened slot", self)
        box_layout = QVBoxLayout(self.matches_box)
        box_layout.addWidget(self.matches_label)
        box_layout.addWidget(self.matches_view, 1)
        match_bar = QHBoxLayout()
        match_bar.addWidget(self.book_match_button)
        match_bar.addWidget(self.dismiss_button)
        match_bar.addStretch(1)
        box_layout.addLayout(match_bar)
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(top)
        splitter.addWidget(self.matches_box)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(splitter)

    # -- data ----------------------------------------------------------------------------------
    def load(self) -> None:
        self.call(load_waitlist, on_done=self._loaded)

    def _loaded(self, data: tuple[Catalog, list[WaitlistEntryInfo]]) -> None:
        catalog, entries = data
        self.catalog = catalog
        self.model.set_catalog(catalog)
        self.matches_model.set_catalog(catalog)
        active = {e.id for e in entries}
        kept = [m for m in self.matches_model.records() if m.entry_id in active]
        self._set_matches(kept, keep_text=True)
        self.show_rows(entries)
        self.count_label.setText(f"{len(entries)} waiting" if entries else "")

    def clear(self, reason: str) -> None:
        self._opened = False
        self._set_matches([], keep_text=False)
        self.count_label.clear()
        super().clear(reason)

    # -- matches -------------------------------------------------------------------------------
    def show_matches(self, entries: Sequence[WaitlistMatch]) -> None:
        """Show the waitlist entries that fit a slot that just opened (from a cancel or no-show result)."""
        if self._stale or self.catalog is None:
            self.refresh()  # provider names for the slot, and the entries to mark
        self._opened = True
        self._set_matches(list(entries), keep_text=False)
        if entries:
            self.matches_view.selectRow(0)

    def dismiss_matches(self) -> None:
        """Forget the opened slot's matches (Dismiss)."""
        self._opened = False
        self._set_matches([], keep_text=False)

    def _set_matches(self, matches: list[WaitlistMatch], *, keep_text: bool) -> None:
        if not keep_text:
            self._freed = matches[0] if matches else None
        self.matches_model.set_rows(matches)
        self.model.set_matches(matches)
        fit_columns(self.matches_view)
        fit_columns(self.view)
        self._render_matches_label()

    def _render_matches_label(self) -> None:
        count = self.matches_model.rowCount()
        if not self._opened:
            text = NO_MATCHES_YET
        elif self._freed is None:
            text = "No one on the waitlist fits the time that just opened."
        elif not count:
            text = "The patients who fitted the opened slot have left the waitlist."
        else:
            text = (f"\u2191 {EARLIER_SLOT}: {count} waitlisted patient{'s' if count != 1 else ''} "
                    f"fit{'s' if count == 1 else ''} the time freed on {_slot_text(self._freed, self.catalog)}. "
                    "Call them in this order (first come, first served).")
        self.matches_label.setText(text)

    def selected_match(self) -> WaitlistMatch | None:
        rows = self.matches_view.selectionModel().selectedRows()
        return self.matches_model.record(self.matches_proxy.mapToSource(rows[0]).row()) if rows else None

    # -- actions -------------------------------------------------------------------------------
    def selected_entry(self) -> WaitlistEntryInfo | None:
        return self.selected_record()

    def _update_buttons(self) -> None:
        can_book = self.can_read() and allowed(self.uictx, Permission.BOOK_APPOINTMENTS)
        entry = self.selected_entry()
        self.add_button.setEnabled(can_book and self.catalog is not None)
        self.remove_button.setEnabled(can_book and entry is not None)
        self.book_entry_button.setEnabled(can_book and entry is not None)
        self.book_match_button.setEnabled(can_book and self.selected_match() is not None)
        self.dismiss_button.setEnabled(self._opened)
        actor = self.uictx.actor
        for button, tip in self._tips.items():  # greyed out for a view-only role, and said why in words
            button.setToolTip(tip if actor is None or allowed(self.uictx, Permission.BOOK_APPOINTMENTS)
                              else denied_reason("Changing the waitlist and booking from it", actor.role))

    def _add(self) -> None:
        if self.catalog is None:
            return
        entry = WaitlistEntryDialog.ask(self, self.uictx, self.catalog)
        if entry is not None:
            self.select_record(entry.id)
            self.status(f"Added {entry.patient_name} to the waitlist.")

    def _remove(self) -> None:
        entry = self.selected_entry()
        if entry is None or not self.remove_button.isEnabled():
            return
        if not ConfirmDialog.ask(self, "Remove from waitlist",
                                 f"Take {entry.patient_name} off the waitlist? They will no longer be offered "
                                 "opened slots.", "&Remove", "&Keep waiting"):
            return
        self.call(waitlist_service.close_waitlist_entry, entry.id, "withdrawn",
                  on_done=lambda _r: self.status(f"Removed {entry.patient_name} from the waitlist."))

    def _book_entry(self) -> None:
        entry = self.selected_entry()
        if entry is not None and self.book_entry_button.isEnabled():
            self.book_requested.emit(entry.patient_id)

    def _book_match(self) -> None:
        match = self.selected_match()
        if match is not None and self.book_match_button.isEnabled():
            self.book_requested.emit(match.patient_id)
