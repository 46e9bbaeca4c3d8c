"""Times are typed in the appointment dialog the way a receptionist types them, shown back as "3:15 PM",
and an impossible time is refused beside the field instead of being changed into another one."""

from __future__ import annotations

import pytest
from cal_ui_lib import MONDAY, local, minutes, replace_ask
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from frontdesk.services.scheduling import schedule_views
from frontdesk.ui.calendar.booking_dialog import BookingDialog, BookingPrefill


def _build(klass, parent, uictx, catalog, prefill=None):  # type: ignore[no-untyped-def]
    return klass(uictx, catalog, prefill or BookingPrefill(), parent)


def _type_time(qtbot, dialog, text: str) -> None:  # type: ignore[no-untyped-def]
    field = dialog.start.time_edit
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, text)


def _choose_patient(qtbot, dialog) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(dialog.picker.search, "able")
    qtbot.waitUntil(lambda: dialog.picker.model.rowCount() > 0)
    qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.picker.table, Qt.Key.Key_Return)


def _open_booking(qtbot, make_pane, clinic, monkeypatch, drive):  # type: ignore[no-untyped-def]
    pane = make_pane()
    grid = pane.day_grid
    replace_ask(monkeypatch, BookingDialog, drive, build=_build)
    column = next(i for i, col in enumerate(grid.columns) if col.provider_id == clinic.dr_b)
    qtbot.mouseDClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.slot_point(column, 10 * 60))


@pytest.mark.parametrize(("typed", "shown", "at"), [
    ("3:15 PM", "3:15 PM", 15 * 60 + 15), ("315p", "3:15 PM", 15 * 60 + 15), ("15:15", "3:15 PM", 15 * 60 + 15),
    ("945a", "9:45 AM", 9 * 60 + 45), ("9:45a", "9:45 AM", 9 * 60 + 45), ("2p", "2:00 PM", 14 * 60),
])
def test_a_typed_time_is_booked_and_shown_back_in_us_format(qtbot, make_pane, clinic, monkeypatch, typed, shown,
                                                            at) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def drive(dialog):  # type: ignore[no-untyped-def]
        _choose_patient(qtbot, dialog)
        assert dialog.start.time_edit.text() == "10:00 AM"  # the slot clicked
        _type_time(qtbot, dialog, typed)
        qtbot.keyClick(dialog.start.time_edit, Qt.Key.Key_Tab)  # leave the field: shown back in US format
        seen["shown"] = dialog.start.time_edit.text()
        seen["start"] = dialog.start.value()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.outcome

    _open_booking(qtbot, make_pane, clinic, monkeypatch, drive)
    # Before: a QTimeEdit with an AM/PM format kept 10:00 AM whatever hour was typed.
    assert seen == {"shown": shown, "start": local(MONDAY, at // 60, at % 60)}
    booked = schedule_views.day_view(clinic.desk, MONDAY).appointments
    assert [minutes(a.start) for a in booked] == [at]


@pytest.mark.parametrize("typed", ["13:75", "25p", "abc"])
def test_an_impossible_time_is_refused_beside_the_field_and_nothing_is_booked(qtbot, make_pane, clinic, monkeypatch,
                                                                             shown_errors, typed) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def drive(dialog):  # type: ignore[no-untyped-def]
        _choose_patient(qtbot, dialog)
        _type_time(qtbot, dialog, typed)
        error = dialog.form.error_label("start")
        qtbot.keyClick(dialog.start.time_edit, Qt.Key.Key_Tab)  # leaving the field already says so
        seen["on_leaving"] = (error.isVisibleTo(dialog), error.text())
        seen["kept"] = dialog.start.time_edit.text()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # and Book refuses it
        seen["on_book"] = (error.isVisibleTo(dialog), error.text(), dialog.isVisible(), dialog.ok_button.isEnabled())
        seen["focus"] = QApplication.focusWidget() is dialog.start.time_edit
        dialog.reject()
        return dialog.outcome

    _open_booking(qtbot, make_pane, clinic, monkeypatch, drive)
    visible, text = seen["on_leaving"]  # type: ignore[misc]
    assert visible and text.startswith("\u26a0 Time: ") and f"\u201c{typed}\u201d" in text
    assert seen["kept"] == typed  # left as typed, never changed into some other time
    visible, text, still_open, can_retry = seen["on_book"]  # type: ignore[misc]
    assert visible and typed in text and still_open and can_retry
    assert seen["focus"]
    assert not schedule_views.day_view(clinic.desk, MONDAY).appointments
    assert shown_errors == []  # no unexpected-error box
