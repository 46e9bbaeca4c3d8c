"""The Post EOB page's "Unmatched ERA claims" list: remittance claims an 835 import could not match, until resolved.

Each is matched to a claim by hand (era_claim_pick.py) or dismissed with a reason; nothing is ever dropped. The
list is hidden while the queue is empty and reloads on the data-changed signal ('era', 'payments' topics).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from frontdesk.domain.permissions import Permission
from frontdesk.error_messages import to_user_message
from frontdesk.services.payments import era_unmatched
from frontdesk.services.payments.era_types import UnmatchedEraClaim
from frontdesk.ui.billing.dialogs import ReasonPromptDialog
from frontdesk.ui.billing.payments.era_claim_pick import ClaimPickDialog, remit_label
from frontdesk.ui.billing.payments.era_model import unmatched_model
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import allowed, fit_columns, guarded, make_table
from frontdesk.ui.widgets.form import FieldError
from frontdesk.ui.widgets.models import SORT_ROLE

MATCH_KEYS = "Ctrl+Shift+M"
DISMISS_KEYS = "Ctrl+Shift+D"
VISIBLE_ROWS = 3  # the claim boxes of the EOB being typed need the height at 1366x768; the list scrolls
TOPICS = frozenset({"era", "payments"})


class UnmatchedSection(QGroupBox):
    """Ctrl+Shift+M matches the selected remittance claim to a claim, Ctrl+Shift+D dismisses it (with a reason)."""

    def __init__(self, uictx: UiContext, status: Callable[[str], None], parent: QWidget | None = None) -> None:
        super().__init__("Unmatched ERA claims", parent)
        self.setObjectName("era_unmatched")
        self.uictx = uictx
        self._status = status
        self.model = unmatched_model(uictx.clock, self)
        self.view, self.proxy = make_table(self, self.model, sort_role=SORT_ROLE)
        self.view.setObjectName("era_unmatched_list")
        self.view.setAccessibleName("Unmatched ERA claims")
        self.view.setTabKeyNavigation(False)  # rows, not cells: Tab goes on to Match and Dismiss
        self.error = FieldError(self)
        self.error.setObjectName("era_unmatched_error")
        self.match_button = QPushButton(f"Match to claim\u2026 ({MATCH_KEYS})", self)
        self.match_button.setObjectName("era_match_claim")
        self.dismiss_button = QPushButton(f"Dismiss\u2026 ({DISMISS_KEYS})", self)
        self.dismiss_button.setObjectName("era_dismiss_claim")
        buttons = QVBoxLayout()
        buttons.addWidget(self.match_button)
        buttons.addWidget(self.dismiss_button)
        buttons.addStretch(1)
        rows = QVBoxLayout()
        rows.addWidget(self.view)
        rows.addWidget(self.error)
        layout = QHBoxLayout(self)
        layout.addLayout(rows, 1)
        layout.addLayout(buttons)
        # As tall as its few rows: the height below goes to the claim boxes of the EOB being typed.
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.match_button.clicked.connect(self.match_selected)
        self.dismiss_button.clicked.connect(self.dismiss_selected)
        self.view.activated.connect(lambda _i: self.match_selected())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        for sequence, slot in ((MATCH_KEYS, self.match_selected), (DISMISS_KEYS, self.dismiss_selected)):
            shortcut = QShortcut(QKeySequence(sequence), parent or self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        uictx.changed.connect(self._on_changed)
        uictx.actor_changed.connect(lambda _a: self.reload())
        self.hide()
        self.reload()

    # -- data ------------------------------------------------------------------------------------------
    def reload(self) -> None:
        """Fetch the open queue (the list shows only while something is in it)."""
        if self.uictx.actor is None or not allowed(self.uictx, Permission.VIEW_BILLING):
            self.model.set_rows([])
            self.hide()
            return
        self.uictx.call(era_unmatched.list_unmatched_era_claims, on_done=guarded(self, self._show),
                        on_error=guarded(self, self._failed))

    def _on_changed(self, topics: frozenset[str]) -> None:
        if topics & TOPICS:
            self.reload()

    def _show(self, rows: list[UnmatchedEraClaim]) -> None:
        chosen = self.selected()
        self.model.set_rows(rows)
        self.setTitle(f"Unmatched ERA claims ({len(rows)}): match each to a claim, or dismiss it with a reason")
        self.setVisible(bool(rows))
        fit_columns(self.view, padding=12, widest=200)
        shown = max(1, min(len(rows), VISIBLE_ROWS))
        self.view.setFixedHeight(self.view.horizontalHeader().sizeHint().height() + 2 * self.view.frameWidth()
                                 + shown * self.view.verticalHeader().defaultSectionSize()
                                 + self.view.horizontalScrollBar().sizeHint().height())
        ids = [r.id for r in rows]
        if rows:
            self.select_row(ids.index(chosen.id) if chosen is not None and chosen.id in ids else 0)
        self._enable()

    def select_row(self, source_row: int) -> None:
        self.view.selectRow(self.proxy.mapFromSource(self.model.index(source_row, 0)).row() if self.proxy
                            else source_row)

    def selected(self) -> UnmatchedEraClaim | None:
        rows = self.view.selectionModel().selectedRows()
        if not rows:
            return None
        index = self.proxy.mapToSource(rows[0]) if self.proxy else rows[0]
        return self.model.record(index.row())

    def _enable(self) -> None:
        may = allowed(self.uictx, Permission.POST_INSURANCE_PAYMENTS)
        chosen = self.selected() is not None
        for button in (self.match_button, self.dismiss_button):
            button.setEnabled(may and chosen)
            button.setToolTip("" if may else "Your role cannot post insurance payments; ask a biller.")

    # -- resolving ------------------------------------------------------------------------------------
    def match_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.match_button.isEnabled():
            return
        self.error.clear_error()
        done = ClaimPickDialog.ask(self, self.uictx, chosen)
        if done is not None:
            self._status(f"Unmatched ERA claim posted to claim #{done.resolved_claim_id} on {done.payer_name} "
                         f"{done.check_number}.")

    def dismiss_selected(self) -> None:
        chosen = self.selected()
        if chosen is None or not self.dismiss_button.isEnabled():
            return
        reason = ReasonPromptDialog.ask(
            self, "Dismiss an unmatched ERA claim",
            f"Take this remittance claim off the list without posting it: {remit_label(chosen).replace('&', '&&')}. "
            f"It is kept, with the reason, in the audit log.\n\n&Why is it not posted (not ours, posted by hand...)?",
            "&Dismiss")
        if reason is None:
            return
        self.error.clear_error()
        self.uictx.call(era_unmatched.dismiss_unmatched_era_claim, chosen.id, reason,
                        on_done=guarded(self, self._dismissed), on_error=guarded(self, self._failed))

    def _dismissed(self, row: UnmatchedEraClaim) -> None:
        self._status(f"Unmatched ERA claim dismissed: {row.resolution_note}.")

    def _failed(self, exc: BaseException) -> None:
        message = to_user_message(exc)
        if message.expected:
            self.error.show_error(message.text)
        else:
            ErrorPresenter(self)(exc)
