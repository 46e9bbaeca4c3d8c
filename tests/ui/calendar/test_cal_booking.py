"""Booking through the dialog: from a slot, with patient search, a new patient, a series, and conflicts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from cal_ui_lib import MONDAY, book, local, minutes, replace_ask
from PySide6.QtCore import Qt

from frontdesk.domain.permissions import Role
from frontdesk.services.scheduling import schedule_views
from frontdesk.services._base import Actor
from frontdesk.ui.calendar.booking_dialog import BookingDialog, BookingPrefill
from frontdesk.ui.calendar.new_patient_dialog import NewPatientDialog, split_search


def _build_booking(klass, parent, uictx, catalog, prefill=None):  # type: ignore[no-untyped-def]
    return klass(uictx, catalog, prefill or BookingPrefill(), parent)


def _find_patient(qtbot, dialog, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.picker.search, text)
    qtbot.waitUntil(lambda: dialog.picker.model.rowCount() > 0)  # after the typing pause (debounce)
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.picker.table, Qt.Key.Key_Return)


def test_double_click_on_a_slot_books_through_the_dialog(qtbot, make_pane, clinic, monkeypatch, statuses) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    pane = make_pane()
    grid = pane.day_grid
    seen = {}

    def drive(dialog):  # type: ignore[no-untyped-def]
        seen["provider"], seen["start"] = dialog.provider.value(), dialog.start.value()
        seen["length"] = dialog.length.value()
        _find_patient(qtbot, dialog, "able")
        assert dialog.picker.patient_id() == c.pat[0]
        assert "Able, Ann" in dialog.picker.selected.text() and "(518) 555-0101" in dialog.picker.selected.text()
        qtbot.keyClicks(dialog.reason, "Sore throat")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.outcome

    replace_ask(monkeypatch, BookingDialog, drive, build=_build_booking)
    column = next(i for i, col in enumerate(grid.columns) if col.provider_id == c.dr_b)
    qtbot.mouseDClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.slot_point(column, 10 * 60))
    assert seen == {"provider": c.dr_b, "start": local(MONDAY, 10), "length": 30}  # the type's default length
    booked = schedule_views.day_view(c.desk, MONDAY).appointments
    assert [(a.patient_id, a.provider_id, minutes(a.start), a.length_minutes, a.reason) for a in booked] == \
        [(c.pat[0], c.dr_b, 600, 30, "Sore throat")]
    qtbot.waitUntil(lambda: len(grid.placed) == 1)  # the pane refreshed itself from the "appointments" change
    assert statuses[-1] == "Booked Able, Ann on 03/04/2030 at 10:00 AM with James Okafor, DO."


def test_drag_over_empty_slots_books_that_length(qtbot, make_pane, clinic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pane = make_pane()
    grid = pane.day_grid
    seen = []
    replace_ask(monkeypatch, BookingDialog, lambda d: seen.append((d.start.value(), d.length.value())),
                build=_build_booking)
    viewport = grid.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=grid.slot_point(0, 14 * 60))
    qtbot.mouseMove(viewport, grid.slot_point(0, 14 * 60 + 30))
    qtbot.mouseMove(viewport, grid.slot_point(0, 14 * 60 + 45))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=grid.slot_point(0, 14 * 60 + 45))
    assert seen == [(local(MONDAY, 14), 60)]  # 2:00 through the 2:45 slot


def test_a_click_on_an_empty_slot_books_once_and_a_cut_makes_it_pick_the_paste_target(  # type: ignore[no-untyped-def]
        qtbot, make_pane, clinic, monkeypatch) -> None:
    c = clinic
    appt = book(c.desk, c.pat[1], c.dr_a, c.visit, MONDAY, 9)
    pane = make_pane()
    grid = pane.day_grid
    seen = []
    replace_ask(monkeypatch, BookingDialog, lambda d: seen.append((d.start.value(), d.length.value())),
                build=_build_booking)
    viewport = grid.viewport()
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=grid.slot_point(0, 11 * 60))
    assert seen == [(local(MONDAY, 11), 30)]
    # A real double-click arrives as press, release, double-click, release (QTest's mouseDClick sends only the
    # double-click event, so the first click is sent separately).
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=grid.slot_point(0, 13 * 60))
    qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=grid.slot_point(0, 13 * 60))
    assert seen[1:] == [(local(MONDAY, 13), 30)]  # a double-click offers the booking once, not twice
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=grid.block_center(appt.id))
    qtbot.keyClick(grid, Qt.Key.Key_X, Qt.KeyboardModifier.ControlModifier)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=grid.slot_point(0, 15 * 60))
    assert len(seen) == 2 and grid.cursor() == (0, 15 * 60)  # with a cut pending the click picks the target


def test_new_patient_is_registered_without_losing_the_booking(qtbot, make_pane, clinic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    pane = make_pane()

    def register(form_dialog):  # type: ignore[no-untyped-def]
        form = form_dialog.form
        assert form.edits["last_name"].text() == "Newman" and form.edits["first_name"].text() == "Nora"
        qtbot.keyClicks(form.edits["dob"], "07/04/1990")
        qtbot.keyClicks(form.sex, "F")
        qtbot.keyClicks(form.edits["mobile_phone"], "5185550199")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        return form_dialog.record

    replace_ask(monkeypatch, NewPatientDialog, register,
                build=lambda klass, parent, uictx, text="": klass(uictx, text, parent))

    def drive(dialog):  # type: ignore[no-untyped-def]
        qtbot.keyClicks(dialog.reason, "New to the practice")  # typed before registering: must survive it
        qtbot.keyClicks(dialog.picker.search, "Newman, Nora")
        qtbot.waitUntil(lambda: "No patient matches" in dialog.picker.hint.text())
        qtbot.mouseClick(dialog.picker.new_button, Qt.MouseButton.LeftButton)
        assert dialog.reason.text() == "New to the practice"
        assert "Newman, Nora" in dialog.picker.selected.text()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.outcome

    replace_ask(monkeypatch, BookingDialog, drive, build=_build_booking)
    pane.day_grid.setFocus()
    pane.day_grid.set_cursor(0, 11 * 60)
    qtbot.keyClick(pane.day_grid, Qt.Key.Key_Return)  # Enter on a free slot books there
    booked = schedule_views.day_view(c.desk, MONDAY).appointments
    assert [(a.patient_name, a.reason, minutes(a.start), a.provider_id) for a in booked] == \
        [("Newman, Nora", "New to the practice", 660, c.dr_a)]


def test_split_search_reads_names_typed_either_way() -> None:
    assert split_search("newman, nora") == ("Newman", "Nora")
    assert split_search("Nora Newman") == ("Newman", "Nora")
    assert split_search("518 555") == ("", "")


def test_a_weekly_series_is_booked_from_the_repeat_row(qtbot, make_pane, clinic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = clinic

    def drive(dialog):  # type: ignore[no-untyped-def]
        _find_patient(qtbot, dialog, "baker")
        dialog.repeat.enabled.setChecked(True)
        dialog.repeat.count.setValue(3)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.outcome

    replace_ask(monkeypatch, BookingDialog, drive, build=_build_booking)
    pane = make_pane()
    pane.day_grid.set_cursor(1, 15 * 60)
    qtbot.keyClick(pane, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    for week in range(3):
        day = schedule_views.day_view(c.desk, MONDAY + timedelta(weeks=week)).appointments
        assert [(a.patient_id, minutes(a.start), a.series_id is not None) for a in day] == [(c.pat[1], 900, True)]


def test_conflict_is_explained_and_front_desk_cannot_override(qtbot, make_pane, clinic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9)
    texts = {}

    def drive(dialog):  # type: ignore[no-untyped-def]
        _find_patient(qtbot, dialog, "cole")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        texts["message"] = dialog.conflict.message.text()
        texts["rules"] = dialog.conflict.rules.text()
        texts["explain"] = dialog.conflict.explain.text()
        texts["override"] = dialog.conflict.override.isVisible()
        texts["open"] = dialog.isVisible()
        dialog.reject()
        return dialog.outcome

    replace_ask(monkeypatch, BookingDialog, drive, build=_build_booking)
    pane = make_pane()
    pane.commands.book_at(pane.day_grid, 0, 9 * 60, 0)
    assert texts["open"] and "already has an appointment" in texts["message"]
    assert texts["rules"] == "Rules broken: provider overlap"
    assert "Only a user with the Admin role" in texts["explain"] and "Front desk" in texts["explain"]
    assert texts["override"] is False
    assert len(schedule_views.day_view(c.desk, MONDAY).appointments) == 1


@pytest.mark.parametrize("reason", ["", "Urgent: fever"])
def test_admin_books_anyway_with_a_reason(qtbot, make_pane, clinic, monkeypatch, uictx, practice, reason) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    uictx.set_actor(Actor(practice.actor.user_id, practice.actor.username, practice.actor.full_name, Role.ADMIN))
    book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9)
    result = {}

    def drive(dialog):  # type: ignore[no-untyped-def]
        _find_patient(qtbot, dialog, "cole")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        assert dialog.conflict.override.isVisible()
        dialog.conflict.override.setChecked(True)
        qtbot.keyClicks(dialog.conflict.reason, reason)
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        result["error"] = dialog.conflict.reason_error.text()
        if dialog.isVisible():
            dialog.reject()
        return dialog.outcome

    replace_ask(monkeypatch, BookingDialog, drive, build=_build_booking)
    pane = make_pane()
    pane.commands.book_at(pane.day_grid, 0, 9 * 60, 0)
    booked = schedule_views.day_view(c.desk, MONDAY).appointments
    if reason:
        assert [a.override_reason for a in booked if a.patient_id == c.pat[2]] == [reason]
    else:
        assert "reason" in result["error"].lower() and len(booked) == 1
