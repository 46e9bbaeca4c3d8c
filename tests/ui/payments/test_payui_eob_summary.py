"""Print EOB summary... / Save EOB summary as PDF... on the Post EOB page, for a claim an imported 835 paid."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from eraui_lib import era_file
from payui_lib import Clinic
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from uisupport import notifying

from frontdesk.models import Payer
from frontdesk.services.payments import era_import
from frontdesk.ui.billing.payments.eob_page import EobPage
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.file_dialog import SaveFileDialog


def test_the_eob_summary_of_a_claim_an_era_paid_prints_and_saves_as_pdf(
        qtbot: QtBot, biller_ui: UiContext, clinic: Clinic, db, tmp_path: Path, printed: list[Path],
        monkeypatch: pytest.MonkeyPatch) -> None:
    with db.session(write=True) as s:
        s.get(Payer, clinic.payer_id).edi_payer_id = "87726"
    a = clinic.visit(clinic.patient("Avery"), (12500, 4000))
    posted = era_import.post_era(notifying(biller_ui, biller_ui.actor), era_file(tmp_path, db, a).read_bytes())
    statuses: list[str] = []
    page = EobPage(biller_ui, statuses.append)
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    page.header.set_payment(posted.payment)
    section = page.posted
    assert not section.print_button.isEnabled()  # no claim chosen yet
    section.view.selectRow(section.model.row_of(a.claim_id))
    qtbot.mouseClick(section.print_button, Qt.MouseButton.LeftButton)
    assert statuses[-1] == f"EOB summary of claim #{a.claim_id}: 1 page sent to the printer."
    with pdfplumber.open(printed[0]) as pdf:  # printed at the printer's resolution: one page, one image
        assert len(pdf.pages) == 1 and len(pdf.pages[0].images) == 1
    target = tmp_path / "summary.pdf"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *args: target))
    qtbot.mouseClick(section.save_pdf_button, Qt.MouseButton.LeftButton)
    assert statuses[-1] == f"EOB summary of claim #{a.claim_id}: saved as summary.pdf."
    with pdfplumber.open(target) as pdf:
        text = pdf.pages[0].extract_text()
    for expected in ("Blue Prairie Health", "CHK700201", "99213", "$125.00", "$100.00", "CO-45 $25.00", "$140.00"):
        assert expected in text, expected
