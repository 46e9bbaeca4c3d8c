"""A new installation starts by restoring a backup: from the setup wizard's first page, then the normal sign-in."""

from __future__ import annotations

from pathlib import Path

import pytest
from backup_ui_helpers import when_shown
from PySide6.QtCore import Qt
from testsupport import PASSPHRASE, MemoryKeyring

from frontdesk.services.admin.backup_jobs import restore_into_new_folder
from frontdesk.paths import DataPaths
from frontdesk.services.admin import backups, users
from frontdesk.services._base import ServiceContext
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.storage.store import KeySource, open_practice_store, unlock_key
from frontdesk.ui.app import AppController
from frontdesk.ui.backup import NewInstallRestoreDialog
from frontdesk.ui.backup.choosers import BackupFileDialog
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.runner import Runner
from frontdesk.ui.setup_wizard import SetupWizard


@pytest.fixture
def backup_file(uictx, target) -> Path:  # type: ignore[no-untyped-def]
    return target / backups.run_backup(uictx.services, target).file_name


@pytest.fixture
def new_paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "new-computer" / "FrontDesk")


def _usernames(paths: DataPaths, practice) -> list[str]:  # type: ignore[no-untyped-def]
    db = open_practice_store(paths, unlock_key(paths, KeySource(passphrase=PASSPHRASE)))
    try:
        return [u.username for u in users.list_users(ServiceContext(db, practice.actor))]
    finally:
        db.close()


def test_wizard_first_page_restores_a_backup_instead(qtbot, backup_file, new_paths, practice, monkeypatch) -> None:
    monkeypatch.setattr(SetupWizard, "key_cache_factory", lambda: KeyCache(MemoryKeyring()))
    monkeypatch.setattr(BackupFileDialog, "ask", classmethod(lambda cls, parent, caption, start="": backup_file))
    wizard = SetupWizard(new_paths)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    assert wizard.restore_button.isVisible()

    def drive(dialog: NewInstallRestoreDialog) -> None:
        choose = next(b for b in dialog.findChildren(type(dialog.run_button)) if b.text() == "C&hoose…")
        qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "records" in dialog.about.text())  # the manifest is read on the wizard's runner
        assert backup_file.name in dialog.about.text() and "records" in dialog.about.text()
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)  # no secret yet
        assert "passphrase" in dialog.form.error_label("passphrase").text()
        qtbot.keyClicks(dialog.passphrase, PASSPHRASE)
        qtbot.mouseClick(dialog.run_button, Qt.MouseButton.LeftButton)

    when_shown(NewInstallRestoreDialog, drive)
    with qtbot.waitSignal(wizard.finished, timeout=30_000):
        qtbot.mouseClick(wizard.restore_button, Qt.MouseButton.LeftButton)
    assert wizard.restored is not None and wizard.created is None
    assert new_paths.exists() and _usernames(new_paths, practice) == ["admin"]


def _dialog(qtbot, paths: DataPaths) -> NewInstallRestoreDialog:  # type: ignore[no-untyped-def]
    dialog = NewInstallRestoreDialog(paths, Runner(ErrorPresenter(None), synchronous=True))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_wrong_passphrase_is_shown_beside_the_passphrase(qtbot, backup_file, new_paths) -> None:
    dialog = _dialog(qtbot, new_paths)
    dialog.file.setText(str(backup_file))
    dialog.passphrase.setText("not the passphrase at all")
    dialog.run()
    qtbot.waitUntil(lambda: not dialog.running() and dialog.form.error_label("passphrase").isVisible())
    assert "not correct" in dialog.form.error_label("passphrase").text()
    assert dialog.report is None and not new_paths.exists()


def test_a_file_that_is_not_a_backup_is_flagged_beside_the_file(qtbot, tmp_path, new_paths) -> None:
    junk = tmp_path / "photo.fdbackup"
    junk.write_bytes(b"\x89PNG not a backup")
    dialog = _dialog(qtbot, new_paths)
    qtbot.keyClicks(dialog.file, str(junk))
    dialog.file.editingFinished.emit()  # leaving the field describes the file (focus moves are unreliable offscreen)
    assert "manifest" in dialog.form.error_label("backup_file").text()
    dialog.passphrase.setText(PASSPHRASE)
    dialog.run()
    qtbot.waitUntil(lambda: not dialog.running() and dialog.form.error_label("backup_file").isVisible())
    assert dialog.report is None and not new_paths.exists()


def test_app_opens_a_practice_restored_from_the_wizard(qtbot, backup_file, new_paths, monkeypatch) -> None:
    monkeypatch.setenv("FRONTDESK_PASSPHRASE", PASSPHRASE)

    def wizard(cls, parent, paths):  # type: ignore[no-untyped-def]
        restore_into_new_folder(backup_file, paths, PASSPHRASE)  # what the wizard's restore page does

    monkeypatch.setattr(SetupWizard, "ask", classmethod(wizard))
    ctl = AppController(new_paths, Runner(ErrorPresenter(None), synchronous=True), ErrorPresenter(None),
                        key_cache=KeyCache(MemoryKeyring()))
    try:
        ctl.start()
        assert ctl.exit_code is None and ctl.login_window is not None and ctl.db is not None
        assert ctl.login_window.practice_label.text() == "Test Family Practice"
    finally:
        if ctl.login_window is not None:
            ctl.login_window.dismiss()
        ctl.close_all()
