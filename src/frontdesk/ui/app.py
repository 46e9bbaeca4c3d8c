"""GUI start-up: open (or create) the practice data, sign in, run the main window until Quit.

Entry point: :func:`run_gui` (called by ``frontdesk`` and ``frontdesk demo``).

Functions the benchmark can time (each builds, does not show, and needs a QApplication):

- ``build_login_window(uictx, *, demo=False, username="") -> LoginWindow``: the sign-in window.
  ``run_gui`` shows it *before* the data is open (``uictx=None``, then ``window.attach(uictx)``),
  so start to login window = QApplication + this; the key and the store open meanwhile.
- ``build_main_window(uictx, *, practice_name="", idle_timeout_ms=None) -> MainWindow``: the main
  window for ``uictx.actor`` (set it first, e.g. with the actor ``auth.login`` returns); only the
  Calendar pane is built, the others are imported and built the first time they are shown.
- ``create_application()``: the QApplication with FrontDesk's names (reuses an existing one).

This module imports only Qt at load time; the database, services and panes load when needed.
"""

from __future__ import annotations

import logging
import sys
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QApplication

from frontdesk.ui.app_opening import EXIT_CANNOT_OPEN, EXIT_OK, OpeningSteps
from frontdesk.ui.app_resources import app_icon, preload_code_set
from frontdesk.ui.errors import install_excepthook

if TYPE_CHECKING:
    from frontdesk.paths import DataPaths
    from frontdesk.storage.engine import Database
    from frontdesk.storage.keyring_cache import KeyCache
    from frontdesk.ui.context import UiContext
    from frontdesk.ui.errors import ErrorPresenter
    from frontdesk.ui.login import LoginWindow
    from frontdesk.ui.main_window import MainWindow
    from frontdesk.ui.runner import Runner

log = logging.getLogger(__name__)

CANNOT_OPEN_TITLE = "FrontDesk cannot open the practice data"


def create_application(argv: list[str] | None = None) -> QApplication:
    """The one QApplication, named so settings and the keyring know whose they are."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName("FrontDesk")
    app.setOrganizationName("FrontDesk")
    assert isinstance(app, QApplication)
    app.setWindowIcon(app_icon())
    return app


def build_login_window(uictx: UiContext | None, *, demo: bool = False, username: str = "") -> LoginWindow:
    """The sign-in window (not shown). ``username`` pre-fills the field (the demo uses 'demo').

    With ``uictx=None`` it is built before the data is open; call ``window.attach(uictx)`` later.
    """
    from frontdesk.ui.login import LoginWindow

    return LoginWindow(uictx, demo=demo, username=username)


def build_main_window(uictx: UiContext, *, practice_name: str = "", idle_timeout_ms: int | None = None
                      ) -> MainWindow:
    """The main window for the signed-in ``uictx.actor`` (not shown)."""
    from frontdesk.ui.main_window import MainWindow

    return MainWindow(uictx, practice_name=practice_name, idle_timeout_ms=idle_timeout_ms)


def warm_up_main_window_imports() -> None:
    """Import the main window's modules ahead of time (on the worker thread: no widgets are made)."""
    import frontdesk.services.admin.auth
    import frontdesk.ui.calendar
    import frontdesk.ui.main_window  # noqa: F401


