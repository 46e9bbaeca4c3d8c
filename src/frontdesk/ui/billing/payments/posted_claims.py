"""The Post EOB tab's "Posted on this payment" list: the claims a payer check paid, reversing one, voiding the check."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QApplication,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_money
from frontdesk.domain.permissions import Permission
from frontdesk.error_messages import to_user_message
from frontdesk.services.billing.billing_types import CLAIM_STATUS_LABELS
from frontdesk.services.payments import insurance_corrections as fix
from frontdesk.services.payments.payment_types import InsurancePaymentInfo, PostedClaim
from frontdesk.ui.billing.dialogs import ReasonPromptDialog
from frontdesk.ui.billing.payments.eob_summary_print import print_eob_summary, save_eob_summary
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import allowed, fit_columns, guarded, make_table
from frontdesk.ui.widgets.form import FieldError
from frontdesk.ui.widgets.models import MUTED_COLOUR, AnyIndex, Column, RecordTableModel

StatusFn = Callable[[str], None]
VISIBLE_ROWS = 4  # the claim boxes below need the room at 1366x768; the list scrolls beyond this
REVERSE_KEYS = "Ctrl+Shift+R"
VOID_KEYS = "Ctrl+Shift+V"


def _label_text(text: str) -> str:
    """A name inside a dialog's prompt label, whose '&' marks the shortcut: 'Smith & Co' must stay as typed."""
    return text.replace("&", "&&")


def claim_cell(c: PostedClaim) -> str:
    """'#12', or '#12 reversed': the row says it in words (and with an icon), never by colour alone."""
    return f"#{c.claim_id} reversed" if c.reversed else f"#{c.claim_id}"


def what_is_left(p: InsurancePaymentInfo) -> str:
    """'$20.00 left to post', 'balances' (open), 'closed' or 'void': a check's state in words."""
    if p.status == "open":
        return f"{format_money(p.remaining)} left to post" if p.remaining else "balances, not closed yet"
    return p.status


POSTED_COLUMNS: list[Column[PostedClaim]] = [
    Column("Claim #", claim_cell, lambda c: c.claim_id),  # the reversal mark comes first, where the eye starts
    Column("Patient", lambda c: c.patient_name),
    Column("Account", lambda c: c.account_number),
    Column("First DOS", lambda c: format_date(c.first_service) if c.first_service else ""),
    Column("Lines", lambda c: str(c.lines), lambda c: c.lines),
    Column("Paid", lambda c: format_money(c.paid), lambda c: c.paid),
    Column("Adjusted", lambda c: format_money(c.adjusted), lambda c: c.adjusted),
    Column("Claim status", lambda c: CLAIM_STATUS_LABELS.get(c.claim_status, c.claim_status)),
]
STATE_COLUMN = 0  # where a reversed row says so


