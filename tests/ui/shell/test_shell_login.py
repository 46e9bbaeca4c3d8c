"""The sign-in window: success, wrong password beside the field, lockout that persists."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from shell_testlib import ADMIN_PASSWORD, STAFF_PASSWORD
from testsupport import screenshot_path

from frontdesk.services.admin.auth import MAX_FAILURES
from frontdesk.ui.app import build_login_window


@pytest.fixture
def login(qtbot, uictx):  # type: ignore[no-untyped-def]
    def make(**kwargs):  # type: ignore[no-untyped-def]
        window = build_login_window(uictx, **kwargs)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        return window

    return make


def _sign_in(qtbot, window, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    window.username.clear()
    qtbot.keyClicks(window.username, username)
    qtbot.keyClicks(window.password, password)
    qtbot.keyClick(window.password, Qt.Key.Key_Return)


def test_login_window_shows_practice_name_and_signs_in(qtbot, login, popups) -> None:  # type: ignore[no-untyped-def]
    window = login()
    assert window.practice_label.text() == "Test Family Practice"
    assert window.windowTitle() == "FrontDesk — Sign in"
    with qtbot.waitSignal(window.signed_in) as blocker:
        _sign_in(qtbot, window, "admin", ADMIN_PASSWORD)
    actor = blocker.args[0]
    assert actor.username == "admin"
    assert window.password.text() == ""  # the password does not linger
    assert popups == []


def test_demo_login_window_is_prefilled_and_says_demo(login) -> None:  # type: ignore[no-untyped-def]
    window = login(demo=True, username="demo")
    assert window.username.text() == "demo"
    assert "DEMO" in window.windowTitle()
    assert window.demo_label.isVisible()


def test_wrong_password_is_shown_beside_the_field_without_a_popup(qtbot, login, popups) -> None:  # type: ignore[no-untyped-def]
    window = login()
    signals: list[object] = []
    window.signed_in.connect(signals.append)
    _sign_in(qtbot, window, "admin", "not the password")
    assert window.password_error() == "\u26a0 Wrong username or password."
    assert window.form.error_label("password").isVisible()
    assert window.password.text() == "" and window.focusWidget() is window.password
    assert signals == [] and popups == []
    # Typing the right one afterwards works and clears the message.
    with qtbot.waitSignal(window.signed_in):
        qtbot.keyClicks(window.password, ADMIN_PASSWORD)
        qtbot.mouseClick(window.sign_in_button, Qt.MouseButton.LeftButton)
    assert window.password_error() == ""


def test_empty_username_is_flagged_on_the_username_field(qtbot, login, popups) -> None:  # type: ignore[no-untyped-def]
    window = login()
    qtbot.keyClicks(window.password, "whatever")
    qtbot.keyClick(window.password, Qt.Key.Key_Return)
    assert window.form.error_label("username").isVisible()
    assert popups == []


def test_an_administrator_is_asked_to_wait_beside_the_field(qtbot, login, popups) -> None:  # type: ignore[no-untyped-def]
    window = login()
    for _ in range(MAX_FAILURES):
        _sign_in(qtbot, window, "admin", "wrong password!")
    assert window.password_error() == "\u26a0 Too many failed sign-ins. Wait 2 seconds before trying again."
    assert popups == []
    window.grab().save(str(screenshot_path("login-admin-wait.png")))


def test_five_failures_lock_the_account_and_it_stays_locked(qtbot, login, popups, frontdesk_actor) -> None:  # type: ignore[no-untyped-def]
    window = login()
    for _ in range(MAX_FAILURES):
        _sign_in(qtbot, window, "rita", "wrong password!")
    assert "locked after 5 failed sign-ins" in window.password_error()
    assert popups == []
    window.close()
    # A brand-new login window still refuses the right password.
    again = login()
    signals: list[object] = []
    again.signed_in.connect(signals.append)
    _sign_in(qtbot, again, "rita", STAFF_PASSWORD)
    assert "locked" in again.password_error()
    assert signals == []


def test_closing_the_login_window_means_quit(qtbot, login) -> None:  # type: ignore[no-untyped-def]
    window = login()
    with qtbot.waitSignal(window.cancelled):
        window.close()
    other = login()
    with qtbot.assertNotEmitted(other.cancelled):
        other.dismiss()


def test_login_window_can_appear_before_the_data_is_open(qtbot, uictx, popups) -> None:  # type: ignore[no-untyped-def]
    window = build_login_window(None, username="admin")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.opening_label.isVisible() and not window.is_ready()
    signals: list[object] = []
    window.signed_in.connect(signals.append)
    qtbot.keyClicks(window.password, ADMIN_PASSWORD)
    qtbot.keyClick(window.password, Qt.Key.Key_Return)  # pressed while the data is still opening
    assert signals == [] and not window.sign_in_button.isEnabled()
    window.attach(uictx)
    assert [a.username for a in signals] == ["admin"]
    assert not window.opening_label.isVisible()
    assert window.practice_label.text() == "Test Family Practice"
    assert popups == []
