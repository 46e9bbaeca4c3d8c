"""Setup-wizard test fixtures: the wizard runs synchronously with a cheap KDF and a fake key store."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from server_fixture import tls_server  # noqa: F401 (the TLS practice server, for test_server_wizard.py)
from setup_helpers import FAST_KDF, SecureStore
from tls_server import TLS_MIN_VERSION

from frontdesk.error_messages import UserMessage
from frontdesk.paths import DataPaths
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.ui.app import AppController
from frontdesk.ui.errors import ErrorDialog, ErrorPresenter
from frontdesk.ui.runner import Runner
from frontdesk.ui.setup_wizard import SetupWizard

StartApp = Callable[..., tuple[AppController, list[UserMessage]]]


@pytest.fixture
def key_store() -> SecureStore:
    return SecureStore()


@pytest.fixture(autouse=True)
def test_wizard_settings(monkeypatch: pytest.MonkeyPatch, key_store: SecureStore) -> None:
    monkeypatch.setattr(SetupWizard, "synchronous", True)
    monkeypatch.setattr(SetupWizard, "kdf", FAST_KDF)
    monkeypatch.setattr(SetupWizard, "key_cache_factory", lambda: KeyCache(key_store))


@pytest.fixture
def make_wizard(qtbot) -> Iterator[Callable[[DataPaths], SetupWizard]]:  # type: ignore[no-untyped-def]
    """Build and show a wizard; afterwards stop its runner and close any practice it created."""
    made: list[SetupWizard] = []

    def make(paths: DataPaths) -> SetupWizard:
        wizard = SetupWizard(paths)
        qtbot.addWidget(wizard)
        wizard.resize(1000, 700)
        wizard.show()
        qtbot.waitExposed(wizard)
        made.append(wizard)
        return wizard

    yield make
    for wizard in made:
        wizard.runner.shutdown()
        if wizard.created is not None:
            wizard.created.db.close()



@pytest.fixture
def start_app(qtbot, key_store, monkeypatch) -> Iterator[StartApp]:  # type: ignore[no-untyped-def]
    """``start(paths, key_cache=None)``: an AppController (a workstation) on a synchronous runner of its own,
    accepting PostgreSQL 15, started; its dialogs recorded in the list returned with it, never shown.
    ``key_cache``: the workstation's keyring (default: the folder's ``key_store``)."""
    shown: list[UserMessage] = []
    monkeypatch.setattr(ErrorDialog, "ask", classmethod(lambda cls, parent, message: shown.append(message)))
    made: list[AppController] = []

    def start(paths: DataPaths, key_cache: KeyCache | None = None) -> tuple[AppController, list[UserMessage]]:
        ctl = AppController(paths, Runner(ErrorPresenter(None), synchronous=True), ErrorPresenter(None),
                            key_cache=key_cache or KeyCache(key_store))
        ctl.min_server_version = TLS_MIN_VERSION
        made.append(ctl)
        ctl.start()
        return ctl, shown

    yield start
    for ctl in made:
        for window in (ctl.login_window, ctl.main_window):
            if window is not None:
                window.dismiss() if hasattr(window, "dismiss") else window.close()
        ctl.close_all()
        ctl.runner.shutdown()
