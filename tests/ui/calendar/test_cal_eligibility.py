"""The calendar's Eligibility dialog: export the day shown as a 270, import a 271, see the summary and unmatched."""

from __future__ import annotations

from datetime import timedelta

from elig_support import DAY, build_schedule, fixture_271
from PySide6.QtCore import Qt
from testsupport import screenshot_path
from uisupport import show_active

from frontdesk.reports.x12_270 import validate_eligibility_file
from frontdesk.ui.calendar import eligibility_dialog
from frontdesk.ui.calendar.eligibility_dialog import EligibilityFilesDialog
from frontdesk.ui.widgets.file_dialog import SaveFileDialog


def test_export_then_import_from_the_dialog(qtbot, uictx, admin_ctx, db, tmp_path, monkeypatch) -> None:
    build_schedule(admin_ctx, db)
    dialog = show_active(qtbot, EligibilityFilesDialog(uictx, DAY), 1366, 768)
    assert dialog.from_edit.date().toPython() == DAY and dialog.to_edit.date().toPython() == DAY
    qtbot.waitUntil(lambda: dialog.unmatched.count() == 1)  # "None." once loaded
    out = tmp_path / "day.270"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: out))
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.summary.text().startswith("Wrote 2 inquiries to day.270"))
    assert validate_eligibility_file(out.read_text(encoding="ascii")) == []

    answer = tmp_path / "answer.271"
    answer.write_text(fixture_271("unmatched.271", DATE=DAY.strftime("%Y%m%d")), encoding="ascii")
    monkeypatch.setattr(eligibility_dialog.Open271Dialog, "ask", classmethod(lambda cls, parent: answer))
    dialog.import_button.setFocus()
    qtbot.keyClick(dialog.import_button, Qt.Key.Key_Space)  # keyboard reachable
    qtbot.waitUntil(lambda: dialog.summary.text() == "Recorded 1 answer; 1 unmatched; 1 rejection.")
    assert dialog.results.item(0).text() == "Doe, Jane: active; plan ACME SILVER"
    qtbot.waitUntil(lambda: dialog.unmatched.item(0).text().startswith("STRANGER, ALEX (01/01/1970), member "
                                                                        "Z000000001: Rejected: subscriber not found"))
    assert dialog.grab().save(str(screenshot_path("calendar-eligibility-dialog.png")))

    # Resolving by keyboard: pick the answer in the list, Alt+R, say how; it leaves the list.
    asked: list[str] = []
    monkeypatch.setattr(eligibility_dialog.ResolveDialog, "ask",
                        classmethod(lambda cls, parent, answer: asked.append(answer) or "Not our patient"))
    assert not dialog.resolve_button.isEnabled()
    dialog.unmatched.setFocus()
    qtbot.keyClick(dialog.unmatched, Qt.Key.Key_Down)
    assert dialog.resolve_button.isEnabled()
    qtbot.keyClick(dialog.focusWidget() or dialog, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: dialog.unmatched.item(0).text() == "None.")
    assert asked and asked[0].startswith("STRANGER, ALEX")


def test_a_bad_file_is_refused_in_words(qtbot, uictx, admin_ctx, db, tmp_path, monkeypatch) -> None:
    build_schedule(admin_ctx, db)
    dialog = EligibilityFilesDialog(uictx, DAY + timedelta(days=3))
    qtbot.addWidget(dialog)
    bad = tmp_path / "not.271"
    bad.write_text("hello", encoding="ascii")
    monkeypatch.setattr(eligibility_dialog.Open271Dialog, "ask", classmethod(lambda cls, parent: bad))
    qtbot.mouseClick(dialog.import_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "not a valid 271" in dialog.summary.text() or "not an X12" in dialog.summary.text())


def test_opened_from_the_menu_it_goes_straight_to_the_file_question(qtbot, uictx, monkeypatch) -> None:
    opened, asked = [], []
    monkeypatch.setattr(EligibilityFilesDialog, "exec", lambda self: opened.append(self) or 0)
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, parent, *a, **k: asked.append(a[0])))
    EligibilityFilesDialog.ask(None, uictx, DAY, start="export")
    qtbot.addWidget(opened[0])
    qtbot.waitUntil(lambda: asked == ["Save the 270"])  # cancelled: nothing written
