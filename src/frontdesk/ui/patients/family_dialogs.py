"""Dialogs of the Guarantor & family and Contact history tabs (each runs its service on OK; errors beside fields)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QPlainTextEdit, QWidget

from frontdesk.services.patients import contact_history, family
from frontdesk.services.patients.contact_history import ContactEntry
from frontdesk.services.patients.family import RELATIONSHIPS, GuarantorInfo, GuarantorInput
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.form_parts import code_combo, date_edit, line_edit, narrow

RELATIONSHIP_CHOICES = {r: r.capitalize() for r in RELATIONSHIPS}
NOTE_KINDS = {"note": "Note", "call": "Phone call", "message": "Message", "text": "Text message", "email": "E-mail",
              "letter": "Letter"}
DIRECTIONS = {"": "(not a call or message)", "in": "Incoming", "out": "Outgoing"}


def relationship_combo(parent: QWidget) -> QComboBox:
    """The patient's relationship to their guarantor (self is chosen with its own button)."""
    return narrow(code_combo(parent, RELATIONSHIP_CHOICES, placeholder="Choose"), 16)  # type: ignore[return-value]


class GuarantorPersonDialog(ServiceFormDialog):
    """A responsible person who is not a patient -> family.set_guarantor_person."""

    def __init__(self, uictx: UiContext, patient_id: int, parent: QWidget | None = None) -> None:
        super().__init__(uictx, "Guarantor who is not a patient", "&Save guarantor", parent)
        self.patient_id = patient_id
        self.edits = {
            "first_name": line_edit(self, max_len=60), "middle_name": line_edit(self, max_len=60),
            "last_name": line_edit(self, max_len=60), "dob": date_edit(self, placeholder="MM/DD/YYYY (optional)"),
            "address_line1": line_edit(self), "address_line2": line_edit(self), "city": line_edit(self, max_len=60),
            "state": line_edit(self, max_len=2, chars=4), "zip_code": line_edit(self, max_len=10, chars=11),
            "phone": line_edit(self, max_len=40, placeholder="(555) 123-4567", chars=18)}
        self.relationship = relationship_combo(self)
        for name, label in (("first_name", "&First name:"), ("middle_name", "&Middle name:"),
                            ("last_name", "&Last name:"), ("dob", "&Date of birth:")):
            self.form.add_field(name, label, self.edits[name])
        self.form.add_field("guarantor_relationship", "Patient is their &relationship:", self.relationship)
        for name, label in (("address_line1", "Address line &1:"), ("address_line2", "Address line &2:"),
                            ("city", "Cit&y:"), ("state", "S&tate:"), ("zip_code", "&ZIP:"), ("phone", "&Phone:")):
            self.form.add_field(name, label, self.edits[name])
        self.edits["first_name"].setFocus()

    def values(self) -> GuarantorInput:
        return GuarantorInput(**{name: edit.text() for name, edit in self.edits.items()})

    def start(self, on_done: Done, on_error: Failed) -> None:
        self.uictx.call(family.set_guarantor_person, self.patient_id, self.values(),
                        self.relationship.currentData() or "", on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, patient_id: int) -> GuarantorInfo | None:
        """The guarantor as saved, or None when cancelled."""
        return cls.run(cls(uictx, patient_id, parent))


class RelationshipDialog(ServiceFormDialog):
    """How the patient relates to a chosen guarantor, then the given service call saves it."""

    def __init__(self, uictx: UiContext, patient_id: int, guarantor_id: int, name: str, *, share: bool,
                 parent: QWidget | None = None) -> None:
        super().__init__(uictx, f"Guarantor: {name}", "&Save guarantor", parent)
        self.patient_id, self.guarantor_id, self.share = patient_id, guarantor_id, share
        self.relationship = relationship_combo(self)
        self.form.add_field("guarantor_relationship", "Patient is their &relationship:", self.relationship)
        self.relationship.setFocus()

    def start(self, on_done: Done, on_error: Failed) -> None:
        service = family.share_guarantor if self.share else family.set_guarantor_patient
        self.uictx.call(service, self.patient_id, self.guarantor_id, self.relationship.currentData() or "",
                        on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, patient_id: int, guarantor_id: int, name: str, *,
            share: bool) -> GuarantorInfo | None:
        """``share``: guarantor_id is a guarantor row (a relative's); else it is a patient's id."""
        return cls.run(cls(uictx, patient_id, guarantor_id, name, share=share, parent=parent))


class ContactNoteDialog(ServiceFormDialog):
    """Log a call, message, letter or note by hand -> contact_history.add_contact_note."""

    def __init__(self, uictx: UiContext, patient_id: int, parent: QWidget | None = None) -> None:
        super().__init__(uictx, "Add to contact history", "&Add", parent)
        self.patient_id = patient_id
        self.kind = narrow(code_combo(self, NOTE_KINDS, current="note"), 18)
        self.direction = narrow(code_combo(self, DIRECTIONS, current=""), 24)
        self.outcome = line_edit(self, max_len=30, placeholder="e.g. left voicemail (optional)")
        self.summary = QPlainTextEdit(self)
        self.summary.setTabChangesFocus(True)
        self.summary.setPlaceholderText("What was said or done (no clinical details)")
        self.form.add_field("kind", "&Kind:", self.kind)
        self.form.add_field("direction", "&Direction:", self.direction)
        self.form.add_field("outcome", "&Outcome:", self.outcome)
        self.form.add_field("summary", "&Summary:", self.summary)
        self.summary.setFocus()

    def start(self, on_done: Done, on_error: Failed) -> None:
        self.uictx.call(contact_history.add_contact_note, self.patient_id, self.summary.toPlainText(),
                        kind=self.kind.currentData(), direction=self.direction.currentData() or "",
                        outcome=self.outcome.text(), on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, patient_id: int) -> ContactEntry | None:
        """The entry as saved, or None when cancelled."""
        return cls.run(cls(uictx, patient_id, parent))
