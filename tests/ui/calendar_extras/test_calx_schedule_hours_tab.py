"""Admin > Schedule hours: Mon-Fri 9-5 for a provider, a holiday, an exception, a blockout; errors beside fields."""

from __future__ import annotations

import random
from datetime import date, time

import pytest
from calx_helpers import click, column_texts
from PySide6.QtCore import QDate

from frontdesk.domain.permissions import Role
from frontdesk.services.admin import providers, users
from frontdesk.services.scheduling import schedule_setup
from frontdesk.services._base import Actor
from frontdesk.demo.data import fake_npi
from frontdesk.services.scheduling.schedule_setup import (
    BlockoutInfo,
    ExceptionInfo,
    HolidayInfo,
    HoursSpan,
)
from frontdesk.ui.admin import AdminPane
from frontdesk.ui.admin.schedule_dialogs import (
    BlockoutDialog,
    ExceptionDialog,
    HolidayDialog,
)
from frontdesk.ui.admin.schedule_models import (
    BlockoutsModel,
    ExceptionsModel,
    HolidaysModel,
)
from frontdesk.ui.widgets.schedule_inputs import to_qtime


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


def test_models_pass_the_model_tester(qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    exceptions = ExceptionsModel()
    exceptions.set_rows([ExceptionInfo(1, 1, date(2030, 3, 5), date(2030, 3, 6), None, None, "Vacation"),
                         ExceptionInfo(2, 1, date(2030, 4, 1), date(2030, 4, 1), time(9), time(13), "")])
    qtmodeltester.check(exceptions)
    assert column_texts(exceptions, 1) == ["04/01/2030", "04/01/2030", "Works 9:00 AM\u20131:00 PM", ""]
    holidays = HolidaysModel()
    holidays.set_rows([HolidayInfo(1, date(2030, 11, 28), "Thanksgiving Day")])
    qtmodeltester.check(holidays)
    blockouts = BlockoutsModel(lambda pid: f"Dr {pid}")
    blockouts.set_rows([BlockoutInfo(1, 7, "lunch", "Lunch", 0, None, None, None, time(12), time(13)),
                        BlockoutInfo(2, None, "meeting", "Staff", None, date(2030, 3, 6), None, None, time(8),
                                     time(9))])
    qtmodeltester.check(blockouts)
    assert column_texts(blockouts, 0) == ["Dr 7", "Lunch", "Every Monday", "12:00 PM\u20131:00 PM", "Lunch"]
    assert column_texts(blockouts, 1)[:3] == ["Whole practice", "Meeting", "03/06/2030"]


def test_set_monday_to_friday_nine_to_five_then_add_a_holiday(qtbot, pane, uictx, provider_id, statuses,  # type: ignore[no-untyped-def]
                                                              drive_dialog) -> None:
    tab = pane.show_tab("schedule_hours")
    assert pane.currentWidget() is tab
    assert tab.provider_combo.currentData() == provider_id
    assert not tab.save_button.isEnabled(), "nothing to save yet"
    monday = tab.editor.rows[0]
    click(qtbot, monday.works)
    monday.start.setTime(to_qtime(time(9)))
    monday.end.setTime(to_qtime(time(17)))
    click(qtbot, tab.copy_button)
    assert [r.works.isChecked() for r in tab.editor.rows] == [True] * 5 + [False] * 2
    click(qtbot, tab.save_button)
    assert schedule_setup.weekly_hours(uictx.services, provider_id) == [HoursSpan(d, time(9), time(17))
                                                                         for d in range(5)]
    assert statuses[-1] == "Saved Maria Alvarez, MD's weekly hours (Mon\u2013Fri)."
    assert not tab.save_button.isEnabled()

    def fill(dialog: HolidayDialog) -> None:
        dialog.day.setDate(QDate(2030, 11, 28))
        qtbot.keyClicks(dialog.name.lineEdit(), "Thanksgiving Day")
        click(qtbot, dialog.ok_button)

    drive_dialog(HolidayDialog, fill)
    click(qtbot, tab.add_holiday_button)
    assert statuses[-1] == "Added holiday Thanksgiving Day (11/28/2030)."
    holiday = tab.holidays.selected()
    assert holiday is not None and holiday.name == "Thanksgiving Day"
    row = tab.holidays.model.row_of(holiday.id)
    assert column_texts(tab.holidays.model, row) == ["11/28/2030", "Thursday", "Thanksgiving Day"]
    assert [h.day for h in schedule_setup.list_holidays(uictx.services)] == [date(2030, 11, 28)]
    click(qtbot, tab.remove_holiday_button)
    assert tab.holidays.model.rowCount() == 0 and schedule_setup.list_holidays(uictx.services) == []


def test_hours_that_end_before_they_start_are_refused_beside_the_grid(qtbot, pane, uictx, provider_id) -> None:  # type: ignore[no-untyped-def]
    tab = pane.show_tab("schedule_hours")
    tuesday = tab.editor.rows[1]
    click(qtbot, tuesday.works)
    tuesday.start.setTime(to_qtime(time(17)))
    tuesday.end.setTime(to_qtime(time(9)))
    click(qtbot, tab.save_button)
    error = tab.hours_form.error_label("hours")
    assert error.isVisible() and "end time must be after the start time" in error.text()
    assert tab.save_button.isEnabled() and tuesday.works.isChecked(), "what was typed stays to be fixed"
    assert schedule_setup.weekly_hours(uictx.services, provider_id) == []
    click(qtbot, tab.undo_button)
    assert not tuesday.works.isChecked() and not tab.save_button.isEnabled()


def test_an_exception_and_a_blockout(qtbot, pane, uictx, provider_id, statuses, drive_dialog) -> None:  # type: ignore[no-untyped-def]
    tab = pane.show_tab("schedule_hours")

    def fill_exception(dialog: ExceptionDialog) -> None:
        dialog.first_day.setDate(QDate(2030, 3, 6))
        dialog.last_day.setDate(QDate(2030, 3, 5))
        qtbot.keyClicks(dialog.reason, "Conference")
        click(qtbot, dialog.ok_button)
        assert dialog.form.error_label("last_day").isVisible(), "the last day before the first one"
        dialog.last_day.setDate(QDate(2030, 3, 8))
        click(qtbot, dialog.ok_button)

    drive_dialog(ExceptionDialog, fill_exception)
    click(qtbot, tab.add_exception_button)
    assert statuses[-1] == "Added an exception for Maria Alvarez, MD: 03/06/2030 to 03/08/2030, day off."
    assert column_texts(tab.exceptions.model, 0) == ["03/06/2030", "03/08/2030", "Day off", "Conference"]

    def fill_blockout(dialog: BlockoutDialog) -> None:
        assert dialog.who.currentData() == provider_id
        dialog.weekday.setCurrentIndex(2)
        dialog.start_time.setTime(to_qtime(time(13)))
        dialog.end_time.setTime(to_qtime(time(12)))
        qtbot.keyClicks(dialog.reason, "Lunch & <b>rounds</b>")
        click(qtbot, dialog.ok_button)
        assert dialog.form.error_label("end").isVisible()
        dialog.end_time.setTime(to_qtime(time(14)))
        click(qtbot, dialog.ok_button)

    drive_dialog(BlockoutDialog, fill_blockout)
    click(qtbot, tab.add_blockout_button)
    assert statuses[-1] == "Added blockout: lunch, every Wednesday 1:00 PM\u20132:00 PM."
    assert column_texts(tab.blockouts.model, 0) == ["Maria Alvarez, MD", "Lunch", "Every Wednesday",
                                                    "1:00 PM\u20132:00 PM", "Lunch & <b>rounds</b>"]
    stored = schedule_setup.list_blockouts(uictx.services, provider_id)
    assert [(b.weekday, b.start, b.end) for b in stored] == [(2, time(13), time(14))]


def test_front_desk_sees_the_hours_but_cannot_change_them(qtbot, pane, uictx, practice, provider_id,  # type: ignore[no-untyped-def]
                                                          shown_errors) -> None:
    from frontdesk.services._base import ServiceContext

    admin = ServiceContext(uictx.db, practice.actor)
    schedule_setup.set_weekly_hours(admin, provider_id, [HoursSpan(0, time(8), time(12))])
    info = users.add_user(admin, "rita", "Rita Reception", Role.FRONT_DESK, "rita's own violet canyon")
    uictx.set_actor(Actor(info.id, info.username, info.full_name, info.role))
    tab = pane.show_tab("schedule_hours")
    assert tab.editor.rows[0].works.isChecked() and tab.editor.rows[0].start.time() == to_qtime(time(8))
    assert not tab.editor.isEnabled() and not tab.add_holiday_button.isEnabled()
    assert not tab.add_exception_button.isEnabled() and not tab.add_blockout_button.isEnabled()
    assert shown_errors == []
