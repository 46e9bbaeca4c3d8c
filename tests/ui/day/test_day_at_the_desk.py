"""A whole day at the desk on the real main window, as one receptionist and one biller would live it.

Register, book, check in with a copay, charge, print the claim, post the EOB, prepare a statement, take a
phone message, lock and unlock, switch user, close the day. The process clock is in UTC while the practice
is in New York, and the practice's evening is already the next day in UTC: every date the screens show or
default must still be the practice's. Nothing may raise an unexpected-error dialog or log an ERROR line.
"""

from __future__ import annotations

import logging
import time as time_module
from collections.abc import Callable, Iterator
from typing import Any
from datetime import UTC, datetime, time
from decimal import Decimal
from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QLabel, QWidget
from pytestqt.qtbot import QtBot
from testsupport import FAST_KDF, PASSPHRASE, type_cell

from frontdesk.demo.billing import seed_demo_billing_settings
from frontdesk.demo.build import DEMO_EXTRA_USERS, DEMO_PASSWORD, DEMO_PRACTICE, DEMO_USERNAME
from frontdesk.demo.data import seed_demo_patients, seed_demo_providers
from frontdesk.demo.fees import seed_demo_fee_schedule
from frontdesk.demo.insurance import seed_demo_insurance
from frontdesk.demo.schedule import seed_demo_schedule
from frontdesk.domain import schedule_time as st
from frontdesk.error_messages import UserMessage
from frontdesk.first_run import create_practice
from frontdesk.paths import DataPaths
from frontdesk.services._base import ServiceContext
from frontdesk.services.admin import auth, backups, users
from frontdesk.storage.engine import Database
from frontdesk.ui.billing.payments.take_payment_dialog import TakePaymentDialog
from frontdesk.ui.billing.print_dialog import PrintClaimsDialog
from frontdesk.ui.calendar.booking_dialog import BookingDialog, BookingPrefill
from frontdesk.ui.calendar.checkout_dialog import CheckOutChoice, CheckOutDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.messages_dialog import TakeMessageDialog
from frontdesk.ui.end_of_day import EndOfDayDialog
from frontdesk.ui.end_of_day.dialogs import DepositDialog, DrawerCountDialog
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.lock.screen import SwitchUserConfirm
from frontdesk.ui.patients.intake_dialog import IntakeDialog
from frontdesk.ui.patients.policy_dialog import PolicyDialog
from frontdesk.ui.runner import Runner
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.form import FieldError
from frontdesk.ui.widgets.patient_picker import PatientPickerDialog
from frontdesk.ui.widgets.pdf_printing import PrinterDialog

# Monday 06/15/2026, 9:00 AM in New York; the evening part of the day runs at 8:30 PM New York,
# which is already Tuesday in UTC (the workstation's zone in this test).
MORNING = datetime(2026, 6, 15, 13, 0, tzinfo=UTC)
EVENING = datetime(2026, 6, 16, 0, 30, tzinfo=UTC)
DAY = MORNING.astimezone(st.zone("America/New_York")).date()


@pytest.fixture
def workstation_in_utc() -> Iterator[None]:
    """The process (the workstation) runs in UTC while the practice is in New York."""
    with pytest.MonkeyPatch.context() as patch:  # TZ is restored before the tzset() below reads it again
        patch.setenv("TZ", "UTC")
        time_module.tzset()
        yield
    time_module.tzset()


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    now = [MORNING]
    monkeypatch.setattr(st, "utc_now", lambda: now[0])
    return now


@pytest.fixture
def qtbot(qtbot: QtBot) -> QtBot:
    """Waits of up to 20 s: the real database thread on a busy 2-core machine is slower than a test's 5 s default."""
    original = qtbot.waitUntil
    qtbot.waitUntil = lambda callback, *, timeout=20_000: original(callback, timeout=timeout)  # type: ignore[method-assign]
    return qtbot


@pytest.fixture(autouse=True)
def switch_confirmed(monkeypatch: pytest.MonkeyPatch) -> None:
    """'Switch to <user>? Unsaved work of <user> is discarded': yes."""
    monkeypatch.setattr(SwitchUserConfirm, "ask", classmethod(lambda cls, parent, locked, new: True))


