"""Print ready claims (PDF and printer) and export an 837P through the pane's dialogs and shortcuts."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from billui_lib import make_claim
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter

from frontdesk.reports.cms1500 import PrintOffsets, load_offsets
from frontdesk.services.billing import claims
from frontdesk.ui.billing.print_dialog import PrintClaimsDialog
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.pdf_printing import PrinterDialog


@pytest.fixture
def print_choice(qtbot, monkeypatch):  # type: ignore[no-untyped-def]
    """PrintClaimsDialog.ask builds the real dialog; ``choice['press']`` names the button to click."""
    choice: dict[str, object] = {"press": "save_pdf", "x": 0, "y": 0, "full": False, "alignment": False,
                                 "seen": []}

    def fake_ask(cls, parent, ready_count, offsets):  # type: ignore[no-untyped-def]
        dialog = cls(parent, ready_count, offsets)
        choice["seen"].append((ready_count, offsets))  # type: ignore[union-attr]
        dialog.x_offset.setValue(choice["x"])
        dialog.y_offset.setValue(choice["y"])
        if choice["full"]:
            dialog.full_radio.setChecked(True)
        if choice["alignment"]:
            dialog.alignment_radio.setChecked(True)
        button = dialog.pdf_button if choice["press"] == "save_pdf" else dialog.print_button
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return dialog.outcome

    monkeypatch.setattr(PrintClaimsDialog, "ask", classmethod(fake_ask))
    return choice


def save_to(monkeypatch, path: Path) -> list[str]:  # type: ignore[no-untyped-def]
    captions: list[str] = []

    def fake(cls, parent, caption, suggested, name_filter="", suffix=""):  # type: ignore[no-untyped-def]
        captions.append(caption)
        return path

    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(fake))
    return captions


def test_print_ready_claims_to_pdf_marks_them_submitted(qtbot, harness, clinic, biller, uictx, print_choice,
                                                       monkeypatch, tmp_path, shown_errors) -> None:  # type: ignore[no-untyped-def]
    first = make_claim(biller, clinic)
    second = make_claim(biller, clinic, lines=("99213", "90471"))
    out = tmp_path / "batch.pdf"
    save_to(monkeypatch, out)
    print_choice["x"], print_choice["y"] = 5, -3
    pane = harness.pane
    qtbot.keyClick(pane, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert print_choice["seen"] == [(2, PrintOffsets())]
    assert out.exists() and out.read_bytes().startswith(b"%PDF")
    with pdfplumber.open(out) as pdf:
        assert len(pdf.pages) == 2
    assert {claims.get_claim(biller, i).row.status for i in (first.id, second.id)} == {"submitted"}
    assert harness.statuses[-1] == "2 claims printed ($275.00); saved as batch.pdf."
    # The offsets are kept for this workstation and offered next time.
    assert load_offsets(uictx.paths.settings_file) == PrintOffsets(5, -3)
    assert not pane.busy.isVisible()
    assert shown_errors == []


def test_print_to_a_printer_paints_each_page_at_actual_size(qtbot, harness, clinic, biller, uictx, print_choice,
                                                             monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    make_claim(biller, clinic)
    printed = tmp_path / "printer-output.pdf"

    def fake_printer(cls, parent, title="Print"):  # type: ignore[no-untyped-def]
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(printed))
        return printer

    monkeypatch.setattr(PrinterDialog, "ask", classmethod(fake_printer))
    print_choice["press"] = "print_now"
    qtbot.mouseClick(harness.pane.print_button, Qt.MouseButton.LeftButton)
    assert harness.statuses[-1] == "1 claim printed ($125.00); 1 page sent to the printer."
    with pdfplumber.open(printed) as pdf:
        page = pdf.pages[0]
        assert (round(page.width), round(page.height)) == (612, 792)  # US Letter, not scaled to a margin box
        assert page.images  # the rendered form
        image = page.images[0]
        assert round(image["x0"]) == 0 and round(image["top"]) == 0 and round(image["width"]) == 612
    # The temporary PDF next to the database is gone.
    assert not list(Path(uictx.paths.root).glob(".print-*.pdf"))


def test_alignment_page_needs_no_ready_claims(qtbot, harness, print_choice, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "align.pdf"
    save_to(monkeypatch, out)
    print_choice["alignment"] = True
    qtbot.keyClick(harness.pane, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert out.exists() and harness.statuses[-1] == "Alignment page printed; saved as align.pdf."


def test_export_837p_writes_the_file_and_submits(qtbot, harness, clinic, biller, monkeypatch, tmp_path,
                                                shown_errors) -> None:  # type: ignore[no-untyped-def]
    row = make_claim(biller, clinic)
    out = tmp_path / "claims.837"
    captions = save_to(monkeypatch, out)
    qtbot.keyClick(harness.pane, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert captions == ["Export 837P"] and shown_errors == []
    assert out.read_text(encoding="ascii").startswith("ISA*")
    assert claims.get_claim(biller, row.id).row.status == "submitted"
    assert harness.statuses[-1] == "1 claim exported ($125.00) to claims.837."
    assert shown_errors == []


def test_front_desk_sees_claims_but_cannot_send_them(qtbot, uictx, frontdesk_actor) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.ui.billing import BillingPane

    uictx.set_actor(frontdesk_actor)
    pane = BillingPane(uictx)
    qtbot.addWidget(pane)
    assert not pane.print_button.isEnabled() and not pane.export_button.isEnabled()
    assert not pane.new_button.isEnabled()
