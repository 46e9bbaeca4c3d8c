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
from frontdesk.ui.widgets.common import Notice, StatusFn, allowed, scrolling_form
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.settings_tab import Done, Failed, SettingsFormTab

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


class BillingSettingsTab(SettingsFormTab):
    """Edit the identities written into every 837P file's envelope and header."""

    topics = frozenset({"billing_settings"})
    permission = Permission.VIEW_BILLING
    denied_text = "Your role does not allow viewing the billing settings."

    saved_text = "Billing settings saved."

    def __init__(self, uictx: UiContext, status: StatusFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, status, parent)
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

        self.save_button.clicked.connect(self.save)
        self.revert_button.clicked.connect(self.revert)
        self.usage.currentIndexChanged.connect(self._usage_changed)
        for edit in self.edits.values():
            edit.returnPressed.connect(self.save)
        self.set_editable(False)

    # -- the settings cycle (ui/widgets/settings_tab.py) --------------------------------------------
    def can_edit(self) -> bool:
        return allowed(self.uictx, Permission.MANAGE_BILLING_SETTINGS)

    def load(self) -> None:
        self.call(settings_service.get_billing_settings, on_done=self.loaded)

    def submit(self, on_done: Done, on_error: Failed) -> None:
        self.call(settings_service.update_billing_settings, **self.values(), on_done=on_done, on_error=on_error)

    def shown_values(self, result: BillingSettingsInfo) -> dict[str, str]:
        return _shown_values(result)  # the cleaned-up values: ids upper-cased, the phone formatted

    def show_state(self, info: BillingSettingsInfo, editable: bool) -> None:
        lines = []
        if not editable:
            lines.append("Only a biller or an administrator can change these settings.")
        if not info.complete:
            lines.append(INCOMPLETE_TEXT)
        if lines:
            self.notice.show_text(" ".join(lines))
        else:
            self.notice.clear_text()

    def fill(self, values: dict[str, str]) -> None:
        super().fill(values)
        index = self.usage.findData(values.get("usage_indicator", "T"))
        self.usage.setCurrentIndex(max(index, 0))
        self._usage_changed()

    def editable_widgets(self) -> list[QWidget]:
        return [self.usage]

    def values(self) -> dict[str, str]:
        return {**super().values(), "usage_indicator": str(self.usage.currentData())}

    def _usage_changed(self) -> None:
        self.production_warning.setVisible(self.usage.currentData() == "P")
