"""Screenshots of the calendar at 1366x768 (day with ~20 visits of several types and statuses, week, month,
booking dialog with a conflict) saved as cal-*.png (testsupport.screenshot_path), and the layout facts they must show."""

from __future__ import annotations

import random
from datetime import time

from cal_ui_lib import MONDAY, book, local
from PySide6.QtCore import Qt
from testsupport import screenshot_path

from frontdesk.services.scheduling import appointment_status, appointments, schedule_catalog, schedule_setup
from frontdesk.services.admin import providers
from frontdesk.services.scheduling.appointments import BookingRequest
from frontdesk.demo.data import fake_npi
from frontdesk.services.scheduling.schedule_setup import HoursSpan
from frontdesk.ui.calendar.booking_dialog import BookingDialog, BookingPrefill
from frontdesk.ui.calendar.grid_layout import hit


def _busy_day(c, clock):  # type: ignore[no-untyped-def]
    follow = schedule_catalog.add_appointment_type(c.admin, "Follow-up", 15, "#50E3C2").id
    proc = schedule_catalog.add_appointment_type(c.admin, "Procedure", 45, "#BD10E0").id
    dr_c = providers.add_provider(c.admin, "Priya", "Shah", fake_npi(random.Random(9)), "MD").id
    schedule_setup.set_weekly_hours(c.admin, dr_c, [HoursSpan(d, time(8), time(12)) for d in range(5)])
    from cal_ui_lib import person

    from frontdesk.services.patients import patients

    names = [("Dana", "Diaz"), ("Eli", "Evans"), ("Fay", "Foster"), ("Gus", "Garcia"), ("Hana", "Hughes"),
             ("Ivan", "Ito"), ("Jo", "Johnson"), ("Kim", "Khan"), ("Lee", "Lopez"), ("Max", "Miller-Montgomery"),
             ("Ned", "Nguyen"), ("Ola", "Olsen"), ("Pat", "Patel"), ("Quinn", "Quist"), ("Rae", "Rossi"),
             ("Sol", "Smith"), ("Tia", "Turner")]
    pats = c.pat + [patients.register_patient(c.admin, person(f, l, f"(518) 555-{100 + i:04d}")).id
                    for i, (f, l) in enumerate(names)]
    plan = [  # provider, type, hour, minute, reason, status
        (c.dr_a, c.visit, 9, 0, "Cough for two weeks", "checked_out"), (c.dr_a, follow, 9, 30, "BP check", "in_room"),
        (c.dr_a, c.physical, 10, 0, "Annual physical", "arrived"), (c.dr_a, c.visit, 11, 0, "Rash", "confirmed"),
        (c.dr_a, follow, 11, 30, "Lab review", "scheduled"), (c.dr_a, proc, 13, 0, "Mole removal", "confirmed"),
        (c.dr_a, c.visit, 14, 0, "Headache", "scheduled"), (c.dr_a, c.visit, 15, 30, "Sore throat", "scheduled"),
        (c.dr_b, c.visit, 9, 0, "Back pain", "no_show"), (c.dr_b, c.visit, 9, 30, "Medication refill", "arrived"),
        (c.dr_b, follow, 10, 0, "Diabetes check", "confirmed"), (c.dr_b, c.visit, 10, 30, "Knee pain", "cancelled"),
        (c.dr_b, proc, 13, 30, "Joint injection", "scheduled"), (c.dr_b, c.visit, 15, 0, "Follow-up visit", "confirmed"),
        (c.dr_b, follow, 16, 15, "Vaccination", "scheduled"), (dr_c, c.visit, 8, 0, "New patient visit", "checked_out"),
        (dr_c, follow, 8, 30, "Blood pressure", "no_show"), (dr_c, c.visit, 9, 0, "Ear pain", "in_room"),
        (dr_c, proc, 10, 0, "Wart treatment", "scheduled"), (dr_c, c.visit, 11, 0, "Cold symptoms", "confirmed"),
    ]
    clock.set_local(MONDAY, time(7, 30))
    booked = []
    for i, (dr, type_id, hour, minute, reason, status) in enumerate(plan):
        booked.append((book(c.admin, pats[i], dr, type_id, MONDAY, hour, minute, reason=reason).id, status))
    # Two visits over the same time (an override) share the column side by side.
    appointments.book_appointment(c.admin, BookingRequest(pats[-1], c.dr_b, follow, local(MONDAY, 13, 30),
                                                          reason="Squeezed in"), override_reason="urgent")
    clock.set_local(MONDAY, time(11, 40))
    for appt_id, status in booked:
        if status == "confirmed":
            appointment_status.change_status(c.desk, appt_id, "confirmed")
        elif status in ("arrived", "in_room", "checked_out"):
            appointment_status.check_in(c.desk, appt_id)
            if status != "arrived":
                appointment_status.room_patient(c.desk, appt_id)
            if status == "checked_out":
                appointment_status.check_out(c.desk, appt_id)
        elif status == "cancelled":
            appointment_status.cancel_appointment(c.desk, appt_id, "Called to cancel")
        elif status == "no_show":
            appointment_status.mark_no_show(c.desk, appt_id)
    return len(plan) + 1


