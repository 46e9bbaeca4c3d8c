"""The Accounting tab: which of the practice's QuickBooks accounts each kind of FrontDesk money goes to.

The End of day pane exports the closed days' journals with these accounts; it refuses while one it needs is
blank. The usual QuickBooks names are placeholders only: nothing is saved that the administrator did not type.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from frontdesk.domain.permissions import Permission
from frontdesk.services.admin import accounting_map
from frontdesk.services.admin.accounting_map import KEYS, MAX_ACCOUNT, AccountMap
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import Notice, StatusFn, allowed, scrolling_form
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.settings_tab import Done, Failed, SettingsFormTab

EXPLAIN = ("Type each account exactly as QuickBooks names it (a sub-account as Parent:Child). Cash and checks "
           "wait in the undeposited-funds account until a deposit slip moves them to the bank; adjustments "
           "move from accounts receivable to the adjustment accounts.")


class AccountingTab(SettingsFormTab):
    """Edit the chart-of-accounts map (administrators); billers see it read-only."""

    topics = frozenset({"accounting"})
    permission = Permission.VIEW_AGING
    denied_text = "Your role does not allow viewing the accounting settings."

    saved_text = "Accounting accounts saved."

    def __init__(self, uictx: UiContext, status: StatusFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, status, parent)
        self.notice = Notice(self)
        box = QGroupBox("QuickBooks accounts for the accounting export", self)
        explain = QLabel(EXPLAIN, box)
        explain.setWordWrap(True)
        self.form = ValidatedForm(box)
        self.edits: dict[str, QLineEdit] = {}
        for key in KEYS:
            edit = QLineEdit(box)
            edit.setMaxLength(MAX_ACCOUNT)
            edit.setPlaceholderText(f"e.g. {key.suggestion}")
            edit.returnPressed.connect(self.save)
            self.edits[key.key] = edit
            self.form.add_field(key.key, f"{key.label}:", edit)
        self.save_button = QPushButton("&Save accounts", box)
        self.save_button.clicked.connect(self.save)
        self.revert_button = QPushButton("Rever&t", box)
        self.revert_button.setToolTip("Put back the saved accounts")
        self.revert_button.clicked.connect(self.revert)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        column = QVBoxLayout(box)
        column.addWidget(explain)
        column.addWidget(self.form)
        column.addLayout(buttons)
        scrolling_form(self, self.notice, box)
        self.set_editable(False)

    # -- the settings cycle (ui/widgets/settings_tab.py) --------------------------------------------
    def can_edit(self) -> bool:
        return allowed(self.uictx, Permission.MANAGE_PRACTICE)

    def load(self) -> None:
        self.call(accounting_map.account_map, on_done=self.loaded)

    def submit(self, on_done: Done, on_error: Failed) -> None:
        self.call(accounting_map.save_account_map, self.values(), on_done=on_done, on_error=on_error)

    def shown_values(self, result: AccountMap) -> dict[str, str]:
        return dict(result.accounts)

    def show_state(self, saved: AccountMap, editable: bool) -> None:
        lines = [] if editable else ["Only an administrator can change these accounts."]
        if saved.missing:
            lines.append(f"\u26a0 {len(saved.missing)} of {len(KEYS)} accounts are not chosen yet: the export "
                         "refuses a day that needs one of them.")
        if lines:
            self.notice.show_text(" ".join(lines))
        else:
            self.notice.clear_text()
