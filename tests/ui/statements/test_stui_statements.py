"""The Statements tab: prepare -> mark printed (history, ledger, last statement), discard, reprint, holds."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from st_lib import TODAY, Clinic, ago, set_address

from frontdesk.domain.schedule_time import DEFAULT_TIME_ZONE, PracticeClock, zone
from frontdesk.services.patients._patient_types import PatientSummary
from frontdesk.services.payments import ledger as ledger_service
from frontdesk.services.payments import statements as st_service
from frontdesk.ui.billing.statements.dialogs import ConfirmPrintedDialog, ReasonDialog
from frontdesk.ui.billing.statements.models import BatchesModel, StatementsModel
from frontdesk.ui.billing.statements.statements_page import StatementsPage, skipped_text
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.patient_picker import PatientPickerDialog
from frontdesk.ui.widgets.pdf_printing import PrinterDialog


def _owing(clinic: Clinic, last: str, cents: int) -> int:
    pid = clinic.patient(last=last)
    set_address(clinic.db, pid)
    clinic.visit(pid, (cents,), on=ago(10), claims=())
    return pid


def _page(qtbot: QtBot, uictx: UiContext, statuses: list[str], opened: list[Path]) -> StatementsPage:
    page = StatementsPage(uictx, statuses.append)
    page.open_pdf = opened.append
    qtbot.addWidget(page)
    page.resize(1366, 700)
    page.show()
    qtbot.waitExposed(page)
    return page


def _answers(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """SaveFileDialog answers with a fresh PDF path each time; the list collects them."""
    paths: list[Path] = []

    def ask(cls, parent, caption, suggested, *args):  # type: ignore[no-untyped-def]
        paths.append(tmp_path / f"{len(paths)}-{suggested}")
        return paths[-1]

    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(ask))
    return paths


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_prepare_mark_printed_then_history_ledger_and_reprint(qtbot: QtBot, biller_ui: UiContext, biller,
                                                              clinic: Clinic, monkeypatch, tmp_path,
                                                              qtmodeltester, shown_errors) -> None:
    statuses: list[str] = []
    opened: list[Path] = []
    paths = _answers(monkeypatch, tmp_path)
    big = _owing(clinic, "Bigbalance", 7500)
    _owing(clinic, "Tiny", 300)  # below the $5.00 minimum
    clinic.visit(clinic.patient(last="Homeless"), (5000,), on=ago(10), claims=())  # no address
    page = _page(qtbot, biller_ui, statuses, opened)
    assert page.batches.rowCount() == 0 and not page.confirm_button.isEnabled()
    qtbot.mouseClick(page.prepare_button, Qt.MouseButton.LeftButton)
    assert opened == [paths[0]] and "Bigbalance" in _pdf_text(paths[0])
    text = page.result.text()
    assert "1 statement," in text and "$75.00" in text, text
    assert "1 below the minimum balance" in text and "1 no mailing address" in text, text
    # The new batch is chosen; nothing counts as sent until it is marked printed.
    batch = page.current_batch()
    assert batch is not None and batch.status == "prepared" and page.confirm_button.isEnabled()
    assert [s.sent_on for s in page.statements.records()] == [None]
    assert page.statements.index(0, 3).data() == "Not sent yet"
    assert not [e for e in ledger_service.ledger(biller, patient_id=big).entries if e.kind == "statement"]
    # "No" to the confirmation changes nothing.
    monkeypatch.setattr(ConfirmPrintedDialog, "ask", classmethod(lambda cls, parent, bid, count: False))
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert page.current_batch().status == "prepared"
    monkeypatch.setattr(ConfirmPrintedDialog, "ask", classmethod(lambda cls, parent, bid, count: count == 1))
    qtbot.mouseClick(page.confirm_button, Qt.MouseButton.LeftButton)
    assert statuses[-1] == f"Batch #{batch.id} marked as printed."
    assert page.current_batch().status == "printed"
    assert page.batches.index(0, 2).data() == "Printed (sent)"
    assert not page.confirm_button.isEnabled() and not page.discard_button.isEnabled()
    qtbot.waitUntil(lambda: page.statements.rowCount() == 1)
    assert page.statements.record(0).sent_on == TODAY
    # The ledger and the patient's statement history now show it.
    sent = [e for e in ledger_service.ledger(biller, patient_id=big).entries if e.kind == "statement"]
    assert len(sent) == 1 and sent[0].on == TODAY
    assert [h.sent_on for h in st_service.statement_history(biller, big)] == [TODAY]
    # Reprint the chosen statement.
    page.statement_view.setCurrentIndex(page.statements.index(0, 0))
    assert page.reprint_button.isEnabled()
    qtbot.mouseClick(page.reprint_button, Qt.MouseButton.LeftButton)
    assert opened[-1] == paths[-1] and "Bigbalance" in _pdf_text(paths[-1])
    assert statuses[-1].startswith("Statement saved as")
    # Preparing again right away: the account is too recent, so no batch.
    qtbot.mouseClick(page.prepare_button, Qt.MouseButton.LeftButton)
    assert "No account needs a statement" in page.result.text() and "sent a statement too recently" in \
        page.result.text()
    assert page.batches.rowCount() == 1 and shown_errors == []
    qtmodeltester.check(page.batches)
    qtmodeltester.check(page.statements)


def test_discard_keeps_the_batch_and_bills_nobody(qtbot: QtBot, biller_ui: UiContext, biller, clinic: Clinic,
                                                  monkeypatch, tmp_path) -> None:
    statuses: list[str] = []
    opened: list[Path] = []
    _answers(monkeypatch, tmp_path)
    pid = _owing(clinic, "Jammed", 5000)
    page = _page(qtbot, biller_ui, statuses, opened)
    qtbot.mouseClick(page.prepare_button, Qt.MouseButton.LeftButton)
    batch = page.current_batch()
    assert batch is not None
    # Printed again (after a jam) from the stored statements: still not sent.
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    monkeypatch.setattr(PrinterDialog, "ask", classmethod(lambda cls, parent, title="Print": printer))
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    assert statuses[-1] == f"Statement batch #{batch.id}: 1 page sent to the printer.", statuses
    with pdfplumber.open(tmp_path / "printed.pdf") as pdf:  # printed as page images: count, not text
        assert len(pdf.pages) == 1
    assert page.current_batch().status == "prepared"
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a: None))  # cancelled: nothing happens
    qtbot.mouseClick(page.discard_button, Qt.MouseButton.LeftButton)
    assert page.current_batch().status == "prepared"
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a: "printer jammed"))
    qtbot.mouseClick(page.discard_button, Qt.MouseButton.LeftButton)
    assert page.current_batch().status == "discarded" and statuses[-1] == f"Batch #{batch.id} discarded."
    assert not page.print_button.isEnabled() and not page.reprint_button.isEnabled()
    assert st_service.statement_history(biller, pid)[0].sent_on is None
    # A new batch can be prepared at once (the discarded one never counted as sent).
    qtbot.mouseClick(page.prepare_button, Qt.MouseButton.LeftButton)
    assert page.batches.rowCount() == 2 and page.current_batch().status == "prepared"


def test_bad_minimum_is_shown_beside_the_field(qtbot: QtBot, biller_ui: UiContext, clinic: Clinic, monkeypatch,
                                               tmp_path, shown_errors) -> None:
    _answers(monkeypatch, tmp_path)
    page = _page(qtbot, biller_ui, [], [])
    page.min_balance.clear()
    qtbot.keyClicks(page.min_balance, "abc")
    qtbot.mouseClick(page.prepare_button, Qt.MouseButton.LeftButton)
    assert page.error.isVisible() and "minimum balance" in page.error.text().lower()
    assert shown_errors == [] and page.batches.rowCount() == 0


def test_hold_toggles_and_keeps_the_patient_off_the_batch(qtbot: QtBot, biller_ui: UiContext, biller,
                                                          clinic: Clinic, monkeypatch, tmp_path) -> None:
    statuses: list[str] = []
    _answers(monkeypatch, tmp_path)
    held = _owing(clinic, "Disputed", 5000)
    _owing(clinic, "Regular", 5000)
    page = _page(qtbot, biller_ui, statuses, [])
    found = PatientSummary(held, "T1", "Disputed", "Jane", date(1970, 1, 1), "")
    monkeypatch.setattr(PatientPickerDialog, "ask", classmethod(lambda cls, *a, **k: found))
    qtbot.mouseClick(page.hold.choose_button, Qt.MouseButton.LeftButton)
    assert "statements are sent" in page.hold.patient_label.text()
    monkeypatch.setattr(ReasonDialog, "ask", classmethod(lambda cls, *a: "in dispute"))
    qtbot.mouseClick(page.hold.toggle_button, Qt.MouseButton.LeftButton)
    assert st_service.statement_hold(biller, held) == "in dispute"
    assert "ON HOLD" in page.hold.patient_label.text() and "in dispute" in page.hold.patient_label.text()
    assert page.hold.toggle_button.text() == "Re&lease hold" and statuses[-1].startswith("Statements held")
    qtbot.mouseClick(page.prepare_button, Qt.MouseButton.LeftButton)
    assert "1 on hold" in page.result.text() and page.current_batch().statement_count == 1
    qtbot.mouseClick(page.hold.toggle_button, Qt.MouseButton.LeftButton)
    assert st_service.statement_hold(biller, held) is None and "statements are sent" in page.hold.patient_label.text()


def test_front_desk_sees_no_batches_and_cannot_act(qtbot: QtBot, desk_ui: UiContext, shown_errors) -> None:
    page = _page(qtbot, desk_ui, [], [])
    assert "billing role" in page.result.text()
    assert not page.prepare_button.isEnabled() and not page.hold.isEnabled() and shown_errors == []


def test_reason_dialog_needs_a_reason(qtbot: QtBot) -> None:
    dialog = ReasonDialog(None, "Discard", "Why?", "Discard batch", max_length=200)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.submit()
    assert dialog.error.isVisible() and dialog.outcome is None
    qtbot.keyClicks(dialog.edit, "  wrong paper ")
    dialog.submit()
    assert dialog.outcome == "wrong paper"


def test_skipped_text_and_models(qtmodeltester) -> None:
    assert skipped_text({"held": 0}) == "Nobody was skipped."
    assert skipped_text({"held": 2, "no_address": 1}) == "Skipped: 2 on hold, 1 no mailing address."
    qtmodeltester.check(BatchesModel(PracticeClock(zone(DEFAULT_TIME_ZONE))))
    qtmodeltester.check(StatementsModel())
