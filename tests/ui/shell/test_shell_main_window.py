"""The main window: status bar, title, navigation by role, shortcuts, Calendar and Billing panes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from shell_testlib import PRACTICE

from frontdesk.domain.permissions import Role
from frontdesk.services.admin import providers as provider_service
from frontdesk.services.admin import users
from frontdesk.services._base import Actor
from frontdesk.ui.about import about_text


def _key(qtbot, key: Qt.Key, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def test_status_bar_and_title_show_user_role_and_practice(make_main, practice) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    assert main.user_label.text() == "Signed in: Ada Admin (Admin)"
    assert main.practice_label.text() == "Practice: Test Family Practice"
    assert main.lock_button.isVisible() and "Lock" in main.lock_button.text()
    assert main.windowTitle() == "FrontDesk — Test Family Practice"
    assert main.panes.current_key() == "calendar"


def test_window_fits_a_1366x768_screen(make_main, practice) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    assert main.minimumWidth() <= 1366 and main.minimumHeight() <= 728
    assert main.width() <= 1366 and main.height() <= 768


def test_pane_messages_go_to_the_status_bar(make_main, practice) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    admin = main.go("admin")
    # Panes that accept a status callable get the main window's.
    assert admin.status == main.show_status
    main.show_status("Saved patient.")
    assert main.statusBar().currentMessage() == "Saved patient."


def test_ctrl_number_keys_switch_panes(qtbot, make_main, practice) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    for key, name in ((Qt.Key.Key_2, "patients"), (Qt.Key.Key_3, "billing"), (Qt.Key.Key_4, "desk"),
                      (Qt.Key.Key_5, "admin"), (Qt.Key.Key_1, "calendar")):
        _key(qtbot, key, Qt.KeyboardModifier.ControlModifier)
        assert main.panes.current_key() == name
        assert main.panes.stack.currentWidget() is main.panes.pane(name)


@pytest.mark.parametrize("key", [Qt.Key.Key_F, Qt.Key.Key_F3])
def test_search_patients_is_one_key_away(qtbot, make_main, practice, key) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    main.go("billing")
    modifier = Qt.KeyboardModifier.ControlModifier if key == Qt.Key.Key_F else Qt.KeyboardModifier.NoModifier
    _key(qtbot, key, modifier)
    patients = main.panes.pane("patients")
    assert main.panes.current_key() == "patients"
    focus = QApplication.focusWidget()
    assert focus is not None and patients.isAncestorOf(focus)
    assert focus is getattr(patients, "search", focus)  # the real pane's search box when it has one


def test_admin_navigation_is_hidden_for_front_desk(qtbot, make_main, frontdesk_actor) -> None:  # type: ignore[no-untyped-def]
    main = make_main(frontdesk_actor)
    assert main.user_label.text() == "Signed in: Rita Reception (Front desk)"
    admin_row = [main.panes.nav.item(i) for i in range(main.panes.nav.count())
                 if main.panes.nav.item(i).data(Qt.ItemDataRole.UserRole) == "admin"][0]
    assert admin_row.isHidden()
    assert not main.actions_.admin_menu.menuAction().isVisible()
    assert not main.actions_.go["admin"].isEnabled()
    _key(qtbot, Qt.Key.Key_5, Qt.KeyboardModifier.ControlModifier)
    assert main.panes.current_key() == "calendar" and main.panes.pane("admin") is None
    assert main.go("admin") is None


def test_role_is_re_evaluated_when_the_actor_changes(make_main, practice, frontdesk_actor) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    main.go("admin")
    assert main.actions_.admin_menu.menuAction().isVisible()
    main.uictx.set_actor(frontdesk_actor)
    assert main.panes.current_key() == "calendar" and main.panes.pane("admin") is None
    assert not main.actions_.admin_menu.menuAction().isVisible()
    main.uictx.set_actor(practice.actor)
    assert main.actions_.go["admin"].isEnabled()


def test_admin_menu_entries_open_their_tab(make_main, practice) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    main.actions_.admin_sections["audit"].trigger()
    admin = main.panes.pane("admin")
    assert main.panes.current_key() == "admin"
    assert admin.currentWidget() is admin.tab("audit")
    main.actions_.admin_sections["users"].trigger()
    assert admin.currentWidget() is admin.tab("users")
    assert set(main.actions_.admin_sections) == set(admin.TAB_NAMES)  # every tab is one menu pick away
    for name in admin.TAB_NAMES:
        main.actions_.admin_sections[name].trigger()
        assert admin.currentWidget() is admin.tab(name)
    texts = [a.text() for a in main.actions_.admin_menu.actions() if a.text()]
    mnemonics = [t[t.index("&") + 1].lower() for t in texts if "&" in t]
    assert len(mnemonics) == len(set(mnemonics)) == len(texts)


def test_change_passphrase_menu_opens_the_dialog(make_main, practice, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.ui.setup_wizard.change_passphrase import ChangePassphraseDialog

    calls = []

    def fake_ask(cls, parent, ctx):  # type: ignore[no-untyped-def]
        calls.append((parent, ctx))
        return len(calls) == 2  # cancelled the first time, changed the second

    monkeypatch.setattr(ChangePassphraseDialog, "ask", classmethod(fake_ask))
    main = make_main(practice.actor)
    main.actions_.change_passphrase.trigger()
    assert calls == [(main, main.uictx)]
    assert "passphrase" not in main.statusBar().currentMessage().lower()
    main.actions_.change_passphrase.trigger()
    assert main.statusBar().currentMessage() == "Administrator passphrase changed"


def test_about_names_version_and_data_folder(data_paths) -> None:  # type: ignore[no-untyped-def]
    from frontdesk import __version__

    text = about_text(data_paths)
    assert __version__ in text and str(data_paths.root) in text


def test_calendar_shows_active_providers_as_columns(qtbot, make_main, practice, admin_ctx, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    pane = main.panes.pane("calendar")
    assert pane.body.currentWidget() is pane.empty_label  # no providers yet: says so
    main.uictx.call(provider_service.add_provider, "Paula", "Smith", "1234567893", "MD")
    hidden = provider_service.add_provider(admin_ctx, "Gone", "Away", "1245319599", "DO")
    main.uictx.call(provider_service.set_provider_active, hidden.id, False)
    qtbot.waitUntil(lambda: len(pane.day_grid.columns) == 1)
    assert pane.body.currentWidget() is pane.views and pane.views.currentWidget() is pane.day_grid
    assert [c.title for c in pane.day_grid.columns] == ["Paula Smith, MD"]
    assert pane.day_grid.columns[0].subtitle == "Not working"  # no working hours set up yet
    assert pane.day_grid.placed == []
    qtmodeltester.check(pane.list_view.model)


def test_calendar_day_keys(qtbot, make_main, practice) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    pane = main.panes.pane("calendar")
    pane.toolbar.date_edit.setFocus()
    today = pane.today()  # the practice's today (its time zone), which the Today key goes to
    _key(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert pane.current_day() == today + timedelta(days=1)
    _key(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    _key(qtbot, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert pane.current_day() == today - timedelta(days=1)
    assert pane.toolbar.date_edit.text() == (today - timedelta(days=1)).strftime("%m/%d/%Y")
    _key(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert pane.current_day() == today and "(today)" in pane.toolbar.day_label.text()


def test_billing_shows_identity_in_us_formats_and_refreshes(qtbot, make_main, practice,  # type: ignore[no-untyped-def]
                                                            qtmodeltester) -> None:
    main = make_main(practice.actor)
    pane = main.go("billing")
    labels = {name: label.text() for name, label in pane.identity_labels.items()}
    assert labels["legal_name"] == "Test Family Practice"
    assert labels["ein"] == "12-3456789"
    assert labels["phone"] == "(518) 555-0123"
    assert labels["billing_npi"] == "1234567893" and labels["taxonomy"] == "207Q00000X"
    assert labels["address"] == "1 Test Way\nAlbany, NY 12207"
    assert pane.model.rowCount() == 0
    # Through the UiContext, so the commit announces "providers" like any pane's change would.
    main.uictx.call(provider_service.add_provider, "Paula", "Smith", "1234567893", "MD")
    qtbot.waitUntil(lambda: pane.model.rowCount() == 1)
    qtmodeltester.check(pane.model)
    assert pane.model.data(pane.model.index(0, 2)) == "1234567893"


def test_practice_changes_refresh_billing_title_and_idle_delay(qtbot, make_main, practice) -> None:  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from frontdesk.services.admin import practice as practice_service

    main = make_main(practice.actor)
    pane = main.go("billing")
    main.uictx.call(practice_service.update_practice, replace(PRACTICE, legal_name="Renamed Practice"))
    main.uictx.call(practice_service.set_idle_lock_minutes, 5)  # commits, emits "practice"
    qtbot.waitUntil(lambda: pane.identity_labels["legal_name"].text() == "Renamed Practice")
    assert main.windowTitle() == "FrontDesk — Renamed Practice"
    assert main.idle.timeout_ms() == 5 * 60_000


def test_billing_role_sees_billing_but_not_admin(make_main, admin_ctx) -> None:  # type: ignore[no-untyped-def]
    info = users.add_user(admin_ctx, "ben", "Ben Biller", Role.BILLING, "ben's copper harbor kite")
    main = make_main(Actor(info.id, info.username, info.full_name, info.role))
    assert main.go("billing") is not None and main.go("admin") is None


def test_help_about_opens_the_about_box(make_main, practice, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.ui.about import AboutDialog

    shown = []
    monkeypatch.setattr(AboutDialog, "ask", classmethod(lambda cls, parent, paths, demo=False:
                                                        shown.append((parent, paths, demo))))
    main = make_main(practice.actor)
    main.actions_.about.trigger()
    assert shown == [(main, main.uictx.paths, False)]


@pytest.mark.parametrize(("name", "demo", "locked", "title"), [
    ("Test Family Practice", False, False, "FrontDesk — Test Family Practice"),
    ("Test Family Practice", True, False, "FrontDesk — Test Family Practice — DEMO"),
    ("Maple Street Family Medicine (DEMO)", True, False, "FrontDesk — Maple Street Family Medicine (DEMO)"),
    ("", True, False, "FrontDesk — DEMO"),
    ("Maple Street Family Medicine (DEMO)", True, True, "FrontDesk — Locked — DEMO"),
])
def test_the_title_says_demo_once(name, demo, locked, title) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.ui.main_window.window import window_title

    assert window_title(name, demo=demo, locked=locked) == title


def test_eligibility_menu_opens_the_dialog_for_the_calendar_day(qtbot, make_main, practice,  # type: ignore[no-untyped-def]
                                                                 monkeypatch) -> None:
    from frontdesk.ui.calendar.eligibility_dialog import EligibilityFilesDialog

    calls = []
    monkeypatch.setattr(EligibilityFilesDialog, "ask",
                        classmethod(lambda cls, parent, uictx, day, start="": calls.append((parent, day, start))))
    main = make_main(practice.actor)
    pane = main.panes.pane("calendar")
    pane.toolbar.date_edit.setFocus()
    _key(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # the calendar shows tomorrow
    main.actions_.eligibility["export"].trigger()
    main.actions_.eligibility["import"].trigger()
    tomorrow = pane.today() + timedelta(days=1)
    assert calls == [(main, tomorrow, "export"), (main, tomorrow, "import")]
    assert [a.text() for a in main.actions_.eligibility.values()] == ["&Export 270\u2026", "&Import 271\u2026"]


def test_billing_reports_export_to_quickbooks_opens_the_end_of_day_dialog_on_its_range(  # type: ignore[no-untyped-def]
        qtbot, make_main, practice, drive_dialog) -> None:
    from frontdesk.ui.end_of_day.journal_dialog import JournalExportDialog
    from frontdesk.ui.widgets.schedule_inputs import to_qdate

    main = make_main(practice.actor)
    billing = main.go("billing")
    page = billing.reports_page
    billing.tabs.setCurrentWidget(page)
    today = page.uictx.clock.today()
    page.start.setDate(to_qdate(today - timedelta(days=6)))
    page.end.setDate(to_qdate(today - timedelta(days=2)))
    seen = []

    def look(dialog: JournalExportDialog) -> None:
        seen.append(dialog.range())
        qtbot.waitUntil(lambda: dialog.preview.text() != "")  # its own preview, as from End of day
        dialog.reject()

    drive_dialog(JournalExportDialog, look)
    qtbot.mouseClick(page.quickbooks_button, Qt.MouseButton.LeftButton)
    assert seen == [(today - timedelta(days=6), today - timedelta(days=2))]
    assert "QuickBooks" not in main.statusBar().currentMessage()  # cancelled: nothing exported, nothing said


def test_the_reports_menu_reaches_every_report_area_and_greys_what_a_role_lacks(  # type: ignore[no-untyped-def]
        make_main, practice, frontdesk_actor) -> None:
    main = make_main(practice.actor)  # the administrator: every report
    main.actions_.reports["billing"].trigger()
    billing = main.panes.pane("billing")
    assert main.panes.current_key() == "billing" and billing.tabs.currentWidget() is billing.reports_page
    main.actions_.reports["aging"].trigger()
    assert billing.tabs.currentWidget() is billing.aging_page
    main.actions_.reports["schedule"].trigger()
    calendar = main.panes.pane("calendar")
    assert main.panes.current_key() == "calendar"
    assert calendar.reports_window is not None and calendar.reports_window.isVisible()
    calendar.reports_window.close()

    desk = make_main(frontdesk_actor)  # the front desk: none of them, each saying why
    for action in desk.actions_.reports.values():
        assert not action.isEnabled() and "Front desk" in action.toolTip()
