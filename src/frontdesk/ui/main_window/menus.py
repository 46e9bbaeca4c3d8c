"""The main window's menus and keyboard shortcuts (File, Go, View, Reports, Admin, Help)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

from frontdesk.domain.permissions import Permission
from frontdesk.ui.main_window.panes import PANES


class MenuHost(Protocol):
    """What the menus need of the main window: its menu bar, a place for window-wide shortcuts, and the slots."""

    def menuBar(self) -> QMenuBar: ...
    def addAction(self, action: QAction) -> None: ...
    def close(self) -> bool: ...
    def lock(self, reason: str = "manual") -> None: ...
    def sign_out(self) -> None: ...
    def back_up_now(self) -> bool: ...
    def end_of_day(self) -> None: ...
    def eligibility_files(self, start: str = "") -> None: ...
    def go(self, key: str) -> QWidget | None: ...
    def search_patients(self) -> None: ...
    def show_recent_messages(self) -> None: ...
    def open_admin_section(self, section: str) -> None: ...
    def open_report_area(self, area: str) -> None: ...
    def change_passphrase(self) -> None: ...
    def show_about(self) -> None: ...

# Admin menu entries that open a section of the Admin pane: (label, section name for AdminPane).
# Every Admin pane tab, so each is one menu pick away (mnemonics unique within the menu).
ADMIN_SECTIONS = (("&Users…", "users"), ("&Practice settings…", "practice"), ("P&roviders…", "providers"),
                  ("Schedule &hours…", "schedule_hours"), ("Schedule re&sources…", "schedule_resources"),
                  ("Pa&yers…", "payers"), ("&Fee schedule…", "fee_schedule"), ("&Billing settings…", "billing_settings"),
                  ("Accou&nting…", "accounting"), ("C&onsent forms…", "consents"), ("Bac&kups…", "backups"), ("&Audit trail…", "audit"))

# Reports menu: every report area one pick away from any pane, (label, area for the window's open_report_area,
# the permission the area's reports need). The panes keep their own ways in (Billing's Reports tab, Alt+0; the
# Calendar's Print arrow, Ctrl+Shift+R); this is where someone looking for "the reports" finds all of them.
REPORT_AREAS = (("&Billing reports", "billing", Permission.VIEW_AGING),  # a tab of the Billing pane
                ("A/R &aging", "aging", Permission.VIEW_AGING),  # a tab of the Billing pane too
                ("&Schedule reports…", "schedule", Permission.MANAGE_SCHEDULE_SETUP))


@dataclass
class MenuActions:
    """Every action, so the window can enable, disable and hide them as the session changes."""

    lock: QAction
    sign_out: QAction
    backup: QAction
    end_of_day: QAction
    quit: QAction
    search: QAction
    about: QAction
    change_passphrase: QAction
    admin_menu: QMenu
    recent_messages: QAction
    go: dict[str, QAction] = field(default_factory=dict)
    admin_sections: dict[str, QAction] = field(default_factory=dict)
    eligibility: dict[str, QAction] = field(default_factory=dict)  # File > Eligibility: export, import
    reports: dict[str, QAction] = field(default_factory=dict)  # Reports menu: area -> action

    def session_actions(self) -> list[QAction]:
        """Actions that need an unlocked session (everything but Quit)."""
        return [self.lock, self.sign_out, self.backup, self.end_of_day, self.search, self.about,
                self.change_passphrase, self.recent_messages,
                *self.go.values(), *self.admin_sections.values(), *self.eligibility.values(), *self.reports.values()]


def _action(window: MenuHost, text: str, slot, *shortcuts: str, name: str = "") -> QAction:  # type: ignore[no-untyped-def]
    action = QAction(text, window)
    if shortcuts:
        action.setShortcuts([QKeySequence(s) for s in shortcuts])
    if name:
        action.setObjectName(name)
    action.triggered.connect(lambda _checked=False: slot())
    # Added to the window too, so shortcuts work whatever has focus (and while menus are hidden).
    window.addAction(action)
    return action


def build_menus(window: MenuHost) -> MenuActions:
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    lock = _action(window, "&Lock screen", lambda: window.lock("manual"), "Ctrl+L", name="action_lock")
    sign_out = _action(window, "Sign &out", window.sign_out, name="action_sign_out")
    quit_ = _action(window, "&Quit", window.close, "Ctrl+Q", name="action_quit")
    backup = _action(window, "&Back up now\u2026", window.back_up_now, "Ctrl+Shift+B", name="action_backup")
    end_of_day = _action(window, "&End of day\u2026", window.end_of_day, "Ctrl+Shift+E", name="action_end_of_day")
    file_menu.addAction(end_of_day)
    file_menu.addAction(backup)
    # Eligibility > Export 270 / Import 271, for the day the calendar shows (issue 18 D).
    eligibility_menu = file_menu.addMenu("E&ligibility")
    eligibility = {start: _action(window, text, lambda s=start: window.eligibility_files(s),
                                  name=f"action_eligibility_{start}")
                   for start, text in (("export", "&Export 270\u2026"), ("import", "&Import 271\u2026"))}
    for action in eligibility.values():
        eligibility_menu.addAction(action)
    file_menu.addSeparator()
    file_menu.addAction(lock)
    file_menu.addAction(sign_out)
    file_menu.addSeparator()
    file_menu.addAction(quit_)

    go_menu = bar.addMenu("&Go")
    go: dict[str, QAction] = {}
    for spec in PANES:
        go[spec.key] = _action(window, f"&{spec.title}", lambda key=spec.key: window.go(key), spec.shortcut,
                               name=f"action_go_{spec.key}")
        go_menu.addAction(go[spec.key])
    go_menu.addSeparator()
    search = _action(window, "&Search patients", window.search_patients, "Ctrl+F", "F3", name="action_search")
    go_menu.addAction(search)

    view_menu = bar.addMenu("&View")
    recent_messages = _action(window, "Recent &messages\u2026", window.show_recent_messages,
                              name="action_recent_messages")
    view_menu.addAction(recent_messages)

    reports_menu = bar.addMenu("&Reports")
    reports = {area: _action(window, label, lambda a=area: window.open_report_area(a), name=f"action_reports_{area}")
               for label, area, _needs in REPORT_AREAS}
    for action in reports.values():
        reports_menu.addAction(action)

    admin_menu = bar.addMenu("&Admin")
    sections: dict[str, QAction] = {}
    for label, section in ADMIN_SECTIONS:
        sections[section] = _action(window, label, lambda s=section: window.open_admin_section(s),
                                    name=f"action_admin_{section}")
        admin_menu.addAction(sections[section])
    admin_menu.addSeparator()
    change_passphrase = _action(window, "&Change passphrase…", window.change_passphrase,
                                name="action_change_passphrase")
    admin_menu.addAction(change_passphrase)

    help_menu = bar.addMenu("&Help")
    about = _action(window, "&About FrontDesk", window.show_about, name="action_about")
    help_menu.addAction(about)
    return MenuActions(lock=lock, sign_out=sign_out, quit=quit_, backup=backup, end_of_day=end_of_day,
                       eligibility=eligibility, search=search, about=about,
                       change_passphrase=change_passphrase, admin_menu=admin_menu, recent_messages=recent_messages, go=go, admin_sections=sections,
                       reports=reports)
