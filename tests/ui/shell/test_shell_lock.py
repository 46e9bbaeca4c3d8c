"""Locking: Ctrl+L hides patient data, open dialogs are hidden and come back intact, unlock, switch user."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit, QVBoxLayout
from shell_testlib import ADMIN_PASSWORD, STAFF_PASSWORD, text_on_screen

from frontdesk.services.admin import audit
from frontdesk.services.admin.audit import AuditFilter
from frontdesk.services.admin.auth import MAX_FAILURES
from frontdesk.services.patients.patients import PatientInput, register_patient
from frontdesk.ui.lock import SwitchUserConfirm
from frontdesk.ui.main_window import LOCKED_TITLE

CANARY_LAST, CANARY_FIRST = "Quibblewick", "Zebulon"


@pytest.fixture
def canary(admin_ctx):  # type: ignore[no-untyped-def]
    return register_patient(admin_ctx, PatientInput(first_name=CANARY_FIRST, last_name=CANARY_LAST,
                                                    dob="03/14/1962", sex="M"))


def _ctrl(qtbot, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.ControlModifier)


def _type_and_enter(qtbot, edit: QLineEdit, text: str) -> None:  # type: ignore[no-untyped-def]
    edit.clear()
    qtbot.keyClicks(edit, text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def _lock_events(admin_ctx) -> list[str]:  # type: ignore[no-untyped-def]
    return [row.detail for row in audit.list_events(admin_ctx, AuditFilter(action="session.lock"))]


def test_ctrl_l_hides_patient_data_and_unlock_restores_unsaved_text(qtbot, make_main, practice, canary,  # type: ignore[no-untyped-def]
                                                                    admin_ctx, popups) -> None:
    main = make_main(practice.actor)
    _ctrl(qtbot, Qt.Key.Key_F)
    search = QApplication.focusWidget()
    assert isinstance(search, QLineEdit)
    qtbot.keyClicks(search, CANARY_LAST)  # typed, never saved anywhere
    qtbot.waitUntil(lambda: text_on_screen(CANARY_FIRST))  # the search result shows the patient

    _ctrl(qtbot, Qt.Key.Key_L)
    assert main.is_locked()
    assert main.windowTitle() == LOCKED_TITLE
    assert not text_on_screen(CANARY_LAST) and not text_on_screen(CANARY_FIRST)
    assert main.lock_screen.isVisible()
    assert main.lock_screen.practice_label.text() == "Test Family Practice"
    assert main.lock_screen.who_label.text() == "Locked — signed in as admin"
    assert not main.statusBar().isVisible()
    assert not main.actions_.search.isEnabled() and main.actions_.quit.isEnabled()
    assert _lock_events(admin_ctx) == ["locked by user"]
    _ctrl(qtbot, Qt.Key.Key_F)  # shortcuts to patient data do nothing while locked
    assert not text_on_screen(CANARY_FIRST)

    _type_and_enter(qtbot, main.lock_screen.password, ADMIN_PASSWORD)
    assert not main.is_locked()
    assert main.windowTitle() == "FrontDesk — Test Family Practice"
    assert search.text() == CANARY_LAST and search.isVisible()
    assert text_on_screen(CANARY_FIRST)
    assert QApplication.focusWidget() is search  # back where they were typing
    assert popups == []


def test_lock_button_locks_too(qtbot, make_main, practice) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    qtbot.mouseClick(main.lock_button, Qt.MouseButton.LeftButton)
    assert main.is_locked() and main.windowTitle() == LOCKED_TITLE


def test_wrong_unlock_password_is_shown_beside_the_field_and_counts_to_lockout(  # type: ignore[no-untyped-def]
        qtbot, make_main, frontdesk_actor, popups) -> None:
    main = make_main(frontdesk_actor)
    main.lock("manual")
    screen = main.lock_screen
    _type_and_enter(qtbot, screen.password, "not my password")
    assert main.is_locked()
    assert screen.error_text() == "\u26a0 Wrong username or password."
    for _ in range(MAX_FAILURES - 1):
        _type_and_enter(qtbot, screen.password, "not my password")
    assert "locked after 5 failed sign-ins" in screen.error_text()
    _type_and_enter(qtbot, screen.password, STAFF_PASSWORD)
    assert main.is_locked() and "locked" in screen.error_text()
    assert popups == []


def test_non_modal_dialog_is_hidden_while_locked_and_comes_back_with_its_text(qtbot, make_main, practice) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    dialog = QDialog(main.panes.pane("calendar"))  # owned by a pane: still one of the window's dialogs
    edit = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(edit)
    dialog.show()
    qtbot.keyClicks(edit, "half-typed note")
    main.lock("manual")
    assert not dialog.isVisible()
    assert not text_on_screen("half-typed note")
    _type_and_enter(qtbot, main.lock_screen.password, ADMIN_PASSWORD)
    assert dialog.isVisible() and edit.text() == "half-typed note"


def test_modal_dialog_in_exec_survives_the_lock_and_the_lock_screen_takes_input(qtbot, make_main, practice) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    dialog = QDialog(main)
    dialog.setWindowTitle("Edit patient")
    edit = QLineEdit(dialog)
    QVBoxLayout(dialog).addWidget(edit)
    seen: dict[str, object] = {}

    def while_open() -> None:
        try:
            qtbot.keyClicks(edit, "unsaved middle name")
            main.lock("idle")
            seen["edit_visible_while_locked"] = edit.isVisible()
            seen["dialog_title_while_locked"] = dialog.windowTitle()
            seen["canary_visible"] = text_on_screen("unsaved middle name")
            qtbot.keyClicks(main.lock_screen.password, ADMIN_PASSWORD)
            # A real click through the window system: the main window must not be blocked by the dialog.
            button = main.lock_screen.unlock_button
            QTest.mouseClick(main.windowHandle(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             button.mapTo(main, button.rect().center()))
            seen["unlocked"] = not main.is_locked()
            seen["edit_visible_after"] = edit.isVisible()
            seen["still_open"] = dialog.isVisible()
        finally:
            dialog.accept()

    QTimer.singleShot(0, while_open)
    result = dialog.exec()
    assert result == QDialog.DialogCode.Accepted  # the lock did not cancel the dialog
    assert seen == {"edit_visible_while_locked": False, "dialog_title_while_locked": LOCKED_TITLE,
                    "canary_visible": False, "unlocked": True, "edit_visible_after": True, "still_open": True}
    assert edit.text() == "unsaved middle name"
    assert dialog.windowTitle() == "Edit patient"
    assert main.windowModality() == Qt.WindowModality.NonModal


def test_switch_user_rebuilds_panes_after_confirming(qtbot, make_main, practice, frontdesk_actor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked = []
    monkeypatch.setattr(SwitchUserConfirm, "ask",
                        classmethod(lambda cls, parent, locked, new: asked.append((locked, new)) or True))
    main = make_main(practice.actor)
    search_pane = main.go("patients")
    main.search_patients()
    qtbot.keyClicks(QApplication.focusWidget(), "admin's half search")
    leftover = QDialog(main)
    leftover.show()
    main.lock("manual")
    screen = main.lock_screen
    qtbot.mouseClick(screen.switch_button, Qt.MouseButton.LeftButton)
    screen.switch_username.setText("rita")
    _type_and_enter(qtbot, screen.switch_password, STAFF_PASSWORD)
    assert asked == [("admin", "rita")]
    assert not main.is_locked()
    assert main.user_label.text() == "Signed in: Rita Reception (Front desk)"
    assert main.uictx.actor.username == "rita"
    assert main.panes.current_key() == "calendar"
    assert main.panes.pane("patients") is None and not text_on_screen("admin's half search")
    assert main.go("patients") is not search_pane
    assert main.go("admin") is None
    assert not leftover.isVisible()


def test_switch_user_declined_stays_locked(qtbot, make_main, practice, frontdesk_actor, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(SwitchUserConfirm, "ask", classmethod(lambda cls, parent, locked, new: False))
    main = make_main(practice.actor)
    main.lock("manual")
    main.lock_screen.show_switch_user()
    main.lock_screen.switch_username.setText("rita")
    _type_and_enter(qtbot, main.lock_screen.switch_password, STAFF_PASSWORD)
    assert main.is_locked() and main.uictx.actor.username == "admin"


def test_idle_lock_fires_after_the_timeout(qtbot, make_main, practice, admin_ctx) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor, idle_timeout_ms=250)
    assert main.idle.is_running()
    qtbot.waitUntil(main.is_locked, timeout=8000)
    assert main.windowTitle() == LOCKED_TITLE
    assert _lock_events(admin_ctx) == ["idle timeout"]
    assert not main.idle.is_running()  # no second lock while locked
    _type_and_enter(qtbot, main.lock_screen.password, ADMIN_PASSWORD)
    assert main.idle.is_running()


def test_closing_or_signing_out_is_disabled_while_locked(make_main, practice) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    main.lock("manual")
    assert not main.actions_.sign_out.isEnabled()
    main.sign_out()  # even if called directly
    assert main.isVisible() and main.uictx.actor is not None


def test_lock_screen_mouse_point_is_the_unlock_button(make_main, practice) -> None:  # type: ignore[no-untyped-def]
    """Sanity check for the window-level click used above: it really lands on the button."""
    main = make_main(practice.actor)
    main.lock("manual")
    button = main.lock_screen.unlock_button
    point = button.mapTo(main, button.rect().center())
    assert main.childAt(point) is button or button.isAncestorOf(main.childAt(point))
    assert point != QPoint(0, 0)
