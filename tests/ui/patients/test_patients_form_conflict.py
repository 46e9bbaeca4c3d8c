"""Saving a patient someone else saved meanwhile (issue 19): the form says who and when and offers to reload.

Nothing is overwritten: the refused save leaves the other person's version in place; "Keep my typing" leaves the
form as typed with the reason above it; "Reload" shows the saved version (the dialog listed what it replaces).
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from frontdesk.domain import schedule_time as st
from frontdesk.services._base import ServiceContext
from frontdesk.services.patients import patients
from frontdesk.services.patients.patients import PatientInput
from frontdesk.ui.patients.dialogs import ChangedMeanwhileDialog

NOW = datetime(2030, 3, 4, 19, 5, tzinfo=UTC)  # 2:05 PM in Albany
SAID = ("Ada Admin changed this patient on 03/04/2030 2:05 PM, after you opened it. Your changes were not saved: "
        "reload to see theirs, then make yours again.")


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(st, "utc_now", lambda: NOW)


def ctrl_s(qtbot: QtBot) -> None:
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)


def retype(qtbot: QtBot, edit: QLineEdit, text: str) -> None:
    edit.setFocus()
    edit.selectAll()
    qtbot.keyClicks(edit, text)


def test_a_stale_save_is_refused_then_reload_shows_the_other_version(qtbot: QtBot, harness, make_patient,
                                                                     admin_ctx: ServiceContext,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    pane = harness.pane
    grace = make_patient("Grace", "Hopper", "12/09/1956", phone="(212) 555-0100")
    pane.open_patient(grace.id)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    form = pane.form
    retype(qtbot, form.edits["home_phone"], "315 555 0199")
    # Meanwhile, at another workstation, Ada saves a new address for Grace.
    patients.update_patient(admin_ctx, grace.id, PatientInput(first_name="Grace", last_name="Hopper",
                                                              dob="12/09/1956", sex="F", phone="(212) 555-0100",
                                                              city="Troy"), version=grace.version)
    asked: list[tuple[str, list[tuple[str, str]]]] = []
    answer = {"reload": False}

    def ask(_parent, message: str, typed: list[tuple[str, str]]) -> bool:  # type: ignore[no-untyped-def]
        asked.append((message, typed))
        return answer["reload"]

    monkeypatch.setattr(ChangedMeanwhileDialog, "ask", classmethod(lambda cls, *args: ask(*args)))

    ctrl_s(qtbot)  # refused; "Keep my typing"
    assert asked == [(SAID, [("Home phone", "315 555 0199")])]
    assert pane.stack.currentWidget() is pane._form_page
    assert form.edits["home_phone"].text() == "315 555 0199" and form.edits["city"].text() == ""
    assert form.form.form_error.isVisible() and form.form.form_error.text() == "⚠ " + SAID
    saved = patients.open_patient(admin_ctx, grace.id)
    assert (saved.city, saved.home_phone) == ("Troy", "+12125550100")  # Ada's save stands; nothing of Rita's

    answer["reload"] = True
    ctrl_s(qtbot)  # refused again (still the old version); this time "Reload"
    assert len(asked) == 2
    assert form.edits["city"].text() == "Troy" and form.edits["home_phone"].text() == "(212) 555-0100"
    assert not form.is_dirty() and not form.form.form_error.isVisible()
    assert harness.statuses[-1] == "Reloaded Hopper, Grace: Ada Admin's saved version"

    retype(qtbot, form.edits["home_phone"], "315 555 0199")
    ctrl_s(qtbot)  # on top of Ada's version now: saved
    assert harness.statuses[-1] == "Saved Hopper, Grace"
    saved = patients.open_patient(admin_ctx, grace.id)
    assert (saved.city, saved.home_phone, saved.version) == ("Troy", "+13155550199", 3)
