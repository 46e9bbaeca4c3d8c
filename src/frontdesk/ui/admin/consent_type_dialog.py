"""The Add / Edit consent form dialog: name, required, current version, how long a signature stays valid."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QWidget

from frontdesk.services.patients import consents
from frontdesk.services.patients.consents import ConsentTypeInfo, ConsentTypeInput
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.context import UiContext


class ConsentTypeDialog(ServiceFormDialog):
    """Collect a consent document's settings -> consents.add_consent_type / update_consent_type."""

    def __init__(self, uictx: UiContext, ctype: ConsentTypeInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, f"Edit consent form \u2013 {ctype.name}" if ctype else "Add consent form",
                         "&Save" if ctype else "A&dd consent form", parent)
        self.ctype = ctype
        self.code = QLineEdit(self)
        self.code.setMaxLength(30)
        self.code.setPlaceholderText("short id, e.g. telehealth_consent")
        self.name = QLineEdit(self)
        self.name.setMaxLength(120)
        self.version = QLineEdit(self)
        self.version.setMaxLength(20)
        self.version.setPlaceholderText("e.g. 2026-01")
        self.required = QCheckBox("Patients must sign it (check-in flags it when missing)", self)
        self.validity = QLineEdit(self)
        self.validity.setMaxLength(3)
        self.validity.setPlaceholderText("months; blank: never expires")
        self.active = QCheckBox("In use (offered when recording consents)", self)
        if ctype is None:
            self.form.add_field("code", "&Code:", self.code)
        self.form.add_field("name", "&Name:", self.name)
        self.form.add_field("current_version", "Current &version:", self.version)
        hint = QLabel("A new current version makes earlier signatures outdated: patients sign again.", self)
        hint.setWordWrap(True)
        self.form.layout_.addRow("", hint)
        self.form.add_field("required", "&Required:", self.required)
        self.form.add_field("validity_months", "Valid &for (months):", self.validity)
        self.form.add_field("active", "&In use:", self.active)
        if ctype is not None:
            self.name.setText(ctype.name)
            self.version.setText(ctype.current_version)
            self.required.setChecked(ctype.required)
            self.validity.setText(str(ctype.validity_months) if ctype.validity_months else "")
            self.active.setChecked(ctype.active)
            self.version.setFocus()
            self.version.selectAll()
        else:
            self.required.setChecked(True)
            self.active.setChecked(True)
            self.code.setFocus()

    def values(self) -> ConsentTypeInput:
        """The settings as typed."""
        return ConsentTypeInput(name=self.name.text(), current_version=self.version.text(),
                                required=self.required.isChecked(), validity_months=self.validity.text(),
                                active=self.active.isChecked())

    def start(self, on_done: Done, on_error: Failed) -> None:
        if self.ctype is None:
            self.uictx.call(consents.add_consent_type, self.code.text(), self.values(), on_done=on_done,
                            on_error=on_error)
        else:
            self.uictx.call(consents.update_consent_type, self.ctype.id, self.values(), on_done=on_done,
                            on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext,
            ctype: ConsentTypeInfo | None = None) -> ConsentTypeInfo | None:
        """Add a consent form (or edit ``ctype``); the saved settings, or None when cancelled."""
        return cls.run(cls(uictx, ctype, parent=parent))
