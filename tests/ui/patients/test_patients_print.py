"""Face sheet and intake form PDFs from an open patient (values escaped, audited), and screenshots at 1366x768."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from testsupport import screenshot_path

from frontdesk.services._base import ServiceContext
from frontdesk.services.admin import audit
from frontdesk.services.admin.audit import AuditFilter
from frontdesk.services.billing import payers
from frontdesk.services.billing.payers import PayerInput
from frontdesk.services.patients import family, insurance, patients
from frontdesk.services.patients.family import GuarantorInput
from frontdesk.services.patients.insurance import PolicyInput
from frontdesk.services.patients.patients import PatientInput
from frontdesk.ui.patients import print_actions
from frontdesk.ui.patients.print_actions import PrintChoice, PrintChoiceDialog
from frontdesk.ui.widgets.file_dialog import SaveFileDialog

NASTY = "<b>Ann & Co</b>"


@pytest.fixture
def ann(admin_ctx: ServiceContext) -> int:
    """A patient whose notes and guarantor hold markup, with a secondary policy for a non-self subscriber."""
    record = patients.register_patient(admin_ctx, PatientInput(
        first_name="Ann", last_name="Coe", dob="04/05/1977", sex="F", home_phone="518-555-0101",
        address_line1="5 Pine St", city="Albany", state="NY", zip_code="12207", notes=NASTY,
        email="ann@example.com"))
    family.set_guarantor_person(admin_ctx, record.id, GuarantorInput(
        first_name="Bob", last_name="Coe", address_line1="7 <i>Elm</i> & Main", city="Troy", state="NY",
        zip_code="12180", phone="518-555-0102"), "spouse")
    payer = payers.add_payer(admin_ctx, PayerInput(name="Aetna & Sons", claim_type="group_health_plan",
                                                   edi_payer_id="60054", address_line1="PO Box 1", city="El Paso",
                                                   state="TX", zip_code="79998"))
    insurance.add_policy(admin_ctx, record.id, PolicyInput(payer_id=payer.id, rank=1, member_id="MX-1002",
                                                           effective_date=date(2024, 1, 1), copay="25.00"))
    return record.id


def _print(qtbot: QtBot, pane, monkeypatch, tmp_path: Path, document: str) -> Path:  # type: ignore[no-untyped-def]
    target = tmp_path / f"{document}.pdf"
    suggested: list[str] = []
    opened: list[Path] = []
    monkeypatch.setattr(PrintChoiceDialog, "ask", classmethod(lambda cls, parent: PrintChoice(document, True)))
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(
        lambda cls, parent, caption, name, *rest: suggested.append(name) or target))
    monkeypatch.setattr(print_actions, "open_in_viewer", opened.append)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert opened == [target]
    record = pane.current_record()
    assert suggested[0].endswith(f"-{record.account_number}.pdf") and "Coe" not in suggested[0]  # no PHI in names
    return target


def _text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def _png(path: Path, name: str) -> None:
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(path), str(screenshot_path(f"pat2-{name}"))], check=True)


def test_face_sheet_prints_markup_literally_and_is_audited(qtbot: QtBot, harness, ann: int, monkeypatch,
                                                           tmp_path: Path, admin_ctx: ServiceContext) -> None:
    pane = harness.pane
    pane.open_patient(ann)
    pane.view.edit_button.setFocus()
    path = _print(qtbot, pane, monkeypatch, tmp_path, "face_sheet")
    text = _text(path)
    for expected in ("Patient face sheet", "Coe", NASTY, "7 <i>Elm</i> & Main", "Aetna & Sons", "MX-1002",
                     "Primary insurance", "$25.00", "04/05/1977", "(518) 555-0101", "spouse"):
        assert expected in text, expected
    assert harness.statuses[-1] == "Saved face_sheet.pdf"
    [event] = audit.list_events(admin_ctx, AuditFilter(action="patient.print"))
    assert (event.patient_id, event.detail) == (ann, "face sheet")
    _png(path, "face-sheet")


def test_intake_form_has_correction_lines_and_a_signature(qtbot: QtBot, harness, ann: int, monkeypatch,
                                                          tmp_path: Path, admin_ctx: ServiceContext) -> None:
    pane = harness.pane
    pane.open_patient(ann)
    pane.view.edit_button.setFocus()
    path = _print(qtbot, pane, monkeypatch, tmp_path, "intake_form")
    text = _text(path)
    for expected in ("Patient information check", "Correction (if needed)", "Signature of patient or representative",
                     "Date (MM/DD/YYYY)", "ann@example.com", "Aetna & Sons", "Bob Coe (not a patient)"):
        assert expected in text, expected
    with pdfplumber.open(path) as pdf:
        ruled = [line for page in pdf.pages for line in page.lines]
    assert len(ruled) > 20  # a line to correct each value, plus the signature and date lines
    [event] = audit.list_events(admin_ctx, AuditFilter(action="patient.print"))
    assert event.detail == "intake form"
    _png(path, "intake-form")


def test_ctrl_p_without_an_open_patient_does_nothing(qtbot: QtBot, pane, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    asked: list[object] = []
    monkeypatch.setattr(PrintChoiceDialog, "ask", classmethod(lambda cls, parent: asked.append(1)))
    qtbot.keyClick(pane.search, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    assert asked == []


def test_screenshots_at_1366x768(qtbot: QtBot, harness, ann: int, make_patient) -> None:
    pane = harness.pane
    pane.resize(1366, 768)
    pane.open_patient(ann)
    banner = pane.view.banner
    for index in range(pane.view.tabs.count()):
        pane.view.tabs.setCurrentIndex(index)
        # Layouts settle in the event loop: wait until the banner has its full height before grabbing.
        qtbot.waitUntil(lambda: banner.height() >= banner.sizeHint().height())
        pane.grab().save(str(screenshot_path(f"pat2-tab{index + 1}.png")))
    make_patient("Ada", "Lovelace", "03/14/1962", phone="518-555-0142")
    pane.new_patient()
    for name, text in (("first_name", "Ada"), ("last_name", "Lovelace"), ("dob", "03/14/1962")):
        qtbot.keyClicks(pane.form.edits[name], text)
    qtbot.waitUntil(pane.form.duplicates.isVisible)
    qtbot.keyClick(pane.form.sex, "F")
    pane.form.save()  # refused: Create anyway + reason appear
    assert pane.form.duplicates.override_form.isVisible()
    # The two-column form with the panel fits the width: once the layout settles, no sideways scrolling.
    qtbot.waitUntil(lambda: not pane._form_page.horizontalScrollBar().isVisible())
    pane.grab().save(str(screenshot_path("pat2-form-duplicates.png")))
