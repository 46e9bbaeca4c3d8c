"""The Insurance tab of an open patient: policies by rank with history, and what can be done with each."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from frontdesk.domain.formats import format_date
from frontdesk.services.patients import insurance
from frontdesk.services.patients.insurance import PolicyRecord
from frontdesk.ui.context import UiContext
from frontdesk.ui.patients.card_images_dialog import CardImagesDialog
from frontdesk.ui.patients.eligibility_dialog import EligibilityDialog
from frontdesk.ui.patients.end_policy_dialog import EndPolicyDialog
from frontdesk.ui.patients.insurance_models import PoliciesModel, check_text
from frontdesk.ui.patients.patient_tab import PatientRecordTab
from frontdesk.ui.patients.policy_dialog import PolicyDialog
from frontdesk.ui.widgets.common import fit_columns, local_action
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.models import SORT_ROLE
from frontdesk.ui.widgets.view_audit import ViewOpening


def suggested_rank(policies: list[PolicyRecord]) -> int:
    """The first rank no current or future policy holds (a new card is usually the next one down)."""
    taken = {p.rank for p in policies if p.status != "ended"}
    return next((rank for rank in (1, 2, 3) if rank not in taken), 1)


class InsuranceTab(PatientRecordTab):
    """The patient's policies; add, edit, end, re-rank, log eligibility checks, card images."""

    topics = frozenset({"insurance", "payers"})
    empty_text = "No insurance on file. Add the patient's card with Add policy\u2026 (or treat visits as self-pay)."

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(uictx, parent, status=status)
        self.setObjectName("insurance_tab")
        self.model = PoliciesModel(self)
        self._opening = ViewOpening()  # one audited view per patient opened; refreshes are quiet
        self._build_table(SORT_ROLE)
        self.view.setObjectName("policies_view")
        self.add_button = QPushButton("&Add policy\u2026", self)
        self.add_button.setToolTip("Add an insurance policy from the patient's card (Ctrl+Shift+A)")
        self.edit_button = QPushButton("&Edit\u2026", self)
        self.edit_button.setToolTip("Change the selected policy (Enter)")
        self.end_button = QPushButton("E&nd policy\u2026", self)
        self.end_button.setToolTip("Set the last covered day; the policy stays as history")
        self.up_button = QPushButton("Move &up", self)
        self.up_button.setToolTip("Make the selected policy pay earlier (e.g. secondary becomes primary)")
        self.down_button = QPushButton("Move &down", self)
        self.down_button.setToolTip("Make the selected policy pay later")
        self.check_button = QPushButton("Eli&gibility check\u2026", self)
        self.check_button.setToolTip("Log a check done by phone, portal or fax, and see earlier checks")
        self.cards_button = QPushButton("Card &images\u2026", self)
        self.cards_button.setToolTip("See, attach or remove the front and back of the card")
        self.details = QLabel(self)
        self.details.setObjectName("policy_details")
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        bar = QHBoxLayout()
        for button in self._buttons():
            bar.addWidget(button)
        bar.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.notice)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.details)

        self.add_button.clicked.connect(self.add_policy)
        self.edit_button.clicked.connect(self.edit_policy)
        self.end_button.clicked.connect(self.end_policy)
        self.up_button.clicked.connect(lambda: self.move(-1))
        self.down_button.clicked.connect(lambda: self.move(+1))
        self.check_button.clicked.connect(self.log_check)
        self.cards_button.clicked.connect(self.card_images)
        self.view.activated.connect(lambda _index: self.edit_policy())  # Enter or double-click
        local_action(self, "Add policy", "Ctrl+Shift+A", self.add_policy)
        self._update_buttons()

    def _buttons(self) -> list[QPushButton]:
        return [self.add_button, self.edit_button, self.end_button, self.up_button, self.down_button,
                self.check_button, self.cards_button]

    # -- loading -------------------------------------------------------------------------------
    def set_patient(self, patient_id: int | None) -> None:
        self._opening.forget()  # showing a patient (again, e.g. after a sign-in) is a new opening
        super().set_patient(patient_id)

    def load_patient(self, patient_id: int) -> None:
        service = self._opening.pick(patient_id, insurance.open_policies, insurance.list_policies)
        self.call_for(patient_id, service, patient_id, on_done=self.show_rows, on_error=self._load_failed)

    def _load_failed(self, exc: BaseException) -> None:
        self._opening.forget()  # nothing was shown: the next load opens the list
        ErrorPresenter(self)(exc)

    def _on_actor_changed(self, actor: object) -> None:
        self._opening.forget()
        super()._on_actor_changed(actor)

    def show_rows(self, rows: list[PolicyRecord]) -> None:
        super().show_rows(rows)
        # Nine columns inside a patient view: long plan or payer names are cut short (tooltips show them).
        fit_columns(self.view, padding=16, widest=180)

    def edit_field(self, record: PolicyRecord, field: str) -> None:
        """The policy's dialog with the cursor in ``field`` (see edit_record_field)."""
        self._edit(record, field)

    def selected_policy(self) -> PolicyRecord | None:
        return self.selected_record()

    def select_policy(self, policy_id: int) -> bool:
        """Select the row of ``policy_id``; True when found."""
        return self.select_record(policy_id)

    def _current_order(self) -> list[PolicyRecord]:
        """Policies in effect today, by rank (the ones Move up / Move down re-rank)."""
        return sorted((p for p in self.model.records() if p.status == "active"), key=lambda p: (p.rank, p.id))

    def _update_buttons(self) -> None:
        editable = self.can_edit()
        policy = self.selected_policy() if self.can_read() else None
        order = [p.id for p in self._current_order()]
        position = order.index(policy.id) if policy is not None and policy.id in order else -1
        self.add_button.setEnabled(editable)
        self.edit_button.setEnabled(editable and policy is not None)
        self.end_button.setEnabled(editable and policy is not None and policy.status != "ended")
        self.up_button.setEnabled(editable and position > 0)
        self.down_button.setEnabled(editable and 0 <= position < len(order) - 1)
        self.check_button.setEnabled(policy is not None)
        self.cards_button.setEnabled(policy is not None)
        self._show_details(policy)

    def _show_details(self, policy: PolicyRecord | None) -> None:
        if policy is None:
            self.details.clear()
            return
        check = f"Latest eligibility check: {check_text(policy.latest_check)}." if policy.latest_check \
            else "No eligibility check logged."
        cards = ("Card images: " + " and ".join(policy.card_sides) + ".") if policy.card_sides \
            else "No card images."
        signed = []
        if policy.release_signed_on:
            signed.append(f"release signed {format_date(policy.release_signed_on)}")
        if policy.assignment_signed_on:
            signed.append(f"assignment signed {format_date(policy.assignment_signed_on)}")
        extra = f" Claim type: {policy.claim_type_label}; " + (", ".join(signed) or "no signatures on file") + "."
        self.details.setText(f"{check} {cards}{extra}")

    # -- actions -------------------------------------------------------------------------------
    def add_policy(self) -> None:
        """Add a policy through the dialog, then select it."""
        if not self.can_edit() or self.patient_id is None:
            return
        policy = PolicyDialog.ask(self, self.uictx, self.patient_id,
                                  suggested_rank=suggested_rank(self.model.records()))
        if policy is not None:
            self.select_policy(policy.id)
            self.status(f"Added {policy.rank_label.lower()} policy with {policy.payer_name}.")

    def edit_policy(self) -> None:
        """Edit the selected policy."""
        policy = self.selected_policy()
        if policy is not None:
            self._edit(policy)

    def _edit(self, policy: PolicyRecord, field: str = "") -> None:
        if not self.can_edit() or self.patient_id is None:
            return
        saved = PolicyDialog.ask(self, self.uictx, self.patient_id, policy, field=field)
        if saved is not None:
            self.status(f"Saved the {saved.payer_name} policy.")

    def end_policy(self) -> None:
        """Set the selected policy's last covered day."""
        policy = self.selected_policy()
        if policy is None or not self.can_edit():
            return
        ended = EndPolicyDialog.ask(self, self.uictx, policy)
        if ended is not None:
            self.status(f"The {ended.payer_name} policy ends {format_date(ended.end_date)}.")

    def move(self, step: int) -> None:
        """Move the selected policy up (-1) or down (+1) among the policies in effect today."""
        policy = self.selected_policy()
        order = self._current_order()
        ids = [p.id for p in order]
        if policy is None or policy.id not in ids or self.patient_id is None:
            return
        here = ids.index(policy.id)
        there = here + step
        if not 0 <= there < len(ids):
            return
        ids[here], ids[there] = ids[there], ids[here]
        self.call(insurance.reorder_policies, self.patient_id, ids,
                  on_done=lambda rows: self._moved(policy.id, rows))

    def _moved(self, policy_id: int, rows: list[PolicyRecord]) -> None:
        moved = next((p for p in rows if p.id == policy_id), None)
        self.select_policy(policy_id)
        if moved is not None:
            self.status(f"{moved.payer_name} is now {moved.rank_label.lower()}.")

    def log_check(self) -> None:
        """Log an eligibility check of the selected policy."""
        policy = self.selected_policy()
        if policy is None:
            return
        check = EligibilityDialog.ask(self, self.uictx, policy)
        if check is not None:
            self.status(f"Logged eligibility check of {policy.payer_name}: {check.result_label}.")

    def card_images(self) -> None:
        """Show (and attach or remove) the selected policy's card images."""
        policy = self.selected_policy()
        if policy is None:
            return
        if CardImagesDialog.ask(self, self.uictx, policy, editable=self.can_edit()):
            self.status(f"Card images of the {policy.payer_name} policy updated.")
