"""Entering an encounter through the widgets: walk-in, diagnosis search, service lines, errors, create claims."""

from __future__ import annotations

import pytest
from billui_lib import DOS
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCompleter

from frontdesk.services.billing import claims
from frontdesk.services.patients import patients
from frontdesk.ui.billing.dialogs import WalkInDialog
from frontdesk.ui.widgets.patient_picker import PatientPickerDialog
from frontdesk.ui.widgets.schedule_inputs import to_qdate


@pytest.fixture
def walk_in(monkeypatch, clinic, biller):  # type: ignore[no-untyped-def]
    """Ctrl+N chooses Mary Jones and, in the real walk-in dialog, Dr Carter on the date of service."""
    mary = patients.search_patients(biller, "Jones")[0]
    monkeypatch.setattr(PatientPickerDialog, "ask", classmethod(lambda cls, parent, uictx, title, exclude_id=None: mary))
    opened: list[WalkInDialog] = []

    def fake_ask(cls, parent, name, providers, today):  # type: ignore[no-untyped-def]
        dialog = cls(parent, name, providers, today)
        opened.append(dialog)
        dialog.service_date.setDate(to_qdate(DOS))
        dialog.submit()
        return dialog.outcome

    monkeypatch.setattr(WalkInDialog, "ask", classmethod(fake_ask))
    return opened


def inline_completion(screen) -> None:  # type: ignore[no-untyped-def]
    """The offscreen platform cannot grab the keyboard for the completer's popup (a Qt warning): complete inline."""
    screen.editor.code.completer().setCompletionMode(QCompleter.CompletionMode.InlineCompletion)


def add_diagnosis(qtbot, screen, text: str) -> None:  # type: ignore[no-untyped-def]
    editor = screen.diagnoses
    before = editor.chosen.count()
    editor.search.setFocus()
    qtbot.keyClicks(editor.search, text)
    qtbot.waitUntil(lambda: editor.results.count() > 0)
    qtbot.keyClick(editor.search, Qt.Key.Key_Return)
    assert editor.chosen.count() == before + 1


def add_line(qtbot, screen, code: str, pointers: str = "A") -> None:  # type: ignore[no-untyped-def]
    editor = screen.editor
    qtbot.keyClicks(editor.code, code)
    editor.pointers.clear()
    qtbot.keyClicks(editor.pointers, pointers)
    qtbot.keyClick(editor.pointers, Qt.Key.Key_Return)


