"""Referrals tab: create a referral through the dialog and move it through every state; print its letter."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from refui_lib import UiClinic, find_patient

from frontdesk.domain import schedule_time as st
from frontdesk.services.desk import referrals
from frontdesk.services.desk.referral_types import ReferralInput
from frontdesk.services.patients import contact_history
from frontdesk.ui.desk.referral_dialog import ReferralDialog
from frontdesk.ui.desk.referral_status_dialog import ReferralStatusDialog
from frontdesk.ui.widgets.file_dialog import SaveFileDialog


def _drive_new_referral(qtbot, monkeypatch, clinic: UiClinic, *, destination: bool = True):  # type: ignore[no-untyped-def]
    """Replace ReferralDialog.ask with one that fills the real dialog by keyboard and presses Save."""
    seen: dict[str, ReferralDialog] = {}

    def ask(cls, parent, uictx, detail=None):  # type: ignore[no-untyped-def]
        dialog = cls(parent, uictx, detail)
        qtbot.addWidget(dialog)
        seen["dialog"] = dialog
        find_patient(qtbot, dialog.picker, "obrien")
        assert dialog.picker.selected.text().startswith("\u2714 Referral for: Obrien, Mary")  # not "Booking for"
        if destination:
            dialog.destination.setCurrentIndex(dialog.destination.findData(clinic.cardiology_id))
        dialog.reason.setFocus()
        qtbot.keyClicks(dialog.reason, "Palpitations <b>now</b>")
        qtbot.keyClicks(dialog.diagnoses, "R00.2, I10")
        qtbot.keyClicks(dialog.authorization, "AUTH-5521")
        qtbot.keyClicks(dialog.visits, "3")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.result_detail

    monkeypatch.setattr(ReferralDialog, "ask", classmethod(ask))
    return seen


def _step(qtbot, monkeypatch, status: str, appointment: tuple[date, time] | None = None) -> None:  # type: ignore[no-untyped-def]
    def ask(cls, parent, uictx, detail):  # type: ignore[no-untyped-def]
        dialog = cls(parent, uictx, detail)
        qtbot.addWidget(dialog)
        dialog.status_box.setCurrentIndex(dialog.status_box.findData(status))
        if appointment is not None:
            dialog.set_appointment(*appointment)
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.result_detail

    monkeypatch.setattr(ReferralStatusDialog, "ask", classmethod(ask))


# A frozen practice clock (Wednesday 12/02/2026 10:00 AM in New York): the dates below are relative to it,
# so the test means the same on any day it runs.
NOW = datetime(2026, 12, 2, 15, 0, tzinfo=UTC)


def test_create_a_referral_and_move_it_through_its_states(qtbot, harness, clinic, monkeypatch, desk) -> None:  # type: ignore[no-untyped-def]
    clock = [NOW]
    monkeypatch.setattr(st, "utc_now", lambda: clock[0])
    visit = NOW.date() + timedelta(days=7)
    tab = harness.tab
    assert tab.model.rowCount() == 0 and "0 open referrals" in tab.summary.text()
    _drive_new_referral(qtbot, monkeypatch, clinic)
    qtbot.keyClick(tab.table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)  # Ctrl+N
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.data(tab.model.index(0, 3)) == "Dr. Priya Shah (Cardiology)"
    assert tab.model.data(tab.model.index(0, 5)) == "Requested"
    assert harness.statuses[-1] == "Referral to Dr. Priya Shah saved"
    qtbot.waitUntil(lambda: tab.current is not None and tab.step_button.isEnabled())
    assert "Palpitations <b>now</b>" in tab.details.text() and "R00.2, I10" in tab.details.text()

    _step(qtbot, monkeypatch, "authorization_pending")
    qtbot.mouseClick(tab.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.data(tab.model.index(0, 5)) == "Authorization pending")
    _step(qtbot, monkeypatch, "scheduled", (visit, time(10, 30)))
    qtbot.mouseClick(tab.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.data(tab.model.index(0, 6)) == f"{visit:%m/%d/%Y} 10:30 AM")
    clock[0] = NOW + timedelta(days=8)  # the outside appointment has happened
    for status, words in (("confirmed", "Confirmed with patient"), ("completed", "Completed")):
        _step(qtbot, monkeypatch, status)
        qtbot.keyClick(tab.table, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter
        qtbot.waitUntil(lambda words=words: tab.model.rowCount() == 1
                        and tab.model.data(tab.model.index(0, 5)) == words)
    _step(qtbot, monkeypatch, "report_received")
    qtbot.mouseClick(tab.step_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 0)  # closed: off the tracking list
    assert [tab.history_model.record(n).to_status for n in range(tab.history_model.rowCount())] == [
        "requested", "authorization_pending", "scheduled", "confirmed", "completed", "report_received"]
    assert not tab.step_button.isEnabled() and tab.letter_button.isEnabled()
    assert harness.statuses[-1] == "Referral is now report received"
    outcomes = {e.outcome for e in contact_history.list_contact_history(desk, clinic.patient_id)}
    assert {"Requested", "Scheduled", "Report received"} <= outcomes


def test_a_referral_without_a_destination_stays_in_the_dialog_with_the_error_beside_it(
        qtbot, harness, clinic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen = _drive_new_referral(qtbot, monkeypatch, clinic, destination=False)
    qtbot.mouseClick(harness.tab.new_button, Qt.MouseButton.LeftButton)
    dialog = seen["dialog"]
    error = dialog.form.error_label("outside_provider_id")
    assert not error.isHidden() and "directory" in error.text() and error.text().startswith("\u26a0")
    assert dialog.result_detail is None and dialog.reason.toPlainText() == "Palpitations <b>now</b>"  # nothing lost
    assert harness.tab.model.rowCount() == 0


def test_the_scheduled_step_asks_for_the_appointment(qtbot, harness, clinic, desk, uictx) -> None:  # type: ignore[no-untyped-def]
    detail = referrals.create_referral(desk, ReferralInput(patient_id=clinic.patient_id,
                                                           outside_provider_id=clinic.imaging_id,
                                                           kind="diagnostic", reason="Chest X-ray"))
    dialog = ReferralStatusDialog(harness.tab, uictx, detail)
    qtbot.addWidget(dialog)
    assert dialog.status_box.currentData() == "authorization_pending"  # the next step is offered first
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("scheduled"))
    assert dialog.has_appointment.isChecked() and dialog.day.isEnabled()
    dialog.day.setDate(dialog.day.date().addDays(-30))  # before the request
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.form.error_label("appointment_date").isHidden() and dialog.result_detail is None


def test_print_the_referral_letter(qtbot, harness, clinic, desk, monkeypatch, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    referrals.create_referral(desk, ReferralInput(patient_id=clinic.patient_id, outside_provider_id=clinic.cardiology_id,
                                                  reason="Palpitations", diagnoses=("R00.2",),
                                                  ordering_provider_id=clinic.provider_id))
    tab = harness.tab
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.table.selectRow(0)
    qtbot.waitUntil(lambda: tab.letter_button.isEnabled())
    target = tmp_path / "letter.pdf"
    asked: list[str] = []

    def save_as(cls, parent: QWidget, caption: str, suggested: str, *_args: object) -> Path:
        asked.append(suggested)
        return target

    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(save_as))
    qtbot.keyClick(tab.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(target.exists)
    assert asked == [f"referral-{tab.current.id}.pdf"]  # named by number, never by the patient
    assert harness.statuses[-1] == "Saved letter.pdf"
    with pdfplumber.open(target) as pdf:
        text = pdf.pages[0].extract_text()
    assert "Mary Obrien" in text and "Dr. Priya Shah" in text and "R00.2" in text and "Ava Carter, MD" in text


def test_changes_made_elsewhere_refresh_the_list(qtbot, harness, clinic, desk) -> None:  # type: ignore[no-untyped-def]
    tab = harness.tab
    for _ in range(2):
        referrals.create_referral(desk, ReferralInput(patient_id=clinic.other_patient_id,
                                                      outside_provider_id=clinic.imaging_id, kind="diagnostic",
                                                      reason="MRI"))
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    assert tab.summary.text().startswith("2 open referrals")


@pytest.mark.parametrize("page_size", [1])
def test_the_list_pages_in_as_it_scrolls(qtbot, harness, clinic, desk, uictx, qtmodeltester, page_size) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.ui.desk.referral_models import OpenReferralsModel

    for _ in range(3):
        referrals.create_referral(desk, ReferralInput(patient_id=clinic.patient_id,
                                                      outside_provider_id=clinic.cardiology_id, reason="Consult"))
    model = OpenReferralsModel(uictx, harness.tab, page_size=page_size)
    model.load()
    assert model.rowCount() == 1 and model.total == 3 and model.canFetchMore()
    model.fetchMore()
    model.fetchMore()
    assert model.rowCount() == 3 and not model.canFetchMore()
    qtmodeltester.check(model)
    ids = [model.referral(n).id for n in range(3)]
    assert ids == sorted(ids)  # same day: oldest request (lowest number) first


def test_completed_before_the_outside_appointment_is_refused_beside_its_date(  # type: ignore[no-untyped-def]
        qtbot, harness, clinic, desk, uictx, monkeypatch) -> None:
    monkeypatch.setattr(st, "utc_now", lambda: NOW)
    visit = NOW.date() + timedelta(days=3)
    detail = referrals.create_referral(desk, ReferralInput(patient_id=clinic.patient_id,
                                                           outside_provider_id=clinic.imaging_id,
                                                           kind="diagnostic", reason="Chest X-ray"))
    detail = referrals.change_referral_status(desk, detail.id, "scheduled", appointment_date=visit,
                                              appointment_time=time(9, 0))
    dialog = ReferralStatusDialog(harness.tab, uictx, detail)
    qtbot.addWidget(dialog)
    dialog.status_box.setCurrentIndex(dialog.status_box.findData("completed"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    error = dialog.form.error_label("appointment_date")
    qtbot.waitUntil(lambda: not error.isHidden())
    assert f"{visit:%m/%d/%Y}" in error.text() and "completed" in error.text()
    assert dialog.result_detail is None
    assert referrals.get_referral(desk, detail.id).row.status == "scheduled"
