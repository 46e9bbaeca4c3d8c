"""The pane's other doors: Edit (a series), Find an opening -> booking, the side panels, the list's Delete,
Escape during a drag, and the keyboard focus landing in the view."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from cal_ui_lib import MONDAY, book, local, minutes
from PySide6.QtCore import QPoint, Qt

from frontdesk.services.scheduling import appointments
from frontdesk.services.scheduling.appointments import BookingRequest, Recurrence
from frontdesk.ui.calendar.booking_dialog import BookingDialog
from frontdesk.ui.calendar.edit_dialog import EditAppointmentDialog
from frontdesk.ui.calendar.find_opening import FindOpeningDialog, OpeningChoice
from frontdesk.ui.calendar.reason_dialogs import CancelDialog, ReasonAnswer


def test_edit_all_visits_of_a_series_from_enter(qtbot, make_pane, clinic, monkeypatch, statuses) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    series = appointments.book_series(c.desk, BookingRequest(c.pat[0], c.dr_a, c.visit, local(MONDAY, 14)),
                                      Recurrence(1, count=3))
    first = series.appointments[0]

    def drive(dialog):  # type: ignore[no-untyped-def]
        dialog.show()
        assert dialog.scope.isVisibleTo(dialog)  # a series: this / following / all
        dialog.reason.clear()
        qtbot.keyClicks(dialog.reason, "Physical therapy check")
        dialog.length.setValue(45)
        dialog.scope.buttons["all"].setChecked(True)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.outcome

    monkeypatch.setattr(EditAppointmentDialog, "ask", classmethod(
        lambda cls, parent, uictx, catalog, info: drive(cls(uictx, catalog, info, parent))))
    pane = make_pane()
    grid = pane.day_grid
    grid.setFocus()
    grid.set_cursor(0, 14 * 60)
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    for appt in series.appointments:
        saved = appointments.get_appointment(c.desk, appt.id)
        assert (saved.reason, saved.length_minutes, minutes(saved.start)) == ("Physical therapy check", 45, 840)
    assert statuses[-1] == "Saved 3 appointments of Able, Ann."
    assert first.id == grid.selected_id()


def test_find_an_opening_books_the_chosen_slot(qtbot, make_pane, clinic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    asked, prefills = [], []
    chosen = OpeningChoice(datetime(2030, 3, 5, 19, 30, tzinfo=UTC), c.dr_b, 30, c.visit)  # 2:30 PM Eastern
    monkeypatch.setattr(FindOpeningDialog, "ask", classmethod(
        lambda cls, parent, uictx, provider_ids=None, type_id=None: asked.append(provider_ids) or chosen))
    monkeypatch.setattr(BookingDialog, "ask", classmethod(
        lambda cls, parent, uictx, catalog, prefill=None: prefills.append(prefill)))
    pane = make_pane()
    qtbot.keyClick(pane.day_grid, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert asked == [None]
    p = prefills[0]
    assert (p.start, p.provider_id, p.length, p.type_id) == (local(MONDAY + timedelta(days=1), 14, 30), c.dr_b, 30,
                                                             c.visit)


def test_side_panels_open_and_close_from_the_toolbar(qtbot, make_pane, clinic) -> None:  # type: ignore[no-untyped-def]
    pane = make_pane()
    assert not pane.side_tabs.isVisible()
    qtbot.mouseClick(pane.toolbar.calls_button, Qt.MouseButton.LeftButton)
    assert pane.side_tabs.isVisible() and pane.side_tabs.tabText(0) == "Confirmation calls"
    qtbot.mouseClick(pane.toolbar.waitlist_button, Qt.MouseButton.LeftButton)
    assert [pane.side_tabs.tabText(i) for i in range(pane.side_tabs.count())] == ["Confirmation calls", "Waitlist"]
    assert pane.side_tabs.currentWidget() is pane.side.panels["waitlist"]
    pane.side_tabs.tabCloseRequested.emit(0)
    assert not pane.toolbar.calls_button.isChecked() and pane.side_tabs.count() == 1
    qtbot.mouseClick(pane.toolbar.waitlist_button, Qt.MouseButton.LeftButton)
    assert not pane.side_tabs.isVisible()


def test_delete_in_the_list_cancels_the_selected_visit(qtbot, make_pane, clinic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    appt = book(c.desk, c.pat[1], c.dr_b, c.visit, MONDAY, 11)
    monkeypatch.setattr(CancelDialog, "ask", classmethod(lambda cls, *a, **k: ReasonAnswer("Moved away")))
    pane = make_pane()
    pane.set_mode("list")
    pane.list_view.table.selectRow(0)
    qtbot.keyClick(pane.list_view.table, Qt.Key.Key_Delete)
    assert appointments.get_appointment(c.desk, appt.id).status == "cancelled"


def test_escape_during_a_drag_moves_nothing(qtbot, make_pane, clinic) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    appt = book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9)
    pane = make_pane()
    grid = pane.day_grid
    viewport = grid.viewport()
    start = grid.block_center(appt.id)
    end = QPoint(start.x(), round(start.y() + 60 * grid.geometry_.px_per_minute))
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, QPoint(start.x(), start.y() + 20))
    qtbot.mouseMove(viewport, end)
    assert grid.overlay.ghost is not None and grid.overlay.ghost.start == 600
    qtbot.keyClick(grid, Qt.Key.Key_Escape)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)
    assert grid.overlay.ghost is None and minutes(appointments.get_appointment(c.desk, appt.id).start) == 540


def test_focusing_the_pane_puts_the_keyboard_in_the_view(qtbot, make_pane, clinic) -> None:  # type: ignore[no-untyped-def]
    pane = make_pane()
    pane.toolbar.today_button.setFocus()
    pane.setFocus()
    assert pane.day_grid.hasFocus()
    pane.set_mode("month")
    pane.toolbar.today_button.setFocus()
    pane.setFocus()
    assert pane.month_view.table.hasFocus()


def test_booking_someone_from_the_waitlist_prefills_the_patient(qtbot, make_pane, clinic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.services.scheduling import waitlist
    from frontdesk.services.scheduling.waitlist import WaitlistInput

    c = clinic
    entry = waitlist.add_to_waitlist(c.desk, WaitlistInput(c.pat[2], 30, type_id=c.visit))
    prefills = []
    monkeypatch.setattr(BookingDialog, "ask", classmethod(
        lambda cls, parent, uictx, catalog, prefill=None: prefills.append(prefill)))
    pane = make_pane()
    qtbot.mouseClick(pane.toolbar.waitlist_button, Qt.MouseButton.LeftButton)
    panel = pane.side.panels["waitlist"]
    qtbot.waitUntil(lambda: panel.select_record(entry.id))
    panel.book_requested.emit(c.pat[2])
    assert [(p.patient_id, p.patient_label, p.type_id) for p in prefills] == [(c.pat[2], "Cole, Cy", c.visit)]
