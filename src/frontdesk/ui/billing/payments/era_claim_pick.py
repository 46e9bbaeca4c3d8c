"""Match to claim...: find the claim an unmatched remittance claim pays and post it there (one service call).

The search is the Post EOB page's own (insurance_payments.find_claims_to_post), of the remittance's payer only,
started with the patient's last name as the payer spelled it. Posting is ``era_unmatched.resolve_unmatched_era_claim``; when the claim does not
fit (another payer's, lines that differ) the reason is shown here and another claim can be picked.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_money
from frontdesk.error_messages import to_user_message
from frontdesk.services.billing.billing_types import ClaimRow
from frontdesk.services.payments import era_unmatched
from frontdesk.services.payments import insurance_payments as ins
from frontdesk.services.payments.era_types import UnmatchedEraClaim
from frontdesk.ui.billing.payments.models import claims_model
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import fit_columns, guarded, make_table
from frontdesk.ui.widgets.form import FieldError


def remit_label(u: UnmatchedEraClaim) -> str:
    """'NOBODY, NED, 10/01/2026, charge $100.00, paid $80.00 (Blue Prairie Health check CHK700201)'."""
    day = format_date(u.service_date) if u.service_date else "no date"
    return (f"{u.patient_name or '(no name)'}, {day}, charge {format_money(u.charge)}, paid {format_money(u.paid)} "
            f"({u.payer_name} {u.check_number})")


class ClaimPickDialog(QDialog):
    """``outcome`` is the resolved queue row once posted, else None."""

    def __init__(self, uictx: UiContext, unmatched: UnmatchedEraClaim, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("era_claim_pick")
        self.setWindowTitle("Match an unmatched ERA claim to a claim")
        self.uictx = uictx
        self.unmatched = unmatched
        self.outcome: UnmatchedEraClaim | None = None
        intro = QLabel(f"The payer's remittance: {remit_label(unmatched)}.\nFind the claim it pays; its lines must "
                       "fit the remittance's. It is posted on the payer check it came with.", self)
        intro.setWordWrap(True)
        self.search = QLineEdit(self)
        self.search.setObjectName("era_pick_search")
        self.search.setPlaceholderText("claim #, payer's claim number, account or last name")
        self.search.setText(unmatched.patient_name.split(",")[0].strip().title())
        search_label = QLabel("Find c&laim:", self)
        search_label.setBuddy(self.search)
        self.find_button = QPushButton("&Find", self)
        self.results = claims_model(self)
        self.view, _proxy = make_table(self, self.results)
        self.view.setObjectName("era_pick_results")
        self.error = FieldError(self)
        self.error.setObjectName("era_pick_error")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("&Post to this claim")
        self.ok_button.setAutoDefault(False)
        self.ok_button.setDefault(False)  # Enter in the search finds; Enter on a result posts
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for widget in (search_label, self.search, self.find_button):
            row.addWidget(widget)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.search.returnPressed.connect(self.find)
        self.find_button.clicked.connect(self.find)
        self.view.activated.connect(lambda _i: self.submit())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._enable())
        self.resize(860, 420)
        self._enable()
        self.search.selectAll()

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, unmatched: UnmatchedEraClaim) -> UnmatchedEraClaim | None:
        """The queue row resolved (posted to the chosen claim), or None when cancelled."""
        dialog = cls(uictx, unmatched, parent=parent)
        try:
            dialog.exec()
            return dialog.outcome
        finally:
            dialog.deleteLater()

    def selected(self) -> ClaimRow | None:
        rows = self.view.selectionModel().selectedRows()
        return self.results.record(rows[0].row()) if rows else None

    def _enable(self) -> None:
        self.ok_button.setEnabled(self.selected() is not None)

    def find(self) -> None:
        self.error.clear_error()
        # Only the remittance's payer's claims: another payer's claim can never take this payer's money.
        self.uictx.call(ins.find_claims_to_post, self.search.text(), payer_id=self.unmatched.payer_id,
                        on_done=guarded(self, self._found), on_error=guarded(self, self._failed))

    def _found(self, rows: list[ClaimRow]) -> None:
        self.results.set_rows(rows)
        fit_columns(self.view, padding=12)
        if rows:
            self.view.selectRow(0)
            self.view.setFocus()
        else:
            self.error.show_error(f"No claim sent to {self.unmatched.payer_name or 'this payer'} matches; check the "
                                  "number or the name.")
        self._enable()

    def submit(self) -> None:
        claim = self.selected()
        if claim is None:
            return
        self.error.clear_error()
        self.ok_button.setEnabled(False)
        self.uictx.call(era_unmatched.resolve_unmatched_era_claim, self.unmatched.id, claim.id,
                        on_done=guarded(self, self._resolved), on_error=guarded(self, self._failed))

    def _resolved(self, row: UnmatchedEraClaim) -> None:
        self.outcome = row
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self._enable()
        message = to_user_message(exc)
        if message.expected:  # e.g. the claim's lines do not fit: pick another one
            self.error.show_error(message.text)
        else:
            ErrorPresenter(self)(exc)