def test_walk_in_encounter_entered_with_the_keyboard_makes_a_ready_claim(qtbot, harness, walk_in, uictx,
                                                                        biller, shown_errors) -> None:  # type: ignore[no-untyped-def]
    pane = harness.pane
    qtbot.keyClick(pane, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    screen = pane.encounter
    assert pane.stack.currentWidget() is screen and walk_in
    assert "Jones, Mary" in screen.title.text() and DOS.strftime("%m/%d/%Y") in screen.title.text()
    assert QApplication.focusWidget() is screen.diagnoses.search
    assert "ICD-10-CM" in screen.diagnoses.title.text()

    add_diagnosis(qtbot, screen, "E11.9")
    add_diagnosis(qtbot, screen, "I10")
    assert screen.diagnoses.chosen.item(0).text().startswith("A   E11.9")
    assert screen.diagnoses.chosen.item(1).text().startswith("B   I10")
    # Alt+Down moves the primary diagnosis to B.
    screen.diagnoses.chosen.setFocus()
    screen.diagnoses.chosen.setCurrentRow(0)
    qtbot.keyClick(screen.diagnoses.chosen, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert screen.diagnoses.codes() == ["I10", "E119"]

    inline_completion(screen)
    completer = screen.editor.code.completer()
    offered = completer.model().stringList()
    assert "99213 \u2013 Office visit, established \u2013 $125.00" in offered
    completer.activated.emit(offered[0])  # choosing an offer keeps just the code
    assert screen.editor.code.text() == offered[0].split()[0]
    screen.editor.code.clear()
    qtbot.keyClicks(screen.editor.code, "99213")
    assert "$125.00" in screen.editor.fee_hint.text()
    screen.editor.code.clear()
    add_line(qtbot, screen, "99213", "AB")
    add_line(qtbot, screen, "90471", "B")
    assert screen.lines_model.rowCount() == 2
    assert screen.lines_model.line(0).charge_cents == 12500 and screen.lines_model.line(1).pointers == "B"
    assert screen.total.text() == "2 lines, total $150.00"
    assert QApplication.focusWidget() is screen.editor.code  # ready for the next line

    qtbot.keyClick(screen, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert claims.claim_count(biller, "ready") == 1
    assert harness.statuses[-1] == "1 claim created: 1 ready, 0 need attention."
    assert not screen.create_button.isEnabled()  # billed: a second Create claims is not offered
    assert shown_errors == []


def _walk_in_with_line(qtbot, harness, pointer: str):  # type: ignore[no-untyped-def]
    """Ctrl+N (the walk-in), diagnosis E11.9 and a 99213 line pointing at ``pointer``; the encounter screen."""
    qtbot.keyClick(harness.pane, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    screen = harness.pane.encounter
    inline_completion(screen)
    add_diagnosis(qtbot, screen, "E11.9")
    add_line(qtbot, screen, "99213", pointer)
    return screen


def test_field_errors_sit_beside_the_line_field_and_the_header_field(qtbot, harness, walk_in, shown_errors) -> None:  # type: ignore[no-untyped-def]
    screen = _walk_in_with_line(qtbot, harness, "C")  # there is no diagnosis C
    assert screen.lines_model.rowCount() == 0
    error = screen.editor.error_label("pointers")
    assert error.isVisible() and "Pointer C" in error.text() and error.text().startswith("\u26a0")
    assert QApplication.focusWidget() is screen.editor.pointers

    screen.header.onset.setText("13/45/2026")
    qtbot.keyClick(screen, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    onset_error = screen.header.left.error_label("onset_date")
    assert onset_error.isVisible() and "MM/DD/YYYY" in onset_error.text()
    assert shown_errors == []


def test_lines_model_passes_the_model_tester(qtbot, harness, walk_in, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    pane = harness.pane
    qtbot.keyClick(pane, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    screen = pane.encounter
    inline_completion(screen)
    add_diagnosis(qtbot, screen, "E11.9")
    add_line(qtbot, screen, "99213")
    qtmodeltester.check(screen.lines_model)
    # Choosing a line puts it in the editor; saving it changes that line rather than adding one.
    screen.lines_view.selectRow(0)
    assert screen.editor.code.text() == "99213" and screen.save_line_button.text() == "Save line (Enter)"
    screen.editor.charge.setText("140.00")
    qtbot.mouseClick(screen.save_line_button, Qt.MouseButton.LeftButton)
    assert screen.lines_model.rowCount() == 1 and screen.lines_model.line(0).charge_cents == 14000


def test_void_an_encounter_entered_in_error(qtbot, harness, walk_in, uictx, biller, monkeypatch,
                                            shown_errors) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.services.billing import encounters
    from frontdesk.ui.billing.dialogs import TextPromptDialog

    pane = harness.pane
    qtbot.keyClick(pane, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    screen = pane.encounter
    encounter_id = screen.detail.id
    answers = iter([None, "Entered for the wrong patient"])
    monkeypatch.setattr(TextPromptDialog, "ask", classmethod(lambda cls, *args: next(answers)))
    qtbot.mouseClick(screen.void_button, Qt.MouseButton.LeftButton)  # cancelled: nothing happens
    assert encounters.get_encounter(biller, encounter_id).status == "open"
    qtbot.mouseClick(screen.void_button, Qt.MouseButton.LeftButton)
    assert encounters.get_encounter(biller, encounter_id).status == "void"
    assert harness.statuses[-1] == "Encounter voided."
    assert not screen.void_button.isEnabled() and not screen.save_line_button.isEnabled()
    assert shown_errors == []


def test_reason_prompts_ask_for_a_reason_not_a_payer_number(qtbot) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.ui.billing.dialogs import ReasonPromptDialog, TextPromptDialog

    reason = ReasonPromptDialog(None, "Void encounter", "Why?", "&Void encounter")
    qtbot.addWidget(reason)
    reason.submit()  # nothing typed
    assert "reason" in reason.error.text().lower() and reason.edit.maxLength() == 200
    number = TextPromptDialog(None, "Correct claim", "Claim number?", "&Correct")
    qtbot.addWidget(number)
    number.submit()
    assert "payer" in number.error.text().lower() and number.edit.maxLength() == 50


def test_unticking_auto_accident_clears_its_state_error(qtbot, harness, walk_in, shown_errors) -> None:  # type: ignore[no-untyped-def]
    screen = _walk_in_with_line(qtbot, harness, "A")
    screen.header.auto_accident.setChecked(True)
    qtbot.keyClick(screen, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    state_error = screen.header.right.error_label("auto_accident_state")
    assert state_error.isVisible() and "state" in state_error.text()
    screen.header.auto_accident.setChecked(False)
    assert not state_error.isVisible()
    assert shown_errors == []
