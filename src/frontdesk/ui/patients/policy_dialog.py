"""The Add / Edit policy dialog: the card's details on the left, the subscriber (when not the patient) on the right."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_phone
from frontdesk.services.billing import payers as payers_service
from frontdesk.services.billing.payers import PayerInfo
from frontdesk.services.patients import insurance
from frontdesk.services.patients.insurance import (
    RANK_LABELS,
    RELATIONSHIPS,
    ChangedMeanwhile,
    PolicyInput,
    PolicyRecord,
)
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.patients.dialogs import ChangedMeanwhileDialog, shown_fields, typed_since
from frontdesk.ui.patients.insurance_models import policy_title
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.form_parts import (
    FormGroup,
    code_combo,
    date_edit,
    line_edit,
    narrow,
    select_data,
)
from frontdesk.ui.widgets.money_field import make_money_field

SEX_CHOICES = {"F": "Female (F)", "M": "Male (M)"}  # as CMS-1500 box 11a asks for the insured's sex
# (service field, label with mnemonic, max length, placeholder, width in characters or None)
SUBSCRIBER_TEXT_FIELDS = (
    ("subscriber_first_name", "F&irst name:", 60, "", None),
    ("subscriber_middle_name", "Mi&ddle name:", 60, "", None),
    ("subscriber_last_name", "L&ast name:", 60, "", None),
    ("subscriber_dob", "Date of &birth:", 10, "MM/DD/YYYY", 12),
    ("subscriber_address_line1", "Add&ress:", 80, "Street and number", None),
    ("subscriber_address_line2", "Address line &2:", 80, "Apartment, suite (optional)", None),
    ("subscriber_city", "Cit&y:", 60, "", None),
    ("subscriber_state", "S&tate:", 2, "NY", 4),
    ("subscriber_zip_code", "&ZIP:", 10, "12345", 11),
    ("subscriber_phone", "Pho&ne:", 40, "(555) 123-4567", 18),
    ("subscriber_employer", "Empl&oyer:", 80, "", None),
)
SUBSCRIBER_ORDER = ("subscriber_first_name", "subscriber_middle_name", "subscriber_last_name", "subscriber_dob",
                    "subscriber_sex", "subscriber_address_line1", "subscriber_address_line2", "subscriber_city",
                    "subscriber_state", "subscriber_zip_code", "subscriber_phone", "subscriber_employer")


class PolicyDialog(ServiceFormDialog):
    """Collect a policy -> insurance.add_policy / update_policy; errors beside their field, typing kept."""

    def __init__(self, uictx: UiContext, patient_id: int, policy: PolicyRecord | None = None,
                 suggested_rank: int = 1, parent: QWidget | None = None, *, field: str = "") -> None:
        title = f"Edit policy \u2013 {policy_title(policy)}" if policy else "Add insurance policy"
        super().__init__(uictx, title, "Sa&ve policy", parent)
        self.patient_id = patient_id
        self.policy = policy
        self.policy_form = self.form
        self._build_policy_fields(suggested_rank)
        self._build_subscriber_fields()
        # Two columns side by side keep the dialog short enough for a 768-pixel-high screen.
        body = QWidget(self)
        self.layout().replaceWidget(self.policy_form, body)  # first: adding it to `row` takes it out of the layout
        row = QHBoxLayout(body)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.policy_form, 1, Qt.AlignmentFlag.AlignTop)
        row.addWidget(self.subscriber_box, 1, Qt.AlignmentFlag.AlignTop)
        self.form = FormGroup(self.policy_form, self.subscriber_form)  # type: ignore[assignment]
        self.relationship.currentIndexChanged.connect(self._relationship_changed)
        self._fill(policy)
        self._relationship_changed()
        self._loaded = self._shown()  # what the person has typed over since, listed if the save must reload
        self.uictx.call(payers_service.list_payers, include_inactive=True,
                        on_done=guarded(self, self._payers_loaded))
        self.payer.setFocus()
        if field:
            self.focus_field(field)

    def focus_field(self, name: str) -> None:
        """Put the cursor in field ``name`` (e.g. 'release_signed_on' for a claim's box 12 problem)."""
        for form in (self.policy_form, self.subscriber_form):
            try:
                form.field(name).setFocus(Qt.FocusReason.OtherFocusReason)
            except KeyError:
                continue
            return

    # -- construction --------------------------------------------------------------------------
    def _build_policy_fields(self, suggested_rank: int) -> None:
        self.payer = QComboBox(self)
        self.payer.setPlaceholderText("Choose the payer")
        self.rank = narrow(code_combo(self, RANK_LABELS, current=suggested_rank), 16)
        self.member_id = line_edit(self, max_len=30, placeholder="As printed on the card", chars=24)
        self.group_number = line_edit(self, max_len=30, placeholder="optional", chars=24)
        self.plan_name = line_edit(self, max_len=80, placeholder="optional, e.g. Choice POS II")
        self.relationship = narrow(code_combo(self, RELATIONSHIPS, current="self"), 16)
        self.relationship.setToolTip("The patient's relationship to the subscriber (the insured person)")
        self.effective_date = date_edit(self)
        self.end_date = date_edit(self, placeholder="blank: no end date")
        self.copay = make_money_field(line_edit(self, max_len=20, placeholder="e.g. 25.00", chars=12))
        self.accept_assignment = QCheckBox("Payer pays the practice directly (box 27)", self)
        self.accept_assignment.setChecked(True)
        self.release_signed_on = date_edit(self)
        self.release_signed_on.setToolTip("CMS-1500 box 12: patient's signature authorising release of information")
        self.assignment_signed_on = date_edit(self)
        self.assignment_signed_on.setToolTip("CMS-1500 box 13: insured's signature assigning benefits to the practice")
        form = self.policy_form
        form.add_field("payer_id", "&Payer:", self.payer)
        form.add_field("rank", "Ran&k:", self.rank)
        form.add_field("member_id", "&Member ID:", self.member_id)
        form.add_field("group_number", "&Group number:", self.group_number)
        form.add_field("plan_name", "P&lan name:", self.plan_name)
        form.add_field("relationship", "Relations&hip:", self.relationship)
        form.add_field("effective_date", "E&ffective date:", self.effective_date)
        form.add_field("end_date", "&End date:", self.end_date)
        form.add_field("copay", "&Copay:", self.copay)
        form.add_field("accept_assignment", "Accept a&ssignment:", self.accept_assignment)
        form.add_field("release_signed_on", "Release signed (box &12):", self.release_signed_on)
        form.add_field("assignment_signed_on", "Assignment signed (box 1&3):", self.assignment_signed_on)

    def _build_subscriber_fields(self) -> None:
        self.subscriber_box = QGroupBox("Subscriber (the insured person)", self)
        self.subscriber_form = ValidatedForm(self.subscriber_box)
        QVBoxLayout(self.subscriber_box).addWidget(self.subscriber_form)
        self.subscriber_edits: dict[str, QLineEdit] = {}
        labels = {"subscriber_sex": "Se&x:"}
        for name, label, max_len, placeholder, chars in SUBSCRIBER_TEXT_FIELDS:
            self.subscriber_edits[name] = line_edit(self, max_len=max_len, placeholder=placeholder, chars=chars)
            labels[name] = label
        # No default: the subscriber's sex is asked, never assumed (typing F or M picks it).
        self.subscriber_sex = narrow(code_combo(self, SEX_CHOICES, placeholder="Choose F or M"), 16)
        for name in SUBSCRIBER_ORDER:
            widget = self.subscriber_sex if name == "subscriber_sex" else self.subscriber_edits[name]
            self.subscriber_form.add_field(name, labels[name], widget)

    def _fill(self, policy: PolicyRecord | None) -> None:
        if policy is None:
            return
        select_data(self.rank, policy.rank)
        select_data(self.relationship, policy.relationship)
        self.member_id.setText(policy.member_id)
        self.group_number.setText(policy.group_number)
        self.plan_name.setText(policy.plan_name)
        for edit, value in ((self.effective_date, policy.effective_date), (self.end_date, policy.end_date),
                            (self.release_signed_on, policy.release_signed_on),
                            (self.assignment_signed_on, policy.assignment_signed_on)):
            edit.setText(value.strftime("%m/%d/%Y") if value else "")
        self.copay.setText(f"{policy.copay:.2f}" if policy.copay else "")
        self.accept_assignment.setChecked(policy.accept_assignment)
        for name, edit in self.subscriber_edits.items():
            value = getattr(policy, name)
            if name == "subscriber_dob":
                value = value.strftime("%m/%d/%Y") if value else ""
            elif name == "subscriber_phone":
                value = format_phone(value)
            edit.setText(value)
        select_data(self.subscriber_sex, policy.subscriber_sex or None)

    def _payers_loaded(self, payers: list[PayerInfo]) -> None:
        current = self.policy.payer_id if self.policy else None
        chosen = self.payer.currentData()
        self.payer.clear()
        for payer in payers:
            # A retired payer stays on the policy that has it, but is not offered for new ones.
            if payer.active or payer.id == current:
                label = payer.name if payer.active else f"{payer.name} (retired)"
                self.payer.addItem(f"{label} \u2013 {payer.claim_type_label}", payer.id)
        select_data(self.payer, chosen if chosen is not None else current)
        self._loaded["payer_id"] = self._shown()["payer_id"]  # the payer's name arrived: not something typed
        if self.payer.count() == 0:
            self.payer.setPlaceholderText("No payers yet: an administrator adds them under Admin, Payers")

    def _relationship_changed(self) -> None:
        shown = self.relationship.currentData() != "self"
        self.subscriber_box.setVisible(shown)
        # One column when the patient is the subscriber; room for the second one otherwise.
        self.setMinimumWidth(900 if shown else 560)
        if not shown:
            self.resize(self.minimumWidth(), self.height())

    # -- submit ----------------------------------------------------------------------------------
    def values(self) -> PolicyInput:
        """Everything as typed; subscriber fields are sent only when the patient is not the subscriber."""
        subscriber: dict[str, str] = {}
        if self.relationship.currentData() != "self":
            subscriber = {name: edit.text() for name, edit in self.subscriber_edits.items()}
            subscriber["subscriber_sex"] = self.subscriber_sex.currentData() or ""
        return PolicyInput(
            payer_id=self.payer.currentData(), rank=self.rank.currentData(), member_id=self.member_id.text(),
            effective_date=self.effective_date.text(), relationship=self.relationship.currentData() or "",
            group_number=self.group_number.text(), plan_name=self.plan_name.text(),
            end_date=self.end_date.text() or None, copay=self.copay.text(),
            accept_assignment=self.accept_assignment.isChecked(),
            release_signed_on=self.release_signed_on.text() or None,
            assignment_signed_on=self.assignment_signed_on.text() or None, **subscriber)

    def start(self, on_done: Done, on_error: Failed) -> None:
        if self.policy is None:
            self.uictx.call(insurance.add_policy, self.patient_id, self.values(), on_done=on_done, on_error=on_error)
        else:
            # the version the dialog was loaded with: a save over someone else's newer one is refused
            self.uictx.call(insurance.update_policy, self.policy.id, self.values(), version=self.policy.version,
                            on_done=on_done, on_error=on_error)

    def _failed(self, exc: BaseException) -> None:
        super()._failed(exc)  # the message stays at the top of the form while the person keeps their typing
        if isinstance(exc, ChangedMeanwhile) and self.policy is not None:
            if ChangedMeanwhileDialog.ask(self, str(exc), typed_since(self._loaded, self._shown())):
                self.uictx.call(insurance.get_policy, self.policy.id, on_done=guarded(self, self._reloaded))

    def _reloaded(self, policy: PolicyRecord) -> None:
        """Show the saved version someone else made (Reload); the next save builds on it."""
        self.policy = policy
        self.form.clear_errors()
        self._fill(policy)
        select_data(self.payer, policy.payer_id)
        self._relationship_changed()
        self._loaded = self._shown()

    def _shown(self) -> dict[str, tuple[str, str]]:
        return shown_fields(self.policy_form, self.subscriber_form)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, patient_id: int, policy: PolicyRecord | None = None,
            suggested_rank: int = 1, *, field: str = "") -> PolicyRecord | None:
        """Add a policy to the patient (or edit ``policy``, the cursor in ``field`` if given); the saved policy,
        or None when cancelled."""
        return cls.run(cls(uictx, patient_id, policy, suggested_rank, parent=parent, field=field))
