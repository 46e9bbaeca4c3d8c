"""The Users tab driven like a person would: add, deactivate, reset password, change role, unlock."""

from __future__ import annotations

import re

import pytest
from PySide6.QtWidgets import QLabel
from testsupport import screenshot_path
from uisupport import click, retype

from frontdesk.domain.permissions import Role
from frontdesk.errors import AccountLocked, AuthenticationError
from frontdesk.services.admin import auth, users
from frontdesk.services._base import ServiceContext
from frontdesk.domain import schedule_time as st
from frontdesk.ui.admin.models import user_columns
from frontdesk.ui.admin.user_dialogs import (
    AddUserDialog,
    ChangeRoleDialog,
    ResetPasswordDialog,
)

STAFF_PASSWORD = "rita's own violet canyon"


USER_COLUMNS = user_columns(st.PracticeClock(st.zone(st.DEFAULT_TIME_ZONE)))
STATUS_COL = [c.header for c in USER_COLUMNS].index("Status")
ROLE_COL = [c.header for c in USER_COLUMNS].index("Role")


def shown_status(tab, user_id: int) -> str:  # type: ignore[no-untyped-def]
    row = tab.model.row_of(user_id)
    assert row >= 0, "user not listed"
    return tab.model.index(row, STATUS_COL).data()


@pytest.fixture
def tab(pane):  # type: ignore[no-untyped-def]
    return pane.show_tab("users")


@pytest.fixture
def rita(notifying_ctx, practice):  # type: ignore[no-untyped-def]
    return users.add_user(notifying_ctx(practice.actor), "rita", "Rita Reception", Role.FRONT_DESK, STAFF_PASSWORD)


def test_lists_users_with_status_text_and_last_sign_in(tab, rita, notifying_ctx) -> None:  # type: ignore[no-untyped-def]
    auth.login(notifying_ctx(), "rita", STAFF_PASSWORD)
    tab.refresh()  # a successful sign-in is not a 'users' change; the list shows it on the next load
    assert shown_status(tab, rita.id) == "Active"
    row = tab.model.row_of(rita.id)
    assert tab.model.index(row, ROLE_COL).data() == "Front desk"
    last = tab.model.index(row, len(USER_COLUMNS) - 1).data()
    assert re.fullmatch(r"\d{2}/\d{2}/\d{4} \d{1,2}:\d{2} [AP]M", last), last
    admin_row = tab.model.row_of(tab.uictx.actor.user_id)
    assert tab.model.index(admin_row, len(USER_COLUMNS) - 1).data() == "Never"


def test_add_user_through_dialog_short_password_error_then_success(qtbot, tab, drive_dialog, statuses, uictx):  # type: ignore[no-untyped-def]
    def fill(dialog: AddUserDialog) -> None:
        qtbot.keyClicks(dialog.username, "BOB.b")
        qtbot.keyClicks(dialog.full_name, "Bob Builder")
        dialog.role.setFocus()
        qtbot.keyClicks(dialog.role, "Billing")
        qtbot.keyClicks(dialog.passwords.password, "too short")
        qtbot.keyClicks(dialog.passwords.confirm, "too short")
        click(qtbot, dialog.ok_button)
        error = dialog.form.error_label("password")
        assert error.isVisible()
        assert "at least 12 characters" in error.text()
        assert dialog.isVisible(), "a field error keeps the dialog open"
        assert dialog.username.text() == "BOB.b" and dialog.full_name.text() == "Bob Builder"
        # Mismatched confirmation is caught beside the confirmation field.
        retype(qtbot, dialog.passwords.password, "correct horse battery")
        retype(qtbot, dialog.passwords.confirm, "correct horse batery")
        click(qtbot, dialog.ok_button)
        assert dialog.form.error_label("password_confirm").isVisible()
        assert not dialog.form.error_label("password").isVisible()
        retype(qtbot, dialog.passwords.confirm, "correct horse battery")
        click(qtbot, dialog.ok_button)

    opened = drive_dialog(AddUserDialog, fill)
    click(qtbot, tab.add_button)
    assert len(opened) == 1 and not opened[0].isVisible()
    assert statuses[-1] == "Added user bob.b (Billing)."
    added = tab.selected_user()
    assert added is not None and added.username == "bob.b" and added.role is Role.BILLING
    assert shown_status(tab, added.id) == "Active"
    # The account really exists and signs in.
    assert auth.login(ServiceContext(uictx.db), "bob.b", "correct horse battery").username == "bob.b"


