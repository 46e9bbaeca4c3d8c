"""The four check-in steps: demographics, insurance, consents and copay, each recorded by the intake service."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_money, format_phone
from frontdesk.domain.money import from_cents, parse_money
from frontdesk.errors import ValidationError
from frontdesk.services.patients import intake
from frontdesk.services.patients.insurance import PolicyRecord
from frontdesk.services.patients.intake import IntakeSummary
from frontdesk.services.patients.patients import PatientRecord
from frontdesk.ui.context import UiContext
from frontdesk.ui.patients.consent_dialog import ConsentDialog
from frontdesk.ui.patients.consent_models import consent_state_text
from frontdesk.ui.patients.eligibility_dialog import EligibilityDialog
from frontdesk.ui.patients.insurance_models import check_text
from frontdesk.ui.patients.intake_step_base import StepBox
from frontdesk.ui.widgets.form_parts import line_edit, set_field_visible
from frontdesk.ui.widgets.money_field import make_money_field
from frontdesk.ui.widgets.patient_display import address_lines, dob_with_age

_PHONE_KINDS = (("mobile", "Mobile"), ("home", "Home"), ("work", "Work"))


def _label(parent: QWidget, name: str) -> QLabel:
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def phones_text(record: PatientRecord) -> str:
    """'Mobile (518) 555-0142 (preferred)' and the others, one a line."""
    lines = []
    for kind, label in _PHONE_KINDS:
        number = getattr(record, f"{kind}_phone", "")
        if number:
            preferred = " (preferred)" if record.preferred_phone_kind == kind else ""
            lines.append(f"{label} {format_phone(number)}{preferred}")
    if not lines and record.phone:
        lines.append(format_phone(record.phone))
    return "\n".join(lines) or "\u2014 none on file"


class DemographicsStep(StepBox):
    """1. The patient confirms name, date of birth, address and phones (shown read-only)."""

    code = "demographics"

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(uictx, "1. &Demographics confirmed", parent)
        self.record: PatientRecord | None = None
        facts = QFormLayout()
        self.values = {name: _label(self, f"demographics_{name}") for name in ("name", "dob", "address", "phones")}
        for name, label in (("name", "Name:"), ("dob", "Date of birth:"), ("address", "Address:"),
                            ("phones", "Phones:")):
            facts.addRow(label, self.values[name])
        self.body.addLayout(facts)
        hint = QLabel("Ask the patient to confirm each line; correct mistakes on the patient record.", self)
        hint.setWordWrap(True)
        self.body.addWidget(hint)
        self.confirm_button = self.add_button("Confirm demographics", self.confirm, name="confirm_demographics")

    def set_record(self, record: PatientRecord) -> None:
        """Show the patient as saved (opening it was recorded in the audit trail)."""
        self.record = record
        middle = f" {record.middle_name}" if record.middle_name else ""
        self.values["name"].setText(f"{record.last_name}, {record.first_name}{middle}")
        self.values["dob"].setText(dob_with_age(record.dob, self.uictx.clock.today()))
        self.values["address"].setText(address_lines(record.address_line1, record.address_line2, record.city,
                                                     record.state, record.zip_code) or "\u2014 none on file")
        self.values["phones"].setText(phones_text(record))
        self._enable()

    def button_allowed(self, button: QPushButton) -> bool:
        return self.record is not None  # nothing to confirm before the details are on screen

    def confirm(self) -> None:
        self.submit(intake.confirm_demographics)


class InsuranceStep(StepBox):
    """2. Insurance verified: by an eligibility check logged for the visit, from the card, or self-pay."""

    code = "insurance"

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(uictx, "2. &Insurance verified", parent)
        self.policies_text = _label(self, "insurance_policies")
        self.check_text = _label(self, "insurance_check")
        self.body.addWidget(self.policies_text)
        self.body.addWidget(self.check_text)
        self.log_button = self.add_button("Log eligibility check\u2026", self.log_check, name="log_check")
        self.use_check_button = self.add_button("Use this visit's check", self.use_visit_check, name="use_check")
        self.card_button = self.add_button("Verified from card", self.from_card, name="verified_card")
        self.self_pay_button = self.add_button("Self-pay", self.self_pay, name="self_pay")

    def primary(self) -> PolicyRecord | None:
        """The policy to check: the primary in effect for the visit (else the first one in effect)."""
        policies = self.summary.policies if self.summary else ()
        return next((p for p in policies if p.rank == 1), policies[0] if policies else None)

    def update_content(self, summary: IntakeSummary) -> None:
        if summary.policies:
            lines = [f"{p.rank_label}: {p.payer_name}, member {p.member_id}, since {format_date(p.effective_date)}"
                     for p in summary.policies]
            self.policies_text.setText("\n".join(lines))
        else:
            self.policies_text.setText("No policy in effect for this visit: add one on the Insurance tab, "
                                       "or mark the visit self-pay.")
        primary = self.primary()
        if summary.visit_checks:
            self.check_text.setText("Checked for this visit: " + check_text(summary.visit_checks[0]))
        elif primary is not None and primary.latest_check is not None:
            self.check_text.setText(f"Last check: {check_text(primary.latest_check)} (none for this visit yet)")
        elif primary is not None:
            self.check_text.setText("No eligibility check logged for this policy.")
        else:
            self.check_text.clear()

    def button_allowed(self, button: QPushButton) -> bool:
        if button in (self.log_button, self.card_button):
            return self.primary() is not None
        if button is self.use_check_button:
            return bool(self.summary and self.summary.visit_checks)
        return True

    def log_check(self) -> None:
        """Log a check of the primary policy, then verify the visit with it."""
        policy = self.primary()
        if policy is None:
            return
        check = EligibilityDialog.ask(self, self.uictx, policy)
        if check is not None:
            self.submit(intake.verify_insurance, "eligibility", check_id=check.id)

    def use_visit_check(self) -> None:
        self.submit(intake.verify_insurance, "eligibility")

    def from_card(self) -> None:
        self.submit(intake.verify_insurance, "card")

    def self_pay(self) -> None:
        self.submit(intake.verify_insurance, "self_pay")


class ConsentsStep(StepBox):
    """3. Consents current: record missing signatures here, or go ahead with a reason."""

    code = "consents"

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(uictx, "3. C&onsents current", parent)
        self.problems = _label(self, "consent_problems")
        self.body.addWidget(self.problems)
        self.reason = line_edit(self, max_len=200, placeholder="e.g. patient will sign after the visit")
        self.form.add_field("override_reason", "Reason to go ahead:", self.reason)
        self.reason.returnPressed.connect(self.confirm)
        self.record_button = self.add_button("Record consent\u2026", self.record, name="record_consent")
        self.confirm_button = self.add_button("Confirm consents", self.confirm, name="confirm_consents")

    def update_content(self, summary: IntakeSummary) -> None:
        problems = summary.consent_problems
        if problems:
            lines = [f"\u26a0 {p.type.name}: {consent_state_text(p)}" for p in problems]
            self.problems.setText("Needing attention:\n" + "\n".join(lines))
        else:
            self.problems.setText("\u2714 All required consents are current.")
        set_field_visible(self.form, "override_reason", bool(problems))

    def record(self) -> None:
        """Record a signature (the first document needing one preselected); the list then updates itself."""
        if self.summary is None:
            return
        problems = self.summary.consent_problems
        ConsentDialog.ask(self, self.uictx, self.summary.patient_id, problems[0].type.id if problems else None)

    def confirm(self) -> None:
        problems = bool(self.summary and self.summary.consent_problems)
        self.submit(intake.confirm_consents, override_reason=self.reason.text() if problems else "")


class CopayStep(StepBox):
    """4. Copay due: the primary policy's copay, editable; collecting it is billing's job."""

    code = "copay"

    def __init__(self, uictx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(uictx, "4. Co&pay due", parent)
        self._auto_text = ""  # the amount the form filled in (as opposed to one typed)
        self.source = _label(self, "copay_source")
        self.body.addWidget(self.source)
        self.amount: QLineEdit = make_money_field(line_edit(self, max_len=20, placeholder="0.00", chars=12))
        self.preview = _label(self, "copay_preview")
        # The amount as it will be recorded ("= $1,020.00") echoes beside the box as it is typed.
        box = QWidget(self)
        row = QHBoxLayout(box)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.amount)
        row.addWidget(self.preview, 1)
        box.setFocusProxy(self.amount)
        self.form.add_field("copay_due", "Copay due:", box)
        self.amount.setObjectName("copay_amount")
        self.amount.textChanged.connect(self._update_preview)
        self.amount.returnPressed.connect(self.confirm)
        self.confirm_button = self.add_button("Confirm copay", self.confirm, name="confirm_copay")

    def update_content(self, summary: IntakeSummary) -> None:
        primary = next((p for p in summary.policies if p.rank == 1), None)
        if primary is not None:
            self.source.setText(f"From {primary.payer_name} (primary): {format_money(primary.copay)}")
        else:
            self.source.setText("No primary policy in effect: no copay suggested.")
        # The payer's own answer for this visit is shown beside the policy's figure, never typed in for the desk.
        answer = next((c for c in summary.visit_checks if c.copay_cents is not None), None)
        if answer is not None:
            self.source.setText(f"{self.source.text()}\nThe payer's 271 for this visit: office visit copay "
                                f"{format_money(from_cents(answer.copay_cents))}")
        # What the desk typed is never overwritten by a refresh; what the form filled in follows the policy.
        if self.amount.text() == self._auto_text:
            self.set_amount(summary.copay_due if summary.copay_due is not None else summary.suggested_copay)

    def set_amount(self, amount: Decimal) -> None:
        self._auto_text = f"{amount:.2f}"
        self.amount.setText(self._auto_text)

    def _update_preview(self, text: str) -> None:
        try:
            amount = parse_money(text, "copay_due", "Copay due") if text.strip() else None
        except ValidationError:
            self.preview.setText("not an amount yet (type it like 25.00)")
        else:
            self.preview.setText(f"= {format_money(amount)}" if amount is not None else "")

    def _done(self, summary: IntakeSummary) -> None:
        if summary.copay_due is not None:
            self.set_amount(summary.copay_due)
        super()._done(summary)

    def confirm(self) -> None:
        self.submit(intake.set_copay_due, self.amount.text())