@pytest.fixture
def demo_db(tmp_path: Path, clock: list[datetime], workstation_in_utc: None) -> Iterator[Database]:
    """The demo practice's set-up (providers, payers, fees, schedule, users) with 30 patients and no history."""
    paths = DataPaths(tmp_path / "demo")
    result = create_practice(paths, DEMO_PRACTICE, admin_username=DEMO_USERNAME, admin_full_name="Dana Demo",
                             admin_password=DEMO_PASSWORD, passphrase=PASSPHRASE, kdf=FAST_KDF, is_demo=True)
    ctx = ServiceContext(result.db, result.actor)
    for username, full_name, role in DEMO_EXTRA_USERS:
        users.add_user(ctx, username, full_name, role, DEMO_PASSWORD)
    seed_demo_providers(ctx)
    seed_demo_patients(ctx, 30, 42)
    seed_demo_insurance(ctx)
    seed_demo_fee_schedule(ctx)
    seed_demo_schedule(ctx, years=0.02, fill=0.0)
    seed_demo_billing_settings(ctx)
    yield result.db
    result.db.close()


def _drive(qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, cls: type, fill: Callable[[Any], Any],
           build: Callable[..., Any] | None = None) -> list[Any]:
    """Replace ``cls.ask``: build the real dialog, show it, let ``fill`` use it as a person would, return its answer."""
    opened: list[Any] = []

    def fake(klass, parent, *args, **kwargs):  # type: ignore[no-untyped-def]
        dialog = build(klass, parent, *args, **kwargs) if build else klass(*args, parent=parent, **kwargs)
        dialog.show()
        qtbot.waitExposed(dialog)
        opened.append(dialog)
        return fill(dialog)

    monkeypatch.setattr(cls, "ask", classmethod(fake))
    return opened


def _click(qtbot: QtBot, button: Any) -> None:
    assert button.isEnabled(), button.objectName() or button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _key(qtbot: QtBot, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.ControlModifier) -> None:
    """A shortcut typed wherever the keyboard is (shortcuts go through the focus widget)."""
    focus = QApplication.focusWidget()
    assert focus is not None, "the keyboard is nowhere"
    qtbot.keyClick(focus, key, modifiers)


def _errors(widget: QWidget) -> list[str]:
    """The field errors a person sees in a form."""
    return [e.text() for e in widget.findChildren(FieldError) if e.isVisible() and e.text()]


def _activate(qtbot: QtBot, window: QWidget) -> None:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def _switch_user(qtbot: QtBot, main: Any, username: str) -> None:
    """Lock the screen (Ctrl+L) and let another person sign in with Switch user."""
    _activate(qtbot, main)
    _key(qtbot, Qt.Key.Key_L)
    assert main.is_locked()
    screen = main.lock_screen
    _click(qtbot, screen.switch_button)
    qtbot.keyClicks(screen.switch_username, username)
    qtbot.keyClicks(screen.switch_password, DEMO_PASSWORD)
    qtbot.keyClick(screen.switch_password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not main.is_locked())
    assert main.uictx.actor.username == username


ALLOWED, PAID, ADJUSTMENTS = 5, 6, 7  # columns of the EOB lines grid


def _sign_in(uictx: UiContext, username: str) -> None:
    actor = auth.login(uictx.services, username, DEMO_PASSWORD)
    uictx.set_actor(actor)


