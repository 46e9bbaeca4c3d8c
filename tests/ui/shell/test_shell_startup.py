"""The start-up flow: where the key comes from, what a damaged folder does, demo, wizard, sign out, quit."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from shell_testlib import ADMIN_PASSWORD, FAST_KDF, PASSPHRASE, PRACTICE, MemoryKeyring

from frontdesk.first_run import create_practice
from frontdesk.paths import DataPaths
from frontdesk.storage.keyring_cache import SERVICE, KeyCache
from frontdesk.ui.app import CANNOT_OPEN_TITLE, AppController
from frontdesk.ui.errors import install_excepthook
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.unlock import UnlockDatabaseDialog, UnlockResult


@pytest.fixture
def controller(qtbot, runner, monkeypatch):  # type: ignore[no-untyped-def]
    """An AppController with a synchronous runner and an in-memory credential store."""
    monkeypatch.delenv("FRONTDESK_PASSPHRASE", raising=False)
    made: list[AppController] = []

    def make(paths: DataPaths, *, keyring: object | None = None, **kwargs):  # type: ignore[no-untyped-def]
        ctl = AppController(paths, runner, ErrorPresenter(None), key_cache=KeyCache(keyring or MemoryKeyring()),
                            **kwargs)
        made.append(ctl)
        return ctl

    yield make
    for ctl in made:
        for window in (ctl.login_window, ctl.main_window):
            if window is not None:
                window.dismiss() if hasattr(window, "dismiss") else window.close()
        ctl.close_all()


def _no_dialog(*_args, **_kwargs):  # type: ignore[no-untyped-def]
    raise AssertionError("the unlock dialog should not have been needed")


def _sign_in(qtbot, login, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    login.username.setText(username)
    qtbot.keyClicks(login.password, password)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)


def test_env_passphrase_opens_the_store_then_login_leads_to_main_window(  # type: ignore[no-untyped-def]
        qtbot, controller, data_paths, practice, monkeypatch, popups) -> None:
    monkeypatch.setenv("FRONTDESK_PASSPHRASE", PASSPHRASE)
    monkeypatch.setattr(UnlockDatabaseDialog, "ask", classmethod(_no_dialog))
    ctl = controller(data_paths)
    ctl.start()
    login = ctl.login_window
    assert login is not None and login.isVisible()
    assert login.practice_label.text() == "Test Family Practice"
    _sign_in(qtbot, login, "admin", ADMIN_PASSWORD)
    main = ctl.main_window
    assert main is not None and main.isVisible() and not login.isVisible()
    assert main.user_label.text() == "Signed in: Ada Admin (Admin)"
    assert main.practice_label.text() == "Practice: Test Family Practice"
    assert main.windowTitle() == "FrontDesk — Test Family Practice"
    assert popups == [] and ctl.exit_code is None


def test_passphrase_file_is_used(qtbot, controller, data_paths, practice, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    secret = tmp_path / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    monkeypatch.setattr(UnlockDatabaseDialog, "ask", classmethod(_no_dialog))
    ctl = controller(data_paths, passphrase_file=str(secret))
    ctl.start()
    assert ctl.login_window is not None and ctl.db is not None


def test_cached_key_opens_without_asking(controller, data_paths, practice, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    keyring = MemoryKeyring()
    keyring.set_password(SERVICE, practice.key_id, practice.db.key.hex())
    monkeypatch.setattr(UnlockDatabaseDialog, "ask", classmethod(_no_dialog))
    ctl = controller(data_paths, keyring=keyring)
    ctl.start()
    assert ctl.login_window is not None


def test_asked_key_is_remembered_when_the_store_is_secure(controller, data_paths, practice, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked = []

    def ask(cls, parent, paths, runner, verdict, *, initial_error=""):  # type: ignore[no-untyped-def]
        asked.append(verdict)
        assert parent is not None and parent.isVisible()  # over the sign-in window, shown at once
        return UnlockResult(practice.db.key, remember=True)

    monkeypatch.setattr(UnlockDatabaseDialog, "ask", classmethod(ask))
    keyring = MemoryKeyring()
    ctl = controller(data_paths, keyring=keyring)
    ctl.start()
    assert asked and asked[0].usable
    assert keyring.get_password(SERVICE, practice.key_id) == practice.db.key.hex()
    assert ctl.login_window is not None


def test_wrong_env_passphrase_falls_back_to_asking(controller, data_paths, practice, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FRONTDESK_PASSPHRASE", "definitely wrong passphrase")
    errors = []

    def ask(cls, parent, paths, runner, verdict, *, initial_error=""):  # type: ignore[no-untyped-def]
        errors.append(initial_error)
        return None  # the person chose Quit

    monkeypatch.setattr(UnlockDatabaseDialog, "ask", classmethod(ask))
    ctl = controller(data_paths)
    ctl.start()
    assert errors == ["The passphrase from FRONTDESK_PASSPHRASE is not correct; type it here."]
    assert ctl.exit_code == 0 and ctl.login_window is None


def test_damaged_key_file_says_so_and_exits_2(controller, data_paths, practice, popups) -> None:  # type: ignore[no-untyped-def]
    data_paths.key_file.write_bytes(b"\x00garbage")
    ctl = controller(data_paths)
    ctl.start()
    assert ctl.exit_code == 2
    assert [m.title for m in popups] == [CANNOT_OPEN_TITLE]
    assert "key file is damaged" in popups[0].text and str(data_paths.root) in popups[0].text


def test_missing_database_says_so_and_exits_2(controller, data_paths, practice, monkeypatch, popups) -> None:  # type: ignore[no-untyped-def]
    practice.db.close()
    data_paths.database.unlink()
    monkeypatch.setenv("FRONTDESK_PASSPHRASE", PASSPHRASE)
    ctl = controller(data_paths)
    ctl.start()
    assert ctl.exit_code == 2
    assert popups and "missing" in popups[0].text


def test_no_practice_runs_the_wizard_and_signs_the_admin_in(controller, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    paths = DataPaths(tmp_path / "new-practice")
    created = []

    def wizard(cls, parent, p):  # type: ignore[no-untyped-def]
        result = create_practice(p, PRACTICE, admin_username="boss", admin_full_name="Bea Boss",
                                 admin_password=ADMIN_PASSWORD, passphrase=PASSPHRASE, kdf=FAST_KDF)
        created.append(result)
        return result

    from frontdesk.ui.setup_wizard import SetupWizard

    monkeypatch.setattr(SetupWizard, "ask", classmethod(wizard))
    ctl = controller(paths)
    ctl.start()
    assert ctl.login_window is None
    assert ctl.main_window is not None and ctl.main_window.user_label.text() == "Signed in: Bea Boss (Admin)"
    assert ctl.db is created[0].db


def test_wizard_cancelled_exits_0(controller, tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.ui.setup_wizard import SetupWizard

    monkeypatch.setattr(SetupWizard, "ask", classmethod(lambda cls, parent, paths: None))
    ctl = controller(DataPaths(tmp_path / "nothing"))
    ctl.start()
    assert ctl.exit_code == 0 and ctl.main_window is None


def test_demo_is_prepared_then_login_is_prefilled_and_titles_say_demo(qtbot, controller, tmp_path, monkeypatch,
                                                                      capsys) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.demo.build import DEMO_PASSWORD, READY_TEXT
    from frontdesk.ui.unlock.busy import BusyWindow

    shown: list[tuple[str, str, int]] = []
    real = BusyWindow.set_progress

    def record(window, done, total, text) -> None:  # type: ignore[no-untyped-def]
        real(window, done, total, text)
        shown.append((window.label.text(), window.step.text(), window.bar.value()))

    monkeypatch.setattr(BusyWindow, "set_progress", record)
    ctl = controller(DataPaths(tmp_path / "demo"), demo=True, demo_patients=15)
    ctl.start()
    login = ctl.login_window
    assert login is not None and login.username.text() == "demo"
    assert "DEMO" in login.windowTitle()
    assert ctl._busy is None  # the "Building the demo practice" window is gone
    # While it was built, the window said how far it got, step by step, and so did the terminal.
    assert shown[0][0] == "Building the demo practice. The first time takes about a minute."
    assert "a few seconds" not in shown[0][0]
    assert [step for _, step, _ in shown][:2] == ["Creating the encrypted practice", "Adding the demo users"]
    assert any("of 300 visits" in step for _, step, _ in shown) and shown[-1][1:] == (READY_TEXT, 100)
    printed = capsys.readouterr().out
    assert "Adding 15 patients" in printed and f"[100%] {READY_TEXT}" in printed
    qtbot.keyClicks(login.password, DEMO_PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    assert ctl.main_window is not None
    assert ctl.main_window.windowTitle() == "FrontDesk — Maple Family Medicine (DEMO)"  # DEMO once


def test_sign_out_returns_to_login_and_quit_ends_with_0(qtbot, controller, data_paths, practice, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("FRONTDESK_PASSPHRASE", PASSPHRASE)
    ctl = controller(data_paths)
    ctl.start()
    _sign_in(qtbot, ctl.login_window, "admin", ADMIN_PASSWORD)
    main = ctl.main_window
    main.actions_.sign_out.trigger()
    assert not main.isVisible() and ctl.main_window is None
    assert ctl.login_window is not None and ctl.login_window.isVisible()
    assert ctl.uictx.actor is None
    _sign_in(qtbot, ctl.login_window, "admin", ADMIN_PASSWORD)
    ctl.main_window.activateWindow()
    qtbot.waitUntil(ctl.main_window.isActiveWindow)
    with qtbot.waitSignal(ctl.finished) as blocker:
        qtbot.keyClick(ctl.main_window, Qt.Key.Key_Q, Qt.KeyboardModifier.ControlModifier)
    assert blocker.args == [0]


def test_excepthook_routes_unexpected_errors_to_the_presenter(popups) -> None:  # type: ignore[no-untyped-def]
    presenter = ErrorPresenter(None)
    previous = install_excepthook(presenter)
    try:
        try:
            raise RuntimeError("patient Jane Doe broke it")
        except RuntimeError as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    assert len(popups) == 1 and popups[0].reference and popups[0].reference.startswith("FD-")
    assert "Jane Doe" not in popups[0].text


def test_importing_the_app_module_stays_light() -> None:
    """Start-up speed: frontdesk.ui.app must not pull in the database layer or the panes by itself."""
    import subprocess

    code = ("import sys, frontdesk.ui.app; heavy = [m for m in ('sqlalchemy', 'frontdesk.ui.patients', "
            "'frontdesk.ui.admin', 'frontdesk.services', 'keyring') if m in sys.modules]; print(heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).parent, env={"QT_QPA_PLATFORM": "offscreen", "PATH": ""})
    assert out.stdout.strip() == "[]"


def test_the_application_carries_the_frontdesk_icon(qapp) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.ui.app import create_application
    from frontdesk.ui.app_resources import app_icon

    icon = app_icon()
    assert not icon.isNull() and 256 in [s.width() for s in icon.availableSizes()]
    assert not create_application().windowIcon().isNull()
