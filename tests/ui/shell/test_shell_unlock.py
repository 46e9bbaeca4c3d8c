"""The unlock-database dialog: says why it asks, refuses a wrong passphrase in place, recovery key mode."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from shell_testlib import PASSPHRASE, MemoryKeyring

from frontdesk.errors import DamagedFileError
from frontdesk.storage.keyring_cache import BackendVerdict, KeyCache
from frontdesk.ui.unlock import UnlockDatabaseDialog

INSECURE = BackendVerdict(False, "keyrings.alt.file.PlaintextKeyring",
                          "the only key store available keeps secrets unprotected or not at all")


@pytest.fixture
def dialog(qtbot, data_paths, runner, practice):  # type: ignore[no-untyped-def]
    def make(verdict: BackendVerdict = INSECURE, **kwargs):  # type: ignore[no-untyped-def]
        dlg = UnlockDatabaseDialog(None, data_paths, runner, verdict, **kwargs)
        qtbot.addWidget(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        return dlg

    return make


def test_insecure_keyring_reason_is_stated_and_remember_is_off(dialog) -> None:  # type: ignore[no-untyped-def]
    dlg = dialog(INSECURE)
    assert INSECURE.reason in dlg.explain_label.text()
    assert "cannot remember" in dlg.explain_label.text()
    assert not dlg.remember.isEnabled()


def test_secure_keyring_offers_to_remember(dialog) -> None:  # type: ignore[no-untyped-def]
    verdict = KeyCache(MemoryKeyring()).verdict()
    assert verdict.usable
    dlg = dialog(verdict)
    assert dlg.remember.isEnabled()
    assert "cannot remember" not in dlg.explain_label.text()


def test_wrong_passphrase_is_refused_beside_the_field_and_the_dialog_stays(qtbot, dialog, practice) -> None:  # type: ignore[no-untyped-def]
    dlg = dialog()
    qtbot.keyClicks(dlg.passphrase, "this is not it at all")
    qtbot.mouseClick(dlg.open_button, Qt.MouseButton.LeftButton)
    assert dlg.error_text() == "\u26a0 The passphrase is not correct."
    assert dlg.isVisible() and dlg.result_value is None
    dlg.passphrase.clear()
    qtbot.keyClicks(dlg.passphrase, PASSPHRASE)
    with qtbot.waitSignal(dlg.accepted):
        qtbot.keyClick(dlg.passphrase, Qt.Key.Key_Return)
    assert dlg.result_value is not None and dlg.result_value.key == practice.db.key
    assert dlg.result_value.remember is False
    assert dlg.passphrase.text() == ""


def test_empty_passphrase_is_flagged_without_trying(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    dlg = dialog()
    qtbot.mouseClick(dlg.open_button, Qt.MouseButton.LeftButton)
    assert dlg.error_text() == "\u26a0 Enter the passphrase."


def test_recovery_key_mode_opens_with_the_recovery_key(qtbot, dialog, practice) -> None:  # type: ignore[no-untyped-def]
    dlg = dialog(KeyCache(MemoryKeyring()).verdict())
    qtbot.mouseClick(dlg.mode_button, Qt.MouseButton.LeftButton)
    assert dlg.recovery_mode() and dlg.recovery_key.isVisible() and not dlg.passphrase.isVisible()
    qtbot.keyClicks(dlg.recovery_key, "AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH")
    qtbot.mouseClick(dlg.open_button, Qt.MouseButton.LeftButton)
    assert dlg.error_text() == "\u26a0 The recovery key is not correct."
    dlg.recovery_key.clear()
    qtbot.keyClicks(dlg.recovery_key, practice.recovery_key.lower())
    dlg.remember.setChecked(True)
    with qtbot.waitSignal(dlg.accepted):
        qtbot.mouseClick(dlg.open_button, Qt.MouseButton.LeftButton)
    assert dlg.result_value.key == practice.db.key and dlg.result_value.remember is True


def test_damaged_key_file_closes_the_dialog_and_ask_raises(qtbot, practice, data_paths, runner,  # type: ignore[no-untyped-def]
                                                           monkeypatch) -> None:
    data_paths.key_file.write_text("{ not a key file")
    dlg = UnlockDatabaseDialog(None, data_paths, runner, INSECURE)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.keyClicks(dlg.passphrase, PASSPHRASE)
    with qtbot.waitSignal(dlg.rejected):
        qtbot.mouseClick(dlg.open_button, Qt.MouseButton.LeftButton)
    assert isinstance(dlg.failure, DamagedFileError)

    # ask() turns that into an exception for the start-up flow (exit code 2).
    def typed_and_opened(self: UnlockDatabaseDialog) -> int:  # exec() as if a person typed and pressed Open
        self.passphrase.setText(PASSPHRASE)
        self.submit()
        return self.result()

    monkeypatch.setattr(UnlockDatabaseDialog, "exec", typed_and_opened)
    with pytest.raises(DamagedFileError):
        UnlockDatabaseDialog.ask(None, data_paths, runner, INSECURE)
