"""The Users tab: accounts with their status, and the buttons to manage them."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton, QWidget

from frontdesk.domain.permissions import Permission, Role
from frontdesk.services.admin import providers as providers_service
from frontdesk.services.admin import users as users_service
from frontdesk.services.admin.providers import ProviderInfo
from frontdesk.services.admin.users import UserInfo
from frontdesk.ui.admin import enrolment_code_dialog as enrolment
from frontdesk.ui.admin.models import UsersModel
from frontdesk.ui.admin.user_dialogs import AddUserDialog, ChangeRoleDialog, ResetPasswordDialog
from frontdesk.ui.admin.user_provider_dialog import LinkProviderDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import StatusFn
from frontdesk.ui.widgets.models import SORT_ROLE
from frontdesk.ui.widgets.tab_base import RecordListTab


class UsersTab(RecordListTab):
    """List users; add, deactivate, reactivate, reset passwords, change roles, unlock."""

    topics = frozenset({"users"})
    permission = Permission.MANAGE_USERS
    denied_text = "Only an administrator can manage user accounts."

    def __init__(self, uictx: UiContext, status: StatusFn | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, status, parent)
        self.model = UsersModel(uictx.clock, self)
        self._build_table(SORT_ROLE)
        self.add_button = QPushButton("Add u&ser\u2026", self)
        self.deactivate_button = QPushButton("&Deactivate", self)
        self.reactivate_button = QPushButton("R&eactivate", self)
        self.reset_button = QPushButton("Reset &password\u2026", self)
        self.role_button = QPushButton("Change &role\u2026", self)
        self.unlock_button = QPushButton("&Unlock", self)
        self.provider_button = QPushButton("Lin&k provider\u2026", self)
        self.enrolment_button = QPushButton("New enrolment &code\u2026", self)
        self._build_filter("Username, name, role or status", 280)

        self.add_button.setToolTip("Create a named account for a new staff member")
        self.deactivate_button.setToolTip("Stop this account from signing in (its history stays)")
        self.reactivate_button.setToolTip("Let this deactivated account sign in again")
        self.reset_button.setToolTip("Set a new password for this user (also lifts a lockout)")
        self.role_button.setToolTip("Change what this user is allowed to do")
        self.unlock_button.setToolTip("Lift the lockout after too many failed sign-ins")
        self.provider_button.setToolTip("Clinical users: which provider this person is (their messages reach them)")
        self.enrolment_button.setToolTip(enrolment.BUTTON_TIP if enrolment.server_mode(uictx)
                                         else enrolment.SINGLE_PC_REASON)

        self._lay_out(self._buttons())

        self.add_button.clicked.connect(self._add)
        self.deactivate_button.clicked.connect(self._deactivate)
        self.reactivate_button.clicked.connect(self._reactivate)
        self.reset_button.clicked.connect(self._reset_password)
        self.role_button.clicked.connect(self._change_role)
        self.unlock_button.clicked.connect(self._unlock)
        self.provider_button.clicked.connect(self._link_provider)
        self.enrolment_button.clicked.connect(lambda: enrolment.issue_new_code(self, self.uictx, self.status))
        self._update_buttons()

    def _buttons(self) -> list[QPushButton]:
        return [self.add_button, self.deactivate_button, self.reactivate_button, self.reset_button,
                self.role_button, self.unlock_button, self.provider_button, self.enrolment_button]

    # -- loading ---------------------------------------------------------------------------------
    def load(self) -> None:
        self.call(users_service.list_users, on_done=self._loaded)

    def _loaded(self, rows: list[UserInfo]) -> None:
        self.show_rows(rows)

    # -- selection -------------------------------------------------------------------------------
    def selected_user(self) -> UserInfo | None:
        return self.selected_record()

    def select_user(self, user_id: int) -> bool:
        """Select the row of ``user_id`` (if it is shown); True when found."""
        return self.select_record(user_id)

    def _update_buttons(self) -> None:
        readable = self.can_read()
        user = self.selected_user() if readable else None
        self.add_button.setEnabled(readable)
        self.deactivate_button.setEnabled(user is not None and user.active)
        self.reactivate_button.setEnabled(user is not None and not user.active)
        self.reset_button.setEnabled(user is not None)
        self.role_button.setEnabled(user is not None)
        self.unlock_button.setEnabled(user is not None and user.active and user.is_locked())
        self.provider_button.setEnabled(user is not None and user.active and user.role is Role.CLINICAL)
        self.enrolment_button.setEnabled(readable and enrolment.server_mode(self.uictx))

    # -- actions ---------------------------------------------------------------------------------
    def _add(self) -> None:
        user = AddUserDialog.ask(self, self.uictx)
        if user is not None:
            self.select_user(user.id)
            self.status(f"Added user {user.username} ({user.role.label}).")

    def _deactivate(self) -> None:
        self._act(users_service.deactivate_user,
                  lambda u: f"Deactivated {u.username}; they can no longer sign in.")

    def _reactivate(self) -> None:
        self._act(users_service.reactivate_user, lambda u: f"Reactivated {u.username}; they can sign in again.")

    def _unlock(self) -> None:
        self._act(users_service.unlock_user, lambda u: f"Unlocked {u.username}.")

    def _reset_password(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        updated = ResetPasswordDialog.ask(self, self.uictx, user)
        if updated is not None:
            self.status(f"New password set for {updated.username}.")

    def _change_role(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        updated = ChangeRoleDialog.ask(self, self.uictx, user)
        if updated is not None:
            self.status(f"{updated.username} is now {updated.role.label}.")

    def _link_provider(self) -> None:
        user = self.selected_user()
        if user is None:
            return
        self.call(providers_service.list_providers, on_done=lambda found: self._link_with(user, found))

    def _link_with(self, user: UserInfo, found: list[ProviderInfo]) -> None:
        updated = LinkProviderDialog.ask(self, self.uictx, user, found)
        if updated is not None:
            linked = "linked to a provider" if updated.provider_id is not None else "one of the Nurses"
            self.status(f"{updated.username} is now {linked}.")

    def _act(self, service: Callable[..., UserInfo], message: Callable[[UserInfo], str]) -> None:
        """One-click actions; errors (e.g. 'last administrator') go to the app's error presenter."""
        user = self.selected_user()
        if user is None:
            return
        self.call(service, user.id, on_done=lambda updated: self.status(message(updated)))
