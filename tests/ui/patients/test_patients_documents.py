"""The Documents tab through real widgets: attach by the file dialog and by dropping files, a refused file said
beside it, the viewer drawing and turning pages, printing and saving as PDF (each recorded)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pytest
from doc_testlib import audit_rows, image_bytes, new_document, pdf_bytes
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from frontdesk.services.patients import disclosures, documents
from frontdesk.ui.patients.disclosure_dialogs import CopyPurposeDialog, DisclosureDialog
from frontdesk.ui.patients import PatientsPane
from frontdesk.ui.patients.document_add_dialog import AddDocumentDialog
from frontdesk.ui.patients.document_viewer import DocumentViewer
from frontdesk.ui.patients.documents_tab import DocumentsTab
from frontdesk.ui.widgets.file_dialog import OpenFilesDialog, SaveFileDialog
from frontdesk.ui.widgets.pdf_printing import PrinterDialog


def _documents_tab(pane: PatientsPane, patient_id: int) -> DocumentsTab:
    pane.open_patient(patient_id)
    pane.view.tabs.setCurrentWidget(pane.view.documents)
    return pane.view.documents


def _drive_add(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, category: str) -> list[AddDocumentDialog]:
    """AddDocumentDialog.ask builds the real dialog, picks ``category`` and presses Attach."""
    opened: list[AddDocumentDialog] = []

    def ask(cls, parent, uictx, patient_id, path):  # type: ignore[no-untyped-def]
        dialog = cls(parent, uictx, patient_id, path)
        dialog.show()
        qtbot.waitExposed(dialog)
        opened.append(dialog)
        dialog.set_category(category)
        qtbot.mouseClick(dialog.attach_button, Qt.MouseButton.LeftButton)
        return dialog.saved

    monkeypatch.setattr(AddDocumentDialog, "ask", classmethod(ask))
    return opened


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_attach_by_the_file_dialog(qtbot: QtBot, harness, make_patient, monkeypatch, tmp_path, qtmodeltester,
                                   admin_ctx) -> None:  # type: ignore[no-untyped-def]
    tab = _documents_tab(harness.pane, make_patient("Ada", "Lovelace", "03/14/1962").id)
    qtbot.waitUntil(lambda: tab.notice.isVisible())  # "No documents yet..."
    scan = _file(tmp_path, "license.png", image_bytes("PNG"))
    monkeypatch.setattr(OpenFilesDialog, "ask", classmethod(lambda cls, *a: [scan]))
    opened = _drive_add(qtbot, monkeypatch, "photo_id")
    qtbot.mouseClick(tab.attach_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert opened[0].result() == opened[0].DialogCode.Accepted
    assert tab.model.record(0).category == "photo_id" and harness.statuses[-1] == "Document attached"
    assert tab.selected_record() is not None and tab.open_button.isEnabled()
    qtmodeltester.check(tab.model)
    assert audit_rows(admin_ctx, "patient_document.attach")


def test_a_file_whose_content_is_not_its_extension_is_refused_beside_it(
        qtbot: QtBot, harness, make_patient, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tab = _documents_tab(harness.pane, make_patient("Ada", "Lovelace", "03/14/1962").id)
    fake = _file(tmp_path, "report.pdf", image_bytes("JPEG"))
    monkeypatch.setattr(OpenFilesDialog, "ask", classmethod(lambda cls, *a: [fake]))
    opened = _drive_add(qtbot, monkeypatch, "outside_report")
    tab.attach_files()
    error = opened[0].form.error_label("file")
    assert "content is a JPEG" in error.text() and not error.isHidden()
    assert opened[0].isVisible() and tab.model.rowCount() == 0


def _drag(tab: DocumentsTab, paths: list[Path]) -> tuple[QDragEnterEvent, QDropEvent, QMimeData]:
    """The events of dragging ``paths`` onto the tab; the mime data is returned too: the events only point to
    it, and it must outlive them."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    where = tab.view.geometry().center()
    enter = QDragEnterEvent(where, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    drop = QDropEvent(QPointF(where), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                      Qt.KeyboardModifier.NoModifier)
    return enter, drop, mime


def test_files_dropped_on_the_tab_are_attached_one_by_one(qtbot: QtBot, harness, make_patient, monkeypatch,
                                                          tmp_path) -> None:  # type: ignore[no-untyped-def]
    tab = _documents_tab(harness.pane, make_patient("Ada", "Lovelace", "03/14/1962").id)
    paths = [_file(tmp_path, "echo.pdf", pdf_bytes(2)), _file(tmp_path, "fax.tif", image_bytes("TIFF", frames=3))]
    opened = _drive_add(qtbot, monkeypatch, "outside_report")
    enter, drop, _mime = _drag(tab, paths)
    QApplication.sendEvent(tab, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(tab, drop)
    assert drop.isAccepted() and len(opened) == 2
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    assert sorted(d.page_count for d in tab.model.records()) == [2, 3]
    assert harness.statuses[-1] == "2 documents attached"


def test_a_drag_of_something_else_is_not_taken(harness, make_patient, tmp_path) -> None:  # type: ignore[no-untyped-def]
    tab = _documents_tab(harness.pane, make_patient("Ada", "Lovelace", "03/14/1962").id)
    enter, _drop, _mime = _drag(tab, [_file(tmp_path, "notes.docx", b"PK\x03\x04")])
    QApplication.sendEvent(tab, enter)
    assert not enter.isAccepted()


def _open_viewer(qtbot: QtBot, tab: DocumentsTab, monkeypatch) -> list[DocumentViewer]:  # type: ignore[no-untyped-def]
    viewers: list[DocumentViewer] = []

    def ask(cls, parent, uictx, document, status):  # type: ignore[no-untyped-def]
        viewer = cls(parent, uictx, document, status)
        viewer.show()
        qtbot.waitExposed(viewer)
        viewer.activateWindow()  # as exec() makes it: its shortcuts work
        qtbot.waitUntil(viewer.isActiveWindow)
        viewers.append(viewer)

    monkeypatch.setattr(DocumentViewer, "ask", classmethod(ask))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert len(viewers) == 1
    return viewers


def test_the_viewer_draws_the_first_page_and_turns_pages_by_keyboard(
        qtbot: QtBot, harness, make_patient, monkeypatch, frontdesk_ctx, admin_ctx) -> None:  # type: ignore[no-untyped-def]
    patient_id = make_patient("Ada", "Lovelace", "03/14/1962").id
    documents.attach_document(frontdesk_ctx, patient_id, new_document("echo.pdf", pdf_bytes(3)))
    tab = _documents_tab(harness.pane, patient_id)
    views = len(audit_rows(admin_ctx, "patient.view"))
    viewer = _open_viewer(qtbot, tab, monkeypatch)[0]
    assert len(audit_rows(admin_ctx, "patient.view")) == views + 1
    qtbot.waitUntil(lambda: 0 in viewer.pages)
    assert viewer.page_label.text() == "Page 1 of 3" and not viewer.image.pixmap().isNull()
    assert not viewer.previous_button.isEnabled()
    viewer.scroll.setFocus()
    qtbot.keyClick(viewer.scroll, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: 1 in viewer.pages)
    assert viewer.page_label.text() == "Page 2 of 3"
    qtbot.keyClick(viewer.scroll, Qt.Key.Key_End)
    assert viewer.page_label.text() == "Page 3 of 3" and not viewer.next_button.isEnabled()
    qtbot.waitUntil(lambda: 2 in viewer.pages)
    assert viewer.pages[0].width() > viewer.pages[0].height() * 0.7  # drawn in the page's shape, not a sliver


def test_print_and_save_as_pdf_from_the_viewer(qtbot: QtBot, harness, make_patient, monkeypatch, tmp_path,
                                               frontdesk_ctx, admin_ctx) -> None:  # type: ignore[no-untyped-def]
    patient_id = make_patient("Ada", "Lovelace", "03/14/1962").id
    documents.attach_document(frontdesk_ctx, patient_id, new_document("fax.tiff", image_bytes("TIFF", frames=2)))
    tab = _documents_tab(harness.pane, patient_id)
    viewer = _open_viewer(qtbot, tab, monkeypatch)[0]
    printed = tmp_path / "printed.pdf"

    def printer(cls, *_args: Any) -> QPrinter:  # type: ignore[no-untyped-def]
        made = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        made.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        made.setOutputFileName(str(printed))
        return made

    monkeypatch.setattr(PrinterDialog, "ask", classmethod(printer))
    monkeypatch.setattr(CopyPurposeDialog, "ask", classmethod(lambda cls, parent: False))  # for the patient
    qtbot.mouseClick(viewer.print_button, Qt.MouseButton.LeftButton)
    assert len(pdfium.PdfDocument(str(printed))) == 2
    saved = tmp_path / "copy.pdf"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a: saved))
    qtbot.keyClick(viewer.scroll, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved.read_bytes().startswith(b"%PDF") and len(pdfium.PdfDocument(str(saved))) == 2
    assert [r.action for r in audit_rows(admin_ctx, "patient_document.")[:2]] == ["patient_document.save",
                                                                                  "patient_document.print"]
    assert harness.statuses[-1] == "Saved copy.pdf"


def test_a_copy_for_a_lawyer_is_logged_as_a_disclosure_before_the_file_is_written(
        qtbot: QtBot, harness, make_patient, monkeypatch, tmp_path, frontdesk_ctx, admin_ctx,
        drive_dialog) -> None:  # type: ignore[no-untyped-def]
    patient_id = make_patient("Ada", "Lovelace", "03/14/1962").id
    documents.attach_document(frontdesk_ctx, patient_id, new_document("fax.tiff", image_bytes("TIFF", frames=2)))
    tab = _documents_tab(harness.pane, patient_id)
    viewer = _open_viewer(qtbot, tab, monkeypatch)[0]
    saved = tmp_path / "copy.pdf"
    monkeypatch.setattr(CopyPurposeDialog, "ask", classmethod(lambda cls, parent: True))
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a: saved))

    def fill(dialog: DisclosureDialog) -> None:
        assert "dated" in dialog.description.toPlainText()
        dialog.kind.setCurrentIndex(dialog.kind.findData("legal"))
        qtbot.keyClicks(dialog.recipient, "Smith & Jones LLP")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # no purpose yet: nothing written
        assert dialog.form.error_label("purpose").isVisible() and not saved.exists()
        qtbot.keyClicks(dialog.purpose, "Subpoena")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive_dialog(DisclosureDialog, fill)
    qtbot.keyClick(viewer.scroll, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert saved.read_bytes().startswith(b"%PDF")
    [entry] = disclosures.list_disclosures(admin_ctx, patient_id)
    assert (entry.recipient, entry.purpose) == ("Smith & Jones LLP", "Subpoena")
    assert [r.action for r in audit_rows(admin_ctx, "patient_document.save")] == ["patient_document.save"]
    assert harness.statuses[-1] == "Saved copy.pdf (disclosure recorded)"


def test_mark_in_error_takes_it_off_the_list_until_asked_for(qtbot: QtBot, harness, make_patient, monkeypatch,
                                                             frontdesk_ctx) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.ui.billing.dialogs import ReasonPromptDialog

    patient_id = make_patient("Ada", "Lovelace", "03/14/1962").id
    documents.attach_document(frontdesk_ctx, patient_id, new_document("wrong.pdf", pdf_bytes()))
    tab = _documents_tab(harness.pane, patient_id)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.view.setCurrentIndex(tab.model.index(0, 0))
    monkeypatch.setattr(ReasonPromptDialog, "ask", classmethod(lambda cls, *a: "Another patient's report"))
    qtbot.mouseClick(tab.error_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)
    assert harness.statuses[-1] == "Document marked in error" and tab.notice.isVisible()
    tab.show_in_error.setChecked(True)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    index = tab.model.index(0, 0)
    assert tab.model.data(index).startswith("In error: Outside report")
    assert "Marked in error: Another patient's report" in tab.model.data(index, Qt.ItemDataRole.ToolTipRole)
    tab.view.setCurrentIndex(index)
    assert tab.open_button.isEnabled() and not tab.error_button.isEnabled()


def test_a_tall_page_beside_a_wide_card_keeps_its_caption(qtbot: QtBot, harness, make_patient,  # type: ignore[no-untyped-def]
                                                          frontdesk_ctx) -> None:
    patient_id = make_patient("Ada", "Lovelace", "03/14/1962").id
    documents.attach_document(frontdesk_ctx, patient_id, new_document("card.png", image_bytes("PNG", (600, 380)),
                                                                      "insurance_card"))
    documents.attach_document(frontdesk_ctx, patient_id, new_document("letter.pdf", pdf_bytes(1)))
    tab = _documents_tab(harness.pane, patient_id)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    for row in range(2):  # each item is as tall as its own thumbnail and caption need, not as the first item's
        index = tab.model.index(row, 0)
        assert tab.view.visualRect(index).height() >= tab.view.sizeHintForIndex(index).height()
