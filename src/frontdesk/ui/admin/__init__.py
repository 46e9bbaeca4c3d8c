"""The Admin pane: users, practice settings, providers, schedule setup, payers, fee schedule, billing settings,
accounting, consent forms, backups and the audit trail."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget

from frontdesk.ui.admin.accounting_tab import AccountingTab
from frontdesk.ui.admin.audit_tab import AuditTab
from frontdesk.ui.admin.billing_settings_tab import BillingSettingsTab
from frontdesk.ui.admin.consent_settings_tab import ConsentSettingsTab
from frontdesk.ui.admin.fee_schedule_tab import FeeScheduleTab
from frontdesk.ui.admin.payers_tab import PayersTab
from frontdesk.ui.admin.practice_tab import PracticeTab
from frontdesk.ui.admin.providers_tab import ProvidersTab
from frontdesk.ui.admin.schedule_hours_tab import ScheduleHoursTab
from frontdesk.ui.admin.schedule_resources_tab import ScheduleResourcesTab
from frontdesk.ui.admin.users_tab import UsersTab
from frontdesk.ui.backup.backups_tab import BackupsTab
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import StatusFn, no_status

__all__ = ["AdminPane"]


class AdminPane(QTabWidget):
    """Twelve tabs; each loads its data when first shown and refreshes itself on changes.

    ``status`` receives quiet success messages ("Added user rita (Front desk).") for the
    main window's status bar.
    """

    TAB_NAMES = ("users", "practice", "providers", "schedule_hours", "schedule_resources", "payers", "fee_schedule",
                 "billing_settings", "accounting", "consents", "backups", "audit")

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *,
                 status: StatusFn | None = None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.status: StatusFn = status or no_status
        self.setObjectName("admin_pane")
        self.setDocumentMode(True)
        self.users_tab = UsersTab(uictx, self.status, self)
        self.practice_tab = PracticeTab(uictx, self.status, self)
        self.providers_tab = ProvidersTab(uictx, self.status, self)
        self.schedule_hours_tab = ScheduleHoursTab(uictx, self.status, self)
        self.schedule_resources_tab = ScheduleResourcesTab(uictx, self.status, self)
        self.payers_tab = PayersTab(uictx, self.status, self)
        self.fee_schedule_tab = FeeScheduleTab(uictx, self.status, self)
        self.billing_settings_tab = BillingSettingsTab(uictx, self.status, self)
        self.accounting_tab = AccountingTab(uictx, self.status, self)
        self.consents_tab = ConsentSettingsTab(uictx, self.status, self)
        self.backups_tab = BackupsTab(uictx, self.status, self)
        self.audit_tab = AuditTab(uictx, self.status, self)
        # No mnemonics on the tab titles: the buttons inside the tabs use the Alt keys.
        self.addTab(self.users_tab, "Users")
        self.addTab(self.practice_tab, "Practice settings")
        self.addTab(self.providers_tab, "Providers")
        self.addTab(self.schedule_hours_tab, "Schedule hours")
        self.addTab(self.schedule_resources_tab, "Schedule resources")
        self.addTab(self.payers_tab, "Payers")
        self.addTab(self.fee_schedule_tab, "Fee schedule")
        self.addTab(self.billing_settings_tab, "Billing settings")
        self.addTab(self.accounting_tab, "Accounting")
        self.addTab(self.consents_tab, "Consent forms")
        self.addTab(self.backups_tab, "Backups")
        self.addTab(self.audit_tab, "Audit trail")
        self._tabs = dict(zip(self.TAB_NAMES, (self.users_tab, self.practice_tab, self.providers_tab,
                                                self.schedule_hours_tab, self.schedule_resources_tab,
                                                self.payers_tab, self.fee_schedule_tab, self.billing_settings_tab,
                                                self.accounting_tab, self.consents_tab, self.backups_tab, self.audit_tab), strict=True))

    def show_tab(self, name: str) -> QWidget:
        """Bring tab ``name`` (one of TAB_NAMES, e.g. 'providers' or 'schedule_hours') to the front."""
        try:
            tab = self._tabs[name]
        except KeyError:
            raise ValueError(f"unknown admin tab {name!r}; expected one of {', '.join(self.TAB_NAMES)}") from None
        self.setCurrentWidget(tab)
        return tab

    def show_record(self, name: str, record_id: int = 0, field: str = "") -> QWidget:
        """Tab ``name`` with ``record_id`` selected and opened on ``field`` (a tab listing records), or ``field``
        focused (a tab editing in place, like the practice settings): where a claim problem is fixed."""
        tab = self.show_tab(name)
        edit = getattr(tab, "edit_record_field", None)
        focus = getattr(tab, "focus_field", None)
        if record_id and callable(edit):
            edit(record_id, field)
        elif field and callable(focus):
            focus(field)
        return tab

    def tab(self, name: str) -> QWidget:
        """The widget of tab ``name`` (for the main window and tests)."""
        return self._tabs[name]
