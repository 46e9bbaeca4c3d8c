"""Copay at check-in: the checklist's Take copay -> the payment dialog prefilled (cash, amount due) -> receipt."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pdfplumber
from payui_lib import Clinic, Driver
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractSpinBox, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from frontdesk.models import AuditEvent, IntakeRecord, Payment, PaymentApplication
from frontdesk.services.patients import intake as intake_service
from frontdesk.ui.billing.payments.take_payment_dialog import TakePaymentDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.patients.intake_dialog import IntakeDialog
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.form import FieldError


def _intake(qtbot: QtBot, uictx: UiContext, patient_id: int, appointment_id: int) -> IntakeDialog:
    dialog = IntakeDialog(uictx, patient_id, appointment_id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.take_copay_button.isEnabled())
    return dialog


def test_copay_at_check_in_in_three_clicks_with_printed_receipt(qtbot: QtBot, desk_ui: UiContext, clinic: Clinic,
                                                                dialogs: Driver, printed: list[Path], db) -> None:
    pid = clinic.patient("Nguyen", "Lan", copay_cents=2500)
    appt = clinic.appointment(pid)
    intake = _intake(qtbot, desk_ui, pid, appt)
    assert intake.copay.amount.text() == "25.00"  # the policy's copay, suggested

    def drive(dialog: TakePaymentDialog) -> None:
        # Prefilled for a copay: cash, the amount due, the method focused, the receipt to be printed.
        assert dialog.method.currentData() == "cash" and dialog.amount.text() == "25.00"
        assert dialog.focusWidget() is dialog.method or dialog.method.hasFocus()
        assert dialog.receipt_choice() == "print"
        # Never a field a full card number fits in: card digits are the last 4 only.
        edits = [e for e in dialog.findChildren(QLineEdit) if not isinstance(e.parent(), QAbstractSpinBox)]
        assert dialog.card_last4.maxLength() == 4
        assert all(e.maxLength() <= 12 for e in edits if e not in (dialog.note, dialog.amount))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)  # click 2
        assert dialog.outcome is not None, [w.text() for w in dialog.findChildren(FieldError) if w.text()]

    dialogs.on(TakePaymentDialog, drive)
    qtbot.mouseClick(intake.take_copay_button, Qt.MouseButton.LeftButton)  # click 1 (click 3: the print dialog's OK)
    assert not dialogs.failures
    assert len(dialogs.opened) == 1 and dialogs.opened[0].result() == 1  # accepted
    # The receipt went to the printer: a one-page PDF rendered at actual size, the temporary file removed.
    with pdfplumber.open(printed[0]) as pdf:
        assert len(pdf.pages) == 1 and pdf.pages[0].images
    assert not list(Path(desk_ui.paths.root).glob(".print-*.pdf"))
    assert "$25.00 taken (Cash)" in intake.copay_note.text() and "sent to the printer" in intake.copay_note.text()
    assert not intake.take_copay_button.isEnabled()  # collected: not twice
    assert intake.summary is not None and intake.summary.copay_collected and intake.summary.copay_due == Decimal("25.00")
    with db.session(write=False) as s:
        payment = s.scalar(select(Payment))
        assert (payment.amount_cents, payment.method, payment.appointment_id) == (2500, "cash", appt)
        assert s.scalar(select(IntakeRecord.copay_collected).where(IntakeRecord.appointment_id == appt)) is True
        assert s.scalar(select(AuditEvent.seq).where(AuditEvent.action == "payment.receipt")) is not None


def test_card_copay_errors_sit_next_to_the_field_and_the_receipt_can_be_saved(
        qtbot: QtBot, desk_ui: UiContext, clinic: Clinic, dialogs: Driver, monkeypatch, tmp_path: Path, db) -> None:
    pid = clinic.patient("Okafor", "Ada", copay_cents=4000)
    appt = clinic.appointment(pid)
    intake = _intake(qtbot, desk_ui, pid, appt)
    saved_to = tmp_path / "receipt.pdf"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: saved_to))

    def drive(dialog: TakePaymentDialog) -> None:
        dialog.method.setCurrentIndex(dialog.method.findData("card"))
        assert dialog.card_last4.isVisible() and not dialog.check_number.isVisible()
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        # The service refuses a card payment without its last 4 digits; the message sits under that field.
        error = dialog.form.error_label("card_last4")
        assert error.isVisible() and "last 4" in error.text() and dialog.isVisible()
        qtbot.keyClicks(dialog.card_last4, "42a42")  # only digits get in, and only 4
        assert dialog.card_last4.text() == "4242"
        qtbot.keyClicks(dialog.card_auth_code, "ZQ77AB")
        dialog.receipt_group.buttons()[1].click()  # Save receipt as PDF
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    dialogs.on(TakePaymentDialog, drive)
    qtbot.mouseClick(intake.take_copay_button, Qt.MouseButton.LeftButton)
    assert "saved as receipt.pdf" in intake.copay_note.text()
    with pdfplumber.open(saved_to) as pdf:
        text = "\n".join(page.extract_text() or "" for page in pdf.pages)
    assert "$40.00" in text and "4242" in text and "Ada" in text


def test_cancelled_copay_leaves_it_uncollected(qtbot: QtBot, desk_ui: UiContext, clinic: Clinic, dialogs: Driver,
                                              printed: list[Path], db) -> None:
    pid = clinic.patient("Ivers", copay_cents=1500)
    intake = _intake(qtbot, desk_ui, pid, clinic.appointment(pid))
    dialogs.on(TakePaymentDialog, lambda dialog: dialog.reject())
    qtbot.mouseClick(intake.take_copay_button, Qt.MouseButton.LeftButton)
    assert intake.take_copay_button.isEnabled() and not printed
    assert intake.summary is not None and not intake.summary.copay_collected
    with db.session(write=False) as s:
        assert s.scalar(select(Payment.id)) is None


def test_cancelling_take_copay_leaves_the_copay_step_unconfirmed(qtbot: QtBot, desk_ui: UiContext, clinic: Clinic,
                                                                 dialogs: Driver, printed: list[Path]) -> None:
    pid = clinic.patient("Ferro", copay_cents=2500)
    appt = clinic.appointment(pid)
    started = intake_service.start_intake(desk_ui.services, pid, appointment_id=appt)
    intake_service.confirm_demographics(desk_ui.services, started.id)
    intake_service.verify_insurance(desk_ui.services, started.id, "card")
    intake_service.confirm_consents(desk_ui.services, started.id, override_reason="signs after the visit")
    dialog = _intake(qtbot, desk_ui, pid, appt)
    assert dialog.progress.text() == "3 of 4 steps confirmed."
    dialogs.on(TakePaymentDialog, lambda payment_dialog: payment_dialog.reject())
    qtbot.mouseClick(dialog.take_copay_button, Qt.MouseButton.LeftButton)
    assert len(dialogs.opened) == 1 and not printed
    # Nothing was taken, so nothing is confirmed: the step and the checklist say so.
    assert dialog.copay.state_text.text() == "Not confirmed yet"
    assert dialog.progress.text() == "3 of 4 steps confirmed."
    assert intake_service.get_intake(desk_ui.services, started.id).copay_due is None


def test_copay_taken_at_check_in_goes_to_the_visit_not_older_charges(qtbot: QtBot, desk_ui: UiContext,
                                                                     clinic: Clinic, dialogs: Driver, db) -> None:
    pid = clinic.patient("Marsh", copay_cents=3000)
    clinic.visit(pid, (4000,))  # an older visit still owing $40.00
    appt = clinic.appointment(pid)
    dialog = _intake(qtbot, desk_ui, pid, appt)

    def drive(payment_dialog: TakePaymentDialog) -> None:
        # At check-in the money is the visit's: no choice of "oldest first" or "keep as credit".
        assert payment_dialog.apply_to.count() == 1 and not payment_dialog.apply_to.isEnabled()
        assert "This visit" in payment_dialog.apply_to.currentText()
        payment_dialog.receipt_group.buttons()[2].click()  # no receipt
        qtbot.mouseClick(payment_dialog.ok_button, Qt.MouseButton.LeftButton)

    dialogs.on(TakePaymentDialog, drive)
    qtbot.mouseClick(dialog.take_copay_button, Qt.MouseButton.LeftButton)
    assert not dialogs.failures
    assert dialog.copay_note.text() == "\u2714 $30.00 taken (Cash), to be applied when this visit is charged."
    assert dialog.copay.state_text.text().startswith("Confirmed")  # confirmed once the money was taken
    assert dialog.summary is not None and dialog.summary.copay_due == Decimal("30.00")
    with db.session(write=False) as s:
        payment = s.scalar(select(Payment))
        assert payment.appointment_id == appt
        assert s.scalar(select(PaymentApplication.id)) is None  # waits for this visit's charges