# Completer pop-ups on a shown, active window ask for a keyboard grab, which the offscreen platform cannot do.
@pytest.mark.qt_log_ignore("^This plugin does not support grabbing the keyboard")
def test_a_whole_day_at_the_desk(qtbot: QtBot, demo_db: Database, tmp_path: Path, clock: list[datetime],
                                 monkeypatch: pytest.MonkeyPatch, shown_errors: list[UserMessage], caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    db = demo_db
    presenter = ErrorPresenter()
    runner = Runner(presenter)
    try:
        uictx = UiContext(db, DataPaths(tmp_path / "demo"), runner, demo=True)
        _sign_in(uictx, "reception")
        from frontdesk.ui.app import build_main_window

        main = build_main_window(uictx, practice_name="Maple Street Family Medicine (DEMO)")
        qtbot.addWidget(main)
        main.resize(1366, 768)
        main.show()
        qtbot.waitExposed(main)
        _activate(qtbot, main)
        calendar = main.go("calendar")
        qtbot.waitUntil(lambda: calendar.current_day() == DAY)

        # 1. Register a new patient by keyboard: Ctrl+F reaches the Patients pane, Ctrl+N, type, Ctrl+S.
        main.search_patients()
        patients_pane = main.panes.pane("patients")
        _key(qtbot, Qt.Key.Key_N)
        assert patients_pane.form.heading.text() == "New patient"
        for name, text in {"first_name": "Grace", "last_name": "Hopper", "dob": "12/9/06",
                           "home_phone": "518 555 0188", "address_line1": "5 Navy Way", "city": "Albany",
                           "state": "NY", "zip_code": "12207"}.items():
            edit = patients_pane.form.edits[name]
            edit.setFocus()
            qtbot.keyClicks(edit, text)
        patients_pane.form.sex.setFocus()
        qtbot.keyClick(patients_pane.form.sex, "F")
        _key(qtbot, Qt.Key.Key_S)
        qtbot.waitUntil(lambda: patients_pane.stack.currentWidget() is patients_pane.view)
        assert patients_pane.view.values["dob"].text().startswith("12/09/2006")
        patient_id = patients_pane.view.record.id

        # 2. Her insurance card: a primary Aetna policy with a $25 copay.
        def policy(dialog: PolicyDialog) -> Any:
            starts = Qt.MatchFlag.MatchStartsWith
            qtbot.waitUntil(lambda: dialog.payer.findText("Aetna", starts) >= 0)  # the list loads in the background
            dialog.payer.setCurrentIndex(dialog.payer.findText("Aetna", starts))
            qtbot.keyClicks(dialog.member_id, "W555 0188")
            qtbot.keyClicks(dialog.effective_date, "01/01/2026")
            qtbot.keyClicks(dialog.copay, "25")
            qtbot.keyClicks(dialog.release_signed_on, f"{DAY:%m/%d/%Y}")
            qtbot.keyClicks(dialog.assignment_signed_on, f"{DAY:%m/%d/%Y}")
            _click(qtbot, dialog.ok_button)
            qtbot.waitUntil(lambda: dialog.outcome is not None or bool(_errors(dialog)))
            assert dialog.outcome is not None, _errors(dialog)
            return dialog.outcome

        _drive(qtbot, monkeypatch, PolicyDialog, policy,
               build=lambda klass, parent, uictx, *a, **k: klass(uictx, *a, parent=parent, **k))
        patients_pane.view.tabs.setCurrentWidget(patients_pane.view.insurance)
        qtbot.waitUntil(lambda: patients_pane.view.insurance.add_button.isEnabled())
        _click(qtbot, patients_pane.view.insurance.add_button)
        qtbot.waitUntil(lambda: patients_pane.view.insurance.model.rowCount() == 1)

        # 3. Book her for 3:15 PM today from the calendar (Ctrl+Shift+N).
        def book(dialog: BookingDialog) -> Any:
            qtbot.keyClicks(dialog.picker.search, "hopper")
            qtbot.waitUntil(lambda: dialog.picker.model.rowCount() > 0)
            qtbot.keyClick(dialog.picker.search, Qt.Key.Key_Down)
            qtbot.keyClick(dialog.picker.table, Qt.Key.Key_Return)
            assert dialog.picker.patient_id() == patient_id
            assert dialog.start.day() == DAY  # the practice's today
            time_field = dialog.start.time_edit
            time_field.setFocus()
            time_field.selectAll()
            qtbot.keyClicks(time_field, "315p")  # typed the way people type it
            qtbot.keyClicks(dialog.reason, "Cough")
            _click(qtbot, dialog.ok_button)
            qtbot.waitUntil(lambda: dialog.outcome is not None or bool(_errors(dialog))
                            or dialog.conflict.isVisible())
            assert dialog.outcome is not None, (_errors(dialog), [w.text() for w in dialog.findChildren(QLabel) if w.isVisible()][11:])
            return dialog.outcome

        _drive(qtbot, monkeypatch, BookingDialog, book,
               build=lambda klass, parent, uictx, catalog, prefill=None: klass(uictx, catalog,
                                                                               prefill or BookingPrefill(), parent))
        _activate(qtbot, main)  # (the offscreen platform does not give the window back after a dialog)
        main.go("calendar")
        _key(qtbot, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
        grid = calendar.day_grid
        qtbot.waitUntil(lambda: any(p.info.patient_id == patient_id for p in grid.placed))
        visit = next(p.info for p in grid.placed if p.info.patient_id == patient_id)

        # 4. She arrives: check in from the appointment's menu, walk the checklist, take the $25 copay.
        printed: list[Path] = []

        def printer(cls, parent, title="Print"):  # type: ignore[no-untyped-def]
            out = QPrinter(QPrinter.PrinterMode.ScreenResolution)
            printed.append(tmp_path / f"printed-{len(printed)}.pdf")
            out.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
            out.setOutputFileName(str(printed[-1]))
            return out

        monkeypatch.setattr(PrinterDialog, "ask", classmethod(printer))

        def pay(dialog: TakePaymentDialog) -> Any:
            assert dialog.amount.text() == "25.00"
            _click(qtbot, dialog.ok_button)
            qtbot.waitUntil(lambda: dialog.outcome is not None or bool(_errors(dialog)))
            assert dialog.outcome is not None, _errors(dialog)
            return dialog.outcome

        _drive(qtbot, monkeypatch, TakePaymentDialog, pay)

        def check_in(dialog: IntakeDialog) -> Any:
            demo_step, insurance_step, consents_step, copay_step = dialog.steps()
            qtbot.waitUntil(lambda: demo_step.confirm_button.isEnabled())
            _click(qtbot, demo_step.confirm_button)
            qtbot.waitUntil(lambda: insurance_step.card_button.isEnabled())
            _click(qtbot, insurance_step.card_button)
            qtbot.waitUntil(lambda: consents_step.reason.isVisible())
            qtbot.keyClicks(consents_step.reason, "Signing at the next visit")
            qtbot.keyClick(consents_step.reason, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: dialog.take_copay_button.isEnabled())
            assert copay_step.amount.text() == "25.00"
            _click(qtbot, dialog.take_copay_button)
            qtbot.waitUntil(lambda: dialog.progress.text() == "Check-in complete: all 4 steps confirmed.")
            _click(qtbot, dialog.finish_button)
            return dialog.summary

        _drive(qtbot, monkeypatch, IntakeDialog, check_in,
               build=lambda klass, parent, uictx, pid, appointment_id=None: klass(uictx, pid, appointment_id, parent))
        qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.block_center(visit.id))
        qtbot.waitUntil(lambda: calendar.appointment_menu.target() is not None
                        and calendar.appointment_menu.target().id == visit.id)
        calendar.appointment_menu.entries["check_in"].trigger()
        qtbot.waitUntil(lambda: grid.appointment(visit.id).status == "arrived")
        assert len(printed) == 1 and printed[0].read_bytes().startswith(b"%PDF")  # the copay receipt
        assert visit.start.time() == time(15, 15)
        with pdfplumber.open(printed[0]) as pdf:  # printed at the printer's resolution: one page, one image
            assert len(pdf.pages) == 1 and pdf.pages[0].images
        # Roomed, seen, checked out (no follow-up today).
        monkeypatch.setattr(CheckOutDialog, "ask", classmethod(lambda cls, parent, result: (CheckOutChoice.DONE, None)))
        for key, status in (("room", "in_room"), ("check_out", "checked_out")):
            qtbot.waitUntil(lambda key=key: calendar.appointment_menu.entries[key].isEnabled())
            calendar.appointment_menu.entries[key].trigger()
            qtbot.waitUntil(lambda status=status: grid.appointment(visit.id).status == status)

        # 5. The biller takes the desk: lock, Switch user, and charge the visit from the calendar.
        _switch_user(qtbot, main, "biller")
        calendar = main.panes.pane("calendar")
        grid = calendar.day_grid
        qtbot.waitUntil(lambda: grid.appointment(visit.id) is not None)
        qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.block_center(visit.id))
        qtbot.waitUntil(lambda: calendar.appointment_menu.target() is not None
                        and calendar.appointment_menu.target().id == visit.id)
        assert calendar.appointment_menu.entries["enter_charges"].isEnabled()
        calendar.appointment_menu.entries["enter_charges"].trigger()
        qtbot.waitUntil(lambda: main.panes.current_key() == "billing")
        billing = main.panes.pane("billing")
        screen = billing.encounter
        qtbot.waitUntil(lambda: (screen.detail is not None and screen.detail.appointment_id == visit.id) or bool(shown_errors))
        assert not shown_errors, shown_errors
        assert f"{DAY:%m/%d/%Y}" in screen.title.text()  # the visit's date, not the workstation's
        screen.diagnoses.search.setFocus()
        qtbot.keyClicks(screen.diagnoses.search, "J20.9")
        qtbot.waitUntil(lambda: screen.diagnoses.results.count() > 0)
        qtbot.keyClick(screen.diagnoses.search, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: screen.diagnoses.chosen.count() == 1)
        screen.editor.code.setFocus()
        qtbot.keyClicks(screen.editor.code, "99213")
        screen.editor.pointers.clear()
        qtbot.keyClicks(screen.editor.pointers, "A")
        qtbot.keyClick(screen.editor.pointers, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: screen.lines_model.rowCount() == 1)
        qtbot.keyClick(screen, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: not screen.create_button.isEnabled())

        # 6. Print the ready claims (Ctrl+P in Billing) to a PDF: the claim goes out as submitted.
        claims_pdf = tmp_path / "claims.pdf"
        monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: claims_pdf))

        def print_claims(dialog: PrintClaimsDialog) -> Any:
            _click(qtbot, dialog.pdf_button)
            return dialog.outcome

        _drive(qtbot, monkeypatch, PrintClaimsDialog, print_claims,
               build=lambda klass, parent, count, offsets: klass(parent, count, offsets))
        _activate(qtbot, main)
        main.go("billing")
        billing.show_tab("claims")
        qtbot.keyClick(billing, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: claims_pdf.exists())

        # 7. Evening (8:30 PM in New York, already tomorrow in UTC): Aetna's check arrives; post its EOB.
        #    Aetna allows $100.00 and pays $65.00; the rest of the charge is CO-45, the patient's part is
        #    PR-3 $25.00 (the copay she paid) and PR-2 $10.00 (coinsurance).
        clock[0] = EVENING
        _activate(qtbot, main)
        eob = billing.eob_page
        billing.show_tab("eob")
        header = eob.header
        header.reload()
        qtbot.waitUntil(lambda: header.payer.findText("Aetna", Qt.MatchFlag.MatchStartsWith) >= 0)
        assert header.paid_on.date().toPython() == DAY  # the practice's today, not the workstation's
        header.payer.setCurrentIndex(header.payer.findText("Aetna", Qt.MatchFlag.MatchStartsWith))
        header.kind.setCurrentIndex(header.kind.findData("check"))
        qtbot.keyClicks(header.number, "77001")
        qtbot.keyClicks(header.total, "65.00")  # one claim on this check
        _click(qtbot, header.enter_button)
        qtbot.waitUntil(lambda: eob.payment is not None)
        qtbot.keyClicks(eob.search, "hopper")
        qtbot.keyClick(eob.search, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: eob.results.rowCount() >= 1)
        qtbot.keyClick(eob.results_view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(eob.boxes) == 1)
        qtbot.waitUntil(eob.boxes[0].view.isVisible)
        charge = eob.boxes[0].model.lines[0].open.charge
        for column, text in ((ALLOWED, "100"), (PAID, "65"), (ADJUSTMENTS, f"CO-45 {charge - 100}; PR-3 25; PR-2 10")):
            type_cell(qtbot, eob.boxes[0].view, 0, column, text)
        box = eob.boxes[0]
        _click(qtbot, eob.save_button)
        qtbot.waitUntil(lambda: not eob.boxes or box.error.isVisible())
        assert not eob.boxes, box.error.text()
        qtbot.waitUntil(lambda: eob.close_button.isEnabled())
        _click(qtbot, eob.close_button)
        qtbot.waitUntil(lambda: eob.payment is None)

        # 8. Statements: the $10.00 coinsurance she owes is billed (her $25 copay paid the PR-3).
        statements_page = billing.statements_page
        billing.show_tab("statements")
        opened: list[Path] = []
        statements_page.open_pdf = opened.append
        statement_pdf = tmp_path / "statements.pdf"
        monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: statement_pdf))
        qtbot.waitUntil(lambda: statements_page.prepare_button.isEnabled())
        _click(qtbot, statements_page.prepare_button)
        qtbot.waitUntil(lambda: opened == [statement_pdf])
        with pdfplumber.open(statement_pdf) as pdf:
            text = "\n".join(page.extract_text() or "" for page in pdf.pages)
        assert "Hopper" in text and "$10.00" in text, text

        # 9. Back to the front desk: a phone message for the biller, then lock and unlock.
        _switch_user(qtbot, main, "reception")
        desk = main.go("desk")
        messages_tab = desk.show_tab("messages")

        def find(dialog: PatientPickerDialog) -> Any:
            qtbot.keyClicks(dialog.search, "hopper")
            qtbot.waitUntil(lambda: dialog.model.rowCount() > 0)
            qtbot.keyClick(dialog.search, Qt.Key.Key_Down)
            qtbot.keyClick(dialog.view, Qt.Key.Key_Return)
            return dialog.chosen

        _drive(qtbot, monkeypatch, PatientPickerDialog, find,
               build=lambda klass, parent, uictx, title, exclude_id=None: klass(uictx, title, exclude_id, parent))

        def message(dialog: TakeMessageDialog) -> Any:
            _click(qtbot, dialog.patient.find_button)
            assert dialog.patient.patient_id() == patient_id
            qtbot.keyClicks(dialog.caller_name, "Grace Hopper")
            qtbot.keyClicks(dialog.caller_phone, "5185550188")
            qtbot.keyClicks(dialog.reason, "Billing question")
            qtbot.keyClicks(dialog.text, "Asks about the $10.00 statement")
            dialog.to.setCurrentIndex(dialog.to.findText("Ben Biller", Qt.MatchFlag.MatchContains))
            _click(qtbot, dialog.ok_button)
            qtbot.waitUntil(lambda: dialog.outcome is not None or bool(_errors(dialog)))
            assert dialog.outcome is not None, _errors(dialog)
            return dialog.outcome

        _drive(qtbot, monkeypatch, TakeMessageDialog, message,
               build=lambda klass, parent, uictx, recipients: klass(uictx, recipients, parent))
        _click(qtbot, messages_tab.take_button)
        _activate(qtbot, main)
        _key(qtbot, Qt.Key.Key_L)
        assert main.is_locked()
        qtbot.keyClicks(main.lock_screen.password, DEMO_PASSWORD)
        qtbot.keyClick(main.lock_screen.password, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: not main.is_locked())

        # 10. End of day: deposit the copay, count the drawer, save the day sheet, back up, close.
        backups_dir = tmp_path / "backups"
        backups_dir.mkdir()

        def back_up(parent: QWidget) -> bool:
            backups.run_backup(uictx.services, backups_dir)
            return True

        def deposit(parent, day, waiting):  # type: ignore[no-untyped-def]
            dialog = DepositDialog(parent, day, waiting)
            dialog.show()
            _click(qtbot, dialog.save_button)
            return dialog.choice

        def drawer(parent, ctx, day, expected):  # type: ignore[no-untyped-def]
            # The copay in cash and Aetna's check, both received on the practice's day.
            assert (day, expected.cash, expected.checks) == (DAY, Decimal("25.00"), Decimal("65.00"))
            dialog = DrawerCountDialog(parent, ctx, day, expected)
            dialog.show()
            qtbot.keyClicks(dialog.cash_edit, "125.00")  # the $100.00 float included
            qtbot.keyClicks(dialog.checks_edit, "65.00")
            _click(qtbot, dialog.save_button)
            qtbot.waitUntil(lambda: dialog.result_count is not None or bool(_errors(dialog)))
            assert dialog.result_count is not None, (_errors(dialog), dialog.cash_edit.text())
            return dialog.result_count

        monkeypatch.setattr(DepositDialog, "ask", deposit)
        monkeypatch.setattr(DrawerCountDialog, "ask", drawer)
        day_sheet = tmp_path / "day-sheet.pdf"
        monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: day_sheet))

        def close_day(klass, parent, uictx, backup_runner, day=None):  # type: ignore[no-untyped-def]
            dialog = klass(parent, uictx, back_up, day)
            dialog.show()
            pane = dialog.pane
            assert pane.day == DAY  # shown at once: the practice's evening, not the workstation's tomorrow
            qtbot.waitUntil(lambda: pane.current is not None)
            assert pane.current.day == DAY
            for button in (pane.deposit_button, pane.drawer_button, pane.save_sheet_button, pane.backup_button):
                qtbot.waitUntil(button.isEnabled)
                _click(qtbot, button)
            qtbot.waitUntil(lambda: pane.result_label.text() == "Everything is done: press Close day.")
            _click(qtbot, pane.close_button)
            qtbot.waitUntil(lambda: pane.result_label.text() == "\u2714 Day closed, backup verified.")
            dialog.close()
            return dialog.outcome()

        monkeypatch.setattr(EndOfDayDialog, "ask", classmethod(close_day))
        main.end_of_day()
        assert day_sheet.is_file()
        qtbot.waitUntil(lambda: not runner.is_busy())
    finally:
        runner.shutdown()
    assert shown_errors == []
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == []
