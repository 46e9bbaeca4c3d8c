"""Issue 19: a Clinical user's main window: lands on the Desk inbox, sees their unread count on the Desk's
navigation item and in the status bar (following the data-changed signal), and finds billing, payments, day
close and admin greyed out with the reason (real widgets, real encrypted practice)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from deskui_lib import choose_combo
from PySide6.QtCore import Qt
from testsupport import STAFF_PASSWORD, screenshot_path
from uisupport import make_uictx, notifying, show_active

from frontdesk.domain.permissions import Role
from frontdesk.services.admin import providers, users
from frontdesk.services.desk import phone_messages
from frontdesk.services.desk.phone_messages import MessageInput
from frontdesk.services.session import Actor, ServiceContext
from frontdesk.ui.app import build_main_window
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.messages_dialog import TakeMessageDialog

NOTE = MessageInput(caller_name="Ann Able", caller_phone="(518) 555-0142", reason="Lab results", urgency="today",
                    not_a_patient=True)


@pytest.fixture
def clinic(admin_ctx: ServiceContext) -> dict[str, object]:
    provider = providers.add_provider(admin_ctx, "Pat", "Smith", "1245319599", credential="MD")
    info = users.add_user(admin_ctx, "drsmith", "Pat Smith", Role.CLINICAL, STAFF_PASSWORD)
    users.link_provider(admin_ctx, info.id, provider.id)
    return {"provider": provider.id, "actor": Actor(info.id, info.username, info.full_name, info.role)}


@pytest.fixture
def main(qtbot, practice, data_paths, clinic, shown_errors):  # type: ignore[no-untyped-def]
    uictx: UiContext = make_uictx(practice, data_paths, clinic["actor"])  # type: ignore[arg-type]
    window = build_main_window(uictx)
    return show_active(qtbot, window, 1366, 768)


def _nav(main, key: str):  # type: ignore[no-untyped-def]
    return next(main.panes.nav.item(i) for i in range(main.panes.nav.count())
                if main.panes.nav.item(i).data(Qt.ItemDataRole.UserRole) == key)


def test_a_clinician_lands_on_the_inbox_and_sees_the_unread_count(qtbot, main, clinic, frontdesk_actor) -> None:  # type: ignore[no-untyped-def]
    assert main.panes.current_key() == "desk"
    desk = main.panes.pane("desk")
    assert desk.currentWidget() is desk.tab("messages")
    assert desk.messages_tab.bar.scope.currentText() == "My inbox"
    assert _nav(main, "desk").text().startswith("Desk\n")
    # The front desk takes a message for the provider at another desk: the data-changed signal brings it here.
    rita = notifying(main.uictx, frontdesk_actor)
    row = phone_messages.take_message(rita, replace(NOTE, to_role=f"provider:{clinic['provider']}"))
    qtbot.waitUntil(lambda: _nav(main, "desk").text().startswith("Desk (1 unread)"))
    assert main.unread_badge.text() == "\u2709 1 unread message"
    qtbot.waitUntil(lambda: desk.messages_tab.model.rowCount() == 1)
    main.grab().save(str(screenshot_path("h21-clinical-main-1366x768.png")))
    phone_messages.get_message(notifying(main.uictx, clinic["actor"]), row.id)  # reading it marks it read
    qtbot.waitUntil(lambda: _nav(main, "desk").text().startswith("Desk\n"))
    assert main.unread_badge.text() == "\u2709 No unread messages"


def test_billing_day_close_backup_and_admin_are_out_of_reach_with_the_reason(main) -> None:  # type: ignore[no-untyped-def]
    billing = _nav(main, "billing")
    assert not billing.flags() & Qt.ItemFlag.ItemIsEnabled and "not part of the Clinical role" in billing.toolTip()
    assert _nav(main, "admin").isHidden() and not main.actions_.admin_menu.menuAction().isVisible()
    for action in (main.actions_.end_of_day, main.actions_.backup, main.actions_.go["billing"],
                   *main.actions_.eligibility.values()):
        assert not action.isEnabled() and "Clinical role" in action.toolTip(), action.text()
    assert main.go("billing") is None and main.panes.pane("billing") is None
    assert main.actions_.go["calendar"].isEnabled() and main.actions_.go["patients"].isEnabled()
    desk = main.panes.pane("desk")
    enabled = {name: desk.isTabEnabled(desk.indexOf(desk.tab(name))) for name in desk.TAB_NAMES}
    assert enabled == {"messages": True, "tasks": True, "referrals": False, "letters": False, "recalls": False}
    assert "Clinical role" in desk.tabToolTip(desk.indexOf(desk.tab("recalls")))
    # "back up today" is not theirs to act on: the backup-age note is for roles that may back up
    assert main.backup_age.isHidden()


def test_the_backup_age_note_is_back_for_a_front_desk_user_after_the_clinician(qtbot, main, frontdesk_actor) -> None:  # type: ignore[no-untyped-def]
    assert main.backup_age.isHidden()
    main.uictx.set_actor(frontdesk_actor)
    qtbot.waitUntil(lambda: not main.backup_age.isHidden())


def test_locking_and_unlocking_keeps_the_gates(qtbot, main) -> None:  # type: ignore[no-untyped-def]
    main.lock("manual")
    assert not main.actions_.end_of_day.isEnabled() and not main.actions_.go["desk"].isEnabled()
    main.lock_screen.password.setText(STAFF_PASSWORD)
    qtbot.keyClick(main.lock_screen.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not main.is_locked())
    assert not main.actions_.end_of_day.isEnabled() and main.actions_.go["desk"].isEnabled()


def test_the_for_box_routes_a_message_to_the_nurses(qtbot, main, clinic, monkeypatch, admin_ctx) -> None:  # type: ignore[no-untyped-def]
    nurse = users.add_user(admin_ctx, "nina", "Nina Nurse", Role.CLINICAL, STAFF_PASSWORD)
    offered: list[str] = []

    def drive(cls, parent, ctx, recipients):  # type: ignore[no-untyped-def]
        dialog = cls(ctx, recipients, parent)
        qtbot.addWidget(dialog)
        offered.extend(dialog.to.itemText(i) for i in range(dialog.to.count()))
        qtbot.keyClicks(dialog.caller_name, "Ann Able")
        dialog.patient.not_patient.setChecked(True)
        qtbot.keyClicks(dialog.reason, "Wound check")
        choose_combo(qtbot, dialog.to, "Nurses")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.outcome

    monkeypatch.setattr(TakeMessageDialog, "ask", classmethod(drive))
    tab = main.panes.pane("desk").messages_tab
    qtbot.mouseClick(tab.take_button, Qt.MouseButton.LeftButton)
    assert {"Nurses", "Pat Smith, MD (provider)", "Clinical (role)"} <= set(offered)
    nina = ServiceContext(main.uictx.db, Actor(nurse.id, nurse.username, nurse.full_name, nurse.role))
    assert [(m.reason, m.to_label) for m in phone_messages.message_rows(nina)] == [("Wound check", "Nurses")]
    assert tab.model.rowCount() == 0  # the provider who took it is not one of the Nurses


def test_demographics_are_read_only_for_a_clinician(qtbot, main, frontdesk_ctx) -> None:  # type: ignore[no-untyped-def]
    from fd_testlib import patient

    from frontdesk.services.patients import patients

    record = patients.register_patient(frontdesk_ctx, patient())
    pane = main.go("patients")
    assert not pane.new_button.isEnabled() and "Clinical role" in pane.new_button.toolTip()
    main.open_patient(record.id)
    qtbot.waitUntil(lambda: pane.view.record is not None)
    assert pane.view.demographics.edit_button.isVisible() and not pane.view.edit_button.isEnabled()
    assert "Clinical role" in pane.view.edit_button.toolTip() and not pane.edit_action.isEnabled()
    pane.edit_patient()  # Ctrl+E does nothing either
    assert pane.stack.currentWidget() is pane.view


def test_the_schedule_is_view_only_for_a_clinician(main, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.ui.calendar.find_opening import FindOpeningDialog

    calendar = main.go("calendar")
    for button in (calendar.toolbar.new_button, calendar.toolbar.find_button):
        assert not button.isEnabled() and "Clinical role" in button.toolTip()
    asked: list[object] = []
    monkeypatch.setattr(FindOpeningDialog, "ask", classmethod(lambda cls, *a, **k: asked.append(a)))
    calendar.find_opening()  # its shortcut does nothing either
    calendar.new_appointment()
    assert asked == [] and main.panes.current_key() == "calendar"
