"""The first-run setup wizard: practice, first administrator, passphrase, creation, recovery key.

Or, when the first page says "Connect to a practice server": address and enrolment code, connecting, then
the practice and first administrator on the server only if its database holds no practice yet (no
passphrase and no recovery key there: the practice key lives in the enrolment codes and each PC's keyring).

Or, "Set up a practice server on this PC": the PostgreSQL superuser and the practice passphrase (or a
single-PC practice to move in), setting the server up (server_setup.py, as the CLI), the secrets it hands back
once, then, if wanted, this PC connects with the first enrolment code as the "Connect" way does.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget, QWizard

from frontdesk.first_run import FirstRunResult, create_practice, create_server_practice, open_server_practice
from frontdesk.paths import DataPaths
from frontdesk.server_setup import ServerSetup
from frontdesk.storage.keyring_cache import BackendVerdict, KeyCache
from frontdesk.storage.engine import Database
from frontdesk.storage.restore import RestoreReport
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.runner import JobControl, Runner
from frontdesk.ui.setup_wizard.pages import AdminPage, PassphrasePage, PracticePage, WelcomePage
from frontdesk.ui.setup_wizard.result_pages import CreatingPage, RecoveryKeyPage
from frontdesk.ui.setup_wizard.server_pages import ConnectingPage, ServerPage
from frontdesk.ui.setup_wizard.server_secrets_page import ServerSecretsPage
from frontdesk.ui.setup_wizard.server_setup_pages import ServerSetupPage, SettingUpPage, SetupEntries


def _missing_dirs(root: Path) -> list[Path]:
    """The folders (deepest first) that creating ``root`` would make, so a failure can remove them again."""
    missing: list[Path] = []
    current = root
    while not current.exists() and current != current.parent:
        missing.append(current)
        current = current.parent
    return missing


def _remove_if_empty(folders: list[Path]) -> None:
    for folder in folders:
        try:
            folder.rmdir()  # only succeeds on an empty folder: never removes anything else
        except OSError:
            return


class SetupWizard(QWizard):
    """The very first run of the app. Use :meth:`ask`; the class attributes are for tests."""

    PAGE_WELCOME, PAGE_PRACTICE, PAGE_ADMIN, PAGE_PASSPHRASE, PAGE_CREATING, PAGE_RECOVERY = range(6)
    PAGE_SERVER, PAGE_CONNECTING = 6, 7
    PAGE_SERVER_SETUP, PAGE_SETTING_UP, PAGE_SERVER_SECRETS = 8, 9, 10

    #: run the creation on the calling thread (tests); the app uses the background runner
    synchronous: ClassVar[bool] = False
    #: Argon2 cost for the passphrase (None = the production default); tests pass a cheap one
    kdf: ClassVar[dict[str, int] | None] = None
    #: where "Remember the key on this computer" stores it; tests pass a fake backend
    key_cache_factory: ClassVar[Callable[[], KeyCache]] = KeyCache
    #: lowest PostgreSQL accepted (None = the app's 16); only the TLS tests on Debian's 15 change it
    min_server_version: ClassVar[int | None] = None

    def __init__(self, paths: DataPaths, parent: QWidget | None = None, *, server_db: Database | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set up FrontDesk")
        self.paths = paths
        self.created: FirstRunResult | None = None
        self.restored: RestoreReport | None = None  # set when the practice came from a backup instead
        self.remember_verdict: BackendVerdict | None = None
        # server mode: the enrolled server's practice database, while it holds no practice yet
        self.server_db: Database | None = server_db
        self.setup_entries: SetupEntries | None = None  # "Set up a practice server": what setup ran with
        self.server_setup: ServerSetup | None = None  # and what it handed back
        self.runner = Runner(ErrorPresenter(self), synchronous=type(self).synchronous, parent=self)
        self.key_cache = type(self).key_cache_factory()
        self.welcome_page = WelcomePage(paths)
        self.restore_button = QPushButton("&Restore from a backup instead…", self.welcome_page)
        self.restore_button.setObjectName("restore_from_backup")
        self.restore_button.setToolTip("A new computer, or starting over after a failure: bring the practice back "
                                       "from a FrontDesk backup")
        self.restore_button.clicked.connect(self.restore_from_backup)
        restore_row = QHBoxLayout()
        restore_row.addWidget(QLabel("Moving FrontDesk to a new computer, or starting over after a failure?"))
        restore_row.addWidget(self.restore_button)
        restore_row.addStretch(1)
        welcome_layout = self.welcome_page.layout()
        assert isinstance(welcome_layout, QVBoxLayout)
        welcome_layout.insertLayout(welcome_layout.count() - 1, restore_row)  # above the page's closing stretch
        self.practice_page = PracticePage()
        self.admin_page = AdminPage(self.practice_page)
        self.passphrase_page = PassphrasePage(self.key_cache.verdict(), self.admin_page)
        self.creating_page = CreatingPage()
        self.recovery_page = RecoveryKeyPage()
        self.server_page = ServerPage(self.key_cache.verdict())
        self.connecting_page = ConnectingPage()
        self.server_setup_page = ServerSetupPage(paths)
        self.setting_up_page = SettingUpPage()
        self.secrets_page = ServerSecretsPage()
        for page_id, page in enumerate((self.welcome_page, self.practice_page, self.admin_page,
                                        self.passphrase_page, self.creating_page, self.recovery_page,
                                        self.server_page, self.connecting_page, self.server_setup_page,
                                        self.setting_up_page, self.secrets_page)):
            self.setPage(page_id, page)
        if server_db is not None:  # enrolled earlier; the server still has no practice: set it up now
            self.setStartId(self.PAGE_PRACTICE)
            self.admin_page.setButtonText(QWizard.WizardButton.NextButton, "&Create practice")
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.resize(780, 640)

    @classmethod
    def ask(cls, parent: QWidget | None, paths: DataPaths, *, server_db: Database | None = None
            ) -> FirstRunResult | None:
        """Run the wizard; the new practice (open, admin signed in) or None if cancelled before creation,
        if a backup was restored instead (then ``paths.exists()`` is true) or if this PC was connected to a
        practice server that holds a practice already (then server.json exists: sign in as usual).

        ``server_db``: this PC is enrolled and the server has no practice yet; start at the practice page."""
        wizard = cls(paths, parent, server_db=server_db)
        try:
            wizard.exec()
            # A created practice is returned even in the (blocked) case of a rejection: its data exists.
            return wizard.created
        finally:
            wizard.deleteLater()

    def restore_from_backup(self) -> None:
        """The other way to start: restore a backup into the (empty) data folder, then close the wizard.

        ``ask`` then returns None and the data folder holds the practice: the app opens it like any other.
        """
        from frontdesk.ui.backup.new_install import NewInstallRestoreDialog

        report = NewInstallRestoreDialog.ask(self, self.paths, self.runner)
        if report is not None:
            self.restored = report
            self.accept()

    def nextId(self) -> int:  # noqa: N802 (Qt override: the two ways through the wizard)
        current = self.currentId()
        if current == self.PAGE_WELCOME and self.welcome_page.connects_to_server():
            return self.PAGE_SERVER
        if current == self.PAGE_WELCOME and self.welcome_page.sets_up_server():
            return self.PAGE_SERVER_SETUP
        if current in (self.PAGE_SERVER_SETUP, self.PAGE_SETTING_UP):
            return current + 1
        if current == self.PAGE_SERVER_SECRETS:
            return self.PAGE_CONNECTING if self.secrets_page.enrol_here.isChecked() else -1
        if current == self.PAGE_SERVER:
            return self.PAGE_CONNECTING
        if current == self.PAGE_CONNECTING:
            return self.PAGE_PRACTICE
        if self.server_db is not None and current == self.PAGE_ADMIN:
            return self.PAGE_CREATING  # no passphrase: the server's practice key came with the enrolment
        if current == self.PAGE_RECOVERY or (self.server_db is not None and current == self.PAGE_CREATING):
            return -1
        return super().nextId()

    def start_enrolment(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None:
        """Enrol this PC with what the server page holds, open the server, and see whether it has a practice.

        With a practice the wizard ends (the app signs in as usual); without one it goes on to set it up."""
        from frontdesk.storage.enrol import enrol_workstation
        from frontdesk.storage.server_config import is_server_mode

        paths, cache, version = self.paths, self.key_cache, type(self).min_server_version
        address, code = self.server_page.address.text(), self.server_page.code.text()

        def job() -> Database | None:
            if not is_server_mode(paths):  # a Try again after the server failed to open: enrolled already
                enrol_workstation(paths, address, code, key_cache=cache, min_version=version)
            db, has_practice = open_server_practice(paths, cache, min_version=version)
            if has_practice:
                db.close()  # the app opens it again for sign-in, as on every start
                return None
            return db

        def done(db: Database | None) -> None:
            self.server_page.code.clear()  # spent
            if db is None:
                self.accept()
                return
            self.server_db = db
            self.admin_page.setButtonText(QWizard.WizardButton.NextButton, "&Create practice")
            on_done(db)

        self.runner.submit(job, done, on_error)

    def start_server_setup(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None],
                           on_progress: Callable[[float | None, str], None]) -> None:
        """Set the practice server up as a long job (steps and moved rows reported) with what the setup page
        holds (it has checked it)."""
        from frontdesk.server_setup import set_up_practice_server

        entries = self.setup_entries = self.server_setup_page.entries()
        cache, kdf, version = self.key_cache, type(self).kdf, type(self).min_server_version

        def job(control: JobControl) -> ServerSetup:
            def rows(done: int, total: int) -> None:
                control.report(done / total if total else None, f"Moving the practice in: {done:,} of {total:,} rows")

            return set_up_practice_server(entries.superuser_url, entries.hosts, passphrase=entries.passphrase,
                                          password=entries.password or None, move_in_from=entries.move_in_from,
                                          key_cache=cache, kdf=kdf, min_version=version,
                                          on_step=lambda text: control.report(None, text), on_rows=rows)

        def done(setup: ServerSetup) -> None:
            self.server_setup = setup
            self.server_setup_page.clear_secrets()
            self.setup_entries = replace(entries, password="", passphrase="")
            # this PC enrols as the "Connect" way does, with the code it was just given
            self.server_page.address.setText(entries.enrol_address)
            self.server_page.code.setText(setup.result.code.format())
            on_done(setup)

        self.runner.submit_long(job, done, on_error, on_progress)

    def start_creation(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None:
        """Create the practice on the runner from what the pages hold (they have validated it)."""
        paths, kdf, cache = self.paths, type(self).kdf, self.key_cache
        details = self.practice_page.details()
        admin = self.admin_page
        username, full_name, password = admin.username.text(), admin.full_name.text(), admin.password.text()
        if self.server_db is not None:
            self._create_on_server(details, username, full_name, password, on_done, on_error)
            return
        passphrase = self.passphrase_page.passphrase.text()
        remember = self.passphrase_page.remember.isEnabled() and self.passphrase_page.remember.isChecked()
        made_folders = _missing_dirs(paths.root)

        def job() -> tuple[FirstRunResult, BackendVerdict | None]:
            result = create_practice(paths, details, admin_username=username, admin_full_name=full_name,
                                     admin_password=password, passphrase=passphrase, kdf=kdf)
            verdict = cache.store(result.key_id, result.db.key) if remember else None
            return result, verdict

        def done(value: tuple[FirstRunResult, BackendVerdict | None]) -> None:
            self.created, self.remember_verdict = value
            # The secrets are no longer needed and there is no way back to those pages.
            self.admin_page.clear_secrets()
            self.passphrase_page.clear_secrets()
            on_done(self.created)

        def failed(exc: BaseException) -> None:
            # first_run removes its own files; the folders it made for them go too.
            _remove_if_empty(made_folders)
            on_error(exc)

        self.runner.submit(job, done, failed)

    def _create_on_server(self, details, username: str, full_name: str, password: str,  # type: ignore[no-untyped-def]
                          on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None:
        db = self.server_db
        assert db is not None

        def job() -> FirstRunResult:
            return create_server_practice(db, details, admin_username=username, admin_full_name=full_name,
                                          admin_password=password)

        def done(result: FirstRunResult) -> None:
            self.created = result
            self.admin_page.clear_secrets()
            on_done(result)

        self.runner.submit(job, done, on_error)

    def where_created(self) -> str:
        """Where the practice is being created, for the creating page."""
        return "on the practice server" if self.server_db is not None else f"in {self.paths.root}"

    def reject(self) -> None:
        """Cancel only before creation starts; afterwards the recovery key must be acknowledged first."""
        if self.creating_page.is_busy() or self.connecting_page.is_busy() or self.created is not None:
            return
        unsaved_secrets = self.server_setup is not None and not self.secrets_page.stored.isChecked()
        if self.setting_up_page.is_busy() or unsaved_secrets:
            return  # setting up, or set up and its one-time secrets not yet stored
        super().reject()

    def done(self, result: int) -> None:  # noqa: D401 (Qt override)
        super().done(result)
        self.runner.shutdown()
        if self.created is None and self.server_db is not None:
            self.server_db.close()  # cancelled before the practice was set up: the app opens it again later
