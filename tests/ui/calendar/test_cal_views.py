"""Week, month, list and room views, the hover text, stale answers, status markers and the table models."""

from __future__ import annotations

from datetime import date, timedelta

from cal_ui_lib import MONDAY, book, local, minutes
from PySide6.QtCore import QPoint, Qt

from frontdesk.services.scheduling import appointment_status, appointments, schedule_views
from frontdesk.services.scheduling.appointments import BookingRequest
from frontdesk.ui.calendar.models import (
    DATE_ROLE,
    DayAppointmentsModel,
    HistoryModel,
    MonthCountsModel,
    PatientResultsModel,
)
from frontdesk.ui.calendar.status_style import BADGES, status_text


def _week(c):  # type: ignore[no-untyped-def]
    book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9)
    book(c.desk, c.pat[1], c.dr_b, c.visit, MONDAY, 9)
    book(c.desk, c.pat[1], c.dr_a, c.visit, MONDAY + timedelta(days=1), 10)
    book(c.desk, c.pat[2], c.dr_a, c.visit, MONDAY + timedelta(days=2), 11)
    book(c.desk, c.pat[0], c.dr_a, c.physical, MONDAY + timedelta(days=2), 14)


def test_week_view_shows_one_providers_days(qtbot, make_pane, clinic) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    _week(c)
    pane = make_pane()
    pane.day_grid.setFocus()
    qtbot.keyClick(pane.day_grid, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert pane.mode() == "week" and pane.views.currentWidget() is pane.week_grid
    grid = pane.week_grid
    assert [col.title for col in grid.columns][:3] == ["Mon 03/04 (today)", "Tue 03/05", "Wed 03/06"]
    assert pane.toolbar.provider_combo.currentData() == c.dr_a
    counts = [sum(1 for p in grid.placed if p.column == i) for i in range(7)]
    assert counts == [1, 1, 2, 0, 0, 0, 0]
    assert grid.columns[5].subtitle == "Not working"  # Saturday
    assert pane.toolbar.day_label.text() == "Week of 03/04/2030 \u2013 03/10/2030"
    pane.toolbar.provider_combo.setCurrentIndex(pane.toolbar.provider_combo.findData(c.dr_b))
    pane.toolbar.provider_combo.activated.emit(pane.toolbar.provider_combo.currentIndex())
    assert [sum(1 for p in grid.placed if p.column == i) for i in range(7)] == [1, 0, 0, 0, 0, 0, 0]
    qtbot.keyClick(grid, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)  # next week
    assert pane.current_day() == MONDAY + timedelta(days=7) and grid.placed == []
    qtbot.keyClick(grid, Qt.Key.Key_W, Qt.KeyboardModifier.ControlModifier)
    assert pane.mode() == "day"


def test_month_view_counts_and_opens_a_day(qtbot, make_pane, clinic, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    _week(c)
    pane = make_pane()
    qtbot.keyClick(pane.day_grid, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    assert pane.mode() == "month" and pane.toolbar.day_label.text() == "March 2030"
    model = pane.month_view.model
    qtmodeltester.check(model)
    assert model.count(MONDAY) == 2 and model.count(MONDAY + timedelta(days=1)) == 1
    assert model.count(MONDAY + timedelta(days=2)) == 2 and model.count(date(2030, 3, 20)) == 0
    assert model.count(date(2030, 2, 25)) is None  # February's days around March are not counted
    index = model.index_of(MONDAY + timedelta(days=2))
    assert model.data(index) == "6\n2 appointments"
    assert model.data(model.index_of(MONDAY)) == "4 (today)\n2 appointments"
    assert "Maria Alvarez, MD: 2" in model.data(index, Qt.ItemDataRole.ToolTipRole)
    table = pane.month_view.table
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())
    assert pane.mode() == "day" and pane.current_day() == MONDAY + timedelta(days=2)
    assert len(pane.day_grid.placed) == 2


def test_hover_text_has_phone_reason_balance_and_no_shows(qtbot, make_pane, clinic, practice) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    past = appointments.book_appointment(c.admin, BookingRequest(c.pat[0], c.dr_a, c.visit, local(MONDAY, 7)),
                                         override_reason="entered after the fact")
    appointment_status.mark_no_show(c.desk, past.id)
    appt = book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9, reason="Cough", room=c.room_1)
    pane = make_pane()
    grid = pane.day_grid
    text = grid.tooltip_provider(grid.appointment(appt.id))
    assert text.split("\n") == [
        "Able, Ann", "Phone: (518) 555-0101", "Reason: Cough", "Balance: \u2014",
        "No-shows: 1 (1 in the last 365 days)", "Office visit, 9:00 AM\u20139:30 AM, Maria Alvarez, MD, Exam 1",
        "Status: \u25cb Booked"]


def test_an_older_answer_never_replaces_a_newer_day(qtbot, make_pane, clinic, uictx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY + timedelta(days=1), 9)
    book(c.desk, c.pat[1], c.dr_a, c.visit, MONDAY + timedelta(days=2), 9)
    book(c.desk, c.pat[2], c.dr_b, c.visit, MONDAY + timedelta(days=2), 10)
    pane = make_pane()
    pending = []
    real_call = uictx.call

    def held(service, *args, on_done=None, on_error=None, **kwargs):  # type: ignore[no-untyped-def]
        if service is schedule_views.day_view:
            pending.append((args, kwargs, on_done))
            return 0
        return real_call(service, *args, on_done=on_done, on_error=on_error, **kwargs)

    monkeypatch.setattr(uictx, "call", held)
    pane.set_day(MONDAY + timedelta(days=1))
    pane.set_day(MONDAY + timedelta(days=2))
    assert [args[0] for args, _k, _d in pending] == [MONDAY + timedelta(days=1), MONDAY + timedelta(days=2)]
    for args, kwargs, on_done in reversed(pending):  # the newer answer arrives first
        on_done(schedule_views.day_view(uictx.services, *args, **kwargs))
    assert len(pane.day_grid.placed) == 2  # Wednesday's two, not Tuesday's one
    assert pane.day_grid.columns[0].day == MONDAY + timedelta(days=2)


def test_room_columns_and_dragging_into_a_room(qtbot, make_pane, clinic) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    in_room = book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9, room=c.room_2)
    no_room = book(c.desk, c.pat[1], c.dr_b, c.visit, MONDAY, 10)
    pane = make_pane()
    pane.toolbar.columns_combo.setCurrentIndex(pane.toolbar.columns_combo.findData("room"))
    grid = pane.day_grid
    assert [col.title for col in grid.columns] == ["Exam 1", "Exam 2", "No room"]
    assert grid.placed_item(in_room.id).column == 1 and grid.placed_item(no_room.id).column == 2
    start = grid.block_center(no_room.id)
    end = QPoint(round(start.x() - 2 * grid.geometry_.col_width), start.y())
    viewport = grid.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, QPoint(start.x() - 40, start.y()))
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    moved = appointments.get_appointment(c.desk, no_room.id)
    assert (moved.room_id, moved.provider_id, minutes(moved.start)) == (c.room_1, c.dr_b, 600)


