"""A save with several wrong fields shows every error beside its own field and puts the cursor in the first."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from test_patients_form import ADA, ctrl, type_patient
from testsupport import screenshot_path

from frontdesk.services.patients import patients
from frontdesk.services._base import ServiceContext


def test_three_wrong_fields_show_three_errors_and_focus_the_first(qtbot: QtBot, harness,
                                                                  admin_ctx: ServiceContext) -> None:
    pane = harness.pane
    pane.window().resize(1366, 768)
    ctrl(qtbot, "N")
    type_patient(qtbot, pane, ADA | {"dob": "02/30/1962", "home_phone": "555-12", "zip_code": "1220"})
    ctrl(qtbot, "S")

    form = pane.form.form
    wrong = ("dob", "zip_code", "home_phone")
    qtbot.waitUntil(lambda: all(form.error_label(name).isVisible() for name in wrong))
    assert "not a real date" in form.error_label("dob").text()
    assert "ZIP" in form.error_label("zip_code").text()
    assert "phone" in form.error_label("home_phone").text().lower()
    assert not form.form_error.isVisible()
    assert [n for n in ADA if form.error_label(n).isVisible()] == [n for n in ADA if n in wrong]
    assert QApplication.focusWidget() is pane.form.edits["dob"]  # the first of them in the form
    assert patients.search_patients(admin_ctx, "lovelace") == []
    pane.window().grab().save(str(screenshot_path("patient-form-errors.png")))

    # Fixing one and saving again leaves the other two marked.
    pane.form.edits["dob"].selectAll()
    qtbot.keyClicks(pane.form.edits["dob"], "03/14/1962")
    ctrl(qtbot, "S")
    qtbot.waitUntil(lambda: not form.error_label("dob").isVisible())
    assert form.error_label("zip_code").isVisible() and form.error_label("home_phone").isVisible()