def test_taken_username_is_shown_beside_username(qtbot, tab, rita, drive_dialog) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: AddUserDialog) -> None:
        qtbot.keyClicks(dialog.username, "rita")
        qtbot.keyClicks(dialog.full_name, "Another Rita")
        qtbot.keyClicks(dialog.passwords.password, STAFF_PASSWORD)
        qtbot.keyClicks(dialog.passwords.confirm, STAFF_PASSWORD)
        click(qtbot, dialog.ok_button)
        assert "already taken" in dialog.form.error_label("username").text()
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Cancel))

    drive_dialog(AddUserDialog, fill)
    click(qtbot, tab.add_button)
    assert [u.username for u in tab.model.records()].count("rita") == 1


def test_buttons_follow_selection_and_state(tab, rita) -> None:  # type: ignore[no-untyped-def]
    assert tab.add_button.isEnabled()
    assert not any(b.isEnabled() for b in (tab.deactivate_button, tab.reactivate_button, tab.reset_button,
                                           tab.role_button, tab.unlock_button))
    assert tab.select_user(rita.id)
    assert tab.deactivate_button.isEnabled() and not tab.reactivate_button.isEnabled()
    assert tab.reset_button.isEnabled() and tab.role_button.isEnabled()
    assert not tab.unlock_button.isEnabled()


def test_deactivate_then_reactivate(qtbot, tab, rita, statuses, uictx) -> None:  # type: ignore[no-untyped-def]
    tab.select_user(rita.id)
    click(qtbot, tab.deactivate_button)
    assert shown_status(tab, rita.id) == "Deactivated"
    assert statuses[-1] == "Deactivated rita; they can no longer sign in."
    assert tab.selected_user().id == rita.id, "the selection survives the refresh"
    assert tab.reactivate_button.isEnabled() and not tab.deactivate_button.isEnabled()
    with pytest.raises(AuthenticationError):
        auth.login(ServiceContext(uictx.db), "rita", STAFF_PASSWORD)
    click(qtbot, tab.reactivate_button)
    assert shown_status(tab, rita.id) == "Active"
    assert statuses[-1] == "Reactivated rita; they can sign in again."


def test_deactivating_yourself_shows_the_conflict(qtbot, tab, shown_errors, statuses, uictx) -> None:  # type: ignore[no-untyped-def]
    tab.select_user(uictx.actor.user_id)
    click(qtbot, tab.deactivate_button)
    assert len(shown_errors) == 1
    assert shown_errors[0].title == "Conflict"
    assert shown_errors[0].text == "You cannot deactivate your own account."
    assert shown_status(tab, uictx.actor.user_id) == "Active"
    assert statuses == []


def test_reset_password_through_dialog(qtbot, tab, rita, drive_dialog, statuses, uictx) -> None:  # type: ignore[no-untyped-def]
    new_password = "cobalt kettle morning rain"

    def fill(dialog: ResetPasswordDialog) -> None:
        assert any("rita" in label.text() for label in dialog.findChildren(QLabel))
        qtbot.keyClicks(dialog.passwords.password, new_password)
        qtbot.keyClicks(dialog.passwords.confirm, new_password)
        click(qtbot, dialog.ok_button)

    drive_dialog(ResetPasswordDialog, fill)
    tab.select_user(rita.id)
    click(qtbot, tab.reset_button)
    assert statuses[-1] == "New password set for rita."
    anon = ServiceContext(uictx.db)
    assert auth.login(anon, "rita", new_password).username == "rita"
    with pytest.raises(AuthenticationError):
        auth.login(anon, "rita", STAFF_PASSWORD)


def test_a_guessable_password_is_explained_beside_the_field(qtbot, tab, rita, drive_dialog, statuses,  # type: ignore[no-untyped-def]
                                                           uictx) -> None:
    # issue 17: Summer2026!! was accepted; now zxcvbn's reason is shown on the password field and the dialog stays.
    def fill(dialog: ResetPasswordDialog) -> None:
        qtbot.keyClicks(dialog.passwords.password, "Summer2026!!")
        qtbot.keyClicks(dialog.passwords.confirm, "Summer2026!!")
        click(qtbot, dialog.ok_button)
        error = dialog.form.error_label("password")
        qtbot.waitUntil(error.isVisible)
        assert "This password is easy to guess. Add another word or two." in error.text()
        assert dialog.isVisible()
        qtbot.waitUntil(lambda: error.height() >= error.heightForWidth(error.width()))  # every line of the reason
        dialog.grab().save(str(screenshot_path("reset-password-guessable.png")))
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Cancel))

    drive_dialog(ResetPasswordDialog, fill)
    tab.select_user(rita.id)
    click(qtbot, tab.reset_button)
    assert statuses == []
    assert auth.login(ServiceContext(uictx.db), "rita", STAFF_PASSWORD).username == "rita"


