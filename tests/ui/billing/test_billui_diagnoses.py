"""The diagnosis editor adds only a code the person chose: never the first suggestion behind their back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.ui.billing.diagnoses_editor import CODE_ROLE, DiagnosesEditor
from frontdesk.ui.context import UiContext


@pytest.fixture
def editor(qtbot: QtBot, uictx: UiContext) -> tuple[DiagnosesEditor, list[list[str]]]:
    """The real editor, shown; its ``codes_changed`` lists collected (what the encounter would save)."""
    widget = DiagnosesEditor(uictx)
    qtbot.addWidget(widget)
    widget.resize(500, 400)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    changes: list[list[str]] = []
    widget.codes_changed.connect(changes.append)
    return widget, changes


def type_and_enter(qtbot: QtBot, editor: DiagnosesEditor, text: str) -> None:
    editor.search.setFocus()
    qtbot.keyClicks(editor.search, text)
    qtbot.waitUntil(lambda: editor.results.count() > 0)  # the suggestions are in, as a person would see them
    qtbot.keyClick(editor.search, Qt.Key.Key_Return)


def listed(editor: DiagnosesEditor) -> list[str]:
    return [editor.results.item(n).data(CODE_ROLE).display_code for n in range(editor.results.count())]


@pytest.mark.parametrize("header", ["E11", "I25", "e11"])
def test_enter_on_a_category_adds_nothing_and_lists_its_billable_codes(qtbot, editor, header) -> None:  # type: ignore[no-untyped-def]
    widget, changes = editor
    type_and_enter(qtbot, widget, header)
    assert changes == []  # before the fix: ['E118'] / ['I252'] went on the claim without a word
    assert widget.error.text() == f"\u26a0 {header.upper()} is a category: choose a more specific code."
    assert not widget.error.isHidden()
    children = [widget.results.item(n).data(CODE_ROLE) for n in range(widget.results.count())]
    assert children and all(c.billable and c.code.startswith(header.upper()) and c.code != header.upper()
                            for c in children)
    assert widget.results.currentItem() is None  # nothing chosen for the person
    # Choosing one of them (Down, then Enter) adds exactly that one.
    qtbot.keyClick(widget.search, Qt.Key.Key_Down)
    qtbot.keyClick(widget.results, Qt.Key.Key_Down)
    chosen = widget.results.currentItem().data(CODE_ROLE)
    assert chosen == children[1]
    qtbot.keyClick(widget.results, Qt.Key.Key_Return)
    assert changes == [[chosen.code]]
    assert widget.error.text() == ""


def test_enter_on_words_adds_nothing_and_says_to_choose(qtbot, editor) -> None:  # type: ignore[no-untyped-def]
    widget, changes = editor
    type_and_enter(qtbot, widget, "diabetes")
    assert changes == []
    assert "is not a code: choose one from the list" in widget.error.text()
    assert widget.results.count() > 0 and widget.results.currentItem() is None
    type_and_enter(qtbot, widget, "x")  # "diabetesx" finds nothing
    assert changes == []
    assert widget.error.text() == "\u26a0 No ICD-10-CM code matches \u201cdiabetesx\u201d."


def test_enter_before_the_suggestions_arrive_adds_nothing_but_the_exact_code(qtbot, editor) -> None:  # type: ignore[no-untyped-def]
    widget, changes = editor
    widget.search.setFocus()
    qtbot.keyClicks(widget.search, "E11")
    qtbot.keyClick(widget.search, Qt.Key.Key_Return)  # faster than the search's pause
    assert changes == [] and "category" in widget.error.text()
    qtbot.keyClicks(widget.search, ".9")
    assert widget.error.text() == ""  # typing on: the message about "E11" no longer applies
    qtbot.keyClick(widget.search, Qt.Key.Key_Return)
    assert changes == [["E119"]]


@pytest.mark.parametrize("typed", ["E11.9", "e119", " I10 "])
def test_a_billable_code_typed_exactly_is_added(qtbot, editor, typed) -> None:  # type: ignore[no-untyped-def]
    widget, changes = editor
    type_and_enter(qtbot, widget, typed)
    assert changes == [[typed.strip().upper().replace(".", "")]]
    assert widget.search.text() == "" and widget.results.count() == 0


def test_activating_a_category_in_the_list_shows_its_codes_instead_of_adding_it(qtbot, editor) -> None:  # type: ignore[no-untyped-def]
    widget, changes = editor
    widget.search.setFocus()
    qtbot.keyClicks(widget.search, "I25.11")
    qtbot.waitUntil(lambda: widget.results.count() > 0)
    header_row = next(n for n in range(widget.results.count()) if widget.results.item(n).data(CODE_ROLE).code == "I2511")
    widget.results.setCurrentRow(header_row)
    widget.results.itemActivated.emit(widget.results.item(header_row))  # a double-click or Enter on it
    assert changes == []
    assert widget.search.text() == "I25.11"
    assert widget.error.text() == "\u26a0 I25.11 is a category: choose a more specific code."
    assert listed(widget) == ["I25.110", "I25.111", "I25.112", "I25.118", "I25.119"]
