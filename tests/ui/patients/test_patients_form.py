"""Registering and editing patients by keyboard: errors beside their field, shortcuts, discard prompt."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from frontdesk.domain import schedule_time as st
from frontdesk.services.admin import audit
from frontdesk.services.patients import patients
from frontdesk.services._base import ServiceContext
from frontdesk.services.admin.audit import AuditFilter
from frontdesk.ui.patients import PatientsPane
from frontdesk.ui.patients.dialogs import DiscardChangesDialog

# The offscreen platform says this whenever a top-level widget is shown; it is not about our code.

ADA = {"first_name": "Ada", "middle_name": "Byron", "last_name": "Lovelace", "dob": "03/14/1962",
       "home_phone": "518-555-0142", "address_line1": "12 Elm Street", "address_line2": "Apt 3", "city": "Albany",
       "state": "NY", "zip_code": "12207"}


def type_patient(qtbot: QtBot, pane: PatientsPane, values: dict[str, str], sex: str | None = "F") -> None:
    """Type into the form field by field, as a receptionist would (keyClicks, not setText)."""
    form = pane.form
    for name, text in values.items():
        edit = form.edits[name]
        edit.setFocus()
        qtbot.keyClicks(edit, text)
    if sex is not None:
        form.sex.setFocus()
        qtbot.keyClick(form.sex, sex)


def ctrl(qtbot: QtBot, letter: str) -> None:
    """Press Ctrl+<letter> on whatever has focus (shortcuts go through the focus widget)."""
    qtbot.keyClick(QApplication.focusWidget(), getattr(Qt.Key, f"Key_{letter}"), Qt.KeyboardModifier.ControlModifier)


def test_ctrl_n_opens_an_empty_form_focused_on_first_name(qtbot: QtBot, pane: PatientsPane) -> None:
    ctrl(qtbot, "N")
    assert pane.stack.currentWidget() is pane._form_page
    assert pane.form.heading.text() == "New patient"
    assert QApplication.focusWidget() is pane.form.edits["first_name"]


def test_register_a_patient_by_typing_and_ctrl_s(qtbot: QtBot, harness, admin_ctx: ServiceContext) -> None:
    pane = harness.pane
    ctrl(qtbot, "N")
    type_patient(qtbot, pane, ADA)
    ctrl(qtbot, "S")

    assert harness.statuses == ["Saved Lovelace, Ada"]
    assert pane.stack.currentWidget() is pane.view
    assert pane.view.values["name"].text() == "Ada Byron Lovelace"
    assert pane.view.values["dob"].text().startswith("03/14/1962 (")
    assert pane.view.values["home_phone"].text() == "(518) 555-0142"
    assert pane.view.values["phone"].text() == "(518) 555-0142 (Home)"
    assert pane.view.values["address"].text() == "12 Elm Street\nApt 3\nAlbany, NY 12207"
    assert pane.view.values["sex"].text() == "Female (F)"
    [found] = patients.search_patients(admin_ctx, "lovelace, ada")
    assert pane.view.values["account_number"].text() == found.account_number
    assert found.dob == date(1962, 3, 14) and found.phone == "+15185550142"
    assert pane.recent_model.rowCount() == 1


def test_future_dob_shows_error_beside_dob_and_keeps_what_was_typed(qtbot: QtBot, harness,
                                                                   admin_ctx: ServiceContext) -> None:
    pane = harness.pane
    future = f"{st.utc_now().date() + timedelta(days=400):%m/%d/%Y}"  # relative: next year, in every time zone
    ctrl(qtbot, "N")
    type_patient(qtbot, pane, ADA | {"dob": future})
    ctrl(qtbot, "S")

    error = pane.form.form.error_label("dob")
    assert error.isVisible() and "future" in error.text()
    assert all(not pane.form.form.error_label(n).isVisible() for n in ADA if n != "dob")
    assert {n: pane.form.edits[n].text() for n in ADA} == ADA | {"dob": future}
    assert pane.form.sex.currentData() == "F"
    assert QApplication.focusWidget() is pane.form.edits["dob"]
    assert pane.stack.currentWidget() is pane._form_page
    assert harness.statuses == []
    assert patients.search_patients(admin_ctx, "lovelace") == []


@pytest.mark.parametrize(("field", "values", "sex", "fragment"), [
    ("first_name", ADA | {"first_name": ""}, "F", "required"),
    ("last_name", ADA | {"last_name": "123"}, "F", "letters"),
    ("dob", ADA | {"dob": "02/30/1990"}, "F", "not a real date"),
    ("sex", ADA, None, "M or F"),
    ("home_phone", ADA | {"home_phone": "555-12"}, "F", "phone"),
    ("city", ADA | {"city": ""}, "F", "required"),
    ("state", ADA | {"state": "XX"}, "F", "state code"),
    ("zip_code", ADA | {"zip_code": "1220"}, "F", "ZIP"),
])
def test_each_service_error_lands_beside_its_field(qtbot: QtBot, pane: PatientsPane, field: str,
                                                   values: dict[str, str], sex: str | None, fragment: str) -> None:
    ctrl(qtbot, "N")
    type_patient(qtbot, pane, {k: v for k, v in values.items() if v}, sex=sex)
    qtbot.mouseClick(pane.form.save_button, Qt.MouseButton.LeftButton)
    error = pane.form.form.error_label(field)
    assert error.isVisible(), field
    assert fragment in error.text()
    assert error.text().startswith("\u26a0")  # not colour alone
    assert not pane.form.form.form_error.isVisible()


def test_dob_accepts_short_and_digit_only_forms_and_echoes_the_reading(qtbot: QtBot, pane: PatientsPane,
                                                                       admin_ctx: ServiceContext) -> None:
    ctrl(qtbot, "N")
    type_patient(qtbot, pane, ADA | {"dob": "3/14/62"})
    assert pane.form.dob_hint.text().startswith("= 03/14/1962, ")
    ctrl(qtbot, "S")
    assert patients.search_patients(admin_ctx, "lovelace")[0].dob == date(1962, 3, 14)

    ctrl(qtbot, "N")
    type_patient(qtbot, pane, ADA | {"first_name": "Byron", "dob": "07041976"})
    ctrl(qtbot, "S")
    assert patients.search_patients(admin_ctx, "lovelace, byron")[0].dob == date(1976, 7, 4)


def test_escape_on_an_untouched_form_leaves_without_asking(qtbot: QtBot, pane: PatientsPane,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(DiscardChangesDialog, "ask", classmethod(lambda cls, parent: pytest.fail("asked")))
    ctrl(qtbot, "N")
    qtbot.keyClick(pane.form.edits["first_name"], Qt.Key.Key_Escape)
    assert pane.stack.currentWidget() is pane.hint
    assert QApplication.focusWidget() is pane.search


@pytest.mark.parametrize("discard", [False, True])
def test_escape_after_typing_asks_before_discarding(qtbot: QtBot, pane: PatientsPane,
                                                    monkeypatch: pytest.MonkeyPatch, discard: bool) -> None:
    asked: list[object] = []
    monkeypatch.setattr(DiscardChangesDialog, "ask", classmethod(lambda cls, parent: asked.append(parent) or discard))
    ctrl(qtbot, "N")
    qtbot.keyClicks(pane.form.edits["first_name"], "Ada")
    qtbot.keyClick(pane.form.edits["first_name"], Qt.Key.Key_Escape)
    assert len(asked) == 1
    if discard:
        assert pane.stack.currentWidget() is pane.hint
    else:
        assert pane.stack.currentWidget() is pane._form_page
        assert pane.form.edits["first_name"].text() == "Ada"


def test_ctrl_e_edits_the_open_patient_and_ctrl_s_updates(qtbot: QtBot, harness, make_patient,
                                                          admin_ctx: ServiceContext) -> None:
    pane = harness.pane
    record = make_patient("Grace", "Hopper", "12/09/1956", phone="(212) 555-0100", sex="F")
    pane.open_patient(record.id)
    assert pane.current_record() == record
    ctrl(qtbot, "E")
    form = pane.form
    assert pane.stack.currentWidget() is pane._form_page
    assert form.edits["last_name"].text() == "Hopper" and form.edits["dob"].text() == "12/09/1956"
    assert form.edits["home_phone"].text() == "(212) 555-0100" and form.sex.currentData() == "F"
    assert form.combos["preferred_phone_kind"].currentData() == "home"
    assert not form.is_dirty()

    phone: QLineEdit = form.edits["home_phone"]
    phone.setFocus()
    phone.selectAll()
    qtbot.keyClicks(phone, "315 555 0199")
    ctrl(qtbot, "S")

    assert harness.statuses == ["Saved Hopper, Grace"]
    assert pane.view.values["home_phone"].text() == "(315) 555-0199"
    events = audit.list_events(admin_ctx, AuditFilter(action="patient.update", patient_id=record.id))
    assert [e.detail for e in events] == ["fields: home_phone"]


def test_escape_from_edit_returns_to_the_unchanged_view(qtbot: QtBot, pane: PatientsPane, make_patient) -> None:
    record = make_patient("Grace", "Hopper", "12/09/1956")
    pane.open_patient(record.id)
    ctrl(qtbot, "E")
    qtbot.keyClick(pane.form.edits["first_name"], Qt.Key.Key_Escape)
    assert pane.stack.currentWidget() is pane.view
    assert pane.view.values["name"].text() == "Grace Hopper"


def test_ctrl_e_does_nothing_without_an_open_patient(qtbot: QtBot, pane: PatientsPane) -> None:
    ctrl(qtbot, "E")
    assert pane.stack.currentWidget() is pane.hint


def test_escape_from_a_new_form_returns_to_the_patient_that_was_open(qtbot: QtBot, pane: PatientsPane,
                                                                     make_patient) -> None:
    record = make_patient("Grace", "Hopper", "12/09/1956")
    pane.open_patient(record.id)
    ctrl(qtbot, "N")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Escape)
    assert pane.current_record() == record
