"""The Add / Edit provider dialog: name, credential, NPI (check digit verified as you leave the field), taxonomy."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from frontdesk.domain.npi import validate_npi
from frontdesk.errors import ValidationError
from frontdesk.services.admin import providers as providers_service
from frontdesk.services.admin.providers import ProviderInfo
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.context import UiContext


class ProviderDialog(ServiceFormDialog):
    """Collect a provider's details -> providers.add_provider, or (given ``provider``) update_provider."""

    def __init__(self, uictx: UiContext, provider: ProviderInfo | None = None, parent: QWidget | None = None,
                 field: str = "") -> None:
        super().__init__(uictx, f"Edit provider \u2013 {provider.display_name}" if provider else "Add provider",
                         "&Save provider" if provider else "&Add provider", parent)
        self.provider = provider
        self.first_name = QLineEdit(self)
        self.first_name.setMaxLength(60)
        self.last_name = QLineEdit(self)
        self.last_name.setMaxLength(60)
        self.credential = QLineEdit(self)
        self.credential.setMaxLength(20)
        self.credential.setPlaceholderText("e.g. MD, DO, NP, PA-C")
        self.npi = QLineEdit(self)
        self.npi.setMaxLength(12)  # room for a pasted '123-456-7893'; the service strips separators
        self.npi.setPlaceholderText("10 digits")
        self.taxonomy = QLineEdit(self)
        self.taxonomy.setMaxLength(10)
        self.taxonomy.setPlaceholderText("optional, e.g. 207Q00000X")
        self.form.add_field("first_name", "&First name:", self.first_name)
        self.form.add_field("last_name", "&Last name:", self.last_name)
        self.form.add_field("credential", "&Credential:", self.credential)
        self.form.add_field("npi", "&NPI:", self.npi)
        self.form.add_field("taxonomy", "&Taxonomy:", self.taxonomy)
        # A mistyped NPI is the usual cause of rejected claims: say so as soon as the field is left.
        self.npi.editingFinished.connect(self._check_npi_now)
        if provider is not None:
            for edit, value in ((self.first_name, provider.first_name), (self.last_name, provider.last_name),
                                (self.credential, provider.credential), (self.npi, provider.npi),
                                (self.taxonomy, provider.taxonomy)):
                edit.setText(value)
        # A claim problem names the field to fix (e.g. the NPI of box 24J); else the first name.
        fields = {"first_name": self.first_name, "last_name": self.last_name, "credential": self.credential,
                  "npi": self.npi, "taxonomy": self.taxonomy}
        fields.get(field, self.first_name).setFocus()

    def _check_npi_now(self) -> None:
        error = self.form.error_label("npi")
        if not self.npi.text().strip():
            error.clear_error()
            return
        try:
            validate_npi(self.npi.text())
        except ValidationError as exc:
            error.show_error(exc.message)
            self._fit()
        else:
            error.clear_error()

    def start(self, on_done: Done, on_error: Failed) -> None:
        typed = (self.first_name.text(), self.last_name.text(), self.npi.text(), self.credential.text(),
                 self.taxonomy.text())
        if self.provider is None:
            self.uictx.call(providers_service.add_provider, *typed, on_done=on_done, on_error=on_error)
        else:
            self.uictx.call(providers_service.update_provider, self.provider.id, *typed, on_done=on_done,
                            on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, provider: ProviderInfo | None = None,
            field: str = "") -> ProviderInfo | None:
        """Add a provider (or edit ``provider``, the cursor in ``field`` if given); the saved provider, or None
        when cancelled."""
        return cls.run(cls(uictx, provider, parent, field))
