"""The Eligibility check dialog: log a check done by phone, portal or fax, above the policy's earlier checks."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPlainTextEdit, QWidget

from frontdesk.services.patients import eligibility
from frontdesk.domain.insurance_fields import CHECK_METHODS, CHECK_RESULTS
from frontdesk.services.patients.eligibility import CheckInput, EligibilityCheckInfo
from frontdesk.services.patients.insurance import PolicyRecord
from frontdesk.ui.admin.common import fit_columns, guarded, make_table
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.patients.ins_widgets import (
    code_combo,
    date_edit,
    line_edit,
    narrow,
    today_text,
)
from frontdesk.ui.patients.insurance_models import ChecksModel, policy_title


class EligibilityDialog(ServiceFormDialog):
    """The check's details -> eligibility.log_check; the list below shows what was logged before."""

    def __init__(self, uictx: UiContext, policy: PolicyRecord, parent: QWidget | None = None) -> None:
        super().__init__(uictx, "Eligibility check", "&Log check", parent)
        self.policy = policy
        heading = QLabel(f"Log a check of {policy_title(policy)}, done by phone, payer portal or fax.", self)
        heading.setWordWrap(True)
        self.form.layout_.addRow(heading)
        self.checked_on = date_edit(self)
        self.checked_on.setText(today_text(uictx.clock))
        self.method = narrow(code_combo(self, CHECK_METHODS, placeholder="How was it checked?"), 24)
        self.payer_contact = line_edit(self, max_len=80, placeholder="Representative's name, or the portal used")
        self.reference_number = line_edit(self, max_len=40, placeholder="Call or transaction reference",
                                          chars=24)
        self.check_result = narrow(code_combo(self, CHECK_RESULTS, placeholder="What did the payer say?"), 24)
        self.note = QPlainTextEdit(self)
        self.note.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.note.setPlaceholderText("optional: deductible met, visits left, referral needed...")
        self.note.setFixedHeight(self.note.fontMetrics().lineSpacing() * 3 + 14)
        self.form.add_field("checked_on", "&Date checked:", self.checked_on)
        self.form.add_field("method", "&Method:", self.method)
        self.form.add_field("payer_contact", "Payer &contact:", self.payer_contact)
        self.form.add_field("reference_number", "&Reference number:", self.reference_number)
        self.form.add_field("result", "Res&ult:", self.check_result)
        self.form.add_field("note", "&Note:", self.note)

        self.history = ChecksModel(self)
        self.history_view, _proxy = make_table(self, self.history)
        self.history_view.setMinimumHeight(140)
        self.history_label = QLabel("&Previous checks of this policy:", self)
        self.history_label.setBuddy(self.history_view)
        layout = self.layout()
        # The base lays out form, stretch, buttons: the history takes the stretch's place.
        layout.takeAt(1)
        layout.insertWidget(1, self.history_label)
        layout.insertWidget(2, self.history_view, 1)
        self.setMinimumWidth(760)
        self.method.setFocus()
        self.uictx.call(eligibility.list_checks, policy.id, on_done=guarded(self, self._history_loaded))

    def _history_loaded(self, checks: list[EligibilityCheckInfo]) -> None:
        self.history.set_rows(checks)
        fit_columns(self.history_view)
        if not checks:
            self.history_label.setText("&Previous checks of this policy: none logged yet.")

    def values(self) -> CheckInput:
        """The check as typed (codes from the combos; blank when none was chosen)."""
        return CheckInput(checked_on=self.checked_on.text(), method=self.method.currentData() or "",
                          result=self.check_result.currentData() or "", payer_contact=self.payer_contact.text(),
                          reference_number=self.reference_number.text(), note=self.note.toPlainText())

    def start(self, on_done: Done, on_error: Failed) -> None:
        self.uictx.call(eligibility.log_check, self.policy.id, self.values(), on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, policy: PolicyRecord) -> EligibilityCheckInfo | None:
        """Log a check of ``policy``; the logged check, or None when cancelled."""
        return cls.run(cls(uictx, policy, parent=parent))
