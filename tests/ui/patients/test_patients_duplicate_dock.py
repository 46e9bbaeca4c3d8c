"""The duplicate warning sits in a fixed-height band beside the heading: it never pushes Save down, and only a
new registration is told 'instead of registering twice'."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot
from testsupport import screenshot_path


def _save_top(pane) -> int:  # type: ignore[no-untyped-def]
    return pane.form.save_button.mapTo(pane, QPoint(0, 0)).y()


def test_the_warning_does_not_push_save_below_the_fold(qtbot: QtBot, harness, make_patient) -> None:  # type: ignore[no-untyped-def]
    pane = harness.pane
    pane.resize(1366, 718)  # what a 1366x768 main window leaves the pane (menu and status bars)
    make_patient("Ada", "Lovelace", "03/14/1962", phone="518-555-0142")
    pane.new_patient()
    qtbot.waitUntil(lambda: pane.form.save_button.isVisible())
    before = _save_top(pane)
    for name, text in (("first_name", "Ada"), ("last_name", "Lovelace"), ("dob", "03/14/1962")):
        qtbot.keyClicks(pane.form.edits[name], text)
    qtbot.waitUntil(pane.form.duplicates.isVisible)
    qtbot.keyClick(pane.form.sex, "F")
    pane.form.save()  # refused: Create anyway and the reason appear too
    assert pane.form.duplicates.override_form.isVisible()
    qtbot.waitUntil(lambda: pane.form.duplicates.view.isVisible())
    assert _save_top(pane) == before  # was pushed down by the panel's height (189 px)
    viewport = pane._form_page.viewport()
    button = pane.form.save_button
    assert button.mapTo(viewport, QPoint(0, button.height())).y() <= viewport.height()  # no scrolling to reach it
    assert "instead of registering twice" in pane.form.duplicates.title.text()
    pane.grab().save(str(screenshot_path("duplicate-band.png")))


def test_editing_a_patient_is_not_told_it_registers_twice(qtbot: QtBot, harness, make_patient) -> None:  # type: ignore[no-untyped-def]
    pane = harness.pane
    make_patient("Ada", "Lovelace", "03/14/1962")
    other = make_patient("Ada", "Lovelace", "03/15/1962")
    pane.open_patient(other.id)
    qtbot.waitUntil(lambda: pane.view.record is not None)
    pane.edit_patient()
    dob = pane.form.edits["dob"]
    dob.selectAll()
    qtbot.keyClicks(dob, "03/14/1962")
    qtbot.waitUntil(pane.form.duplicates.isVisible)
    title = pane.form.duplicates.title.text()
    assert "Possible duplicate" in title and "registering twice" not in title
    assert "to compare the records" in title
