"""Setup-wizard test fixtures: the wizard runs synchronously with a cheap KDF and a fake key store."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from server_fixture import tls_server  # noqa: F401 (the TLS practice server, for test_server_wizard.py)
from setup_helpers import FAST_KDF, SecureStore

from frontdesk.paths import DataPaths
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.ui.setup_wizard import SetupWizard


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

