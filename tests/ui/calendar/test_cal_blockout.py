"""Blocking out time from the calendar (the doctor is out sick): only when the practice allows it, through the
dialog, with the visits still booked in that time named and left as they are."""

from __future__ import annotations

from datetime import time, timedelta

from cal_ui_lib import MONDAY, book, replace_ask
from PySide6.QtCore import Qt

from frontdesk.services.scheduling import appointments, desk_blockouts, schedule_setup
from frontdesk.ui.calendar.blockout_dialog import BlockoutDialog

TUESDAY = MONDAY + timedelta(days=1)


def _build(klass, parent, uictx, catalog, provider_id, day):  # type: ignore[no-untyped-def]
    return klass(uictx, catalog, provider_id, day, parent)


def test_the_button_waits_for_the_practice_to_allow_it(qtbot, make_pane, clinic, notify) -> None:  # type: ignore[no-untyped-def]
    pane = make_pane()
    button = pane.toolbar.block_button
    assert not button.isEnabled() and "Admin \u203a Schedule resources" in button.toolTip()
    desk_blockouts.set_desk_blockouts(notify(clinic.admin), True)  # an administrator allows it elsewhere
    qtbot.waitUntil(button.isEnabled)
    assert button.toolTip().startswith("Block out a provider's time")


def test_whole_day_out_lists_who_is_still_booked(qtbot, make_pane, clinic, notify, monkeypatch, statuses) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    desk_blockouts.set_desk_blockouts(c.admin, True)
    ann = book(c.desk, c.pat[0], c.dr_b, c.visit, TUESDAY, 9)
    pane = make_pane()
    pane.set_day(TUESDAY)
    previews = []

    def drive(dialog):  # type: ignore[no-untyped-def]
        dialog.provider.setCurrentIndex(dialog.provider.findData(c.dr_b))
        previews.append(dialog.booked.text())
        assert dialog.whole_day.isChecked() and not dialog.start_time.isEnabled()
        dialog.reason.setText("Out sick")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.outcome

    calls = replace_ask(monkeypatch, BlockoutDialog, drive, build=_build)
    qtbot.mouseClick(pane.toolbar.block_button, Qt.MouseButton.LeftButton)
    assert len(calls) == 1 and previews == [
        "1 visit still booked in this time (not moved or cancelled; call the patients): Tue 03/05 9:00 AM Able, Ann."]
    assert statuses[-1] == "Blocked out James Okafor, DO on 03/05/2030: Out sick."
    assert pane.message_bar.message() == previews[0]
    assert appointments.get_appointment(c.desk, ann.id).status == "scheduled"  # left as it was
    column = next(col for col in pane.day_grid.columns if col.provider_id == c.dr_b)
    qtbot.waitUntil(lambda: any(s.label == "Other: Out sick" for s in next(
        col for col in pane.day_grid.columns if col.provider_id == c.dr_b).shades))
    assert column.day == TUESDAY


def test_part_of_a_day_from_a_slot_menu_and_a_field_error(qtbot, make_pane, clinic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    desk_blockouts.set_desk_blockouts(c.admin, True)
    pane = make_pane()
    grid = pane.day_grid
    menus = []
    monkeypatch.setattr("frontdesk.ui.calendar.pane_commands.QMenu.popup", lambda menu, _pos: menus.append(menu))
    seen = {}

    def drive(dialog):  # type: ignore[no-untyped-def]
        seen["provider"], seen["day"] = dialog.provider.currentData(), dialog.first_day.date().toPython()
        qtbot.mouseClick(dialog.whole_day, Qt.MouseButton.LeftButton)
        dialog.start_time.setText("2:00 PM")
        dialog.end_time.setText("1:00 PM")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["error"] = dialog.form.error_label("end").text()
        dialog.end_time.setText("3:30 PM")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.outcome

    replace_ask(monkeypatch, BlockoutDialog, drive, build=_build)
    column = next(i for i, col in enumerate(grid.columns) if col.provider_id == c.dr_b)
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.RightButton, pos=grid.slot_point(column, 14 * 60))
    entry = next(a for a in menus[-1].actions() if a.text() == "&Block out time\u2026")
    entry.trigger()
    assert seen == {"provider": c.dr_b, "day": MONDAY, "error": "\u26a0 The end time must be after the start time."}
    blocks = [b for b in schedule_setup.list_blockouts(c.desk, c.dr_b) if b.on_date == MONDAY]
    assert [(b.start, b.end, b.reason) for b in blocks] == [(time(14), time(15, 30), "Out sick")]
    assert pane.message_bar.isHidden()  # nobody was booked then


def test_an_administrator_allows_it_in_schedule_resources(qtbot, practice, data_paths, clinic, statuses) -> None:  # type: ignore[no-untyped-def]
    from uisupport import make_uictx, show_active

    from frontdesk.ui.admin import AdminPane

    admin_ui = make_uictx(practice, data_paths, practice.actor)
    try:
        pane = show_active(qtbot, AdminPane(admin_ui, status=statuses.append), 1366, 768)
        tab = pane.show_tab("schedule_resources")
        qtbot.waitUntil(lambda: tab.data is not None)
        assert not tab.desk_blockouts.isChecked() and tab.desk_blockouts.isEnabled()
        tab.desk_blockouts.setChecked(True)
        qtbot.mouseClick(tab.save_settings_button, Qt.MouseButton.LeftButton)
        assert statuses[-1] == ("Saved calendar settings: America/New_York, 15-minute slots; the front desk may "
                                "block out time.")
        assert desk_blockouts.desk_blockouts_allowed(clinic.desk) is True
        qtbot.waitUntil(lambda: tab.data is not None and tab.data.desk_blockouts)  # reloaded from the change
        qtbot.mouseClick(tab.save_settings_button, Qt.MouseButton.LeftButton)  # unchanged: not set (or audited) again
        assert statuses[-1] == "Saved calendar settings: America/New_York, 15-minute slots."
    finally:
        admin_ui.runner.shutdown()
