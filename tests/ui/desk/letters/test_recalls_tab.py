"""The Recalls tab: the list with preferences, one-click outcomes, a batch of recall letters, new recalls."""

from __future__ import annotations

from datetime import date

import pdfplumber
import pytest
from PySide6.QtCore import Qt

from frontdesk.services.desk import recalls
from frontdesk.services.patients import contact_history, patients
from frontdesk.services.patients.patients import PatientInput
from frontdesk.ui.desk.recall_dialog import RecallDialog
from frontdesk.ui.desk.recalls_tab import RecallsTab
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.patient_picker import PatientPickerDialog


def _addressed(ctx, first: str, last: str) -> int:  # type: ignore[no-untyped-def]
    return patients.register_patient(ctx, PatientInput(
        first_name=first, last_name=last, dob="03/14/1962", sex="F", phone="(518) 555-0142",
        address_line1="12 Elm St", city="Albany", state="NY", zip_code="12207", voicemail_ok=True)).id


@pytest.fixture
def tab(qtbot, uictx, statuses) -> RecallsTab:  # type: ignore[no-untyped-def]
    widget = RecallsTab(uictx, status=statuses.append)
    qtbot.addWidget(widget)
    widget.resize(1300, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _row_of(tab: RecallsTab, name: str) -> int:
    return next(r for r in range(tab.model.rowCount()) if tab.model.record(r).patient_name == name)


def test_the_list_shows_due_recalls_with_contact_preferences(qtbot, qtmodeltester, clinic, uictx, tab) -> None:
    pid = _addressed(clinic.admin, "Vera", "Voice")
    recalls.add_recall(uictx.services, pid, date(2030, 4, 1), "annual visit", clinic.dr_a)
    recalls.add_recall(uictx.services, clinic.pat[0], date(2030, 4, 2), "6-month check")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)  # the change signal reloaded the list
    qtmodeltester.check(tab.model)
    row = _row_of(tab, "Voice, Vera")
    texts = [tab.model.index(row, c).data() for c in range(tab.model.columnCount())]
    assert texts[:5] == ["04/01/2030", "Voice, Vera", "annual visit", "Maria Alvarez, MD", "Open"]
    assert "voicemail OK" in texts[5] and "(518) 555-0142" in texts[6]
    assert "no address" in tab.model.index(_row_of(tab, "Able, Ann"), 5).data()
    assert tab.count_label.text() == "2 recalls"


def test_one_click_outcomes_log_contact_history_and_scheduled_closes(qtbot, clinic, uictx, tab, statuses) -> None:
    rid = recalls.add_recall(uictx.services, clinic.pat[0], date(2030, 4, 1), "annual visit").id
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert not tab.outcome_buttons["no_answer"].isEnabled()  # nothing selected yet
    tab.view.selectRow(0)
    qtbot.mouseClick(tab.outcome_buttons["no_answer"], Qt.MouseButton.LeftButton)
    assert statuses[-1] == "Logged \u201cNo answer\u201d for Able, Ann."
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1 and tab.model.record(0).attempts == 1)
    tab.view.selectRow(0)
    qtbot.keyClick(tab, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # Alt+S = Scheduled
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)
    history = contact_history.list_contact_history(clinic.desk, clinic.pat[0])
    assert [h.outcome for h in history] == ["Scheduled", "No answer"]
    tab.show_closed.setChecked(True)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.index(0, 4).data() == "Closed: Scheduled" and tab.model.record(0).id == rid


def test_print_a_batch_of_recall_letters(qtbot, clinic, uictx, tab, statuses, monkeypatch, tmp_path) -> None:
    a = _addressed(clinic.admin, "Amy", "Annual")
    b = _addressed(clinic.admin, "Ben", "Biannual")
    recalls.add_recall(uictx.services, a, date(2030, 4, 1), "annual physical")
    recalls.add_recall(uictx.services, b, date(2030, 4, 5), "6-month check")
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    out = tmp_path / "recall letters.pdf"
    asked: list[str] = []
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(
        lambda cls, parent, caption, name, name_filter="", suffix="": asked.append(name) or out))
    tab.view.clearSelection()  # none selected = every open recall listed
    qtbot.mouseClick(tab.letters_button, Qt.MouseButton.LeftButton)
    assert asked == ["recall-letters-2030-03-04.pdf"]
    assert statuses[-1] == "2 recall letters saved to recall letters.pdf."
    with pdfplumber.open(out) as pdf:
        pages = [" ".join((p.extract_text() or "").split()) for p in pdf.pages]
    assert len(pages) == 2
    assert "Dear Amy Annual," in pages[0] and "due for your annual physical by 04/01/2030" in pages[0]
    assert "Dear Ben Biannual," in pages[1]
    qtbot.waitUntil(lambda: all(tab.model.record(r).attempts == 1 for r in range(tab.model.rowCount())))
    assert "Letter sent 03/04/2030" in tab.model.index(0, 8).data()


def test_a_refused_batch_shows_why_and_prints_nothing(qtbot, clinic, uictx, tab, monkeypatch, tmp_path) -> None:
    recalls.add_recall(uictx.services, clinic.pat[0], date(2030, 4, 1), "annual visit")  # no address on file
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    out = tmp_path / "none.pdf"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: out))
    qtbot.mouseClick(tab.letters_button, Qt.MouseButton.LeftButton)
    assert tab.message.isVisible() and "Ann Able has no mailing address" in tab.message.text()
    assert not out.exists()


def test_new_recall_dialog_adds_one(qtbot, clinic, uictx, tab, monkeypatch) -> None:
    summary = patients.search_patients(clinic.desk, "Baker")[0]
    monkeypatch.setattr(PatientPickerDialog, "ask", classmethod(lambda cls, *a, **k: summary))
    dialog = RecallDialog(uictx, date(2030, 3, 4))
    qtbot.addWidget(dialog)
    assert dialog.due.date().toString("MM/dd/yyyy") == "03/04/2031"
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no patient yet: error beside the field
    assert "Choose the patient" in dialog.form.error_label("patient_id").text()
    qtbot.mouseClick(dialog.pick_button, Qt.MouseButton.LeftButton)
    dialog.reason.setEditText("")
    qtbot.keyClicks(dialog.reason.lineEdit(), "Diabetes check")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.outcome is not None and dialog.outcome.reason == "Diabetes check"
    assert dialog.outcome.patient_name == "Baker, Bob"
