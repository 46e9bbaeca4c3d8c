"""One claim on the EOB screen: its lines to fill in, the payer's claim number, its errors, a Remove button."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_money
from frontdesk.domain.money import parse_money
from frontdesk.errors import ValidationError
from frontdesk.services.billing.billing_types import ClaimRow
from frontdesk.services.payments.payment_types import ClaimLineOpen, ClaimPostingInput
from frontdesk.ui.billing.payments.eob_lines_model import FIELD_COLUMN, EobLinesModel
from frontdesk.ui.widgets.form import FieldError
from frontdesk.ui.widgets.money_field import MoneyDelegate


def typed_total(texts: list[str]) -> Decimal:
    """The sum of the amounts typed so far (a preview: anything not yet an amount counts as $0.00)."""
    total = Decimal(0)
    for text in texts:
        try:
            total += parse_money(text, "paid", "Paid") if text.strip() else Decimal(0)
        except ValidationError:
            continue
    return total


class EobClaimBox(QGroupBox):
    """``edited`` fires as amounts are typed (the page's running total); ``remove_requested`` on Remove."""

    edited = Signal()
    remove_requested = Signal(object)

    def __init__(self, claim: ClaimRow, lines: list[ClaimLineOpen], parent: QWidget | None = None) -> None:
        payer = f"{claim.payer_name} ({'primary' if claim.payer_rank == 1 else 'secondary'})"
        super().__init__(f"Claim #{claim.id} \u2013 {claim.patient_name} \u2013 {format_date(claim.service_date)} "
                         f"\u2013 {payer} \u2013 {claim.status_label}", parent)
        self.setObjectName(f"eob_claim_{claim.id}")
        self.claim = claim
        self.model = EobLinesModel(lines, self)
        self.view = QTableView(self)
        self.view.setObjectName("eob_lines")
        self.view.setModel(self.model)
        self.view.setItemDelegate(MoneyDelegate((FIELD_COLUMN["allowed"], FIELD_COLUMN["paid"]), self.view))
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.AllEditTriggers)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        rows_header = self.view.verticalHeader()
        rows_header.hide()
        rows_header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows_header.setDefaultSectionSize(self.fontMetrics().height() + 12)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Typed columns get room for what is typed in them, not just for their header.
        digit = self.fontMetrics().horizontalAdvance("0")
        for column, chars in ((5, 10), (6, 10), (8, 12), (9, 18)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(column, digit * chars + 24)
        header.setSectionResizeMode(7, QHeaderView.ResizeMode.Stretch)
        # Every line shows without a scroll bar: the EOB screen scrolls as a whole instead.
        rows = max(1, len(lines))
        self.view.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setFixedHeight(header.sizeHint().height() + rows * rows_header.defaultSectionSize()
                                 + 2 * self.view.frameWidth() + 2)
        self.payer_claim_number = QLineEdit(self)
        self.payer_claim_number.setObjectName("payer_claim_number")
        self.payer_claim_number.setMaxLength(30)
        self.payer_claim_number.setPlaceholderText("as printed on the EOB (optional)")
        number_label = QLabel("Payer's claim n&umber:", self)
        number_label.setBuddy(self.payer_claim_number)
        self.subtotal = QLabel(self)
        self.subtotal.setObjectName("eob_claim_subtotal")
        self.remove_button = QPushButton("Remo&ve claim", self)
        self.remove_button.clicked.connect(lambda: self.remove_requested.emit(self))
        self.error = FieldError(self)
        self.error.setObjectName("eob_claim_error")
        top = QHBoxLayout()
        top.addWidget(number_label)
        top.addWidget(self.payer_claim_number)
        top.addStretch(1)
        top.addWidget(self.subtotal)
        top.addWidget(self.remove_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view)
        layout.addWidget(self.error)
        self.model.dataChanged.connect(lambda *_a: self._typed())
        self._typed()

    def _typed(self) -> None:
        self.subtotal.setText(f"Paid on this claim: {format_money(self.paid_preview())}")
        self.edited.emit()

    def paid_preview(self) -> Decimal:
        return typed_total(self.model.typed_paid_texts())

    def has_entries(self) -> bool:
        return bool(self.model.entered_rows())

    def posting(self) -> ClaimPostingInput:
        """What to post for this claim; ValidationError (shown in the box) for a malformed adjustment."""
        self.clear_errors()
        try:
            lines = tuple(self.model.postings())
        except ValidationError as exc:
            self.error.show_error(exc.message)
            raise
        return ClaimPostingInput(self.claim.id, lines, self.payer_claim_number.text())

    def clear_errors(self) -> None:
        self.error.clear_error()
        self.model.clear_errors()

    def show_error(self, rest: str, message: str) -> None:
        """Show the service's error for this claim; ``rest`` is the field after 'claims[k].'."""
        self.error.show_error(message)
        if rest.startswith("lines[") and "]" in rest:
            position = int(rest[len("lines["):rest.index("]")])
            name = rest[rest.index("]") + 2:].split("[")[0].split(".")[0] or "paid"
            rows = self.model.entered_rows()
            if 0 <= position < len(rows):
                index = self.model.set_error(rows[position], name, message)
                self.view.setCurrentIndex(index)
                self.view.setFocus()
                return
        if rest == "payer_claim_number":
            self.payer_claim_number.setFocus()
        else:
            self.view.setFocus()
