"""Moving appointments on the grid: drag to a time and to another provider, resize by the edge, a refused
drop snapping back with its reason, cut and paste to another day, and the keyboard."""

from __future__ import annotations

from datetime import timedelta

from cal_ui_lib import MONDAY, book, minutes
from PySide6.QtCore import QPoint, Qt

from frontdesk.domain.permissions import Role
from frontdesk.services.scheduling import appointments, schedule_views
from frontdesk.services._base import Actor
from frontdesk.ui.calendar.reason_dialogs import (
    CancelDialog,
    OverrideDialog,
    ReasonAnswer,
)


def _drag(qtbot, grid, start: QPoint, end: QPoint) -> None:  # type: ignore[no-untyped-def]
    viewport = grid.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(viewport, QPoint(start.x() + (end.x() - start.x()) // 2, start.y() + (end.y() - start.y()) // 2))
    qtbot.mouseMove(viewport, end)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=end)


def _shift(grid, point: QPoint, *, minutes_down: int = 0, columns: int = 0) -> QPoint:  # type: ignore[no-untyped-def]
    g = grid.geometry_
    return QPoint(round(point.x() + columns * g.col_width), round(point.y() + minutes_down * g.px_per_minute))


def test_drag_to_a_new_time_and_to_another_provider(qtbot, make_pane, clinic, statuses) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    appt = book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9, reason="Cough")
    pane = make_pane()
    grid = pane.day_grid
    assert [col.provider_id for col in grid.columns] == [c.dr_a, c.dr_b]  # Alvarez, Okafor
    start = grid.block_center(appt.id)
    _drag(qtbot, grid, start, _shift(grid, start, minutes_down=90))
    moved = appointments.get_appointment(c.desk, appt.id)
    assert (moved.provider_id, minutes(moved.start), moved.length_minutes) == (c.dr_a, 630, 30)
    assert statuses[-1] == "Moved Able, Ann to 03/04/2030 10:30 AM with Maria Alvarez, MD."
    qtbot.waitUntil(lambda: grid.placed_item(appt.id).start == 630)
    assert grid.overlay.ghost is None

    start = grid.block_center(appt.id)
    _drag(qtbot, grid, start, _shift(grid, start, minutes_down=30, columns=1))
    moved = appointments.get_appointment(c.desk, appt.id)
    assert (moved.provider_id, minutes(moved.start)) == (c.dr_b, 660)
    assert grid.placed_item(appt.id).column == 1
    history = schedule_views.appointment_history(c.desk, appt.id)
    assert [e.kind for e in history] == ["booked", "move", "move"]


def test_a_drop_on_a_conflict_snaps_back_and_says_why(qtbot, make_pane, clinic, statuses) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    appt = book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9)
    pane = make_pane()
    grid = pane.day_grid
    start = grid.block_center(appt.id)
    _drag(qtbot, grid, start, _shift(grid, start, minutes_down=180))  # 12:00: the lunch blockout
    kept = appointments.get_appointment(c.desk, appt.id)
    assert minutes(kept.start) == 540
    assert grid.overlay.ghost is None and grid.placed_item(appt.id).start == 540  # snapped back
    message = pane.message_bar.message()
    assert message.startswith("Not moved: Able, Ann stays at 9:00 AM.") and "blocked out: lunch" in message
    assert "Only the Admin role can move it" in message  # front desk: no override offered
    assert statuses[-1].startswith("Not moved: Able, Ann")
    assert not pane.message_bar.action.isVisible()


def test_admin_can_move_anyway_from_the_message(qtbot, make_pane, clinic, uictx, practice, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    uictx.set_actor(Actor(practice.actor.user_id, practice.actor.username, practice.actor.full_name, Role.ADMIN))
    appt = book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9)
    pane = make_pane()
    grid = pane.day_grid
    start = grid.block_center(appt.id)
    _drag(qtbot, grid, start, _shift(grid, start, minutes_down=180))
    assert pane.message_bar.action.isVisible()
    monkeypatch.setattr(OverrideDialog, "ask", classmethod(lambda cls, *a, **k: ReasonAnswer("Doctor agreed")))
    qtbot.mouseClick(pane.message_bar.action, Qt.MouseButton.LeftButton)
    moved = appointments.get_appointment(c.desk, appt.id)
    assert minutes(moved.start) == 720 and moved.override_reason == "Doctor agreed"
    assert pane.message_bar.message() == ""


def test_drag_the_bottom_edge_to_change_the_length(qtbot, make_pane, clinic) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    appt = book(c.desk, c.pat[1], c.dr_b, c.visit, MONDAY, 10)
    pane = make_pane()
    grid = pane.day_grid
    edge = grid.block_bottom(appt.id)
    _drag(qtbot, grid, edge, _shift(grid, edge, minutes_down=30))
    changed = appointments.get_appointment(c.desk, appt.id)
    assert (minutes(changed.start), changed.length_minutes) == (600, 60)


def test_cut_and_paste_to_another_day(qtbot, make_pane, clinic, statuses) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    appt = book(c.desk, c.pat[2], c.dr_a, c.visit, MONDAY, 15)
    pane = make_pane()
    grid = pane.day_grid
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.block_center(appt.id))
    qtbot.keyClick(grid, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    assert grid.overlay.cut_id == appt.id and "Cut Cole, Cy" in statuses[-1]
    qtbot.keyClick(grid, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert pane.current_day() == MONDAY + timedelta(days=1)
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.slot_point(1, 14 * 60))
    qtbot.keyClick(grid, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    moved = appointments.get_appointment(c.desk, appt.id)
    assert (moved.start.date(), minutes(moved.start), moved.provider_id) == (MONDAY + timedelta(days=1), 840, c.dr_b)
    assert grid.overlay.cut_id is None and not pane.toolbar.paste_button.isEnabled()
    qtbot.waitUntil(lambda: grid.placed_item(appt.id) is not None)


def test_keyboard_cursor_enter_and_delete(qtbot, make_pane, clinic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    appt = book(c.desk, c.pat[0], c.dr_b, c.visit, MONDAY, 10)
    pane = make_pane()
    grid = pane.day_grid
    grid.setFocus()
    grid.set_cursor(0, 9 * 60)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Down, Qt.Key.Key_Down):
        qtbot.keyClick(grid, key)
    assert grid.cursor() == (1, 600) and grid.selected_id() == appt.id
    assert "Able, Ann" in grid.accessibleDescription()
    asked = []
    monkeypatch.setattr(CancelDialog, "ask", classmethod(
        lambda cls, parent, title, prompt, ok, **k: asked.append((prompt, k.get("series"))) or
        ReasonAnswer("Patient is travelling")))
    qtbot.keyClick(grid, Qt.Key.Key_Delete)
    assert asked and asked[0][1] is False and "Able, Ann's 10:00 AM appointment" in asked[0][0]
    cancelled = appointments.get_appointment(c.desk, appt.id)
    assert (cancelled.status, cancelled.cancel_reason) == ("cancelled", "Patient is travelling")
    qtbot.waitUntil(lambda: grid.placed == [])  # hidden unless "Show cancelled/no-show" is ticked
    pane.toolbar.show_cancelled.setChecked(True)
    assert [p.info.id for p in grid.placed] == [appt.id]
