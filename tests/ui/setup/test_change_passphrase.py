"""The change-passphrase dialog: admin only, errors beside their field, re-wraps the key and audits it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox
from setup_helpers import (
    ADMIN_PASSWORD,
    PASSPHRASE,
    SecureStore,
    click,
    retype,
    save_screenshot,
)

from frontdesk.errors import WrongKeyError
from frontdesk.services.admin import auth
from frontdesk.services._base import ServiceContext
from frontdesk.services.admin.audit import AuditFilter, list_events
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.storage.store import KeySource, unlock_key
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorDialog
from frontdesk.ui.runner import Runner
from frontdesk.ui.setup_wizard import ChangePassphraseDialog

NEW_PASSPHRASE = "a brand new passphrase 456"


@pytest.fixture
def unhandled() -> list[BaseException]:
    return []


@pytest.fixture
def uictx(qtbot, practice, data_paths, unhandled):  # type: ignore[no-untyped-def]
    runner = Runner(unhandled.append, synchronous=True)
    ctx = UiContext(practice.db, data_paths, runner)
    ctx.set_actor(practice.actor)
    return ctx


@pytest.fixture
def dialog(qtbot, uictx):  # type: ignore[no-untyped-def]
    dlg = ChangePassphraseDialog(uictx)
    qtbot.addWidget(dlg)
    dlg.show()
    qtbot.waitExposed(dlg)
    return dlg


def _ok(dlg: ChangePassphraseDialog):  # type: ignore[no-untyped-def]
    return dlg.buttons.button(QDialogButtonBox.StandardButton.Ok)


def _fill(qtbot, dlg: ChangePassphraseDialog, current: str, new: str, confirm: str) -> None:
    retype(qtbot, dlg.current, current)
    retype(qtbot, dlg.new, new)
    retype(qtbot, dlg.confirm, confirm)


def _passphrase_events(uictx: UiContext) -> list[object]:
    return list_events(uictx.services, AuditFilter(action="security.passphrase_change"))


def test_wrong_current_passphrase_is_shown_beside_that_field(qtbot, dialog, uictx, data_paths) -> None:
    before = data_paths.key_file.read_bytes()
    _fill(qtbot, dialog, "not the passphrase", NEW_PASSPHRASE, NEW_PASSPHRASE)
    click(qtbot, _ok(dialog))
    error = dialog.form.error_label("current_passphrase")
    assert error.isVisible() and "not correct" in error.text()
    assert not dialog.form.error_label("new_passphrase").isVisible()
    assert dialog.isVisible() and dialog.result() != QDialog.DialogCode.Accepted
    assert _ok(dialog).isEnabled()
    save_screenshot(dialog, "change-passphrase-wrong-current")
    assert data_paths.key_file.read_bytes() == before
    assert _passphrase_events(uictx) == []


@pytest.mark.parametrize("new, confirm, field, words", [
    ("short", "short", "new_passphrase", "at least 12"),
    (PASSPHRASE, PASSPHRASE, "new_passphrase", "same as the current"),
    (NEW_PASSPHRASE, NEW_PASSPHRASE + "!", "confirm_passphrase", "do not match"),
])
def test_new_passphrase_rules_beside_their_field(qtbot, dialog, data_paths, new, confirm, field, words) -> None:
    before = data_paths.key_file.read_bytes()
    _fill(qtbot, dialog, PASSPHRASE, new, confirm)
    click(qtbot, _ok(dialog))
    assert words in dialog.form.error_label(field).text()
    assert dialog.isVisible()
    assert data_paths.key_file.read_bytes() == before


def test_change_rewraps_keeps_recovery_and_keyring_and_audits(qtbot, dialog, uictx, practice, data_paths,
                                                              unhandled) -> None:  # type: ignore[no-untyped-def]
    cache = KeyCache(SecureStore())
    cache.store(practice.key_id, practice.db.key)
    database_before = data_paths.database.read_bytes()
    _fill(qtbot, dialog, PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
    click(qtbot, _ok(dialog))
    assert dialog.result() == QDialog.DialogCode.Accepted and not unhandled
    assert dialog.current.text() == "" and dialog.new.text() == ""

    key = practice.db.key
    assert unlock_key(data_paths, KeySource(passphrase=NEW_PASSPHRASE)) == key
    with pytest.raises(WrongKeyError):
        unlock_key(data_paths, KeySource(passphrase=PASSPHRASE))
    assert unlock_key(data_paths, KeySource(recovery_key=practice.recovery_key)) == key
    assert unlock_key(data_paths, KeySource(), cache) == key  # same key id, same key: the cache still opens it
    assert data_paths.database.read_bytes() == database_before
    events = _passphrase_events(uictx)
    assert len(events) == 1 and events[0].username == "admin" and events[0].detail == ""
    # The practice stays usable in this session.
    assert auth.login(ServiceContext(practice.db), "admin", ADMIN_PASSWORD).username == "admin"


def test_non_admin_is_refused_with_a_message(qtbot, uictx, frontdesk_actor, monkeypatch, data_paths) -> None:
    shown: list[object] = []
    monkeypatch.setattr(ErrorDialog, "ask", classmethod(lambda cls, parent, message: shown.append(message)))
    uictx.set_actor(frontdesk_actor)
    before = data_paths.key_file.read_bytes()
    assert ChangePassphraseDialog.ask(None, uictx) is False
    assert len(shown) == 1 and "Only an administrator" in shown[0].text and shown[0].title == "Not allowed"
    assert data_paths.key_file.read_bytes() == before


def test_ask_returns_true_after_a_change(qtbot, uictx, data_paths) -> None:  # type: ignore[no-untyped-def]
    def change() -> None:
        dlg = QApplication.activeModalWidget()
        assert isinstance(dlg, ChangePassphraseDialog)
        _fill(qtbot, dlg, PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
        click(qtbot, _ok(dlg))

    QTimer.singleShot(0, change)
    assert ChangePassphraseDialog.ask(None, uictx) is True
    assert unlock_key(data_paths, KeySource(passphrase=NEW_PASSPHRASE)) == uictx.db.key


def test_ask_returns_false_when_cancelled(qtbot, uictx) -> None:  # type: ignore[no-untyped-def]
    QTimer.singleShot(0, lambda: QApplication.activeModalWidget().reject())
    assert ChangePassphraseDialog.ask(None, uictx) is False
    assert _passphrase_events(uictx) == []


def test_the_service_re_wraps_on_the_runner_while_the_dialog_shows_it_is_busy(qtbot, practice, data_paths,
                                                                              monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from frontdesk.services.admin import security

    unhandled: list[BaseException] = []
    runner = Runner(unhandled.append)  # threaded, as in the app
    ctx = UiContext(practice.db, data_paths, runner)
    ctx.set_actor(practice.actor)
    ran_on: list[bool] = []
    release = threading.Event()
    real = security.change_passphrase

    def held(*args, **kwargs):  # type: ignore[no-untyped-def]
        ran_on.append(threading.current_thread() is threading.main_thread())
        release.wait(30)  # still working when the dialog is looked at
        return real(*args, **kwargs)

    monkeypatch.setattr(security, "change_passphrase", held)
    dlg = ChangePassphraseDialog(ctx)
    qtbot.addWidget(dlg)
    dlg.show()
    try:
        _fill(qtbot, dlg, PASSPHRASE, NEW_PASSPHRASE, NEW_PASSPHRASE)
        click(qtbot, _ok(dlg))
        assert dlg.status.text() == "Changing the passphrase\u2026" and not _ok(dlg).isEnabled()
        dlg.reject()  # Escape while the key file is rewritten: refused, the outcome must be seen
        assert dlg.isVisible()
        release.set()
        qtbot.waitUntil(lambda: dlg.result() == QDialog.DialogCode.Accepted)
    finally:
        release.set()
        runner.shutdown()
    assert ran_on == [False] and not unhandled
    assert unlock_key(data_paths, KeySource(passphrase=NEW_PASSPHRASE)) == practice.db.key
    with pytest.raises(WrongKeyError):
        unlock_key(data_paths, KeySource(passphrase=PASSPHRASE))
    events = _passphrase_events(ctx)
    assert len(events) == 1 and events[0].username == "admin"
