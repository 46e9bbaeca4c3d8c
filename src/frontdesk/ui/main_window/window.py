"""The main window: navigation and panes, menus, status bar, locking, switching user and signing out."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QPushButton, QStackedWidget, QVBoxLayout, QWidget

from frontdesk.domain.permissions import Permission, Role, role_allows
from frontdesk.services.admin import auth
from frontdesk.services.admin import practice as practice_service
from frontdesk.services.session import Actor
from frontdesk.ui.backup.age_indicator import BackupAgeIndicator
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.messages_badge import UnreadBadge
from frontdesk.ui.idle import IdleWatcher
from frontdesk.ui.lock import LockScreen, WindowConcealer
from frontdesk.ui.main_window import closing
from frontdesk.ui.main_window.menus import build_menus
from frontdesk.ui.main_window.panes import PaneHost, home_pane
from frontdesk.ui.main_window.role_gates import apply_role_gates
from frontdesk.ui.main_window.server_banner import BACK_MESSAGE, ServerBanner
from frontdesk.ui.main_window.status_messages import ElidedLabel, MessageStatusBar, RecentMessagesDialog
from frontdesk.ui.main_window.window_place import place_window, save_window_place
from frontdesk.ui.widgets.file_folders import remember_folders_in

log = logging.getLogger(__name__)

APP_TITLE = "FrontDesk"
LOCKED_TITLE = "FrontDesk — Locked"
DEFAULT_IDLE_MINUTES = 10
STATUS_MESSAGE_MS = 8000


def window_title(practice_name: str, *, demo: bool, locked: bool) -> str:
    """'FrontDesk — <practice>', with DEMO said once (the demo practice's own name already says it)."""
    title = LOCKED_TITLE if locked else (f"{APP_TITLE} — {practice_name}" if practice_name else APP_TITLE)
    return title + " — DEMO" if demo and "DEMO" not in title.upper() else title


def _focus_first_field(pane: QWidget) -> None:
    """Put the keyboard focus on the first control of a pane that takes Tab focus."""
    if pane.focusPolicy() & Qt.FocusPolicy.TabFocus:
        pane.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return
    child = pane.nextInFocusChain()
    while child is not None and child is not pane and pane.isAncestorOf(child):  # tab order, not creation order
        if child.isVisibleTo(pane) and child.isEnabled() and child.focusPolicy() & Qt.FocusPolicy.TabFocus:
            child.setFocus(Qt.FocusReason.ShortcutFocusReason)
            return
        child = child.nextInFocusChain()


class MainWindow(QMainWindow):
    """Emits ``signed_out`` after Sign out and ``quit_requested`` when the user closes the window.

    ``idle_timeout_ms`` overrides the practice's automatic-lock delay (tests use a short one).
    """

    signed_out = Signal()
    quit_requested = Signal()
    restore_finished = Signal(object)  # a RestoreSummary: the app reopens on the restored database

    def __init__(self, uictx: UiContext, *, practice_name: str = "", idle_timeout_ms: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("main_window")
        self.uictx = uictx
        self.practice_name = practice_name
        self._idle_override = idle_timeout_ms
        self._locked = False
        self._leaving = False  # closing because of Sign out, not Quit
        self._focus_before_lock: QWidget | None = None

        self.panes = PaneHost(uictx, self.show_status, self)
        self.panes.current_changed.connect(self._wire_pane)
        self.lock_screen = LockScreen(uictx, self)
        self.central = QStackedWidget(self)
        self.central.addWidget(self.panes)
        self.central.addWidget(self.lock_screen)
        self.server_banner = ServerBanner(self)  # server mode: above everything while the server is away
        body = QWidget(self)
        column = QVBoxLayout(body)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.server_banner)
        column.addWidget(self.central, 1)
        self.setCentralWidget(body)
        self.concealer = WindowConcealer(self)

        self.user_label = ElidedLabel("", self)  # these two shrink (full text in a tooltip) so messages have room
        self.user_label.setObjectName("status_user")
        self.practice_label = ElidedLabel("", self)
        self.practice_label.setObjectName("status_practice")
        self.demo_label = QLabel("DEMO — made-up patients", self)
        self.demo_label.setObjectName("status_demo")
        self.demo_label.setVisible(uictx.demo)
        self.lock_button = QPushButton("Lock screen (Ctrl+L)", self)
        self.lock_button.setObjectName("lock_button")
        self.lock_button.setToolTip("Lock the screen now (Ctrl+L)")
        self.lock_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.lock_button.clicked.connect(lambda: self.lock("manual"))
        self.unread_badge = UnreadBadge(uictx, self)
        self.unread_badge.clicked.connect(lambda: self.open_desk_tab("messages"))
        self.unread_badge.count_changed.connect(
            lambda n: self.panes.set_note("desk", f"{n:,} unread" if n > 0 else ""))
        self.backup_age = BackupAgeIndicator(uictx, self)
        self.backup_age.activated.connect(self.back_up_now)
        self.backup_age.report_ready.connect(self.show_status)  # the last scheduled backup, told at sign-in
        self.setStatusBar(MessageStatusBar(uictx, self))
        bar = self.statusBar()
        bar.addPermanentWidget(self.backup_age)
        bar.addPermanentWidget(self.unread_badge)
        bar.addPermanentWidget(self.demo_label)
        bar.addPermanentWidget(self.user_label)
        bar.addPermanentWidget(self.practice_label)
        bar.addPermanentWidget(self.lock_button)

        self.actions_ = build_menus(self)
        self.idle = IdleWatcher(idle_timeout_ms or DEFAULT_IDLE_MINUTES * 60_000, self)
        self.idle.idle.connect(lambda: self.lock("idle"))

        self.lock_screen.unlocked.connect(self._on_unlocked)
        self.lock_screen.switched.connect(self._on_switched)
        uictx.actor_changed.connect(self._apply_actor)
        uictx.changed.connect(self._on_changed)
        uictx.server.reachable_changed.connect(self._server_reachable)
        self.server_banner.set_reachable(uictx.server.reachable)

        self.setMinimumSize(1024, 600)
        place_window(self, uictx.paths.settings_file)  # as this workstation had it last time, else fit the screen
        remember_folders_in(uictx.paths.settings_file)  # file dialogs start in this workstation's last folders
        self._update_title()
        self._apply_actor(uictx.actor)
        self.panes.show_pane(home_pane(None if uictx.actor is None else uictx.actor.role))
        self.refresh_practice()

    # -- state ----------------------------------------------------------------------------------------
    def is_locked(self) -> bool:
        return self._locked

    def _update_title(self) -> None:
        self.setWindowTitle(window_title(self.practice_name, demo=self.uictx.demo, locked=self._locked))

    def _apply_actor(self, actor: Actor | None) -> None:
        """Re-evaluate what this user may see: Admin pane and menu only for administrators, the rest by permission."""
        role = None if actor is None else actor.role
        self.user_label.setText("" if actor is None else f"Signed in: {actor.full_name} ({actor.role.label})")
        self.panes.set_role(role)
        is_admin = role == Role.ADMIN
        self.actions_.admin_menu.menuAction().setVisible(is_admin)
        for action in (*self.actions_.admin_sections.values(), self.actions_.change_passphrase,
                       self.actions_.go["admin"]):
            action.setVisible(is_admin)
            action.setEnabled(is_admin and not self._locked)
        apply_role_gates(self.actions_, role, self._locked)  # e.g. Clinical: no End of day, Backup, Billing
        # "Back up today" is a to-do for whoever may back up; to anyone else it is a nag they cannot act on.
        self.backup_age.setVisible(role is not None and role_allows(role, Permission.BACKUP))

    def refresh_practice(self) -> None:
        # The practice is the same whoever signs in: a switch while it loads still wants the name.
        self.uictx.call(practice_service.get_practice, on_done=self._show_practice, outlives_sign_in=True)

    def _show_practice(self, info: practice_service.PracticeInfo) -> None:
        self.practice_name = info.legal_name
        self.practice_label.setText(f"Practice: {info.legal_name}")
        if self._idle_override is None:
            self.idle.set_timeout_minutes(info.idle_lock_minutes)
        self._update_title()

    def _on_changed(self, topics: frozenset[str]) -> None:
        # (A changed role shows on the next unlock or sign-in; the services check it on every call.)
        if "practice" in topics:
            self.refresh_practice()

    def _server_reachable(self, reachable: bool) -> None:
        self.server_banner.set_reachable(reachable)
        if reachable:
            self.show_status(BACK_MESSAGE)

    def show_status(self, text: str) -> None:
        """Quiet success messages from panes (never a popup)."""
        self.statusBar().showMessage(text, STATUS_MESSAGE_MS)

    def show_recent_messages(self) -> None:
        """View > Recent messages: the last status-bar messages with their time."""
        if not self._locked:
            RecentMessagesDialog.ask(self, self.statusBar().recent())

    # -- navigation -----------------------------------------------------------------------------------
    def go(self, key: str) -> QWidget | None:
        """Show a pane (Ctrl+1..4) with the keyboard in it; None while locked or not allowed."""
        if self._locked:
            return None
        pane = self.panes.show_pane(key)
        focus = QApplication.focusWidget()
        if pane is not None and (focus is None or not pane.isAncestorOf(focus)):
            _focus_first_field(pane)
        return pane

    def search_patients(self) -> None:
        """Ctrl+F / F3 from anywhere: the Patients pane with the cursor in its search box."""
        pane = self.go("patients")
        if pane is not None and hasattr(pane, "focus_search"):
            pane.focus_search()

    def open_desk_tab(self, name: str) -> None:
        """The Desk pane on one of its tabs (e.g. the unread-messages badge opens Messages)."""
        pane = self.go("desk")
        show_tab = getattr(pane, "show_tab", None)
        if callable(show_tab):
            show_tab(name)

    def open_admin_section(self, section: str) -> None:
        """Admin menu: Users…, Practice settings…, Audit trail… open that tab of the Admin pane."""
        pane = self.go("admin")
        show_tab = getattr(pane, "show_tab", None)
        if callable(show_tab):
            show_tab(section)

    def open_report_area(self, area: str) -> None:
        """Reports menu: Billing's Reports tab, its A/R aging tab, or the Calendar's schedule reports window."""
        pane = self.go("calendar" if area == "schedule" else "billing")
        if pane is None:
            return
        if area == "schedule":
            pane.open_reports()  # type: ignore[attr-defined]
        else:
            pane.show_tab("reports" if area == "billing" else "aging")  # type: ignore[attr-defined]

    # -- routing between panes --------------------------------------------------------------------------
    def _wire_pane(self, key: str) -> None:
        """Connect a pane's requests to open another pane, once per pane object (panes are built lazily)."""
        pane = self.panes.pane(key)
        if pane is None or pane.property("frontdesk_routed"):
            return
        pane.setProperty("frontdesk_routed", True)
        if key == "billing":
            pane.fix_in_patient_requested.connect(self.fix_in_patient)
            pane.open_admin_requested.connect(self.open_billing_fix_in_admin)
            pane.export_journal_requested.connect(lambda start, end: closing.export_journal(self, start, end))
        elif key == "calendar" and hasattr(pane, "enter_charges_requested"):
            pane.enter_charges_requested.connect(self.enter_charges)
        elif key == "admin" and hasattr(pane, "backups_tab"):
            pane.backups_tab.restore_finished.connect(self._restored)

    def _restored(self, summary: object) -> None:
        """After a restore the old database is closed: sign everyone out and let the app reopen the new one."""
        self.uictx.set_actor(None)  # first, so no pane queries the closed database
        self._leaving = True
        self.close()
        self.restore_finished.emit(summary)

    def back_up_now(self) -> bool:
        return closing.back_up_now(self)

    def end_of_day(self) -> None:
        closing.end_of_day(self)

    def eligibility_files(self, start: str = "") -> None:
        """File > Eligibility > Export 270 / Import 271: the dialog for the day the calendar shows (else today)."""
        from frontdesk.ui.calendar.eligibility_dialog import EligibilityFilesDialog

        calendar = self.panes.pane("calendar")
        current_day = getattr(calendar, "current_day", None)
        day = current_day() if callable(current_day) else self.uictx.clock.today()
        EligibilityFilesDialog.ask(self, self.uictx, day, start=start)

    def open_patient(self, patient_id: int, tab: str = "demographics") -> None:
        """The Patients pane on a patient, on the named tab ('demographics' or 'insurance')."""
        pane = self.go("patients")
        if pane is not None:
            pane.open_patient(patient_id, tab=1 if tab == "insurance" else 0)

    def fix_in_patient(self, target: object) -> None:
        """A claim problem on the patient's record (a ProblemTarget): that patient, and the field's own editor."""
        pane = self.go("patients")
        if pane is not None:
            pane.open_to_fix(target)

    def open_billing_fix_in_admin(self, section: str, record_id: int = 0, field: str = "") -> None:
        """A claim problem fixed in Admin (providers, practice, payers...) on that record and field; others are
        told who can fix it."""
        from frontdesk.ui.admin import AdminPane

        names = {"providers": "Providers", "practice": "Practice settings", "payers": "Payers",
                 "billing_settings": "Billing settings"}
        where = f"Admin \u203a {names.get(section, section)}"
        if not self.panes.allowed("admin"):
            self.show_status(f"An administrator fixes this in {where}.")
        elif section in AdminPane.TAB_NAMES:
            pane = self.go("admin")
            if pane is not None:
                pane.show_record(section, record_id, field)
        else:  # no such tab in this version: the practice settings are the nearest place
            self.open_admin_section("practice")
            self.show_status(f"Fix this in {where}.")

    def enter_charges(self, appointment_id: int) -> None:
        """Calendar 'Enter charges': the Billing pane's encounter for that visit."""
        pane = self.go("billing")
        if pane is not None:
            pane.open_appointment(appointment_id)

    def change_passphrase(self) -> None:
        if self._locked:
            return
        from frontdesk.ui.setup_wizard.change_passphrase import ChangePassphraseDialog

        if ChangePassphraseDialog.ask(self, self.uictx):
            self.show_status("Administrator passphrase changed")

    def show_about(self) -> None:
        from frontdesk.ui.about import AboutDialog

        AboutDialog.ask(self, self.uictx.paths, demo=self.uictx.demo)

    # -- locking --------------------------------------------------------------------------------------
    def lock(self, reason: str = "manual") -> None:
        """Hide everything that could show patient data until the password is typed again."""
        if self._locked or self.uictx.actor is None:
            return
        self._locked = True
        self.idle.stop()
        focus = QApplication.focusWidget()
        self._focus_before_lock = focus if focus is not None and focus.window() is self else None
        self.uictx.call(auth.record_idle_lock, reason="idle" if reason == "idle" else "manual")
        self.concealer.conceal(LOCKED_TITLE)
        self.lock_screen.prepare(self.practice_name, self.uictx.actor.username)
        self.central.setCurrentWidget(self.lock_screen)
        self.statusBar().hide()
        self._set_session_actions(False)
        self._update_title()
        self.lock_screen.password.setFocus()
        log.info("screen locked (%s)", reason)

    def _set_session_actions(self, enabled: bool) -> None:
        for action in self.actions_.session_actions():
            action.setEnabled(enabled)
        self.lock_button.setEnabled(enabled)
        if enabled:
            self._apply_actor(self.uictx.actor)

    def _leave_lock(self) -> None:
        self._locked = False
        self.central.setCurrentWidget(self.panes)
        self.statusBar().show()
        self._set_session_actions(True)
        self._update_title()
        if self.isVisible():
            self.idle.start()

    def _on_unlocked(self, actor: Actor) -> None:
        self.uictx.set_actor(actor)  # same user; the role is re-read in case it changed meanwhile
        self._leave_lock()
        self.concealer.restore()
        focus, self._focus_before_lock = self._focus_before_lock, None
        if focus is not None:
            focus.setFocus()  # back where they were typing

    def _on_switched(self, actor: Actor) -> None:
        """Another user took over: the previous user's panes and dialogs go, unsaved input with them."""
        self.concealer.discard()
        self.panes.reset()
        self._focus_before_lock = None
        self.uictx.set_actor(actor)
        self._leave_lock()
        self.panes.show_pane(home_pane(actor.role))
        self.show_status(f"Signed in as {actor.full_name}.")

    # -- leaving ----------------------------------------------------------------------------------------
    def sign_out(self) -> None:
        if self._locked or self.uictx.actor is None:
            return
        self.uictx.call(auth.logout, on_done=lambda _r: self._finish_sign_out())

    def _finish_sign_out(self) -> None:
        self.uictx.set_actor(None)
        self._leaving = True
        self.close()
        self.signed_out.emit()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        super().showEvent(event)
        if not self._locked and not self.idle.is_running():
            self.idle.start()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 (Qt override)
        self.idle.stop()
        save_window_place(self, self.uictx.paths.settings_file)
        super().closeEvent(event)
        if not self._leaving:
            self.quit_requested.emit()