def test_change_role_through_dialog(qtbot, tab, rita, drive_dialog, statuses) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: ChangeRoleDialog) -> None:
        assert not dialog.ok_button.isEnabled(), "the same role cannot be 'changed' to"
        dialog.role.setFocus()
        qtbot.keyClicks(dialog.role, "Billing")
        assert dialog.ok_button.isEnabled()
        click(qtbot, dialog.ok_button)

    drive_dialog(ChangeRoleDialog, fill)
    tab.select_user(rita.id)
    click(qtbot, tab.role_button)
    assert statuses[-1] == "rita is now Billing."
    assert tab.model.index(tab.model.row_of(rita.id), ROLE_COL).data() == "Billing"


def test_last_admin_keeps_role_message_in_dialog(qtbot, tab, drive_dialog, uictx, statuses) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: ChangeRoleDialog) -> None:
        dialog.role.setCurrentIndex(dialog.role.findData(Role.FRONT_DESK.value))
        click(qtbot, dialog.ok_button)
        assert dialog.isVisible()
        assert "last active administrator" in dialog.form.form_error.text()
        dialog.reject()

    drive_dialog(ChangeRoleDialog, fill)
    tab.select_user(uictx.actor.user_id)
    click(qtbot, tab.role_button)
    assert statuses == []
    assert tab.model.index(tab.model.row_of(uictx.actor.user_id), ROLE_COL).data() == "Admin"


def test_locked_user_shows_locked_until_and_unlock_clears_it(qtbot, tab, rita, notifying_ctx, statuses,  # type: ignore[no-untyped-def]
                                                             uictx) -> None:
    anon = notifying_ctx()  # failed sign-ins at another workstation reach this pane as a 'users' change
    for _ in range(4):
        with pytest.raises(AuthenticationError):
            auth.login(anon, "rita", "not the password")
    with pytest.raises(AccountLocked):
        auth.login(anon, "rita", "not the password")
    status = shown_status(tab, rita.id)
    assert re.fullmatch(r"Locked until \d{1,2}:\d{2} [AP]M", status), status
    tab.select_user(rita.id)
    assert tab.unlock_button.isEnabled()
    click(qtbot, tab.unlock_button)
    assert shown_status(tab, rita.id) == "Active"
    assert statuses[-1] == "Unlocked rita."
    assert not tab.unlock_button.isEnabled()
    assert auth.login(ServiceContext(uictx.db), "rita", STAFF_PASSWORD).username == "rita"


def test_filter_box_narrows_the_list(qtbot, tab, rita) -> None:  # type: ignore[no-untyped-def]
    assert tab.proxy.rowCount() == 2
    qtbot.keyClicks(tab.filter_edit, "recep")
    assert tab.proxy.rowCount() == 1
    assert tab.proxy.index(0, 0).data() == "rita"



def test_three_wrong_fields_show_three_errors_and_focus_the_first(qtbot, tab, drive_dialog) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: AddUserDialog) -> None:
        qtbot.keyClicks(dialog.username, "9 bad")
        qtbot.keyClicks(dialog.passwords.password, "too short")
        qtbot.keyClicks(dialog.passwords.confirm, "too short")
        dialog.passwords.confirm.setFocus()
        click(qtbot, dialog.ok_button)
        for name, words in (("username", "starting with a letter"), ("full_name", "required"),
                            ("password", "at least 12 characters")):
            error = dialog.form.error_label(name)
            assert error.isVisible() and words in error.text(), name
        assert not dialog.form.form_error.isVisible()
        assert dialog.focusWidget() is dialog.username  # the first wrong field, in the form's order
        wrapped = dialog.form.error_label("username")  # two lines: wait for the layout to give it both
        qtbot.waitUntil(lambda: wrapped.height() >= wrapped.heightForWidth(wrapped.width()))
        dialog.grab().save(str(screenshot_path("add-user-errors.png")))
        click(qtbot, dialog.buttons.button(dialog.buttons.StandardButton.Cancel))

    drive_dialog(AddUserDialog, fill)
    click(qtbot, tab.add_button)
