"""Confirmation calls: tomorrow's appointments listed, outcomes recorded in the contact history, the printed sheet."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime, timedelta
from pathlib import Path

import pdfplumber
import pytest
from calx_helpers import TUESDAY, TZ, click, column_texts, local, show
from PySide6.QtCore import Qt
from testsupport import screenshot_path

from frontdesk.services._base import ServiceContext
from frontdesk.services.admin import audit
from frontdesk.services.patients import contact_history
from frontdesk.services.scheduling import appointments, schedule_catalog
from frontdesk.services.scheduling.appointments import BookingRequest
from frontdesk.services.scheduling.confirmations import ConfirmationItem
from frontdesk.ui.calendar.confirmations_model import CallRow, ConfirmationsModel
from frontdesk.ui.calendar.confirmations_panel import ConfirmationCallsPanel
from frontdesk.ui.widgets.confirm import ConfirmDialog
from frontdesk.ui.widgets.file_dialog import SaveFileDialog

WEDNESDAY, THURSDAY = date(2030, 3, 6), date(2030, 3, 7)
WHEN, PATIENT, PHONE, STATUS, LAST_CALL = 0, 1, 2, 3, 4


@pytest.fixture
def booked(clinic):  # type: ignore[no-untyped-def]
    """Tuesday: Ann 9:00 (Dr A), Bob 10:00 (Dr B); Wednesday: Cy 9:00; Thursday (3rd business day): Ann 11:00."""
    def book(patient: int, day: date, hour: int, provider: int, type_id: int | None = None):  # type: ignore[no-untyped-def]
        return appointments.book_appointment(clinic.admin, BookingRequest(
            clinic.pat[patient], provider, type_id or clinic.visit, local(day, hour)))
    return [book(0, TUESDAY, 9, clinic.dr_a), book(1, TUESDAY, 10, clinic.dr_b), book(2, WEDNESDAY, 9, clinic.dr_a),
            book(0, THURSDAY, 11, clinic.dr_b)]


@pytest.fixture
def panel(qtbot, uictx, booked, statuses) -> ConfirmationCallsPanel:  # type: ignore[no-untyped-def]
    return show(qtbot, ConfirmationCallsPanel(uictx, status=statuses.append), 1100, 560)


def _select(panel, patient_name: str) -> int:  # type: ignore[no-untyped-def]
    for row in range(panel.proxy.rowCount()):
        if panel.proxy.index(row, PATIENT).data() == patient_name:
            panel.view.selectRow(row)
            return row
    raise AssertionError(f"{patient_name} is not listed")


def test_model_passes_the_model_tester(qtmodeltester, uictx, booked) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.services.scheduling import confirmations

    model = ConfirmationsModel()
    items: list[ConfirmationItem] = confirmations.confirmation_list(uictx.services, 3)
    model.set_rows([CallRow.of(i) for i in items])
    qtmodeltester.check(model)
    assert model.rowCount() == 4


def test_the_next_two_business_days_are_listed(qtbot, panel) -> None:  # type: ignore[no-untyped-def]
    assert panel.days.value() == 2
    rows = [column_texts(panel.model, r) for r in range(panel.model.rowCount())]
    assert [r[:2] for r in rows] == [["Tue 03/05 9:00 AM", "Able, Ann"], ["Tue 03/05 10:00 AM", "Baker, Bob"],
                                     ["Wed 03/06 9:00 AM", "Cole, Cy"]]
    assert rows[0][PHONE:] == ["(518) 555-0101", "Booked", "Not called yet", "No voicemail; no texts",
                               "Maria Alvarez, MD", "Office visit"]
    panel.days.setValue(3)
    assert panel.model.rowCount() == 4, "Thursday is the third business day"


def test_left_message_goes_to_the_contact_history_and_moves_on(qtbot, panel, uictx, clinic, statuses) -> None:  # type: ignore[no-untyped-def]
    _select(panel, "Able, Ann")
    qtbot.keyClicks(panel.note, "asked to call back")
    click(qtbot, panel.outcome_buttons["left_message"])
    assert statuses[-1] == "Recorded \u201cleft message\u201d for Able, Ann (Tue 03/05 9:00 AM)."
    row = _select(panel, "Able, Ann")
    assert panel.proxy.index(row, LAST_CALL).data() == "Left message"
    assert panel.proxy.index(row, STATUS).data() == "Booked", "a message does not confirm"
    assert panel.note.text() == ""
    history = contact_history.list_contact_history(uictx.services, clinic.pat[0])
    assert [(h.kind, h.outcome, h.username) for h in history] == [("confirmation", "left message", "admin")]
    assert "03/05/2030 9:00 AM appointment: asked to call back" in history[0].summary


def test_confirmed_sets_the_status_and_the_next_row_is_selected(qtbot, panel, booked, uictx) -> None:  # type: ignore[no-untyped-def]
    _select(panel, "Able, Ann")
    with qtbot.waitActive(panel.window()):
        panel.window().activateWindow()
    with qtbot.waitSignal(panel.outcome_buttons["confirmed"].clicked):  # a mnemonic "animates" the click
        qtbot.keyClick(panel, Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)  # Alt+C: Confirmed
    assert appointments.get_appointment(uictx.services, booked[0].id).status == "confirmed"
    row = next(r for r in range(panel.proxy.rowCount()) if panel.proxy.index(r, PATIENT).data() == "Able, Ann")
    assert panel.proxy.index(row, STATUS).data() == "Confirmed"
    assert panel.proxy.index(row, LAST_CALL).data() == "Confirmed"
    assert panel.selected_item().appointment.patient_name == "Baker, Bob", "on to the next call"
    _select(panel, "Able, Ann")
    assert not panel.outcome_buttons["confirmed"].isEnabled(), "already confirmed"
    click(qtbot, panel.show_confirmed)
    assert panel.model.rowCount() == 2, "confirmed ones can be hidden"


def test_cancelled_asks_first_then_frees_the_time(qtbot, panel, booked, uictx, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    answers = iter([False, True])
    monkeypatch.setattr(ConfirmDialog, "ask", classmethod(lambda cls, *args: next(answers)))
    _select(panel, "Baker, Bob")
    click(qtbot, panel.outcome_buttons["cancelled"])
    assert appointments.get_appointment(uictx.services, booked[1].id).status == "scheduled"
    with qtbot.waitSignal(panel.slot_opened) as opened:
        click(qtbot, panel.outcome_buttons["cancelled"])
    assert opened.args == [()]
    assert appointments.get_appointment(uictx.services, booked[1].id).status == "cancelled"
    assert [panel.model.index(r, PATIENT).data() for r in range(panel.model.rowCount())] == ["Able, Ann", "Cole, Cy"]


def test_a_call_on_an_appointment_cancelled_meanwhile_is_explained(qtbot, panel, booked, clinic) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.services.scheduling import appointment_status

    _select(panel, "Cole, Cy")
    # Someone else cancels it without this panel hearing about it (e.g. on another workstation).
    quiet = ServiceContext(clinic.admin.db, clinic.admin.actor)  # no change notice reaches the panel
    appointment_status.cancel_appointment(quiet, booked[2].id, "called in")
    click(qtbot, panel.outcome_buttons["no_answer"])
    assert "cancelled; there is nothing to confirm" in panel.form.form_error.text()
    assert panel.model.rowCount() == 2, "the list shows how things are now"


def _pdf_text(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def test_print_call_sheet(qtbot, panel, uictx, clinic, monkeypatch, tmp_path, statuses) -> None:  # type: ignore[no-untyped-def]
    schedule_catalog.update_appointment_type(clinic.admin, clinic.visit, "&<i>BP</i>", 30, "#4A90D9")
    target = tmp_path / "calls.pdf"
    asked: list[tuple] = []
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *args: asked.append(args) or target))
    with qtbot.waitActive(panel.window()):
        panel.window().activateWindow()
    with qtbot.waitSignal(panel.print_button.clicked):
        qtbot.keyClick(panel, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)  # Alt+P: Print call sheet
    assert asked and asked[0][-2:] == ("PDF files (*.pdf)", ".pdf")
    assert statuses[-1] == "Saved the call sheet (3 appointments) to calls.pdf."
    text = _pdf_text(target)
    for expected in ("Confirmation calls", "Test Family Practice", "next 2 business days",
                     "Tuesday 03/05/2030 (2 appointments)", "Wednesday 03/06/2030 (1 appointment)",
                     "Able, Ann", "(518) 555-0101", "Maria Alvarez, MD", "&<i>BP</i>", "Not called yet",
                     "Confirmed", "No answer", "Cancelled", "Confidential: patient information."):
        assert expected in text, expected
    events = audit.list_events(uictx.services, audit.AuditFilter())
    printed = [e for e in events if e.action == "schedule.call_sheet_print"]
    assert len(printed) == 1 and printed[0].detail == "3 appointments, 2 business days"
    assert "Able" not in printed[0].detail
    if shutil.which("pdftoppm"):
        picture = screenshot_path("calx-call-sheet")
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-singlefile", str(target), str(picture)], check=True)
        assert picture.with_name("calx-call-sheet.png").stat().st_size > 0


def test_markup_in_names_prints_literally(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.reports.call_sheet import (
        CallSheet,
        CallSheetRow,
        contact_note,
        write_call_sheet_pdf,
    )

    start = datetime(2030, 3, 5, 9, 0, tzinfo=TZ)
    rows = tuple(CallSheetRow(start + timedelta(minutes=15 * i), name, "+15185550101",
                              contact_note("text", True, False), "Maria Alvarez, MD", "Office visit", "Scheduled",
                              "Not called yet")
                 for i, name in enumerate(["<b>O'Brien & Sons</b>"] + [f"Patient{i:02d}, Test" for i in range(40)]))
    path = tmp_path / "sheet.pdf"
    write_call_sheet_pdf(path, CallSheet("Maple & <b>Main</b> Clinic", 2, start, rows))
    text = _pdf_text(path)
    assert "<b>O'Brien & Sons</b>" in text and "Maple & <b>Main</b> Clinic" in text
    assert "Prefers text message;" in text and "voicemail OK; no texts" in text  # wrapped in its cell
    assert all(f"Patient{i:02d}, Test" in text for i in range(40)), "a long list flows over pages"
    with pdfplumber.open(path) as pdf:
        assert len(pdf.pages) >= 2 and pdf.pages[0].width > pdf.pages[0].height  # landscape US Letter
        assert (round(pdf.pages[0].width), round(pdf.pages[0].height)) == (792, 612)
    assert not list(tmp_path.glob("*.tmp"))
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-singlefile", str(path),
                        str(screenshot_path("calx-call-sheet-markup"))], check=True)


def test_front_desk_can_call(qtbot, uictx, booked, practice) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.domain.permissions import Role
    from frontdesk.services.admin import users
    from frontdesk.services._base import Actor

    info = users.add_user(uictx.services, "rita", "Rita Reception", Role.FRONT_DESK, "rita's own violet canyon")
    uictx.set_actor(Actor(info.id, info.username, info.full_name, info.role))
    panel = show(qtbot, ConfirmationCallsPanel(uictx), 1100, 560)
    assert panel.model.rowCount() == 3 and panel.print_button.isEnabled()


def test_the_call_sheet_service_needs_a_signed_in_booker(anon_ctx, uictx, booked) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.errors import PermissionDenied
    from frontdesk.services.scheduling import call_sheet

    with pytest.raises(PermissionDenied):
        call_sheet.call_sheet(anon_ctx)
    sheet = call_sheet.call_sheet(uictx.services, 3, include_confirmed=True)
    assert [r.patient_name for r in sheet.rows] == ["Able, Ann", "Baker, Bob", "Cole, Cy", "Able, Ann"]
    assert sheet.rows[0].phone == "+15185550101" and sheet.rows[0].start.tzinfo is not None
