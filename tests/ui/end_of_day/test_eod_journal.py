"""Export to QuickBooks from the End of day screen: enabled once the day is closed, a preview of what is written,
the re-export said before it happens, an incomplete account map named in the dialog."""

from __future__ import annotations

from pathlib import Path

from eod_lib import practice_day
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from testsupport import screenshot_path

from frontdesk.models import DayClose
from frontdesk.services._base import ServiceContext
from frontdesk.services.admin import accounting_map
from frontdesk.services.admin.accounting_map import KEYS
from frontdesk.services.payments import payments
from frontdesk.ui.end_of_day import EndOfDayPane
from frontdesk.ui.end_of_day.journal_dialog import JournalExportDialog
from frontdesk.ui.widgets.file_dialog import SaveFileDialog


def _close(db, day) -> None:  # type: ignore[no-untyped-def]
    with db.session(write=True) as s:  # the checklist itself: test_eod_screen.py
        s.add(DayClose(day=day, charges_cents=0, patient_money_cents=0, insurance_cents=0, adjustments_cents=0))


def _pane(qtbot: QtBot, uictx, statuses: list[str]) -> EndOfDayPane:  # type: ignore[no-untyped-def]
    pane = EndOfDayPane(uictx, lambda parent: False, status=statuses.append)
    qtbot.addWidget(pane)
    pane.resize(1280, 700)
    pane.show()
    return pane


def test_export_after_close_previews_writes_and_marks_the_second_time(
        qtbot: QtBot, uictx, desk: ServiceContext, clinic, admin_ctx, drive_dialog, monkeypatch,
        tmp_path: Path) -> None:
    today = practice_day(clinic.db)
    payments.take_payment(desk, clinic.patient("Avery"), method="card", amount="42.00", card_last4="4242",
                          card_auth_code="A1", apply_to=[])
    statuses: list[str] = []
    pane = _pane(qtbot, uictx, statuses)
    qtbot.waitUntil(lambda: pane.current is not None)
    assert not pane.journal_button.isEnabled()  # an open day's money can still change
    _close(clinic.db, today)
    pane.refresh()
    qtbot.waitUntil(pane.journal_button.isEnabled)
    accounting_map.save_account_map(admin_ctx, {"card_clearing": "Card Clearing"})
    seen: list[str] = []

    def fill_missing(dialog: JournalExportDialog) -> None:
        seen.append(dialog.form.form_error.text())
        dialog.reject()

    drive_dialog(JournalExportDialog, fill_missing)
    qtbot.mouseClick(pane.journal_button, Qt.MouseButton.LeftButton)
    assert "Patient payments" in seen[0] and "Admin > Accounting" in seen[0]

    accounting_map.save_account_map(admin_ctx, {k.key: k.suggestion for k in KEYS})
    targets = iter([tmp_path / "first.iif", tmp_path / "second.iif"])
    names: list[str] = []
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(
        lambda cls, parent, caption, name, *rest: names.append(name) or next(targets)))

    def fill(dialog: JournalExportDialog) -> None:
        qtbot.waitUntil(lambda: dialog.period is not None)
        assert dialog.preview.text().startswith(f"{today:%m/%d/%Y}: 2 lines, $42.00 debits = credits")
        dialog.grab().save(str(screenshot_path("eod-journal.png")))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive_dialog(JournalExportDialog, fill)
    qtbot.mouseClick(pane.journal_button, Qt.MouseButton.LeftButton)
    assert statuses[-1] == "Exported 1 day to QuickBooks."
    assert (tmp_path / "first.iif").read_bytes().startswith(b"!TRNS")

    def fill_again(dialog: JournalExportDialog) -> None:
        qtbot.waitUntil(lambda: dialog.period is not None)
        assert "RE-EXPORT" in dialog.preview.text() and "re-export" in dialog.ok_button.text()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive_dialog(JournalExportDialog, fill_again)
    qtbot.mouseClick(pane.journal_button, Qt.MouseButton.LeftButton)
    assert statuses[-1] == "Exported 1 day to QuickBooks (marked re-export)."
    assert names[1].endswith("-REEXPORT.iif")
    assert "RE-EXPORT: " in (tmp_path / "second.iif").read_text("cp1252")


def test_a_range_ending_before_it_starts_is_shown_beside_to(qtbot: QtBot, uictx, clinic) -> None:
    today = practice_day(clinic.db)
    dialog = JournalExportDialog(uictx, today)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.end_edit.setDate(dialog.end_edit.date().addDays(-3))
    qtbot.waitUntil(lambda: dialog.form.error_label("end").isVisible())
    assert "ends before it starts" in dialog.form.error_label("end").text()
