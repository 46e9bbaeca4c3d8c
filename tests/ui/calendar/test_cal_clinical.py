"""Issue 19: the calendar for a role that views the schedule but does not book (Clinical). Every booking route
(the appointment menu's changes, drag and drop, drag or click to book, cut and paste, Delete, the toolbar's
booking buttons, confirmation calls) is hidden or greyed out with the reason, and does nothing from the keyboard;
viewing (history, card, .ics, print) stays. The front desk keeps everything; the gating follows sign-in."""

from __future__ import annotations

import pytest
from cal_ui_lib import MONDAY, book, minutes
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QMenu
from testsupport import STAFF_PASSWORD, screenshot_path

from frontdesk.domain.permissions import Role
from frontdesk.services._base import Actor
from frontdesk.services.admin import users
from frontdesk.services.scheduling import appointments
from frontdesk.ui.calendar.booking_dialog import BookingDialog
from frontdesk.ui.calendar.history_dialog import HistoryDialog
from frontdesk.ui.calendar.reason_dialogs import CancelDialog

CHANGES = ("confirm", "check_in", "cancel", "no_show", "cut", "edit")  # what a booked visit offers the front desk
VIEWS = ("print_card", "export_ics", "history")


@pytest.fixture
def clinician(admin_ctx) -> Actor:  # type: ignore[no-untyped-def]
    info = users.add_user(admin_ctx, "nurse", "Nina Nurse", Role.CLINICAL, STAFF_PASSWORD)
    return Actor(info.id, info.username, info.full_name, info.role)


@pytest.fixture
def asked(monkeypatch) -> dict[str, list[object]]:  # type: ignore[no-untyped-def]
    """Dialogs that would open, recorded instead (booking, cancel reason, history)."""
    seen: dict[str, list[object]] = {"booking": [], "cancel": [], "history": []}
    monkeypatch.setattr(BookingDialog, "ask", classmethod(lambda cls, *a, **k: seen["booking"].append(a)))
    monkeypatch.setattr(CancelDialog, "ask_cancel", classmethod(lambda cls, *a, **k: seen["cancel"].append(a)))
    monkeypatch.setattr(HistoryDialog, "ask", classmethod(lambda cls, parent, title, events: seen["history"].append(
        title)))
    return seen