class PostedClaimsModel(RecordTableModel[PostedClaim]):
    """posted_claims() rows in posting order; a reversed row says so in its Claim # cell, with an icon."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(POSTED_COLUMNS, parent)
        self._icon: QIcon | None = None

    def row_of(self, claim_id: int) -> int:
        """Row of a claim, or -1."""
        return next((i for i, c in enumerate(self._rows) if c.claim_id == claim_id), -1)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows) or index.column() >= len(POSTED_COLUMNS):
            return None
        record = self._rows[index.row()]
        if role == Qt.ItemDataRole.DecorationRole and index.column() == STATE_COLUMN and record.reversed:
            if self._icon is None:  # built on first use: the model may exist before the style is final
                self._icon = QApplication.style().standardIcon(QStyle.StandardPixmap.SP_BrowserReload)
            return self._icon
        if role == Qt.ItemDataRole.ForegroundRole:
            return MUTED_COLOUR if record.reversed else None
        if role == Qt.ItemDataRole.TextAlignmentRole and 4 <= index.column() <= 6:  # counts and money
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return super().data(index, role)


class PostedClaimsSection(QGroupBox):
    """The claims the current payment was posted to, with the corrections a biller may make.

    ``payment_reopened(InsurancePaymentInfo, PostedClaim)`` after a claim's posting was reversed (the check is
    open again with that money unposted); ``payment_voided(InsurancePaymentInfo)`` after the check was voided.
    """

    payment_reopened = Signal(object, object)
    payment_voided = Signal(object)

    def __init__(self, uictx: UiContext, status: StatusFn, parent: QWidget | None = None) -> None:
        super().__init__("Posted on this payment", parent)
        self.setObjectName("eob_posted")
        self.uictx = uictx
        self._status = status
        self.payment: InsurancePaymentInfo | None = None
        self.model = PostedClaimsModel(self)
        self.view, _proxy = make_table(self, self.model)  # no sorting: posting order is the EOB's order
        self.view.setObjectName("eob_posted_claims")
        self.empty = QLabel("Nothing is posted on this payment yet.", self)
        self.empty.setObjectName("eob_posted_empty")
        self.error = FieldError(self)
        self.error.setObjectName("eob_posted_error")
        self.reverse_button = QPushButton(f"Reverse claim postin&g\u2026 ({REVERSE_KEYS})", self)
        self.reverse_button.setObjectName("eob_reverse_claim")
        self.void_button = QPushButton(f"Vo&id payment\u2026 ({VOID_KEYS})", self)
        self.void_button.setObjectName("eob_void_payment")
        self.print_button = QPushButton("Print EO&B summary\u2026", self)  # for a paper secondary claim
        self.print_button.setObjectName("eob_print_summary")
        self.save_pdf_button = QPushButton("Save EOB summary as PDF\u2026", self)
        self.save_pdf_button.setObjectName("eob_save_summary")
        # Buttons beside the list, not under it: the height goes to the claim boxes being typed below.
        buttons = QVBoxLayout()
        buttons.addWidget(self.reverse_button)
        buttons.addWidget(self.void_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(self.save_pdf_button)
        buttons.addStretch(1)
        rows = QVBoxLayout()
        rows.addWidget(self.view)
        rows.addWidget(self.empty)
        rows.addWidget(self.error)
        layout = QHBoxLayout(self)
        layout.addLayout(rows, 1)
        layout.addLayout(buttons)
        self.reverse_button.clicked.connect(self.reverse_selected)
        self.void_button.clicked.connect(self.void_payment)
        self.print_button.clicked.connect(lambda: self._summary(print_eob_summary))
        self.save_pdf_button.clicked.connect(lambda: self._summary(save_eob_summary))
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.view.activated.connect(lambda _i: self.reverse_selected())
        uictx.changed.connect(self._on_changed)
        uictx.actor_changed.connect(lambda _a: self._enable())
        self.set_payment(None)

    # -- data ------------------------------------------------------------------------------------------
    def set_payment(self, payment: InsurancePaymentInfo | None, *, reload: bool = True) -> None:
        """Show what ``payment`` paid (hidden without one); ``reload=False`` when only its figures changed."""
        same = payment is not None and self.payment is not None and payment.id == self.payment.id
        self.payment = payment
        if not same:
            self.error.clear_error()
            self.model.set_rows([])
            self._fit_height(loaded=False)
        self.setVisible(payment is not None)
        if payment is not None and (reload or not same):
            self.reload()
        self._enable()

    def reload(self) -> None:
        """Fetch the claims the current payment was posted to."""
        if self.payment is None:
            return
        payment_id = self.payment.id
        self.uictx.call(fix.posted_claims, payment_id, on_done=guarded(self, lambda rows: self._show(payment_id, rows)),
                        on_error=guarded(self, self._failed))

    def _on_changed(self, topics: frozenset[str]) -> None:
        if topics & {"payments", "claims"}:
            self.reload()

    def _show(self, payment_id: int, rows: list[PostedClaim]) -> None:
        if self.payment is None or self.payment.id != payment_id:
            return  # a late answer about a payment no longer shown
        chosen = self.selected()
        self.model.set_rows(rows)
        fit_columns(self.view, widest=260)
        self._fit_height()
        row = self.model.row_of(chosen.claim_id) if chosen is not None else -1
        if row >= 0:
            self.view.selectRow(row)
        self._enable()

    def _fit_height(self, *, loaded: bool = True) -> None:
        """As tall as its rows, up to VISIBLE_ROWS (then it scrolls); once loaded, 'nothing yet' instead of no rows."""
        count = self.model.rowCount()
        self.view.setVisible(count > 0 or not loaded)
        self.empty.setVisible(count == 0 and loaded)
        rows = max(1, min(count, VISIBLE_ROWS))
        height = (self.view.horizontalHeader().sizeHint().height() + rows * self.view.verticalHeader().defaultSectionSize()
                  + 2 * self.view.frameWidth())
        if self.view.horizontalScrollBar().isVisible():
            height += self.view.horizontalScrollBar().sizeHint().height()
        self.view.setFixedHeight(height)

    def selected(self) -> PostedClaim | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _enable(self) -> None:
        may = allowed(self.uictx, Permission.REVERSE_PAYMENTS)
        chosen = self.selected()
        live = self.payment is not None and self.payment.status != "void"
        self.reverse_button.setEnabled(may and live and chosen is not None and not chosen.reversed)
        self.void_button.setEnabled(may and live)
        why_not = "" if may else "Your role cannot reverse payments; ask a biller or the administrator."
        for button in (self.reverse_button, self.void_button):
            button.setToolTip(why_not)
        for button in (self.print_button, self.save_pdf_button):  # what this check paid on the claim, if it stands
            button.setEnabled(chosen is not None and not chosen.reversed)

    def _summary(self, action: Callable[..., bool]) -> None:
        payment, chosen = self.payment, self.selected()
        if payment is not None and chosen is not None and self.print_button.isEnabled():
            action(self, self.uictx, chosen.claim_id, payment.id, self._status)

    # -- corrections -----------------------------------------------------------------------------------
    def reverse_selected(self) -> None:
        """Ask why, then reverse what this payment posted to the selected claim."""
        payment, chosen = self.payment, self.selected()
        if payment is None or chosen is None or not self.reverse_button.isEnabled():
            return
        reason = ReasonPromptDialog.ask(
            self, f"Reverse claim #{chosen.claim_id}'s posting",
            f"Reverse what this payment posted to claim #{chosen.claim_id} ({_label_text(chosen.patient_name)}): "
            f"{format_money(chosen.paid)} paid, {format_money(chosen.adjusted)} adjusted. The claim goes back "
            f"to awaiting the payer and {format_money(chosen.paid)} becomes unposted on this payment, ready to "
            f"post to the right claim. The posting and its reversal both stay in the ledger.\n\n&Why is it reversed?",
            "&Reverse posting")
        if reason is None:
            return
        self.error.clear_error()
        self.uictx.call(fix.reverse_claim_posting, payment.id, chosen.claim_id, reason,
                        on_done=guarded(self, lambda info: self._reversed(info, chosen)),
                        on_error=guarded(self, self._failed))

    def _reversed(self, info: InsurancePaymentInfo, claim: PostedClaim) -> None:
        self._status(f"Claim #{claim.claim_id}'s posting reversed; {format_money(claim.paid)} is unposted on this "
                     f"payment ({what_is_left(info)}).")
        self.payment_reopened.emit(info, claim)

    def void_payment(self) -> None:
        """Ask why, then void the current payment: every posting reversed, the check to be entered again."""
        payment = self.payment
        if payment is None or not self.void_button.isEnabled():
            return
        what = "check" if payment.kind == "check" else "EFT"
        reason = ReasonPromptDialog.ask(
            self, f"Void {what} {payment.number}",
            f"Void {_label_text(payment.payer_name)} {what} {payment.number} of {format_date(payment.paid_on)} "
            f"({format_money(payment.total)})? Every claim posting on it is reversed (those claims await the "
            f"payer again) and the payment is kept as void. Then enter the {what} again with the right total, "
            f"number, date and payer, and post it.\n\n&Why is it void?",
            "Vo&id payment")
        if reason is None:
            return
        self.error.clear_error()
        self.uictx.call(fix.void_insurance_payment, payment.id, reason, on_done=guarded(self, self._voided),
                        on_error=guarded(self, self._failed))

    def _voided(self, info: InsurancePaymentInfo) -> None:
        what = "check" if info.kind == "check" else "EFT"
        self._status(f"{info.payer_name} {what} {info.number} voided; its postings are reversed. Enter it again: "
                     f"payer, number and date are filled in, type the right total.")
        self.payment_voided.emit(info)

    def _failed(self, exc: BaseException) -> None:
        message = to_user_message(exc)
        if message.expected:  # e.g. on a bank deposit, a secondary already sent: said beside the list
            self.error.show_error(message.text)
        else:
            ErrorPresenter(self)(exc)
