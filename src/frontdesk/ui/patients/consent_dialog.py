"""The Record consent dialog: which document, which version, when, and who signed (patient or representative)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QWidget

from frontdesk.services.patients import consents
from frontdesk.services.patients.consents import (
    SIGNERS,
    ConsentInput,
    ConsentRecordInfo,
    ConsentTypeInfo,
)
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.form_parts import (
    code_combo,
    date_edit,
    line_edit,
    narrow,
    select_data,
    set_field_visible,
    today_text,
)


class ConsentDialog(ServiceFormDialog):
    """Collect one signature -> consents.record_consent."""

    def __init__(self, uictx: UiContext, patient_id: int, type_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(uictx, "Record consent", "&Record consent", parent)
        self.patient_id = patient_id
        self._wanted_type = type_id
        self._types: dict[int, ConsentTypeInfo] = {}
        self._auto_version = ""  # the version the form filled in (replaced when the document changes)
        self.document = QComboBox(self)
        self.document.setPlaceholderText("Choose the document")
        self.version = line_edit(self, max_len=20, placeholder="the document's current version", chars=16)
        self.signed_on = date_edit(self)
        self.signed_on.setText(today_text(uictx.clock))
        self.signed_by = narrow(code_combo(self, SIGNERS, current="patient"), 26)
        self.representative_name = line_edit(self, max_len=120)
        self.representative_relationship = line_edit(self, max_len=40, placeholder="e.g. mother, guardian",
                                                     chars=24)
        self.expires_on = date_edit(self, placeholder="optional")
        self.expires_on.setToolTip("Leave blank: the signature is valid for the document's usual period")
        self.form.add_field("consent_type_id", "&Document:", self.document)
        self.form.add_field("version", "&Version:", self.version)
        self.form.add_field("signed_on", "Date &signed:", self.signed_on)
        self.form.add_field("signed_by", "Signed &by:", self.signed_by)
        self.form.add_field("representative_name", "Representative's &name:", self.representative_name)
        self.form.add_field("representative_relationship", "Re&lationship to patient:",
                            self.representative_relationship)
        self.form.add_field("expires_on", "&Expires on:", self.expires_on)
        self.document.currentIndexChanged.connect(self._document_changed)
        self.signed_by.currentIndexChanged.connect(self._signer_changed)
        self._signer_changed()
        self.document.setFocus()
        self.uictx.call(consents.list_consent_types, on_done=guarded(self, self._types_loaded))

    def _types_loaded(self, types: list[ConsentTypeInfo]) -> None:
        self._types = {t.id: t for t in types}
        for ctype in types:
            self.document.addItem(ctype.name + ("" if ctype.required else " (optional)"), ctype.id)
        select_data(self.document, self._wanted_type)
        self._document_changed()

    def _document_changed(self) -> None:
        ctype = self._types.get(self.document.currentData())
        # A version typed by hand is kept; the one the form filled follows the chosen document.
        if ctype is not None and self.version.text() in ("", self._auto_version):
            self._auto_version = ctype.current_version
            self.version.setText(ctype.current_version)

    def _signer_changed(self) -> None:
        representative = self.signed_by.currentData() == "representative"
        for name in ("representative_name", "representative_relationship"):
            set_field_visible(self.form, name, representative)

    def values(self) -> ConsentInput:
        """The signature as typed."""
        representative = self.signed_by.currentData() == "representative"
        return ConsentInput(
            consent_type_id=self.document.currentData(), signed_on=self.signed_on.text(),
            signed_by=self.signed_by.currentData() or "",
            representative_name=self.representative_name.text() if representative else "",
            representative_relationship=self.representative_relationship.text() if representative else "",
            version=self.version.text(), expires_on=self.expires_on.text() or None)

    def start(self, on_done: Done, on_error: Failed) -> None:
        self.uictx.call(consents.record_consent, self.patient_id, self.values(), on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, patient_id: int,
            type_id: int | None = None) -> ConsentRecordInfo | None:
        """Record a signature for the patient (document ``type_id`` preselected); None when cancelled."""
        return cls.run(cls(uictx, patient_id, type_id, parent=parent))
