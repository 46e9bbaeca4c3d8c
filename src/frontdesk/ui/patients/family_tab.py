"""The Guarantor & family tab: who pays (self, another patient, or a non-patient person) and the household."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_phone
from frontdesk.domain.permissions import Permission
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.error_messages import to_user_message
from frontdesk.services.patients import family
from frontdesk.services.patients.family import FamilyMember, GuarantorInfo
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.patients.family_dialogs import (
    GuarantorPersonDialog,
    RelationshipDialog,
)
from frontdesk.ui.widgets.common import allowed
from frontdesk.ui.widgets.patient_display import address_lines, display_name, dob_with_age
from frontdesk.ui.widgets.patient_picker import PatientPickerDialog
from frontdesk.ui.widgets.models import Column, RecordTableModel

def family_columns(clock: PracticeClock) -> list[Column[FamilyMember]]:
    """The family table's columns (ages on the practice's today)."""
    return [
        Column("Name", lambda m: display_name(m.patient.last_name, m.patient.first_name, m.patient.middle_name)
         + (" (this patient)" if m.is_self else "")),
        Column("Date of birth", lambda m: dob_with_age(m.patient.dob, clock.today())),
        Column("Phone", lambda m: format_phone(m.patient.phone)),
        Column("Account #", lambda m: m.patient.account_number),
        Column("Guarantor", lambda m: "Yes, for this patient" if m.is_guarantor else ""),
    ]


def guarantor_text(info: GuarantorInfo) -> str:
    """Who is responsible, as the tab states it."""
    if info.is_self:
        return "The patient is responsible for their own bill (self)."
    name = " ".join(p for p in (info.first_name, info.middle_name, info.last_name, info.suffix) if p)
    kind = "a patient" if info.patient_id is not None else "not a patient"
    lines = [f"{name} ({kind}); the patient is their {info.relationship}."]
    address = address_lines(info.address_line1, info.address_line2, info.city, info.state, info.zip_code)
    if address:
        lines.append(address)
    if info.phone:
        lines.append(format_phone(info.phone))
    return "\n".join(lines)


class FamilyTab(QWidget):
    """Guarantor choice, one-click copy of the guarantor's address and phone, household link/unlink.

    ``record_changed(PatientRecord)`` after the copy, so the open record shows the new address.
    """

    record_changed = Signal(object)

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("family_tab")
        self.uictx = uictx
        self._status = status or (lambda _t: None)
        self.patient_id: int | None = None
        self.guarantor: GuarantorInfo | None = None
        self.guarantor_label = QLabel(self)
        self.guarantor_label.setObjectName("guarantor_text")
        self.guarantor_label.setTextFormat(Qt.TextFormat.PlainText)
        self.guarantor_label.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setObjectName("family_message")
        self.message.setWordWrap(True)
        self.self_button = self._button("Patient is &self", self.set_self)
        self.patient_button = self._button("Another p&atient\u2026", self.choose_patient)
        self.person_button = self._button("&Guarantor who is not a patient\u2026", self.choose_person)
        self.copy_button = self._button("C&opy guarantor's address and phone", self.copy_contact)
        self.model: RecordTableModel[FamilyMember] = RecordTableModel(family_columns(uictx.clock), self)
        self.view = QTableView(self)
        self.view.setObjectName("family_view")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.view.horizontalHeader().setStretchLastSection(True)
        self.link_button = self._button("&Link family member\u2026", self.link_member)
        self.unlink_button = self._button("Unl&ink selected", self.unlink_selected)
        self.share_button = self._button("Same guarantor as selecte&d", self.share_selected)
        self._edit_buttons = [self.self_button, self.patient_button, self.person_button, self.copy_button,
                              self.link_button, self.unlink_button, self.share_button]

        who = QGroupBox("Guarantor (responsible for the bill)", self)
        row = QHBoxLayout()
        for button in (self.self_button, self.patient_button, self.person_button, self.copy_button):
            row.addWidget(button)
        row.addStretch(1)
        box = QVBoxLayout(who)
        box.addWidget(self.guarantor_label)
        box.addLayout(row)
        household = QGroupBox("Family / household", self)
        row2 = QHBoxLayout()
        for button in (self.link_button, self.unlink_button, self.share_button):
            row2.addWidget(button)
        row2.addStretch(1)
        box2 = QVBoxLayout(household)
        box2.addWidget(self.view, 1)
        box2.addLayout(row2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(who)
        layout.addWidget(self.message)
        layout.addWidget(household, 1)
        uictx.changed.connect(self._on_changed)

    def _button(self, text: str, slot: Callable[[], None]) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(slot)
        return button

    # -- loading -------------------------------------------------------------------------
    def set_patient(self, patient_id: int | None) -> None:
        """Show ``patient_id``'s guarantor and household (None: nothing)."""
        self.patient_id = patient_id
        self.guarantor = None
        self.guarantor_label.clear()
        self.message.clear()
        self.model.set_rows([])
        self.refresh()

    def refresh(self) -> None:
        patient_id = self.patient_id
        may_edit = patient_id is not None and allowed(self.uictx, Permission.EDIT_PATIENTS)
        for button in self._edit_buttons:
            button.setEnabled(may_edit)
        if patient_id is None:
            return
        self._call(family.get_guarantor, patient_id, on_done=lambda info: self._guarantor_loaded(patient_id, info))
        self._call(family.list_family, patient_id, on_done=lambda rows: self._family_loaded(patient_id, rows))

    def _guarantor_loaded(self, patient_id: int, info: GuarantorInfo) -> None:
        if patient_id == self.patient_id:
            self.guarantor = info
            self.guarantor_label.setText(guarantor_text(info))
            self.copy_button.setEnabled(self.self_button.isEnabled() and not info.is_self)

    def _family_loaded(self, patient_id: int, rows: list[FamilyMember]) -> None:
        if patient_id == self.patient_id:
            self.model.set_rows(rows)

    def _on_changed(self, topics: frozenset[str]) -> None:
        if "patients" in topics:
            self.refresh()

    def _call(self, service: Callable[..., Any], *args: Any, on_done: Callable[[Any], None]) -> None:
        self.uictx.call(service, *args, on_done=on_done, on_error=self._failed)

    def _failed(self, exc: BaseException) -> None:
        message = to_user_message(exc)
        if message.expected:
            self.message.setText("\u26a0 " + message.text)
        else:
            ErrorPresenter(self)(exc)

    def selected_member(self) -> FamilyMember | None:
        index = self.view.currentIndex()
        return self.model.record(index.row()) if index.isValid() else None

    # -- guarantor -----------------------------------------------------------------------
    def set_self(self) -> None:
        if self.patient_id is not None:
            self._call(family.set_guarantor_self, self.patient_id, on_done=lambda _i: self._done("Guarantor: self."))

    def choose_patient(self) -> None:
        if self.patient_id is None:
            return
        chosen = PatientPickerDialog.ask(self, self.uictx, "Choose the guarantor", self.patient_id)
        if chosen is not None:
            name = display_name(chosen.last_name, chosen.first_name)
            if RelationshipDialog.ask(self, self.uictx, self.patient_id, chosen.id, name, share=False) is not None:
                self._done(f"Guarantor set to {name}.")

    def choose_person(self) -> None:
        if self.patient_id is not None and GuarantorPersonDialog.ask(self, self.uictx, self.patient_id) is not None:
            self._done("Guarantor saved.")

    def copy_contact(self) -> None:
        """Copy the guarantor's address (and phone as the home phone) into the open patient."""
        if self.patient_id is not None:
            self._call(family.copy_guarantor_contact, self.patient_id,
                       on_done=self._copied)

    def _copied(self, record: object) -> None:
        self._done("Copied the guarantor's address and phone.")
        self.record_changed.emit(record)

    # -- household -----------------------------------------------------------------------
    def link_member(self) -> None:
        if self.patient_id is None:
            return
        chosen = PatientPickerDialog.ask(self, self.uictx, "Link a family member", self.patient_id)
        if chosen is not None:
            self._call(family.link_family, chosen.id, self.patient_id,
                       on_done=lambda _f: self._done(f"Linked {display_name(chosen.last_name, chosen.first_name)}."))

    def unlink_selected(self) -> None:
        member = self.selected_member()
        if member is not None:
            self._call(family.unlink_family, member.patient.id, on_done=lambda _n: self._done("Unlinked from family."))
        else:
            self.message.setText("Select a family member first.")

    def share_selected(self) -> None:
        """Make the selected relative's guarantor responsible for this patient too."""
        member = self.selected_member()
        if member is None or member.is_self or self.patient_id is None:
            self.message.setText("Select another family member first.")
            return
        self._call(family.get_guarantor, member.patient.id, on_done=self._share)

    def _share(self, info: GuarantorInfo) -> None:
        if self.patient_id is None:
            return
        if info.is_self:  # the relative pays for themself: they become this patient's guarantor
            target, share = info.patient_id, False
        else:
            target, share = info.guarantor_id, True
        name = " ".join(p for p in (info.first_name, info.last_name) if p)
        if target is not None and RelationshipDialog.ask(self, self.uictx, self.patient_id, target, name,
                                                         share=share) is not None:
            self._done(f"Guarantor set to {name}.")

    def _done(self, text: str) -> None:
        self.message.clear()
        self._status(text)
        self.refresh()
