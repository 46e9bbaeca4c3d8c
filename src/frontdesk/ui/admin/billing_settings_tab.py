"""The Billing settings tab: the 837P submitter, the clearinghouse that receives the files, test or production."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_phone
from frontdesk.domain.permissions import Permission
from frontdesk.services.billing import billing_settings as settings_service
from frontdesk.services.billing.billing_settings import USAGE_INDICATORS, BillingSettingsInfo
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import Notice, StatusFn, allowed, scrolling_form
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.tab_base import AdminTab

# (field name as the service names it in ValidationError, label, max length, placeholder)
TEXT_FIELDS: tuple[tuple[str, str, int, str], ...] = (
    ("submitter_id", "Su&bmitter ID:", 15, "the ID your clearinghouse gave you"),
    ("submitter_name", "Submitter &name:", 60, "usually the practice's name"),
    ("contact_name", "&Contact person:", 60, "who the clearinghouse calls about a file"),
    ("contact_phone", "Contact &phone:", 40, "(555) 123-4567"),
    ("receiver_id", "&Receiver ID:", 15, "the clearinghouse's own ID"),
    ("receiver_name", "Recei&ver name:", 60, "the clearinghouse's name"),
)
INCOMPLETE_TEXT = "837P files cannot be exported until every field here is filled in."
PRODUCTION_TEXT = "\u26a0 Production: exported files are real claims that go on to the payers."


def _shown_values(info: BillingSettingsInfo) -> dict[str, str]:
    values = {name: str(getattr(info, name)) for name, *_rest in TEXT_FIELDS}
    values["contact_phone"] = format_phone(info.contact_phone) if info.contact_phone else ""
    values["usage_indicator"] = info.usage_indicator
    return values


class BillingSettingsTab(AdminTab):
    """Edit the identities written into every 837P file's envelope and header."""

    topics = frozenset({"billing_settings"})
    permission = Permission.VIEW_BILLING
    denied_text = "Your role does not allow viewing the billing settings."

    def __init__(self, uictx: UiContext, status: StatusFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, status, parent)
        self._saved: dict[str, str] = {}
        self.notice = Notice(self)

        box = QGroupBox("Electronic claims (837P files for your clearinghouse)", self)
        self.form = ValidatedForm(box)
        self.edits: dict[str, QLineEdit] = {}
        for name, label, max_len, placeholder in TEXT_FIELDS:
            edit = QLineEdit(box)
            edit.setMaxLength(max_len)
            edit.setPlaceholderText(placeholder)
            self.edits[name] = edit
            self.form.add_field(name, label, edit)
        self.usage = QComboBox(box)
        for code, label in USAGE_INDICATORS.items():
            self.usage.addItem(f"{label} ({code})", code)
        self.form.add_field("usage_indicator", "&Usage:", self.usage)
        self.production_warning = QLabel(PRODUCTION_TEXT, box)
        self.production_warning.setWordWrap(True)
        self.production_warning.hide()
        self.save_button = QPushButton("&Save billing settings", box)
        self.revert_button = QPushButton("Rever&t", box)
        self.revert_button.setToolTip("Put back the saved values")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        column_box = QVBoxLayout(box)
        column_box.addWidget(self.form)
        column_box.addWidget(self.production_warning)
        column_box.addLayout(buttons)

        scrolling_form(self, self.notice, box)

        self.save_button.clicked.connect(self._save)
        self.revert_button.clicked.connect(self._revert)
        self.usage.currentIndexChanged.connect(self._usage_changed)
        for edit in self.edits.values():
            edit.returnPressed.connect(self._save)
        self._set_editable(False)

    # -- loading ---------------------------------------------------------------------------------
    def can_edit(self) -> bool:
        return allowed(self.uictx, Permission.MANAGE_BILLING_SETTINGS)

    def load(self) -> None:
        self.call(settings_service.get_billing_settings, on_done=self._loaded)

    def _loaded(self, info: BillingSettingsInfo) -> None:
        keep = self.dirty()  # half-typed edits are never overwritten by a background refresh
        self._saved = _shown_values(info)
        if not keep:
            self._fill(self._saved)
        editable = self.can_edit()
        self._set_editable(editable)
        self._show_state(info, editable)

    def _show_state(self, info: BillingSettingsInfo, editable: bool) -> None:
        lines = []
        if not editable:
            lines.append("Only a biller or an administrator can change these settings.")
        if not info.complete:
            lines.append(INCOMPLETE_TEXT)
        if lines:
            self.notice.show_text(" ".join(lines))
        else:
            self.notice.clear_text()

    def clear(self, reason: str) -> None:
        self._saved = {}
        self._fill({})
        self.form.clear_errors()
        self._set_editable(False)
        if reason:
            self.notice.show_text(reason)
        else:
            self.notice.clear_text()

    def _fill(self, values: dict[str, str]) -> None:
        for name, edit in self.edits.items():
            edit.setText(values.get(name, ""))
        index = self.usage.findData(values.get("usage_indicator", "T"))
        self.usage.setCurrentIndex(max(index, 0))
        self._usage_changed()

    def _set_editable(self, editable: bool) -> None:
        for edit in self.edits.values():
            edit.setReadOnly(not editable)
        for widget in (self.usage, self.save_button, self.revert_button):
            widget.setEnabled(editable)

    def _usage_changed(self) -> None:
        self.production_warning.setVisible(self.usage.currentData() == "P")

    # -- dirty state -------------------------------------------------------------------------------
    def values(self) -> dict[str, str]:
        """What the form holds now, as the service takes it."""
        values = {name: edit.text() for name, edit in self.edits.items()}
        values["usage_indicator"] = str(self.usage.currentData())
        return values

    def dirty(self) -> bool:
        """Has anyone changed something not yet saved?"""
        return bool(self._saved) and self.values() != self._saved

    # -- saving ------------------------------------------------------------------------------------
    def _save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.form.clear_errors()
        self.save_button.setEnabled(False)
        self.call(settings_service.update_billing_settings, **self.values(),
                  on_done=self._saved_settings, on_error=self._failed)

    def _saved_settings(self, info: BillingSettingsInfo) -> None:
        self.save_button.setEnabled(True)
        self._saved = _shown_values(info)
        self._fill(self._saved)  # shows the cleaned-up values (ids upper-cased, the phone formatted)
        self._show_state(info, True)
        self.status("Billing settings saved.")

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        # The typed values stay as they are; only the message appears beside its field.
        if not self.form.show_exception(exc):
            ErrorPresenter(self)(exc)

    def _revert(self) -> None:
        self.form.clear_errors()
        self._fill(self._saved)
