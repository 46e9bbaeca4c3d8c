"""The Desk pane: one tab each for phone messages, tasks, referrals, letters and recalls."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QTabWidget, QWidget

from frontdesk.domain.permissions import Permission, denied_reason, role_allows
from frontdesk.services.session import Actor
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.letters_tab import LettersTab
from frontdesk.ui.desk.messages_tab import MessagesTab
from frontdesk.ui.desk.recalls_tab import RecallsTab
from frontdesk.ui.desk.referrals_tab import ReferralsTab
from frontdesk.ui.desk.tasks_tab import TasksTab


def _no_status(_text: str) -> None:
    return None


class DeskPane(QTabWidget):
    """The front desk's communications. Each tab loads on first show and refreshes itself on changes."""

    TAB_NAMES = ("messages", "tasks", "referrals", "letters", "recalls")
    # What each tab needs: a Clinical user has the inbox (messages, tasks) but not referrals, letters, recalls.
    TAB_NEEDS = (Permission.TAKE_MESSAGES, Permission.MANAGE_TASKS, Permission.MANAGE_REFERRALS,
                 Permission.SEND_LETTERS, Permission.MANAGE_RECALLS)

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("desk_pane")
        self.setDocumentMode(True)
        self.status = status or _no_status
        self.messages_tab = MessagesTab(uictx, self.status, self)
        self.tasks_tab = TasksTab(uictx, self.status, self)
        self.referrals_tab = ReferralsTab(uictx, self.status, self)
        self.letters_tab = LettersTab(uictx, self.status, self)
        self.recalls_tab = RecallsTab(uictx, self.status, self)
        # No mnemonics on the tab titles: the buttons inside the tabs use the Alt keys.
        for widget, title in ((self.messages_tab, "Messages"), (self.tasks_tab, "Tasks"),
                              (self.referrals_tab, "Referrals"), (self.letters_tab, "Letters"),
                              (self.recalls_tab, "Recalls")):
            self.addTab(widget, title)
        self._tabs = dict(zip(self.TAB_NAMES, (self.messages_tab, self.tasks_tab, self.referrals_tab,
                                                self.letters_tab, self.recalls_tab), strict=True))
        self._titles = [self.tabText(i) for i in range(self.count())]
        uictx.actor_changed.connect(self._apply_actor)
        self._apply_actor(uictx.actor)

    def _apply_actor(self, actor: Actor | None) -> None:
        """Grey out (with the reason) the tabs this role may not use; the services refuse them anyway."""
        if actor is None:
            return
        for index, needs in enumerate(self.TAB_NEEDS):
            allowed = role_allows(actor.role, needs)
            self.setTabEnabled(index, allowed)
            self.setTabToolTip(index, "" if allowed else denied_reason(self._titles[index], actor.role))

    def show_tab(self, name: str) -> QWidget:
        """Bring tab ``name`` (one of TAB_NAMES) to the front."""
        tab = self._tabs[name]
        self.setCurrentWidget(tab)
        return tab

    def tab(self, name: str) -> QWidget:
        return self._tabs[name]
