"""Every time field of the schedule screens is typed ("8a", "4:30p", "13:00"), stepped with the arrow keys,
and refuses an impossible time beside its field; the TimeField itself keeps QTimeEdit's time()/setTime()."""

from __future__ import annotations

import random
from datetime import time

import pytest
from calx_helpers import click
from PySide6.QtCore import Qt, QTime

from frontdesk.services.admin import providers
from frontdesk.services.scheduling import schedule_setup
from frontdesk.demo.data import fake_npi
from frontdesk.services.scheduling.schedule_setup import HoursSpan
from frontdesk.ui.admin import AdminPane
from frontdesk.ui.admin.schedule_dialogs import BlockoutDialog
from frontdesk.ui.calendar.find_opening import FindOpeningDialog
from frontdesk.ui.widgets.time_field import TimeField


@pytest.fixture
def pane(qtbot, uictx, statuses):  # type: ignore[no-untyped-def]
    widget = AdminPane(uictx, status=statuses.append)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def provider_id(uictx, practice) -> int:  # type: ignore[no-untyped-def]
    from frontdesk.services._base import ServiceContext

    admin = ServiceContext(uictx.db, practice.actor, notify=uictx.changed.emit)
    return providers.add_provider(admin, "Maria", "Alvarez", fake_npi(random.Random(1)), "MD").id


def retype(qtbot, field: TimeField, text: str) -> None:  # type: ignore[no-untyped-def]
    """Type over the field and Tab out of it, as a person does (leaving it is when it is read)."""
    window = field.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


def test_weekly_hours_are_typed_and_an_impossible_one_is_refused_under_the_hours(qtbot, pane, uictx,  # type: ignore[no-untyped-def]
                                                                                 provider_id, statuses) -> None:
    tab = pane.show_tab("schedule_hours")
    monday = tab.editor.rows[0]
    click(qtbot, monday.works)
    retype(qtbot, monday.start, "8a")
    retype(qtbot, monday.end, "4:30p")
    assert (monday.start.text(), monday.end.text()) == ("8:00 AM", "4:30 PM")
    click(qtbot, tab.save_button)
    assert schedule_setup.weekly_hours(uictx.services, provider_id) == [HoursSpan(0, time(8), time(16, 30))]

    retype(qtbot, monday.end, "25p")
    error = tab.hours_form.error_label("hours")
    assert error.isVisible() and "Monday to" in error.text() and "25p" in error.text()
    assert monday.end.text() == "25p"  # kept as typed
    click(qtbot, tab.save_button)
    assert error.isVisible() and "25p" in error.text()
    assert schedule_setup.weekly_hours(uictx.services, provider_id) == [HoursSpan(0, time(8), time(16, 30))]
    retype(qtbot, monday.end, "17:00")
    assert not error.isVisible()
    click(qtbot, tab.save_button)
    assert schedule_setup.weekly_hours(uictx.services, provider_id) == [HoursSpan(0, time(8), time(17))]


def test_a_blockout_time_typed_wrong_stays_in_the_dialog_beside_its_field(qtbot, pane, provider_id, statuses,  # type: ignore[no-untyped-def]
                                                                         drive_dialog) -> None:
    tab = pane.show_tab("schedule_hours")

    def fill(dialog: BlockoutDialog) -> None:
        retype(qtbot, dialog.start_time, "1215")
        retype(qtbot, dialog.end_time, "13:75")
        error = dialog.form.error_label("end")
        assert error.isVisible() and "13:75" in error.text() and "End time" in error.text()
        click(qtbot, dialog.ok_button)  # refused before anything is sent; no error box
        assert dialog.isVisible() and dialog.ok_button.isEnabled() and "13:75" in error.text()
        retype(qtbot, dialog.end_time, "1p")
        click(qtbot, dialog.ok_button)

    drive_dialog(BlockoutDialog, fill)
    click(qtbot, tab.add_blockout_button)
    blockout = tab.blockouts.model.record(0)
    assert (blockout.start, blockout.end) == (time(12, 15), time(13))


def test_the_time_field_steps_by_its_slot_and_keeps_qtimeedit_calls(qtbot) -> None:  # type: ignore[no-untyped-def]
    field = TimeField(None, time(9, 7), step_minutes=15)
    qtbot.addWidget(field)
    changes: list[QTime] = []
    field.timeChanged.connect(changes.append)
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Up)
    assert field.text() == "9:15 AM"
    qtbot.keyClick(field, Qt.Key.Key_Down)
    qtbot.keyClick(field, Qt.Key.Key_Down)
    assert field.text() == "8:45 AM" and field.value() == time(8, 45)
    assert changes == [QTime(9, 15), QTime(9, 0), QTime(8, 45)]
    field.setTime(QTime(23, 50))
    qtbot.keyClick(field, Qt.Key.Key_Up)  # not past the end of the day
    assert field.time() == QTime(23, 50) and field.text() == "11:50 PM"
    field.setText("noon")
    assert field.value() == time(12) and changes[-1] == QTime(12, 0)
    field.setText("x")
    qtbot.keyClick(field, Qt.Key.Key_Up)  # nothing to step from: the text stays
    assert field.text() == "x"


def test_find_an_opening_reads_a_typed_window_and_refuses_an_impossible_one(qtbot, uictx, clinic) -> None:  # type: ignore[no-untyped-def]
    dialog = FindOpeningDialog(uictx, type_id=clinic.visit)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.length.setValue(90)
    dialog.providers.set_checked([clinic.dr_b])
    dialog.weekdays.set_values([1])
    click(qtbot, dialog.use_window)
    retype(qtbot, dialog.window_from, "1p")
    retype(qtbot, dialog.window_to, "1700")
    assert (dialog.window_from.text(), dialog.window_to.text()) == ("1:00 PM", "5:00 PM")
    click(qtbot, dialog.find_button)
    assert dialog.model.index(0, 2).data() == "1:00 PM"
    found = dialog.model.rowCount()
    retype(qtbot, dialog.window_to, "5:75p")
    error = dialog.form.error_label("windows")
    assert error.isVisible() and "Latest end" in error.text() and "5:75p" in error.text()
    click(qtbot, dialog.find_button)  # refused beside the field; the last results stay
    assert error.isVisible() and dialog.model.rowCount() == found and dialog.find_button.isEnabled()
