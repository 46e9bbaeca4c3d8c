"""A drag (or paste) that moves an appointment offers its old time to the waitlist, as cancel and no-show do."""

from __future__ import annotations

from datetime import time

from cal_ui_lib import MONDAY, book, drag, minutes
from PySide6.QtCore import QPoint, Qt

from frontdesk.services.scheduling import appointments, waitlist
from frontdesk.services.scheduling.waitlist import WaitlistInput


def test_a_drag_offers_the_freed_slot_to_the_waitlist(qtbot, make_pane, clinic, statuses) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    appt = book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 10)
    waitlist.add_to_waitlist(c.desk, WaitlistInput(c.pat[2], 30, provider_ids=(c.dr_a,), earliest=time(9)))
    pane = make_pane()
    grid = pane.day_grid
    start = grid.block_center(appt.id)
    drag(qtbot, grid, start, QPoint(start.x(), start.y() + round(240 * grid.geometry_.px_per_minute)))
    assert minutes(appointments.get_appointment(c.desk, appt.id).start) == 14 * 60
    assert statuses[-1] == "Moved Able, Ann to 03/04/2030 2:00 PM with Maria Alvarez, MD."
    assert pane.message_bar.message() == "1 waitlisted patient could take the freed time: Cole, Cy."
    qtbot.mouseClick(pane.message_bar.action, Qt.MouseButton.LeftButton)
    assert pane.side_tabs.isVisible() and pane.toolbar.waitlist_button.isChecked()
    matches = pane.side.panels["waitlist"].matches_model.records()
    assert [(m.patient_name, minutes(m.slot_start), minutes(m.slot_end)) for m in matches] == \
        [("Cole, Cy", 600, 630)]


def test_a_move_nobody_waits_for_says_nothing_more(qtbot, make_pane, clinic, statuses) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    appt = book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 10)
    pane = make_pane()
    grid = pane.day_grid
    start = grid.block_center(appt.id)
    drag(qtbot, grid, start, QPoint(start.x(), start.y() + round(60 * grid.geometry_.px_per_minute)))
    assert statuses[-1].startswith("Moved Able, Ann") and pane.message_bar.isHidden()
