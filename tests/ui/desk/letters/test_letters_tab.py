"""The Letters tab: templates with merge fields, unknown fields flagged beside the editor, writing one letter."""

from __future__ import annotations

import pdfplumber
import pytest
from PySide6.QtCore import Qt

from frontdesk.services.desk import letters
from frontdesk.services.patients import patients
from frontdesk.services.patients.patients import PatientInput
from frontdesk.ui.desk.letters_tab import LettersTab
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.patient_picker import PatientPickerDialog


@pytest.fixture
def tab(qtbot, uictx, statuses) -> LettersTab:  # type: ignore[no-untyped-def]
    widget = LettersTab(uictx, status=statuses.append)
    qtbot.addWidget(widget)
    widget.resize(1300, 740)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_templates_list_and_merge_fields_are_shown(qtbot, qtmodeltester, tab) -> None:
    qtbot.waitUntil(lambda: tab.model.rowCount() == 6)
    qtmodeltester.check(tab.model)
    qtmodeltester.check(tab.sender_box.sent_model)
    assert tab.editor.name_edit.text() == "Appointment reminder"
    fields = [tab.editor.fields.item(i).text() for i in range(tab.editor.fields.count())]
    assert "{patient.first_name}" in fields and "{balance.amount}" in fields


def test_an_unknown_merge_field_is_flagged_next_to_the_editor_on_save(qtbot, clinic, tab, statuses) -> None:
    qtbot.waitUntil(lambda: tab.model.rowCount() == 6)
    tab.select_template("recall")
    assert tab.editor.name_edit.text() == "Recall"
    tab.editor.body_edit.setFocus()
    tab.editor.body_edit.moveCursor(tab.editor.body_edit.textCursor().MoveOperation.End)
    qtbot.keyClicks(tab.editor.body_edit, " See {doctor.name} soon.")
    qtbot.keyClick(tab, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    error = tab.editor.form.error_label("body")
    assert error.isVisible() and "{doctor.name}" in error.text()
    assert "See {doctor.name} soon." in tab.editor.body_edit.toPlainText()  # nothing typed is lost
    assert not letters.list_templates(clinic.desk)[2].edited
    # Fix it with the field list (Enter inserts at the cursor) and save.
    text = tab.editor.body_edit.toPlainText().replace(" See {doctor.name} soon.", " See ")
    tab.editor.body_edit.setPlainText(text)
    tab.editor.body_edit.moveCursor(tab.editor.body_edit.textCursor().MoveOperation.End)
    row = next(i for i in range(tab.editor.fields.count()) if tab.editor.fields.item(i).text() == "{provider.name}")
    tab.editor.fields.setCurrentRow(row)
    tab.editor.fields.setFocus()
    qtbot.keyClick(tab.editor.fields, Qt.Key.Key_Return)
    assert tab.editor.body_edit.toPlainText().endswith("See {provider.name}")
    qtbot.mouseClick(tab.editor.save_button, Qt.MouseButton.LeftButton)
    assert statuses[-1] == "Template \u201cRecall\u201d saved."
    assert letters.list_templates(clinic.desk)[2].body.endswith("See {provider.name}")
    assert not error.isVisible()


def test_add_a_template_of_the_practice_own(qtbot, clinic, tab) -> None:
    qtbot.waitUntil(lambda: tab.model.rowCount() == 6)
    tab.new_kind.setCurrentIndex(tab.new_kind.findData("balance_reminder"))
    qtbot.mouseClick(tab.new_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(tab.editor.name_edit, "Final notice")
    qtbot.keyClicks(tab.editor.body_edit, "Please pay {balance.amount}.")
    qtbot.mouseClick(tab.editor.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 7)
    assert tab.current_template().name == "Final notice" and tab.current_template().kind == "balance_reminder"


def test_write_one_letter_then_reprint_it(qtbot, clinic, tab, statuses, monkeypatch, tmp_path) -> None:
    patients.register_patient(clinic.admin, PatientInput(
        first_name="Lou", last_name="Letter", dob="03/14/1962", sex="F", address_line1="9 Oak Ave", city="Troy",
        state="NY", zip_code="12180"))
    summary = patients.search_patients(clinic.desk, "Letter")[0]
    qtbot.waitUntil(lambda: tab.model.rowCount() == 6)
    tab.select_template("free")
    monkeypatch.setattr(PatientPickerDialog, "ask", classmethod(lambda cls, *a, **k: summary))
    out = tmp_path / "lou.pdf"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: out))
    sender = tab.sender_box
    text_box = sender.typed["letter.text"]
    assert text_box.isVisibleTo(tab) and not sender.typed["referral.to"].isVisibleTo(tab)
    qtbot.mouseClick(sender.print_button, Qt.MouseButton.LeftButton)  # no patient yet
    assert "Choose the patient" in sender.form.error_label("patient_ids").text()
    qtbot.mouseClick(sender.choose_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(sender.print_button, Qt.MouseButton.LeftButton)  # the typed text is missing
    assert "Letter text is needed" in sender.form.error_label("letter_text").text()
    assert not out.exists()
    qtbot.keyClicks(text_box, "Your forms are ready for pickup.")
    qtbot.mouseClick(sender.print_button, Qt.MouseButton.LeftButton)
    assert statuses[-1] == "Letter saved to lou.pdf and added to the patient's correspondence."
    with pdfplumber.open(out) as pdf:
        assert "Your forms are ready for pickup." in (pdf.pages[0].extract_text() or "")
    qtbot.waitUntil(lambda: sender.sent_model.rowCount() == 1)
    sender.sent_view.selectRow(0)
    assert "Your forms are ready for pickup." in sender.sent_text.toPlainText()
    copy = tmp_path / "copy.pdf"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: copy))
    qtbot.mouseClick(sender.reprint_button, Qt.MouseButton.LeftButton)
    assert copy.exists() and statuses[-1] == "Copy saved to copy.pdf."


def test_front_desk_reads_templates_but_cannot_edit(qtbot, uictx, frontdesk_actor, tab) -> None:
    uictx.set_actor(frontdesk_actor)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 6)
    assert tab.editor.body_edit.isReadOnly() and not tab.editor.save_button.isVisible()
    assert not tab.new_button.isVisible() and tab.sender_box.isEnabled()
