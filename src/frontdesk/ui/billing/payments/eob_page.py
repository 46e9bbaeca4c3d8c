"""The Post EOB tab: a payer's check or EFT, the claims it pays line by line, a running total; save, close.

The whole EOB is saved in one post_eob call (every claim or none). Errors come back naming the cell
('claims[1].lines[0].paid') and are shown on that claim's line; the check closes once it balances.
What the check already paid is listed below its header (posted_claims.py), where a biller reverses a
claim's posting (the check reopens with that money to post again) or voids a mistyped check.
Import ERA... (Ctrl+I) posts the payer's 835 files instead (era_actions.py); the remittance claims an import
could not match wait in the "Unmatched ERA claims" list (unmatched_page.py) until matched or dismissed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_money
from frontdesk.domain.permissions import Permission
from frontdesk.error_messages import to_user_message
from frontdesk.errors import ValidationError
from frontdesk.services.billing.billing_types import ClaimRow
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments.payment_types import (
    ClaimLineOpen,
    ClaimPostingResult,
    InsurancePaymentInfo,
    PostedClaim,
)
from frontdesk.ui.billing.payments.eob_claim_box import EobClaimBox
from frontdesk.ui.billing.payments.eob_header import EobHeader, unapplied_text
from frontdesk.ui.billing.payments.era_actions import ERA_KEYS, EraImporter
from frontdesk.ui.billing.payments.models import claims_model
from frontdesk.ui.billing.payments.posted_claims import (
    REVERSE_KEYS,
    VOID_KEYS,
    PostedClaimsSection,
)
from frontdesk.ui.billing.payments.unmatched_page import UnmatchedSection
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import Notice, allowed, fit_columns, guarded, make_table
from frontdesk.ui.widgets.form import FieldError

StatusFn = Callable[[str], None]
_CLAIM_FIELD = re.compile(r"^claims\[(\d+)\]\.(.+)$")
CLOSED_NOTE = ("This payment is closed: its postings add up to the check. Reverse a claim's posting to correct it.")
CLOSED_UNAPPLIED_NOTE = ("This payment is closed: its postings and its dismissed ERA claims' money (unapplied) add up "
                         "to the check. Reverse a claim's posting to correct it.")
VOID_NOTE = "This payment was voided ({reason}); enter the check again to post it."


class EobPage(QWidget):
    """Ctrl+S saves the EOB; Alt+L goes to the claim search; Enter in the results adds the claim.

    Ctrl+Shift+R reverses the selected posted claim, Ctrl+Shift+V voids the payment (billers only).
    Ctrl+I (Alt+M) imports ERA files; Ctrl+Shift+M / Ctrl+Shift+D match or dismiss an unmatched ERA claim.
    """

    def __init__(self, uictx: UiContext, status: StatusFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eob_page")
        self.uictx = uictx
        self._status = status
        self.boxes: list[EobClaimBox] = []
        self._submitted: list[EobClaimBox] = []
        self.header = EobHeader(uictx, self)
        self.posted = PostedClaimsSection(uictx, status, self)
        self.unmatched = UnmatchedSection(uictx, status, self)
        self.note = Notice(self)
        self.note.setObjectName("eob_note")
        self.search = QLineEdit(self)
        self.search.setObjectName("eob_search")
        self.search.setPlaceholderText("claim #, payer's claim number, account or last name")
        search_label = QLabel("Find c&laims:", self)
        search_label.setBuddy(self.search)
        self.find_button = QPushButton("&Find", self)
        self.add_button = QPushButton("&Add claim", self)
        self.add_button.setObjectName("eob_add_claim")
        self.search_error = FieldError(self)
        self.results = claims_model(self)
        self.results_view, _proxy = make_table(self, self.results)
        self.results_view.setObjectName("eob_results")
        self.results_view.setMaximumHeight(150)
        self.import_button = QPushButton(f"I&mport ERA\u2026 ({ERA_KEYS})", self)
        self.import_button.setObjectName("eob_import_era")
        self.import_button.setToolTip("Post the payer's electronic remittance (835) files: preview first")
        self.error = FieldError(self)
        self.error.setObjectName("eob_error")
        self.era = EraImporter(uictx, self, status, self.error.show_error, self._era_posted)
        search_row = QHBoxLayout()
        for widget in (search_label, self.search, self.find_button, self.add_button):
            search_row.addWidget(widget)
        import_row = QHBoxLayout()
        import_row.addWidget(self.note, 1)
        import_row.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        right = QVBoxLayout()
        right.addLayout(import_row)
        right.addLayout(search_row)
        right.addWidget(self.search_error)
        right.addWidget(self.results_view, 1)
        top = QHBoxLayout()
        top.addWidget(self.header, 2)
        top.addLayout(right, 3)
        self.claims_host = QWidget(self)
        self.claims_layout = QVBoxLayout(self.claims_host)
        self.claims_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.claims_host)
        self.running = QLabel(self)
        self.running.setObjectName("eob_running_total")
        self.save_button = QPushButton("&Save EOB (Ctrl+S)", self)
        self.save_button.setObjectName("eob_save")
        self.close_button = QPushButton("&Close check", self)
        self.close_button.setObjectName("eob_close_check")
        bottom = QHBoxLayout()
        bottom.addWidget(self.running, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.posted)  # full width: its eight columns fit beside the 190-pixel navigation
        layout.addWidget(self.unmatched)  # hidden while the unmatched ERA queue is empty
        layout.addWidget(scroll, 1)
        layout.addWidget(self.era.panel)  # the ERA import's progress and Cancel, shown while it runs
        layout.addWidget(self.error)
        layout.addLayout(bottom)
        self._connect()
        self._update_total()

    def _connect(self) -> None:
        self.header.payment_changed.connect(self._payment_changed)
        self.posted.payment_reopened.connect(self._reopened)
        self.posted.payment_voided.connect(self.header.start_again)
        self.uictx.changed.connect(self._on_changed)
        self.uictx.actor_changed.connect(lambda _a: self._update_total())  # the import button follows the role
        self.search.returnPressed.connect(self.find_claims)
        self.find_button.clicked.connect(self.find_claims)
        self.add_button.clicked.connect(self.add_selected)
        self.results_view.activated.connect(lambda _i: self.add_selected())
        self.save_button.clicked.connect(self.save)
        self.close_button.clicked.connect(self.close_check)
        self.import_button.clicked.connect(self.import_era)
        for sequence, slot in (("Ctrl+S", self.save), (REVERSE_KEYS, self.posted.reverse_selected),
                               (VOID_KEYS, self.posted.void_payment), (ERA_KEYS, self.import_era)):
            shortcut = QShortcut(QKeySequence(sequence), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)

    def import_era(self) -> None:
        """Import ERA...: choose 835 files, preview, post what is confirmed (billers only)."""
        if self.import_button.isEnabled():
            self.error.clear_error()
            self.era.start()

    def _era_posted(self, info: InsurancePaymentInfo) -> None:
        """Show the check an import posted, with what it paid, unless an EOB is being typed (that stays)."""
        if not self.boxes:
            self.header.set_payment(info)

    @property
    def payment(self) -> InsurancePaymentInfo | None:
        return self.header.payment

    # -- claims ---------------------------------------------------------------------------------------
    def find_claims(self) -> None:
        """Claims of this payment's payer matching the search text."""
        self.search_error.clear_error()
        payer_id = self.payment.payer_id if self.payment else None
        self.uictx.call(ins.find_claims_to_post, self.search.text(), payer_id=payer_id,
                        on_done=guarded(self, self._found), on_error=guarded(self, self._search_failed))

    def _found(self, rows: list[ClaimRow]) -> None:
        self.results.set_rows(rows)
        fit_columns(self.results_view, padding=12)  # seven columns in half the page at 1366x768
        if rows:
            self.results_view.selectRow(0)
            self.results_view.setFocus()
        else:
            self.search_error.show_error("No sent claim of this payer matches; check the number or the name.")

    def _search_failed(self, exc: BaseException) -> None:
        self.search_error.show_error(to_user_message(exc).text)

    def add_selected(self) -> None:
        rows = self.results_view.selectionModel().selectedRows()
        if rows:
            self.add_claim(self.results.record(rows[0].row()))

    def add_claim(self, claim: ClaimRow) -> None:
        """Add a claim's lines to the EOB (once)."""
        existing = next((b for b in self.boxes if b.claim.id == claim.id), None)
        if existing is not None:
            existing.view.setFocus()
            return
        self.uictx.call(ins.claim_lines_to_post, claim.id, on_done=guarded(self, lambda lines: self._add(claim, lines)),
                        on_error=guarded(self, ErrorPresenter(self)))

    def _add(self, claim: ClaimRow, lines: list[ClaimLineOpen]) -> None:
        box = EobClaimBox(claim, lines, self.claims_host)
        box.edited.connect(self._update_total)
        box.remove_requested.connect(self.remove_claim)
        self.claims_layout.insertWidget(self.claims_layout.count() - 1, box)
        box.show()  # now, not at the layout's queued show: the cursor goes into its grid right away
        self.boxes.append(box)
        self._update_total()
        box.view.setCurrentIndex(box.model.index(0, 5))  # the first line's Allowed cell
        box.view.setFocus()

    def remove_claim(self, box: EobClaimBox) -> None:
        self.boxes.remove(box)
        box.setParent(None)
        box.deleteLater()
        self._update_total()

    def clear_claims(self) -> None:
        for box in list(self.boxes):
            self.remove_claim(box)

    # -- totals, saving, closing ---------------------------------------------------------------------
    def typed_paid(self) -> Decimal:
        return sum((b.paid_preview() for b in self.boxes), Decimal(0))

    def _update_total(self) -> None:
        p = self.payment
        can_post = p is not None and p.status == "open" and allowed(self.uictx, Permission.POST_INSURANCE_PAYMENTS)
        # A closed (or void) check takes no new postings: the claim search goes quiet and says why.
        searchable = p is None or p.status == "open"
        for widget in (self.search, self.find_button, self.add_button, self.results_view):
            widget.setEnabled(searchable)
        if searchable:
            self.note.clear_text()
        else:
            closed = CLOSED_UNAPPLIED_NOTE if p.unapplied else CLOSED_NOTE
            self.note.show_text(closed if p.status == "closed" else VOID_NOTE.format(reason=p.void_reason))
        self.import_button.setEnabled(allowed(self.uictx, Permission.POST_INSURANCE_PAYMENTS))
        self.save_button.setEnabled(can_post and bool(self.boxes))
        self.close_button.setEnabled(can_post and p is not None and p.remaining == 0 and not self.boxes)
        if p is None:
            self.running.setText("Enter the payer's check or EFT first, or resume one from the payer checks.")
            return
        typed = self.typed_paid()
        left = p.remaining - typed
        state = "balances" if left == 0 else (f"{format_money(left)} still to post" if left > 0
                                              else f"over by {format_money(-left)}")
        unapplied = f"{unapplied_text(p)}, " if p.unapplied else ""  # dismissed ERA claims' money, never posted
        self.running.setText(f"Check {format_money(p.total)}: posted before {format_money(p.posted)}, {unapplied}"
                             f"this EOB {format_money(typed)} \u2013 {state}.")

    def _payment_changed(self, payment: InsurancePaymentInfo | None) -> None:
        self.clear_claims()
        self.results.set_rows([])
        self.error.clear_error()
        self.posted.set_payment(payment)
        self._update_total()
        if payment is None:
            self.search.clear()  # e.g. the claim # put there after a reversal: it belonged to that payment
        else:
            (self.search if payment.status == "open" else self.posted.view).setFocus()

    def _show_figures(self, info: InsurancePaymentInfo, *, reload: bool = False) -> None:
        """The same payment with new figures or status (after a save, a reversal, another user's change)."""
        self.header.set_payment(info, keep_claims=True)
        # The list also reloads itself on the 'payments' topic; a save asks for it explicitly as well.
        self.posted.set_payment(info, reload=reload)
        self._update_total()

    def _on_changed(self, topics: frozenset[str]) -> None:
        if "payments" in topics and self.payment is not None:
            self.uictx.call(ins.get_insurance_payment, self.payment.id, on_done=guarded(self, self._refetched))

    def _refetched(self, info: InsurancePaymentInfo) -> None:
        current = self.payment
        if current is not None and current.id == info.id and current != info:  # still shown, and changed
            self._show_figures(info)

    def _reopened(self, info: InsurancePaymentInfo, claim: PostedClaim) -> None:
        """A claim's posting was reversed: the check is open again; the claim search is ready to post it right."""
        self._show_figures(info)
        self.search.setText(f"#{claim.claim_id}")
        self.search.selectAll()  # Enter finds the same claim again; typing replaces it with the right one
        self.search.setFocus()

    def save(self) -> None:
        """Post every claim with lines typed, in one transaction."""
        p = self.payment
        if p is None or not self.save_button.isEnabled():
            return
        self.error.clear_error()
        self._submitted = [b for b in self.boxes if b.has_entries()]
        if not self._submitted:
            self.error.show_error("Type the allowed and paid amounts of at least one line.")
            return
        try:
            items = [b.posting() for b in self._submitted]
        except ValidationError:
            return  # shown in that claim's box
        self.save_button.setEnabled(False)
        self.uictx.call(ins.post_eob, p.id, items, on_done=guarded(self, self._saved),
                        on_error=guarded(self, self._failed))

    def _saved(self, results: list[ClaimPostingResult]) -> None:
        info = results[-1].payment
        for box in self._submitted:
            self.remove_claim(box)
        self._show_figures(info, reload=True)
        released = sum(len(r.released_claim_ids) for r in results)
        extra = f"; {released} secondary claim{'s' if released != 1 else ''} ready to bill" if released else ""
        tail = "the check balances: close it" if info.remaining == 0 else f"{format_money(info.remaining)} left to post"
        self._status(f"EOB posted: {len(results)} claim{'s' if len(results) != 1 else ''}, "
                     f"{format_money(sum((r.paid for r in results), Decimal(0)))} paid{extra}; {tail}.")
        self._update_total()
        (self.close_button if self.close_button.isEnabled() else self.search).setFocus()

    def _failed(self, exc: BaseException) -> None:
        self._update_total()
        message = to_user_message(exc)
        if not message.expected:
            ErrorPresenter(self)(exc)
            return
        match = _CLAIM_FIELD.match(message.field or "")
        if match and int(match.group(1)) < len(self._submitted):
            self._submitted[int(match.group(1))].show_error(match.group(2), message.text)
        else:
            self.error.show_error(message.text)

    def close_check(self) -> None:
        p = self.payment
        if p is None or not self.close_button.isEnabled():
            return
        self.uictx.call(ins.close_insurance_payment, p.id, on_done=guarded(self, self._closed),
                        on_error=guarded(self, lambda exc: self.error.show_error(to_user_message(exc).text)))

    def _closed(self, info: InsurancePaymentInfo) -> None:
        self._status(f"{info.payer_name} {'check' if info.kind == 'check' else 'EFT'} {info.number} closed: "
                     f"{format_money(info.posted)} posted.")
        self.header.set_payment(None)