def _drag(qtbot, grid, start: QPoint, end: QPoint) -> None:  # type: ignore[no-untyped-def]
    viewport = grid.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, QPoint(start.x(), (start.y() + end.y()) // 2))
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def _offered(menu) -> set[str]:  # type: ignore[no-untyped-def]
    return {key for key, action in menu.entries.items() if action.isVisible() and action.isEnabled()}


def test_a_clinician_sees_the_schedule_but_no_route_books_or_changes(  # type: ignore[no-untyped-def]
        qtbot, make_pane, clinic, uictx, clinician, asked, statuses, monkeypatch) -> None:
    c = clinic
    appt = book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9)
    uictx.set_actor(clinician)
    pane = make_pane(1366, 768)
    grid, menu, bar = pane.day_grid, pane.appointment_menu, pane.toolbar
    qtbot.waitUntil(lambda: grid.placed_item(appt.id) is not None)
    for button in (bar.new_button, bar.find_button, bar.paste_button, bar.calls_button):
        assert not button.isEnabled() and "not part of the Clinical role" in button.toolTip(), button.objectName()
    assert bar.print_button.isEnabled() and bar.waitlist_button.isEnabled()
    bar.waitlist_button.click()  # the waitlist is there to read; changing it or booking from it is not
    panel = pane.side.panels["waitlist"]
    for button in (panel.add_button, panel.remove_button, panel.book_entry_button, panel.book_match_button):
        assert not button.isEnabled() and "not part of the Clinical role" in button.toolTip(), button.text()
    bar.waitlist_button.click()

    # Right-click: only the view actions, and a line saying (in words) why the rest is not there. (The offscreen
    # platform cannot pop a menu up; its position is recorded and the menu drawn there for the screenshot.)
    popped: list[QPoint] = []
    monkeypatch.setattr(menu, "popup", lambda pos, *_a: popped.append(pos))
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.RightButton, pos=grid.block_center(appt.id))
    assert len(popped) == 1 and menu.target().id == appt.id
    assert _offered(menu) == set(VIEWS)
    assert menu.note.isVisible() and "View only" in menu.note.text() and "Clinical role" in menu.note.toolTip()
    picture = pane.grab()
    with QPainter(picture) as painter:
        painter.drawPixmap(pane.mapFromGlobal(popped[0]), menu.grab())
    picture.save(str(screenshot_path("h23-clinical-calendar-menu-1366x768.png")))
    menu.entries["history"].trigger()  # viewing works
    assert asked["history"] == ["Able, Ann \u2014 Office visit, 03/04/2030"]

    # Right-click on an empty slot: 'New appointment here' greyed out, the reason in its tooltip.
    slot_menus: list[QMenu] = []
    monkeypatch.setattr(QMenu, "popup", lambda self, pos, *_a: slot_menus.append(self))
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.RightButton, pos=grid.slot_point(1, 10 * 60))
    (new_here,) = slot_menus[0].actions()
    assert new_here.text().startswith("&New appointment here") and not new_here.isEnabled()
    assert "not part of the Clinical role" in new_here.toolTip() and slot_menus[0].toolTipsVisible()
    new_here.trigger()
    assert asked["booking"] == []

    # Drag does not move; dragging over or clicking / double-clicking an empty slot does not open booking.
    start = grid.block_center(appt.id)
    _drag(qtbot, grid, start, QPoint(start.x(), start.y() + round(90 * grid.geometry_.px_per_minute)))
    assert minutes(appointments.get_appointment(c.desk, appt.id).start) == 540 and grid.overlay.ghost is None
    _drag(qtbot, grid, grid.slot_point(1, 14 * 60), grid.slot_point(1, 15 * 60))
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.slot_point(1, 11 * 60))
    qtbot.mouseDClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.slot_point(1, 13 * 60))
    qtbot.keyClick(grid, Qt.Key.Key_Return)  # Enter on the empty slot under the cursor
    assert asked["booking"] == []

    # Keys: Delete (cancel), Ctrl+X / Ctrl+V, Ctrl+Shift+N do nothing; Enter / double-click opens the history.
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.block_center(appt.id))
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    pane.cut_selected()
    pane.paste()
    pane.new_appointment()
    assert asked["cancel"] == [] and asked["booking"] == [] and pane._cut is None
    qtbot.keyClick(grid, Qt.Key.Key_Return)
    qtbot.mouseDClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.block_center(appt.id))
    assert len(asked["history"]) == 3
    assert appointments.get_appointment(c.desk, appt.id).status == "scheduled"
    assert not [s for s in statuses if "not part of" in s or s.startswith(("Moved", "Not moved"))]


def test_the_front_desk_keeps_every_route_and_it_follows_sign_in(  # type: ignore[no-untyped-def]
        qtbot, make_pane, clinic, uictx, clinician, frontdesk_actor, asked, monkeypatch) -> None:
    c = clinic
    appt = book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9)
    pane = make_pane()
    grid, menu, bar = pane.day_grid, pane.appointment_menu, pane.toolbar
    qtbot.waitUntil(lambda: grid.placed_item(appt.id) is not None)
    tips = {button: button.toolTip() for button in (bar.new_button, bar.find_button, bar.calls_button)}

    def front_desk_offers_everything() -> None:
        qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.block_center(appt.id))
        assert _offered(menu) >= set(CHANGES) | set(VIEWS) and not menu.note.isVisible()
        for button, tip in tips.items():
            assert button.isEnabled() and button.toolTip() == tip and "not part of" not in tip
        assert grid.editable and pane.day_grid.editable

    front_desk_offers_everything()
    slot_menus: list[QMenu] = []
    monkeypatch.setattr(QMenu, "popup", lambda self, pos, *_a: slot_menus.append(self))
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.RightButton, pos=grid.slot_point(1, 10 * 60))
    assert slot_menus[0].actions()[0].isEnabled() and not slot_menus[0].actions()[0].toolTip().startswith("Booking")
    qtbot.mouseDClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.slot_point(1, 13 * 60))
    assert len(asked["booking"]) == 1  # a double-click on an empty slot still books
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.block_center(appt.id))
    pane.cut_selected()
    assert pane._cut is not None and bar.paste_button.isEnabled()

    uictx.set_actor(clinician)  # someone else signs in at this desk (or unlocks it)
    assert pane._cut is None and not bar.paste_button.isEnabled() and not grid.editable
    assert _offered(menu) == set(VIEWS) and menu.note.isVisible()
    assert not bar.new_button.isEnabled() and "Clinical role" in bar.new_button.toolTip()

    uictx.set_actor(frontdesk_actor)
    front_desk_offers_everything()
