"""The End policy dialog: the last covered day; the policy stays listed as history."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from frontdesk.services.patients import insurance
from frontdesk.services.patients.insurance import PolicyRecord
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.patients.insurance_models import policy_title
from frontdesk.ui.widgets.form_parts import date_edit, today_text


class EndPolicyDialog(ServiceFormDialog):
    """One date -> insurance.end_policy."""

    def __init__(self, uictx: UiContext, policy: PolicyRecord, parent: QWidget | None = None) -> None:
        super().__init__(uictx, "End policy", "&End policy", parent)
        self.policy = policy
        intro = QLabel(f"End {policy_title(policy)}.\nIt stays on the patient's list as history; claims for "
                       "visits after the last covered day will not use it.", self)
        intro.setWordWrap(True)
        self.form.layout_.addRow(intro)
        self.end_date = date_edit(self)
        self.end_date.setText(today_text(uictx.clock))
        self.form.add_field("end_date", "&Last covered day:", self.end_date)
        self.end_date.selectAll()
        self.end_date.setFocus()

    def start(self, on_done: Done, on_error: Failed) -> None:
        self.uictx.call(insurance.end_policy, self.policy.id, self.end_date.text(), on_done=on_done,
                        on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, policy: PolicyRecord) -> PolicyRecord | None:
        """End ``policy``; the updated policy, or None when cancelled."""
        return cls.run(cls(uictx, policy, parent=parent))