class AppController(OpeningSteps, QObject):
    """The start-up state machine: data -> key -> store -> login -> main window -> (sign out -> login).

    ``start()`` and the ways the data opens (demo, practice server, setup wizard, single-PC key) are in
    app_opening.py; here: the context, the windows, sign-in and out, and the end.
    Every slow step runs on the one runner; dialogs run on the GUI thread. ``finished(code)`` is
    emitted once, with 0 for a normal quit and 2 when the practice data cannot be opened.
    """

    finished = Signal(int)

    def __init__(self, paths: DataPaths, runner: Runner, presenter: ErrorPresenter, *, demo: bool = False,
                 passphrase_file: str | None = None, demo_patients: int | None = None, demo_seed: int = 42,
                 key_cache: KeyCache | None = None, idle_timeout_ms: int | None = None) -> None:
        super().__init__()
        self.paths = paths
        self.runner = runner
        self.presenter = presenter
        self.demo = demo
        self.passphrase_file = passphrase_file
        self.demo_patients = demo_patients
        self.demo_seed = demo_seed
        self.idle_timeout_ms = idle_timeout_ms
        if key_cache is None:
            from frontdesk.storage.keyring_cache import KeyCache

            key_cache = KeyCache()
        self.key_cache = key_cache
        self.min_server_version: int | None = None  # None = the app's (16); the TLS tests on PostgreSQL 15 only
        self.db: Database | None = None
        self.uictx: UiContext | None = None
        self.login_window: LoginWindow | None = None
        self.main_window: MainWindow | None = None
        self.exit_code: int | None = None
        self._start_notices: tuple[str, ...] = ()  # said once, in the main window's status bar
        self._busy: Any = None
        self._demo_relay: Any = None  # the demo build's progress, worker -> GUI thread
        self._closing = False  # closing, after the schedule's after-hours backup

    def _store_opened(self, db: Database) -> None:
        self._hide_busy()
        self._start_notices = db.start_notices
        self._make_context(db)
        assert self.uictx is not None
        if self.login_window is None:
            self.show_login()
        else:
            self.login_window.attach(self.uictx)
        # While the person types their password, load the main window's code on the worker thread.
        self.runner.submit(warm_up_main_window_imports, on_error=lambda exc: log.warning(
            "warm-up import failed: %s", type(exc).__name__))

    def _make_context(self, db: Database) -> None:
        from frontdesk.ui.backup.scheduler import BackupScheduler
        from frontdesk.ui.context import UiContext

        if self.uictx is not None:  # a restore: the old context's listener goes with its database
            self.uictx.stop_live_refresh()
            old_scheduler = BackupScheduler.of(self.uictx)
            if old_scheduler is not None:
                old_scheduler.stop()
        self.db = db
        self.uictx = UiContext(db, self.paths, self.runner, demo=self.demo, key_cache=self.key_cache)
        BackupScheduler(self.uictx)  # the practice's backup schedule, whoever is signed in (a child of the context)
        self.uictx.start_live_refresh()  # server mode: other workstations' changes refresh this one's panes
        # The practice's clock: read before anything else is queued, so sign-in and every window after it
        # (the runner keeps order) show dates in the practice's time zone, not the workstation's.
        self.uictx.load_clock()

    # -- windows ------------------------------------------------------------------------------------
    def show_login(self) -> None:
        """The sign-in window; attached to the data when it is open already, else attached later."""
        username = "demo" if self.demo else ""  # frontdesk.demo.build.DEMO_USERNAME, without importing the core
        window = build_login_window(self.uictx, demo=self.demo, username=username)
        window.signed_in.connect(self._signed_in)
        window.cancelled.connect(self._close_after_backup)
        self.login_window = window
        self.presenter.set_parent(window)
        window.show()
        window.raise_()
        window.activateWindow()

    def _signed_in(self, actor: Any) -> None:
        assert self.uictx is not None and self.login_window is not None
        self.uictx.set_actor(actor)
        name = self.login_window.practice_label.text()
        login, self.login_window = self.login_window, None
        self._show_main_window(name)
        login.dismiss()
        login.deleteLater()

    def _show_main_window(self, practice_name: str) -> None:
        assert self.uictx is not None
        window = build_main_window(self.uictx, practice_name=practice_name, idle_timeout_ms=self.idle_timeout_ms)
        window.signed_out.connect(self._signed_out)
        window.quit_requested.connect(self._quit_from_main)
        window.restore_finished.connect(self._restored)
        self.main_window = window
        self.presenter.set_parent(window)
        window.show()
        if self._start_notices:
            window.show_status(" ".join(self._start_notices))
            self._start_notices = ()
        preload_code_set(self.runner, self.uictx.paths.code_sets_dir)

    def _restored(self, summary) -> None:  # type: ignore[no-untyped-def]
        """A backup was restored from the Admin pane: sign in again on the restored (already open) database."""
        if self.main_window is not None:
            self.main_window.deleteLater()
            self.main_window = None
        self._make_context(summary.db)
        self.show_login()

    def _signed_out(self) -> None:
        if self.main_window is not None:
            self.main_window.deleteLater()
            self.main_window = None
        self.show_login()

    def _quit_from_main(self) -> None:
        """Quit from the main window: record the sign-out, then stop."""
        from frontdesk.services.admin import auth

        if self.uictx is not None and self.uictx.actor is not None:
            self.uictx.call(auth.logout, on_done=lambda _r: self._close_after_backup(),
                            on_error=lambda _exc: self._close_after_backup(), outlives_sign_in=True)
        else:
            self._close_after_backup()

    def _close_after_backup(self) -> None:
        """End, after the backup the schedule asks for when FrontDesk closes after business hours (if any)."""
        from frontdesk.ui.backup.scheduler import BackupScheduler

        scheduler = BackupScheduler.of(self.uictx)
        if scheduler is None or self.exit_code is not None:
            self._finish(EXIT_OK)
            return
        if not self._closing:  # asked once (a second close while it backs up changes nothing)
            self._closing = True
            scheduler.before_quit(None, lambda: self._finish(EXIT_OK))

    # -- problems and the end -------------------------------------------------------------------------
    def _show_busy(self, text: str, *, delay_ms: int) -> None:
        from frontdesk.ui.unlock.busy import BusyWindow

        self._hide_busy()
        title = "FrontDesk — DEMO" if self.demo else "FrontDesk"
        self._busy = BusyWindow(text, title=title)
        self._busy.show_after(delay_ms)

    def _hide_busy(self) -> None:
        if self._busy is not None:
            self._busy.finish()
            self._busy = None

    def _cannot_open(self, exc: BaseException) -> None:
        """Damaged or missing key file or database: say so clearly and stop with exit code 2."""
        from frontdesk.error_messages import UserMessage, to_user_message
        from frontdesk.storage.server_config import is_server_mode, server_file
        from frontdesk.ui.errors import ErrorDialog

        self._hide_busy()
        if self.login_window is not None:
            self.login_window.dismiss()
        message = to_user_message(exc)
        if is_server_mode(self.paths):  # nothing on this PC to restore: the data is on the server
            text = f"{message.text}\n\nPractice server settings: {server_file(self.paths)}"
        else:
            text = (f"{message.text}\n\nData folder: {self.paths.root}\n"
                    "Restore the data folder from your latest backup, or ask for help.")
        log.error("cannot open the practice data: %s", type(exc).__name__)
        ErrorDialog.ask(None, UserMessage(CANNOT_OPEN_TITLE, text, reference=message.reference,
                                          expected=message.expected))
        self._finish(EXIT_CANNOT_OPEN)

    def _finish(self, code: int) -> None:
        if self.exit_code is not None:
            return
        self.exit_code = code
        self._hide_busy()
        self._close_login()
        self.finished.emit(code)

    def _close_login(self) -> None:
        if self.login_window is not None:
            self.login_window.dismiss()
            self.login_window.deleteLater()
            self.login_window = None

    def close_all(self) -> None:
        """Close windows and the database (after the event loop ended)."""
        for window in (self.login_window, self.main_window):
            if window is not None:
                window.deleteLater()
        self.login_window = self.main_window = None
        if self.uictx is not None:
            self.uictx.stop_live_refresh()
        if self.db is not None:
            self.db.close()
            self.db = None


def run_gui(paths: DataPaths, *, demo: bool, passphrase_file: str | None = None,
            demo_patients: int | None = None, demo_seed: int = 42) -> int:
    """Run the desktop app until the user quits. Returns the process exit code (0, or 2 = cannot open)."""
    from frontdesk.ui.errors import ErrorPresenter
    from frontdesk.ui.runner import Runner

    app = create_application()
    app.setQuitOnLastWindowClosed(False)  # the controller decides when FrontDesk ends
    presenter = ErrorPresenter(None)
    runner = Runner(presenter)
    previous_hook = install_excepthook(presenter)
    controller = AppController(paths, runner, presenter, demo=demo, passphrase_file=passphrase_file,
                               demo_patients=demo_patients, demo_seed=demo_seed)
    controller.finished.connect(app.exit)
    QTimer.singleShot(0, controller.start)  # inside exec(), so an early finish can end the loop
    try:
        code = app.exec()
    finally:
        runner.shutdown()
        controller.close_all()
        sys.excepthook = previous_hook
    return controller.exit_code if controller.exit_code is not None else code