def test_list_view_lists_the_day_with_status_words(qtbot, make_pane, clinic, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    first = book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9, reason="Cough")
    appointment_status.change_status(c.desk, first.id, "confirmed")
    book(c.desk, c.pat[1], c.dr_b, c.visit, MONDAY, 10)
    pane = make_pane()
    qtbot.keyClick(pane, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert pane.mode() == "list"
    model = pane.list_view.model
    qtmodeltester.check(model)
    qtmodeltester.check(pane.list_view.proxy)
    rows = [[model.data(model.index(r, col)) for col in range(model.columnCount())] for r in range(model.rowCount())]
    assert rows[0] == ["9:00 AM\u20139:30 AM", "Able, Ann", "Maria Alvarez, MD", "Office visit", "\u2713 Confirmed",
                       "Cough", "\u2014"]
    pane.list_view.table.selectRow(0)
    assert pane.appointment_menu.target().id == first.id


def test_every_status_has_a_marker_that_is_not_colour() -> None:
    for status, mark in BADGES.items():
        symbol = mark.long.split(" ", 1)[0]
        assert not symbol.isalnum() and len(mark.long) > 2 and mark.short.strip()
        assert status_text(status).startswith(symbol + " ")
    assert status_text("no_show") == "\u2717 No-show"


def test_the_models_pass_the_model_tester(qtmodeltester, clinic, db) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.services.patients import patients

    c = clinic
    appt = book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9)
    day = DayAppointmentsModel()
    day.set_rows(schedule_views.day_view(c.desk, MONDAY).appointments)
    results = PatientResultsModel()
    results.set_rows(patients.search_patients(c.desk, "able"))
    history = HistoryModel()
    history.set_rows(schedule_views.appointment_history(c.desk, appt.id))
    month = MonthCountsModel(MONDAY)
    month.set_month(MONDAY, {MONDAY: 1}, {MONDAY: {"Dr": 1}}, MONDAY)
    for model in (day, results, history, month):
        qtmodeltester.check(model)
    assert results.data(results.index(0, 0)) == "Able, Ann" and results.data(results.index(0, 2)) == "(518) 555-0101"
    assert month.data(month.index_of(MONDAY), DATE_ROLE) == MONDAY

