"""A weekly series with a taken week: 'Book N of M visits?' lists the skipped weeks with the next opening of
each; Yes books the free weeks, No keeps the form with the conflict. After any booking the calendar shows the
new visit's day."""

from __future__ import annotations

from datetime import timedelta

from cal_ui_lib import MONDAY, book, local, minutes, replace_ask
from PySide6.QtCore import Qt

from frontdesk.services.scheduling import schedule_views
from frontdesk.ui.calendar.booking_dialog import BookingDialog, BookingPrefill
from frontdesk.ui.calendar.series_skip_dialog import SeriesSkipDialog

WEEK_2 = MONDAY + timedelta(weeks=1)


def _build_booking(klass, parent, uictx, catalog, prefill=None):  # type: ignore[no-untyped-def]
    return klass(uictx, catalog, prefill or BookingPrefill(), parent)


def _series_of_three(qtbot, monkeypatch, clinic, answer: bool):  # type: ignore[no-untyped-def]
    """Book Bob Baker with Dr A at 3:00 PM for 3 weeks while Dr A's second Monday at 3:00 PM is taken."""
    book(clinic.desk, clinic.pat[0], clinic.dr_a, clinic.visit, WEEK_2, 15)
    seen: dict[str, object] = {}

    def answer_skip(klass, parent, plan):  # type: ignore[no-untyped-def]
        dialog = klass(plan, parent)
        qtbot.addWidget(dialog)
        seen["question"] = dialog.question.text()
        seen["skipped"] = [dialog.skipped.item(i).text() for i in range(dialog.skipped.count())]
        seen["yes"] = dialog.yes_button.text()
        return answer

    monkeypatch.setattr(SeriesSkipDialog, "ask", classmethod(answer_skip))

    def drive(dialog):  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.picker.search, "baker")
        qtbot.waitUntil(lambda: dialog.picker.model.rowCount() > 0)
        qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.picker.table, Qt.Key.Key_Return)
        dialog.repeat.enabled.setChecked(True)
        dialog.repeat.count.setValue(3)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["open"] = dialog.isVisible()
        seen["conflict"] = dialog.conflict.message.text() if dialog.conflict.isVisible() else ""
        if dialog.isVisible():
            dialog.reject()
        return dialog.outcome

    replace_ask(monkeypatch, BookingDialog, drive, build=_build_booking)
    return seen


def _baker_days(clinic) -> list:  # type: ignore[no-untyped-def,type-arg]
    days = []
    for week in range(3):
        day = MONDAY + timedelta(weeks=week)
        days += [(day, minutes(a.start)) for a in schedule_views.day_view(clinic.desk, day).appointments
                 if a.patient_id == clinic.pat[1]]
    return days


def test_yes_books_the_free_weeks_and_says_which_were_left_out(qtbot, make_pane, clinic, monkeypatch,  # type: ignore[no-untyped-def]
                                                                 statuses) -> None:
    seen = _series_of_three(qtbot, monkeypatch, clinic, answer=True)
    pane = make_pane()
    column = next(i for i, col in enumerate(pane.day_grid.columns) if col.provider_id == clinic.dr_a)
    pane.commands.book_at(pane.day_grid, column, 15 * 60, 0)
    assert seen["question"] == "<b>Book 2 of 3 visits?</b>" and seen["yes"] == "&Book 2 visits"
    assert seen["skipped"] == ["03/11/2030 3:00 PM (Maria Alvarez, MD already has an appointment 03/11/2030 "
                               "3:00 PM-3:30 PM) \u2014 next opening 03/11/2030 3:30 PM"]
    assert not seen["open"]
    assert _baker_days(clinic) == [(MONDAY, 900), (MONDAY + timedelta(weeks=2), 900)]
    assert statuses[-1] == "Booked 2 of 3 visits for Baker, Bob, weekly from 03/04/2030; left out 03/11/2030."


def test_no_keeps_the_form_with_the_conflict_and_books_nothing(qtbot, make_pane, clinic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen = _series_of_three(qtbot, monkeypatch, clinic, answer=False)
    pane = make_pane()
    column = next(i for i, col in enumerate(pane.day_grid.columns) if col.provider_id == clinic.dr_a)
    pane.commands.book_at(pane.day_grid, column, 15 * 60, 0)
    assert seen["open"] and "03/11/2030" in str(seen["conflict"]) and "already has an appointment" in str(
        seen["conflict"])
    assert _baker_days(clinic) == []


def test_after_booking_the_calendar_shows_the_new_visits_day(qtbot, make_pane, clinic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    later = MONDAY + timedelta(days=9)  # a Wednesday the next week, chosen in the dialog

    def drive(dialog):  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.picker.search, "cole")
        qtbot.waitUntil(lambda: dialog.picker.model.rowCount() > 0)
        qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Down)
        qtbot.keyClick(dialog.picker.table, Qt.Key.Key_Return)
        dialog.start.set_value(local(later, 11))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.outcome

    replace_ask(monkeypatch, BookingDialog, drive, build=_build_booking)
    pane = make_pane()
    assert pane.current_day() == MONDAY
    pane.open_booking(BookingPrefill())
    qtbot.waitUntil(lambda: pane.current_day() == later and len(pane.day_grid.placed) == 1)
    selected = pane.selected()
    assert selected is not None and selected.patient_id == clinic.pat[2] and minutes(selected.start) == 11 * 60
    pane.set_mode("week")  # in the week view it shows that visit's week
    pane.set_day(MONDAY)
    book_again = MONDAY + timedelta(days=16)
    replace_ask(monkeypatch, BookingDialog, lambda d: (d.picker.set_patient(clinic.pat[0], "Able, Ann"),
                                                       d.start.set_value(local(book_again, 9)),
                                                       qtbot.mouseClick(d.ok_button, Qt.MouseButton.LeftButton),
                                                       d.outcome)[-1], build=_build_booking)
    pane.open_booking(BookingPrefill())
    qtbot.waitUntil(lambda: pane.current_day() == book_again)
    assert pane.mode() == "week"
