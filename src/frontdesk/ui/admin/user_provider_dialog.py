"""Admin > Users > Link provider: which provider a Clinical user is (their messages and tasks reach them)."""

from __future__ import annotations

import html

from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from frontdesk.services.admin import users as users_service
from frontdesk.services.admin.providers import ProviderInfo
from frontdesk.services.admin.users import UserInfo
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.context import UiContext

NOT_A_PROVIDER = "Not a provider (one of the Nurses)"


class LinkProviderDialog(ServiceFormDialog):
    """Pick the provider (or none) -> users.link_provider."""

    def __init__(self, uictx: UiContext, user: UserInfo, providers: list[ProviderInfo],
                 parent: QWidget | None = None) -> None:
        super().__init__(uictx, "Link provider", "&Save", parent)
        self.user = user
        intro = QLabel(f"Messages and tasks for the chosen provider reach <b>{html.escape(user.full_name)}</b>. "
                       "A Clinical user with no provider gets the Nurses' messages.", self)
        intro.setWordWrap(True)
        self.form.layout_.addRow(intro)
        self.provider = QComboBox(self)
        self.provider.addItem(NOT_A_PROVIDER, None)
        for p in providers:
            if p.active:
                self.provider.addItem(p.display_name, p.id)
        self.provider.setCurrentIndex(max(0, self.provider.findData(user.provider_id)))
        self.form.add_field("provider_id", "&Provider:", self.provider)
        self.provider.setFocus()

    def start(self, on_done: Done, on_error: Failed) -> None:
        self.uictx.call(users_service.link_provider, self.user.id, self.provider.currentData(),
                        on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, user: UserInfo,
            providers: list[ProviderInfo]) -> UserInfo | None:
        """Show the dialog; the updated user, or None when cancelled."""
        return cls.run(cls(uictx, user, providers, parent))