def test_screenshots_at_1366x768(qtbot, uictx, clinic, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.ui.app import build_main_window

    total = _busy_day(clinic, clock)
    window = build_main_window(uictx)
    qtbot.addWidget(window)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    pane = window.panes.pane("calendar")
    pane.toolbar.show_cancelled.setChecked(True)
    grid = pane.day_grid
    assert len(grid.placed) == total
    assert grid.overlay.now_minute == 11 * 60 + 40 and grid.overlay.now_columns == (0, 1, 2)
    # Every block is on screen somewhere and no two blocks of a column overlap (lanes split them).
    boxes = [(p.column, grid.geometry_.block_rect(p)) for p in grid.placed]
    for i, (col, (x, y, w, h)) in enumerate(boxes):
        for col2, (x2, y2, w2, h2) in boxes[i + 1:]:
            if col == col2:
                assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y
    grid.scroll_to_minute(9 * 60)
    window.grab().save(str(screenshot_path("cal-day.png")))
    assert not grid.horizontalScrollBar().isVisible()  # three providers fit side by side
    pane.set_mode("week")
    window.grab().save(str(screenshot_path("cal-week.png")))
    pane.set_mode("month")
    window.grab().save(str(screenshot_path("cal-month.png")))
    pane.set_mode("day")
    pane.toolbar.columns_combo.setCurrentIndex(1)
    window.grab().save(str(screenshot_path("cal-rooms.png")))
    pane.toolbar.columns_combo.setCurrentIndex(0)
    window.resize(1024, 600)  # the main window's smallest size
    qtbot.waitUntil(lambda: window.width() == 1024)
    window.grab().save(str(screenshot_path("cal-small.png")))
    assert pane.toolbar.width() >= pane.toolbar.minimumSizeHint().width()  # nothing squeezed
    window.resize(1366, 768)

    def drive(dialog):  # type: ignore[no-untyped-def]
        dialog.show()
        qtbot.keyClicks(dialog.picker.search, "cole")
        qtbot.waitUntil(lambda: dialog.picker.model.rowCount() == 1)
        qtbot.keyClicks(dialog.reason, "Follow-up on rash")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.conflict.isVisible()
        dialog.grab().save(str(screenshot_path("cal-booking-conflict.png")))
        assert dialog.width() <= 1366 and dialog.sizeHint().height() <= 740
        dialog.reject()

    monkeypatch.setattr(BookingDialog, "ask", classmethod(
        lambda cls, parent, uictx_, catalog, prefill=None: drive(cls(uictx_, catalog, prefill or BookingPrefill(),
                                                                     parent))))
    pane.commands.book_at(grid, 0, 13 * 60, 0)
    assert len(grid.placed) == total  # the refused booking saved nothing
    assert hit(grid.geometry_, grid.placed, grid.geometry_.gutter - 5, 200) == (None, False)  # the time gutter
