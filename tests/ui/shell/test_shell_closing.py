"""The main window's closing-time wiring: backup age and Back up now, End of day and where it sends the user,
the Desk pane with its unread badge, and reopening after a restore."""

from __future__ import annotations

from types import SimpleNamespace

from PySide6.QtCore import Qt

from frontdesk.ui.backup import BackupDialog
from frontdesk.ui.end_of_day import EndOfDayDialog, EndOfDayOutcome


def test_backup_age_is_always_shown_and_back_up_now_opens_the_dialog(make_main, practice, monkeypatch,
                                                                     qtbot) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    assert main.statusBar().isAncestorOf(main.backup_age) and main.backup_age.isVisibleTo(main)
    qtbot.waitUntil(lambda: main.backup_age.loaded)
    assert main.backup_age.text.text() == "No verified backup yet \u2014 back up today" and main.backup_age.warning
    calls = []
    monkeypatch.setattr(BackupDialog, "ask", classmethod(
        lambda cls, parent, uictx, settings, *, status=None: calls.append((parent, settings)) or None))
    main.actions_.backup.trigger()
    main.backup_age.activated.emit()  # a click on the age does the same
    assert calls == [(main, main.uictx.paths)] * 2
    assert main.actions_.backup.shortcut().toString() == "Ctrl+Shift+B"


def test_end_of_day_routes_to_charges_or_to_the_appointment(make_main, practice, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    outcomes = iter([EndOfDayOutcome(False, "charges", 41), EndOfDayOutcome(False, "appointment", 42),
                     EndOfDayOutcome(True)])
    seen = []
    monkeypatch.setattr(EndOfDayDialog, "ask", classmethod(
        lambda cls, parent, uictx, runner, day=None: seen.append(callable(runner)) or next(outcomes)))
    routed = []
    monkeypatch.setattr(type(main), "enter_charges", lambda self, appointment_id: routed.append(("charges",
                                                                                                   appointment_id)))
    main.actions_.end_of_day.trigger()
    calendar = main.go("calendar")
    monkeypatch.setattr(calendar, "show_appointment", lambda appointment_id: routed.append(("calendar",
                                                                                               appointment_id)))
    main.actions_.end_of_day.trigger()
    main.actions_.end_of_day.trigger()
    assert routed == [("charges", 41), ("calendar", 42)] and seen == [True, True, True]
    assert main.panes.current_key() == "calendar"


def test_the_desk_pane_and_the_unread_badge(make_main, practice, qtbot) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    qtbot.keyClick(main, Qt.Key.Key_4, Qt.KeyboardModifier.ControlModifier)
    desk = main.panes.pane("desk")
    assert main.panes.current_key() == "desk" and desk.count() == 5
    desk.show_tab("letters")
    main.unread_badge.clicked.emit()
    assert desk.currentWidget() is desk.tab("messages")


def test_a_restore_from_the_admin_pane_closes_the_window_and_hands_over_the_new_database(
        make_main, practice, qtbot) -> None:  # type: ignore[no-untyped-def]
    main = make_main(practice.actor)
    admin = main.go("admin")
    summary = SimpleNamespace(db=practice.db)
    with qtbot.waitSignal(main.restore_finished) as handed:
        admin.backups_tab.restore_finished.emit(summary)
    assert handed.args == [summary]
    assert main.uictx.actor is None and not main.isVisible()
