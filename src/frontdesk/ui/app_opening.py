"""The ways FrontDesk opens the practice data at start-up, for :class:`frontdesk.ui.app.AppController`.

One start-up path each: the demo (built on first use), a practice server (server mode: this PC is enrolled,
server.json exists; a server without a practice yet gets the wizard's practice pages), the setup wizard (a PC
with no data), and the single-PC encrypted file (the key from the OS keyring, from a passphrase file or
FRONTDESK_PASSPHRASE, or typed into the unlock dialog). Each ends in the controller's ``_store_opened``
(sign-in), ``_cannot_open`` or ``_finish``.

Like app.py, this imports only Qt at load time; the database, services and dialogs load when needed.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from frontdesk.paths import DataPaths
    from frontdesk.storage.engine import Database
    from frontdesk.storage.keyring_cache import BackendVerdict, KeyCache
    from frontdesk.ui.context import UiContext
    from frontdesk.ui.login import LoginWindow
    from frontdesk.ui.runner import Runner
    from frontdesk.ui.unlock.probe import KeyProbe

log = logging.getLogger("frontdesk.ui.app")  # one logger for the start-up, wherever the step lives

EXIT_OK = 0
EXIT_CANNOT_OPEN = 2


class OpeningSteps:
    """The start-up paths; mixed into AppController, whose state and window steps they use."""

    paths: DataPaths
    runner: Runner
    key_cache: KeyCache
    demo: bool
    passphrase_file: str | None
    demo_patients: int | None
    demo_seed: int
    min_server_version: int | None
    uictx: UiContext | None
    login_window: LoginWindow | None
    _busy: Any
    _demo_relay: Any

    if TYPE_CHECKING:  # the controller's own steps
        def show_login(self) -> None: ...
        def _store_opened(self, db: Database) -> None: ...
        def _cannot_open(self, exc: BaseException) -> None: ...
        def _finish(self, code: int) -> None: ...
        def _close_login(self) -> None: ...
        def _make_context(self, db: Database) -> None: ...
        def _show_main_window(self, practice_name: str) -> None: ...
        def _show_busy(self, text: str, *, delay_ms: int) -> None: ...

    def start(self) -> None:
        from frontdesk.storage.server_config import is_server_mode

        if self.demo:
            self._start_demo()
        elif is_server_mode(self.paths):
            self._start_server()
        elif not self.paths.exists():
            self._run_setup_wizard()
        else:
            # The sign-in window appears at once; the key and the database follow in the background.
            from frontdesk.ui.unlock.probe import probe_key

            self.show_login()
            self.runner.submit(lambda: probe_key(self.paths, self.key_cache), on_done=self._key_probed,
                               on_error=self._cannot_open)

    # -- the demo ---------------------------------------------------------------------------------------
    def _start_demo(self) -> None:
        from frontdesk.demo.build import DEFAULT_DEMO_PATIENTS, ensure_demo, print_progress
        from frontdesk.ui.unlock.busy import ProgressRelay

        if self.paths.exists():
            self.show_login()
        else:
            self._show_busy("Building the demo practice. The first time takes about a minute.", delay_ms=0)
        patients = DEFAULT_DEMO_PATIENTS if self.demo_patients is None else self.demo_patients
        # The worker reports to the terminal itself and to the window through the relay's signal.
        self._demo_relay = ProgressRelay()
        self._demo_relay.progressed.connect(self._demo_progress)
        printed = print_progress()

        def progress(done: int, total: int, text: str) -> None:
            printed(done, total, text)
            self._demo_relay.report(done, total, text)

        self.runner.submit(lambda: ensure_demo(self.paths, patients=patients, seed=self.demo_seed,
                                               progress=progress)[0],
                           on_done=self._store_opened, on_error=self._cannot_open)

    def _demo_progress(self, done: int, total: int, text: str) -> None:
        if self._busy is not None:
            self._busy.set_progress(done, total, text)

    # -- server mode -------------------------------------------------------------------------------------
    def _start_server(self, *, offer_setup: bool = True) -> None:
        """Server mode: sign-in window at once, the practice server opened meanwhile (storage/server_db.py).

        A server without a practice yet gets the wizard's practice pages (unless the person just left them)."""
        from frontdesk.first_run import open_server_practice

        paths, cache, version = self.paths, self.key_cache, self.min_server_version

        def opened(found: tuple[Database, bool]) -> None:
            db, has_practice = found
            if has_practice:
                self._store_opened(db)
                return
            self._close_login()
            if offer_setup:
                self._run_setup_wizard(server_db=db)
            else:
                db.close()
                self._finish(EXIT_OK)

        self.show_login()
        self.runner.submit(lambda: open_server_practice(paths, cache, min_version=version), on_done=opened,
                           on_error=self._cannot_open)

    # -- the setup wizard (a new PC, or a server with no practice yet) -------------------------------------
    def _run_setup_wizard(self, server_db: Database | None = None) -> None:
        from frontdesk.storage.server_config import is_server_mode
        from frontdesk.ui.setup_wizard import SetupWizard

        result = (SetupWizard.ask(None, self.paths) if server_db is None
                  else SetupWizard.ask(None, self.paths, server_db=server_db))
        if result is None:
            if server_db is None and self.paths.exists():  # restored from a backup: open it like any practice
                self.start()
            elif server_db is None and is_server_mode(self.paths):  # connected to a server: sign in there
                self._start_server(offer_setup=False)
            else:
                if server_db is not None:
                    server_db.close()  # the wizard closes it too: disposing twice is harmless
                self._finish(EXIT_OK)
            return
        self._make_context(result.db)
        assert self.uictx is not None
        self.uictx.set_time_zone(result.practice.time_zone)  # known already: no wait before the main window
        self.uictx.set_actor(result.actor)  # the new administrator is signed in already
        self._show_main_window(result.practice.legal_name)

    # -- the single-PC encrypted file: its key ---------------------------------------------------------------
    def _key_probed(self, probe: KeyProbe) -> None:
        if probe.cached_key is not None:
            self._open_store(probe.cached_key)
            return
        from frontdesk.errors import StorageError
        from frontdesk.storage.store import passphrase_from_automation

        try:
            passphrase = passphrase_from_automation(self.passphrase_file)
        except StorageError as exc:
            self._cannot_open(exc)
            return
        if not passphrase:
            self._ask_for_key(probe)
            return
        from frontdesk.storage.store import KeySource, unlock_key

        source = "the passphrase file" if self.passphrase_file else "FRONTDESK_PASSPHRASE"
        self.runner.submit(lambda: unlock_key(self.paths, KeySource(passphrase=passphrase)),
                           on_done=self._open_store,
                           on_error=lambda exc: self._automation_failed(exc, probe, source))

    def _automation_failed(self, exc: BaseException, probe: KeyProbe, source: str) -> None:
        from frontdesk.errors import WrongKeyError

        if isinstance(exc, WrongKeyError):
            self._ask_for_key(probe, f"The passphrase from {source} is not correct; type it here.")
        else:
            self._cannot_open(exc)

    def _ask_for_key(self, probe: KeyProbe, initial_error: str = "") -> None:
        from frontdesk.errors import StorageError
        from frontdesk.ui.unlock import UnlockDatabaseDialog

        try:
            result = UnlockDatabaseDialog.ask(self.login_window, self.paths, self.runner, probe.verdict,
                                              initial_error=initial_error)
        except StorageError as exc:
            self._cannot_open(exc)
            return
        if result is None:
            self._finish(EXIT_OK)
            return
        if result.remember:
            cache, key = self.key_cache, result.key
            self.runner.submit(lambda: cache.store(probe.key_id, key), on_done=self._remembered,
                               on_error=lambda exc: log.warning("could not remember the key: %s",
                                                                type(exc).__name__))
        self._open_store(result.key)

    @staticmethod
    def _remembered(verdict: BackendVerdict) -> None:
        log.info("database key remembered: %s", "yes" if verdict.usable else f"no ({verdict.reason})")

    def _open_store(self, key: bytes) -> None:
        from frontdesk.storage.store import open_practice_store

        if self.login_window is None:
            self._show_busy("Opening the practice data…", delay_ms=400)
        self.runner.submit(lambda: open_practice_store(self.paths, key), on_done=self._store_opened,
                           on_error=self._cannot_open)
