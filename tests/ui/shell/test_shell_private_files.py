"""Start-up says once, in the main window's status bar, that it made the data folder private again."""

from __future__ import annotations

import os
import stat

import pytest
from PySide6.QtCore import Qt
from shell_testlib import ADMIN_PASSWORD, PASSPHRASE, MemoryKeyring

from frontdesk.storage import store
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.ui.app import AppController
from frontdesk.ui.errors import ErrorPresenter

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX permission bits")


def test_the_repair_is_shown_once_after_sign_in(  # type: ignore[no-untyped-def]
        qtbot, runner, data_paths, practice, tmp_path, monkeypatch, popups) -> None:
    monkeypatch.setattr(store, "log_dir", lambda: tmp_path / "logs")
    monkeypatch.setenv("FRONTDESK_PASSPHRASE", PASSPHRASE)
    practice.db.close()
    os.chmod(data_paths.database, 0o644)
    ctl = AppController(data_paths, runner, ErrorPresenter(None), key_cache=KeyCache(MemoryKeyring()))
    try:
        ctl.start()
        login = ctl.login_window
        assert login is not None
        login.username.setText("admin")
        qtbot.keyClicks(login.password, ADMIN_PASSWORD)
        qtbot.keyClick(login.password, Qt.Key.Key_Return)
        main = ctl.main_window
        assert main is not None
        assert main.statusBar().currentMessage() == (
            "Permissions repaired: other accounts could read 1 file in the data folder.")
        assert stat.S_IMODE(data_paths.database.stat().st_mode) == 0o600
        assert ctl._start_notices == ()  # said once
        assert popups == []
    finally:
        for window in (ctl.login_window, ctl.main_window):
            if window is not None:
                window.dismiss() if hasattr(window, "dismiss") else window.close()
        ctl.close_all()
