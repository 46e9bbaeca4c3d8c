"""The first-run setup wizard: practice, first administrator, passphrase, creation, recovery key."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget, QWizard

from frontdesk.first_run import FirstRunResult, create_practice
from frontdesk.paths import DataPaths
from frontdesk.storage.keyring_cache import BackendVerdict, KeyCache
from frontdesk.storage.restore import RestoreReport
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.runner import Runner
from frontdesk.ui.setup_wizard.pages import AdminPage, PassphrasePage, PracticePage, WelcomePage
from frontdesk.ui.setup_wizard.result_pages import CreatingPage, RecoveryKeyPage


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

    #: run the creation on the calling thread (tests); the app uses the background runner
    synchronous: ClassVar[bool] = False
    #: Argon2 cost for the passphrase (None = the production default); tests pass a cheap one
    kdf: ClassVar[dict[str, int] | None] = None
    #: where "Remember the key on this computer" stores it; tests pass a fake backend
    key_cache_factory: ClassVar[Callable[[], KeyCache]] = KeyCache

    def __init__(self, paths: DataPaths, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Set up FrontDesk")
        self.paths = paths
        self.created: FirstRunResult | None = None
        self.restored: RestoreReport | None = None  # set when the practice came from a backup instead
        self.remember_verdict: BackendVerdict | None = None
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
        for page_id, page in enumerate((self.welcome_page, self.practice_page, self.admin_page,
                                        self.passphrase_page, self.creating_page, self.recovery_page)):
            self.setPage(page_id, page)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.resize(780, 640)

    @classmethod
    def ask(cls, parent: QWidget | None, paths: DataPaths) -> FirstRunResult | None:
        """Run the wizard; the new practice (open, admin signed in) or None if cancelled before creation
        or if a backup was restored instead (then ``paths.exists()`` is true)."""
        wizard = cls(paths, parent)
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

    def start_creation(self, on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]) -> None:
        """Create the practice on the runner from what the pages hold (they have validated it)."""
        paths, kdf, cache = self.paths, type(self).kdf, self.key_cache
        details = self.practice_page.details()
        admin = self.admin_page
        username, full_name, password = admin.username.text(), admin.full_name.text(), admin.password.text()
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

    def reject(self) -> None:
        """Cancel only before creation starts; afterwards the recovery key must be acknowledged first."""
        if self.creating_page.is_busy() or self.created is not None:
            return
        super().reject()

    def done(self, result: int) -> None:  # noqa: D401 (Qt override)
        super().done(result)
        self.runner.shutdown()
