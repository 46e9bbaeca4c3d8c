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
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import Notice, StatusFn, allowed, scrolling_form
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.tab_base import AdminTab

EXPLAIN = ("Type each account exactly as QuickBooks names it (a sub-account as Parent:Child). Cash and checks "
           "wait in the undeposited-funds account until a deposit slip moves them to the bank; adjustments "
           "move from accounts receivable to the adjustment accounts.")


class AccountingTab(AdminTab):
    """Edit the chart-of-accounts map (administrators); billers see it read-only."""

    topics = frozenset({"accounting"})
    permission = Permission.VIEW_AGING
    denied_text = "Your role does not allow viewing the accounting settings."

    def __init__(self, uictx: UiContext, status: StatusFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, status, parent)
        self._saved: dict[str, str] = {}
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
            edit.returnPressed.connect(self._save)
            self.edits[key.key] = edit
            self.form.add_field(key.key, f"{key.label}:", edit)
        self.save_button = QPushButton("&Save accounts", box)
        self.save_button.clicked.connect(self._save)
        self.revert_button = QPushButton("Rever&t", box)
        self.revert_button.setToolTip("Put back the saved accounts")
        self.revert_button.clicked.connect(self._revert)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.revert_button)
        buttons.addWidget(self.save_button)
        column = QVBoxLayout(box)
        column.addWidget(explain)
        column.addWidget(self.form)
        column.addLayout(buttons)
        scrolling_form(self, self.notice, box)
        self._set_editable(False)

    def can_edit(self) -> bool:
        return allowed(self.uictx, Permission.MANAGE_PRACTICE)

    def load(self) -> None:
        self.call(accounting_map.account_map, on_done=self._loaded)

    def _loaded(self, saved: AccountMap) -> None:
        keep = self.dirty()  # half-typed edits are never overwritten by a background refresh
        self._saved = dict(saved.accounts)
        if not keep:
            self._fill(self._saved)
        editable = self.can_edit()
        self._set_editable(editable)
        self._show_state(saved, editable)

    def _show_state(self, saved: AccountMap, editable: bool) -> None:
        lines = [] if editable else ["Only an administrator can change these accounts."]
        if saved.missing:
            lines.append(f"\u26a0 {len(saved.missing)} of {len(KEYS)} accounts are not chosen yet: the export "
                         "refuses a day that needs one of them.")
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
        for key, edit in self.edits.items():
            edit.setText(values.get(key, ""))

    def _set_editable(self, editable: bool) -> None:
        for edit in self.edits.values():
            edit.setReadOnly(not editable)
        self.save_button.setEnabled(editable)
        self.revert_button.setEnabled(editable)

    def values(self) -> dict[str, str]:
        """What the form holds now, as the service takes it."""
        return {key: edit.text() for key, edit in self.edits.items()}

    def dirty(self) -> bool:
        """Has anyone changed something not yet saved?"""
        return bool(self._saved) and self.values() != self._saved

    def _save(self) -> None:
        if not self.save_button.isEnabled():
            return
        self.form.clear_errors()
        self.save_button.setEnabled(False)
        self.call(accounting_map.save_account_map, self.values(), on_done=self._saved_map, on_error=self._failed)

    def _saved_map(self, saved: AccountMap) -> None:
        self.save_button.setEnabled(True)
        self._saved = dict(saved.accounts)
        self._fill(self._saved)
        self._show_state(saved, True)
        self.status("Accounting accounts saved.")

    def _failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if not self.form.show_exception(exc):  # typed values stay; messages appear beside their fields
            ErrorPresenter(self)(exc)

    def _revert(self) -> None:
        self.form.clear_errors()
        self._fill(self._saved)
