"""The week view of every provider: a column per provider per work day, named in each header; clicks, drags,
menus and tooltips land on the right provider and day."""

from __future__ import annotations

import random
from datetime import timedelta

from cal_ui_lib import MONDAY, book, drag, local, minutes
from PySide6.QtCore import QPoint, Qt

from frontdesk.demo.data import fake_npi
from frontdesk.services.admin import providers
from frontdesk.services.scheduling import appointments, schedule_setup
from frontdesk.services.scheduling.appointments import BookingRequest
from frontdesk.services.scheduling.schedule_setup import HoursSpan
from frontdesk.ui.calendar.booking_dialog import BookingDialog
from frontdesk.ui.calendar.week_view import ALL_PROVIDERS


def _all_week(qtbot, pane):  # type: ignore[no-untyped-def]
    pane.set_mode("week")
    combo = pane.toolbar.provider_combo
    assert combo.itemText(0) == ALL_PROVIDERS and combo.itemData(0) is None
    combo.setCurrentIndex(0)
    combo.activated.emit(0)
    grid = pane.week_grid
    qtbot.waitUntil(lambda: bool(grid.columns) and isinstance(grid.columns[0].key, tuple))
    return grid


def _column(grid, provider: int, day) -> int:  # type: ignore[no-untyped-def]
    return next(i for i, col in enumerate(grid.columns) if (col.provider_id, col.day) == (provider, day))


def test_all_providers_week_has_a_column_per_provider_per_work_day(qtbot, make_pane, clinic) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9)
    book(c.desk, c.pat[1], c.dr_b, c.visit, MONDAY + timedelta(days=2), 10)
    pane = make_pane()
    grid = _all_week(qtbot, pane)
    # Nobody works at the weekend and nothing is booked then: Monday to Friday, Alvarez then Okafor each day.
    assert [(col.title, col.group) for col in grid.columns[:3]] == [
        ("Alvarez", "Mon 03/04 (today)"), ("Okafor", "Mon 03/04 (today)"), ("Alvarez", "Tue 03/05")]
    assert len(grid.columns) == 10 and grid.columns[-1].day == MONDAY + timedelta(days=4)
    placed = {p.info.patient_id: grid.columns[p.column] for p in grid.placed}
    assert (placed[c.pat[0]].provider_id, placed[c.pat[0]].day) == (c.dr_a, MONDAY)
    assert (placed[c.pat[1]].provider_id, placed[c.pat[1]].day) == (c.dr_b, MONDAY + timedelta(days=2))
    assert pane.week_grid.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff  # it fits
    # A Saturday visit brings Saturday in, so nothing booked is hidden.
    appointments.book_appointment(c.admin, BookingRequest(c.pat[2], c.dr_b, c.visit, local(MONDAY + timedelta(days=5),
                                                                                          10)), "Saturday clinic")
    pane.reload()
    qtbot.waitUntil(lambda: len(grid.columns) == 12)
    assert grid.columns[-1].group == "Sat 03/09" and grid.columns[-1].subtitle == "Not working"
    # The choice survives a reload of the providers (an "All" chosen stays chosen).
    pane.reload_catalog()
    assert pane.toolbar.provider_combo.currentData() is None and len(grid.columns) == 12


def test_a_click_books_the_provider_and_day_of_its_column(qtbot, make_pane, clinic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    pane = make_pane()
    grid = _all_week(qtbot, pane)
    seen = []
    monkeypatch.setattr(BookingDialog, "ask", classmethod(lambda cls, parent, uictx, catalog, prefill:
                                                          seen.append(prefill)))
    wednesday = MONDAY + timedelta(days=2)
    column = _column(grid, c.dr_b, wednesday)
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.slot_point(column, 14 * 60))
    assert [(p.provider_id, p.start) for p in seen] == [(c.dr_b, local(wednesday, 14))]
    column = _column(grid, c.dr_a, MONDAY + timedelta(days=4))
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.slot_point(column, 9 * 60 + 30))
    assert (seen[-1].provider_id, seen[-1].start) == (c.dr_a, local(MONDAY + timedelta(days=4), 9, 30))


def test_drag_to_another_provider_and_day_menu_and_tooltip(qtbot, make_pane, clinic, statuses) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    appt = book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9, reason="Cough")
    pane = make_pane()
    grid = _all_week(qtbot, pane)
    start = grid.block_center(appt.id)
    target = grid.slot_point(_column(grid, c.dr_b, MONDAY + timedelta(days=1)), 10 * 60)
    drag(qtbot, grid, start, QPoint(target.x(), start.y() + round(60 * grid.geometry_.px_per_minute)))
    moved = appointments.get_appointment(c.desk, appt.id)
    assert (moved.provider_id, moved.start.date(), minutes(moved.start)) == (c.dr_b, MONDAY + timedelta(days=1), 600)
    assert statuses[-1] == "Moved Able, Ann to 03/05/2030 10:00 AM with Okafor."
    qtbot.waitUntil(lambda: grid.placed_item(appt.id) is not None
                    and grid.columns[grid.placed_item(appt.id).column].provider_id == c.dr_b)
    # Right-click on the block: the appointment's own menu, for that appointment.
    shown = []
    pane.appointment_menu.popup = shown.append  # the offscreen platform cannot grab the keyboard for a real popup
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.RightButton, pos=grid.block_center(appt.id))
    assert len(shown) == 1 and grid.selected_id() == appt.id
    assert pane.appointment_menu.target().id == appt.id  # type: ignore[union-attr]
    assert "Able, Ann" in (grid.tooltip_provider(grid.appointment(appt.id)) or "")


def test_four_providers_fit_at_1366x768(qtbot, make_pane, clinic) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    rng = random.Random(11)
    for first, last in (("Lena", "Park"), ("Omar", "Haddad")):
        pid = providers.add_provider(c.admin, first, last, fake_npi(rng), "MD").id
        schedule_setup.set_weekly_hours(c.admin, pid, [HoursSpan(d, local(MONDAY, 8).time(), local(MONDAY, 16).time())
                                                       for d in range(5)])
    for day in range(5):
        book(c.desk, c.pat[day % 3], c.dr_a, c.visit, MONDAY + timedelta(days=day), (9, 10, 11, 14, 15)[day])
        book(c.desk, c.pat[(day + 1) % 3], c.dr_b, c.visit, MONDAY + timedelta(days=day), 16, reason="Follow-up")
    pane = make_pane()
    grid = _all_week(qtbot, pane)
    assert len(grid.columns) == 20
    assert grid.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert grid.geometry_.col_width >= grid.painter.fm_small.horizontalAdvance("Haddad") + 4  # the name is whole
