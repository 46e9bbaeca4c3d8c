"""The Disclosures tab and printing a face sheet as a disclosure, through the real widgets."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from testsupport import screenshot_path

from frontdesk.services._base import ServiceContext
from frontdesk.services.admin import audit
from frontdesk.services.admin.audit import AuditFilter
from frontdesk.services.patients import disclosures
from frontdesk.services.patients.disclosures import DisclosureInput
from frontdesk.ui.patients import print_actions
from frontdesk.ui.patients.disclosure_detail import NOTHING_SELECTED
from frontdesk.ui.patients.disclosure_dialogs import DisclosureDialog, VoidDisclosureDialog
from frontdesk.ui.patients.print_actions import PrintChoice, PrintChoiceDialog
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.pdf_printing import PrinterDialog

DISCLOSURES_TAB = 6


def _open(pane, qtbot: QtBot, patient_id: int):  # type: ignore[no-untyped-def]
    pane.open_patient(patient_id)
    pane.view.edit_button.setFocus()
    qtbot.waitUntil(pane.view.edit_button.hasFocus)
    qtbot.keyClick(pane.view.edit_button, Qt.Key.Key_7, Qt.KeyboardModifier.AltModifier)  # Alt+7: the tab
    assert pane.view.tabs.currentIndex() == DISCLOSURES_TAB
    return pane.view.disclosures


def test_record_every_wrong_field_shown_then_saved_and_listed(qtbot: QtBot, harness, make_patient, drive_dialog,
                                                              qtmodeltester) -> None:
    pane = harness.pane
    ada = make_patient("Ada", "Lovelace", "03/14/1962")
    tab = _open(pane, qtbot, ada.id)
    assert tab.message.text() == "No disclosures logged."

    def fill(dialog: DisclosureDialog) -> None:
        dialog.disclosed_on.setText("13/45/2026")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        shown = {name for name in ("disclosed_on", "kind", "recipient", "description", "purpose")
                 if dialog.form.error_label(name).isVisible()}
        assert shown == {"disclosed_on", "kind", "recipient", "description", "purpose"}
        assert dialog.isVisible()  # nothing typed is lost
        qtbot.waitUntil(lambda: dialog.height() >= dialog.sizeHint().height())  # grown to show every message
        dialog.grab().save(str(screenshot_path("pat-disclosure-errors.png")))
        dialog.disclosed_on.setText("")
        today = pane.uictx.clock.today()
        qtbot.keyClicks(dialog.disclosed_on, f"{today.month}/{today.day}/{today.year % 100:02d}")  # as people type
        dialog.kind.setCurrentIndex(dialog.kind.findData("legal"))
        qtbot.keyClicks(dialog.recipient, "Smith & Jones LLP")
        qtbot.keyClicks(dialog.description, "Visit notes 2024-2025")
        qtbot.keyClicks(dialog.purpose, "Subpoena, case 25-1234")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive_dialog(DisclosureDialog, fill)
    qtbot.mouseClick(tab.record_button, Qt.MouseButton.LeftButton)
    assert harness.statuses[-1] == "Disclosure recorded."
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    row = [tab.model.index(0, c).data() for c in range(tab.model.columnCount())]
    assert row[1:4] == ["Smith & Jones LLP", "Visit notes 2024-2025", "Subpoena, case 25-1234"]
    assert row[6] == ""
    qtmodeltester.check(tab.model)


def test_void_marks_the_entry_with_words_not_only_grey(qtbot: QtBot, harness, make_patient, drive_dialog,
                                                       desk_ctx: ServiceContext) -> None:
    pane = harness.pane
    ada = make_patient("Ada", "Lovelace", "03/14/1962")
    disclosures.record_disclosure(desk_ctx, ada.id, DisclosureInput(pane.uictx.clock.today(), "insurer",
                                                                     "Acme Life", "Face sheet", "Life policy"))
    tab = _open(pane, qtbot, ada.id)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert not tab.void_button.isEnabled()  # nothing selected
    tab.view.selectionModel().select(tab.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
                                     | QItemSelectionModel.SelectionFlag.Rows)
    assert tab.void_button.isEnabled()
    assert tab.detail.shown["recipient"] == "Acme Life"

    def fill(dialog: VoidDisclosureDialog) -> None:
        qtbot.keyClicks(dialog.reason, "Wrong patient")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive_dialog(VoidDisclosureDialog, fill)
    qtbot.mouseClick(tab.void_button, Qt.MouseButton.LeftButton)
    assert harness.statuses[-1] == "Disclosure entry voided."
    qtbot.waitUntil(lambda: tab.model.index(0, 6).data().startswith("VOID: Wrong patient"))
    assert tab.model.index(0, 1).data(Qt.ItemDataRole.ForegroundRole) is not None
    assert tab.message.text() == "0 disclosures logged, newest first"
    # The reload after Void keeps the entry selected: the panel now says VOID and why.
    assert tab.selected() is not None and tab.detail.shown["status"].startswith("VOID: Wrong patient (")


def test_accounting_prints_through_the_system_dialog_and_saves_as_pdf(qtbot: QtBot, harness, make_patient,
                                                                     desk_ctx: ServiceContext, monkeypatch,
                                                                     tmp_path: Path, admin_ctx: ServiceContext) -> None:
    pane = harness.pane
    ada = make_patient("Ada", "Lovelace", "03/14/1962")
    disclosures.record_disclosure(desk_ctx, ada.id, DisclosureInput(pane.uictx.clock.today(), "legal",
                                                                     "Smith & Jones LLP", "Visit notes", "Subpoena"))
    tab = _open(pane, qtbot, ada.id)
    printed = tmp_path / "printed.pdf"

    def pdf_printer(cls, parent, title="Print"):  # type: ignore[no-untyped-def]
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    monkeypatch.setattr(PrinterDialog, "ask", classmethod(pdf_printer))
    qtbot.mouseClick(tab.print_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: harness.statuses and "sent to the printer" in harness.statuses[-1])
    assert harness.statuses[-1] == "Accounting of disclosures (1 entry): 1 page sent to the printer."
    assert printed.stat().st_size > 0
    saved = tmp_path / "saved.pdf"
    names: list[str] = []
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, parent, caption, name, *rest:
                                                           names.append(name) or saved))
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: saved.exists())
    assert names == [f"disclosures-{ada.account_number}.pdf"]  # the account number, never the name
    with pdfplumber.open(saved) as pdf:
        assert "Smith & Jones LLP" in pdf.pages[0].extract_text()
    assert len(audit.list_events(admin_ctx, AuditFilter(action="disclosure.accounting"))) == 2


def test_a_face_sheet_for_a_lawyer_asks_for_the_entry_and_logs_it(qtbot: QtBot, harness, make_patient,
                                                                  drive_dialog, monkeypatch, tmp_path: Path,
                                                                  admin_ctx: ServiceContext) -> None:
    pane = harness.pane
    ada = make_patient("Ada", "Lovelace", "03/14/1962")
    pane.open_patient(ada.id)
    target = tmp_path / "face.pdf"
    monkeypatch.setattr(PrintChoiceDialog, "ask", classmethod(lambda cls, parent: PrintChoice("face_sheet", False,
                                                                                               True)))
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, parent, caption, name, *rest: target))
    monkeypatch.setattr(print_actions, "open_in_viewer", lambda path: None)

    def fill(dialog: DisclosureDialog) -> None:
        assert dialog.description.toPlainText().startswith("Face sheet")
        dialog.kind.setCurrentIndex(dialog.kind.findData("legal"))
        qtbot.keyClicks(dialog.recipient, "Smith & Jones LLP")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # purpose missing: nothing printed yet
        assert dialog.form.error_label("purpose").isVisible() and not target.exists()
        qtbot.keyClicks(dialog.purpose, "Subpoena")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive_dialog(DisclosureDialog, fill)
    pane.view.print_button.click()
    qtbot.waitUntil(target.exists)
    [entry] = disclosures.list_disclosures(admin_ctx, ada.id)
    assert (entry.recipient, entry.purpose) == ("Smith & Jones LLP", "Subpoena")
    assert len(audit.list_events(admin_ctx, AuditFilter(action="patient.print"))) == 1


def test_tab_screenshot_at_1366x768(qtbot: QtBot, harness, make_patient, desk_ctx: ServiceContext) -> None:
    pane = harness.pane
    pane.resize(1366, 768)
    ada = make_patient("Ada", "Lovelace", "03/14/1962")
    for n, kind in enumerate(("legal", "insurer", "release_of_information")):
        entry = disclosures.record_disclosure(desk_ctx, ada.id, DisclosureInput(
            pane.uictx.clock.today(), kind, f"Recipient {n} with a fairly long organisation name",
            "Visit notes, lab results and billing records for 2024 and 2025", "Subpoena duces tecum, case 25-1234"))
    disclosures.void_disclosure(desk_ctx, entry.id, "Entered on the wrong patient")
    tab = _open(pane, qtbot, ada.id)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    # Every column fits at 1366x768: no sideways scrolling to reach the status.
    assert not tab.view.horizontalScrollBar().isVisible()
    assert tab.detail.toPlainText() == NOTHING_SELECTED
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Space)  # keyboard first: Space selects the newest entry (the voided one)
    qtbot.waitUntil(lambda: tab.selected() is not None)
    assert tab.selected().voided_at is not None
    # The list cuts the long columns short; the panel below shows the selected entry whole, no hovering,
    # no scrolling inside it.
    cut = tab.view.visualRect(tab.model.index(0, 1)).width()
    assert cut < tab.view.fontMetrics().horizontalAdvance(tab.model.index(0, 1).data())
    shown = tab.detail.shown
    assert shown["recipient"] == "Recipient 2 with a fairly long organisation name"
    assert shown["description"] == "Visit notes, lab results and billing records for 2024 and 2025"
    assert shown["purpose"] == "Subpoena duces tecum, case 25-1234"
    assert shown["status"].startswith("VOID: Entered on the wrong patient (")
    text = tab.detail.toPlainText()
    assert all(value in text for value in shown.values())
    qtbot.waitUntil(lambda: not tab.detail.verticalScrollBar().isVisible(), timeout=1000)  # all of it in view
    pane.grab().save(str(screenshot_path("pat-disclosures.png")))
    qtbot.keyClick(tab.view, Qt.Key.Key_Down)  # the arrow keys move the panel along
    assert tab.detail.shown["recipient"] == "Recipient 1 with a fairly long organisation name"
    assert tab.detail.shown["status"] == "In the accounting"
    # In the main window the pane sits beside the navigation column (about 190 px): still no sideways
    # scrolling, and every button whole beside the (wrapping) message.
    pane.resize(1366 - 190, 700)
    tab.refresh()
    qtbot.waitUntil(lambda: tab.view.viewport().width() < 700)
    assert not tab.view.horizontalScrollBar().isVisible()
    assert all(tab.rect().contains(button.geometry()) for button in
               (tab.record_button, tab.void_button, tab.print_button, tab.save_button))
    pane.grab().save(str(screenshot_path("pat-disclosures-beside-nav.png")))


def test_the_panel_wraps_the_longest_entry_instead_of_cutting_it(qtbot: QtBot, harness, make_patient,
                                                                desk_ctx: ServiceContext) -> None:
    pane = harness.pane
    pane.resize(1366, 768)
    ada = make_patient("Ada", "Lovelace", "03/14/1962")
    what = ("Visit notes for every visit from 2019 to 2025, the problem list, lab results, imaging reports "
            "and the billing ledger. ") * 3 + "\nSent on a CD by certified mail."
    entry = disclosures.record_disclosure(desk_ctx, ada.id, DisclosureInput(pane.uictx.clock.today(), "legal",
                                                                             "Smith & Jones LLP", what, "Subpoena"))
    tab = _open(pane, qtbot, ada.id)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.view.selectRow(0)
    assert tab.detail.shown["description"] == entry.description
    text = tab.detail.toPlainText()
    assert entry.description.split("\n")[0] in text and "Sent on a CD by certified mail." in text  # whole
    # Wrapped to the panel's width, never cut at its edge: no sideways scrolling.
    assert tab.detail.document().textWidth() <= tab.detail.viewport().width()
    assert tab.detail.horizontalScrollBar().maximum() == 0
    tab.grab().save(str(screenshot_path("pat-disclosure-long.png")))
