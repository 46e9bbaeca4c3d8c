"""The End of day screen: walk the closing checklist from "what is missing" to "Day closed, backup verified"."""

from __future__ import annotations

import pytest
from eod_lib import add_appointment, practice_day
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from testsupport import screenshot_path

from frontdesk.services._base import ServiceContext
from frontdesk.services.admin import backups
from frontdesk.services.billing import encounters
from frontdesk.services.day_close import end_of_day
from frontdesk.services.payments import payments
from frontdesk.ui.end_of_day import EndOfDayDialog, EndOfDayPane
from frontdesk.ui.end_of_day.dialogs import DepositDialog, DrawerCountDialog
from frontdesk.ui.widgets.file_dialog import SaveFileDialog



def _click(qtbot: QtBot, button) -> None:  # type: ignore[no-untyped-def]
    assert button.isEnabled(), button.objectName()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def _missing(pane: EndOfDayPane) -> set[str]:
    return {s.key for s in pane.checklist.records() if not s.done}


@pytest.fixture
def backup_runner(uictx, tmp_path):  # type: ignore[no-untyped-def]
    """Stands in for the backup dialog: makes a real, verified backup into tmp and records each call."""
    target = tmp_path / "backups"
    target.mkdir()
    calls: list[object] = []

    def run(parent) -> bool:  # type: ignore[no-untyped-def]
        calls.append(parent)
        backups.run_backup(uictx.services, target)
        return True

    run.calls = calls  # type: ignore[attr-defined]
    return run


def test_walking_the_checklist_ends_green(qtbot: QtBot, qtmodeltester, uictx, desk: ServiceContext, clinic,
                                         admin_ctx, backup_runner, monkeypatch, tmp_path) -> None:
    today = practice_day(clinic.db)
    patient = clinic.patient("Avery", "Ann")
    arrived = add_appointment(clinic, patient, today, status="arrived")
    add_appointment(clinic, patient, today, status="confirmed", minute=2)
    payments.take_payment(desk, patient, method="cash", amount="20.00", apply_to=[])
    statuses: list[str] = []
    pane = EndOfDayPane(uictx, backup_runner, status=statuses.append)
    qtbot.addWidget(pane)
    pane.resize(1280, 700)
    pane.show()
    qtmodeltester.check(pane.checklist)
    qtmodeltester.check(pane.appointments)

    assert pane.day == today  # the practice's today, from the service
    assert pane.result_label.text().startswith("\u2716 Not closed yet")
    assert _missing(pane) == {"open_appointments", "undeposited", "day_sheet", "deposit", "drawer", "backup"}
    _click(qtbot, pane.close_button)
    assert "cannot be closed yet" in pane.result_label.text()
    pane.grab().save(str(screenshot_path("eod_start.png")))

    # Open appointments: the arrived one is checked out, the untouched one becomes a no-show.
    pane.appointments_view.selectRow(0)
    _click(qtbot, pane.check_out_button)
    assert [a.status for a in pane.appointments.records()] == ["confirmed"]
    pane.appointments_view.selectRow(0)
    _click(qtbot, pane.no_show_button)
    assert pane.appointments.rowCount() == 0 and "open_appointments" not in _missing(pane)

    # The checked-out visit has no charges: the screen asks the main window to route to Billing.
    assert "unbilled_visits" in _missing(pane)
    with qtbot.waitSignal(pane.enter_charges_requested) as routed:
        _click(qtbot, pane.charges_button)
    assert routed.args == [arrived]
    biller = ServiceContext(uictx.db, admin_ctx.actor, notify=uictx.changed.emit)
    encounters.encounter_for_appointment(biller, arrived)  # what Billing does there
    assert "unbilled_visits" not in _missing(pane)

    # Deposit: the real dialog, driven instead of exec'd.
    def deposit_ask(parent, day, waiting):  # type: ignore[no-untyped-def]
        dialog = DepositDialog(parent, day, waiting)
        qtbot.addWidget(dialog)
        qtmodeltester.check(dialog.model)
        assert "Deposit total: $20.00" in dialog.totals.text()
        qtbot.keyClicks(dialog.note_edit, "Bag 7")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.choice

    monkeypatch.setattr(DepositDialog, "ask", deposit_ask)
    _click(qtbot, pane.deposit_button)
    assert {"undeposited", "deposit"}.isdisjoint(_missing(pane))
    assert statuses[-1] == "Deposit #1 saved: $20.00."

    # Drawer: a short count needs a note, shown beside the field.
    def drawer_ask(parent, ctx, day, expected):  # type: ignore[no-untyped-def]
        dialog = DrawerCountDialog(parent, ctx, day, expected)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.cash_edit, "119.00")
        qtbot.keyClicks(dialog.checks_edit, "0")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        assert dialog.form.error_label("note").isVisible()
        qtbot.keyClicks(dialog.note_edit, "A dollar short, change given")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
        return dialog.result_count

    monkeypatch.setattr(DrawerCountDialog, "ask", drawer_ask)
    _click(qtbot, pane.drawer_button)
    assert statuses[-1] == "Drawer counted: short $1.00."

    sheet = tmp_path / "day-sheet.pdf"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: sheet))
    _click(qtbot, pane.save_sheet_button)
    assert sheet.is_file() and "day_sheet" not in _missing(pane)

    _click(qtbot, pane.backup_button)
    assert len(backup_runner.calls) == 1 and _missing(pane) == set()
    assert pane.result_label.text() == "Everything is done: press Close day."

    _click(qtbot, pane.close_button)
    assert pane.result_label.text() == "\u2714 Day closed, backup verified."
    assert "#1b5e20" in pane.result_label.styleSheet()
    assert not pane.close_button.isEnabled()
    assert end_of_day.end_of_day_status(desk, today).closed
    pane.grab().save(str(screenshot_path("eod_closed.png")))


def test_the_dialog_leaves_for_charges_and_says_where(qtbot: QtBot, uictx, desk, clinic, backup_runner,
                                                      monkeypatch) -> None:
    today = practice_day(clinic.db)
    patient = clinic.patient()
    appt = add_appointment(clinic, patient, today, status="checked_out")
    dialog = EndOfDayDialog(None, uictx, backup_runner)
    qtbot.addWidget(dialog)
    dialog.show()
    _click(qtbot, dialog.pane.charges_button)
    outcome = dialog.outcome()
    assert (outcome.closed, outcome.go_to, outcome.appointment_id) == (False, "charges", appt)
    dialog.grab().save(str(screenshot_path("eod_dialog.png")))


def test_cancelling_an_open_visit_asks_the_calendars_question(qtbot: QtBot, uictx, clinic, backup_runner,
                                                              monkeypatch) -> None:
    from frontdesk.ui.calendar.reason_dialogs import CancelDialog

    today = practice_day(clinic.db)
    patient = clinic.patient("Baker", "Bo")
    add_appointment(clinic, patient, today, status="confirmed")
    statuses: list[str] = []
    pane = EndOfDayPane(uictx, backup_runner, status=statuses.append)
    qtbot.addWidget(pane)
    pane.show()
    asked: list[str] = []

    def answer(parent, title, prompt, ok_text, **kwargs):  # type: ignore[no-untyped-def]
        dialog = CancelDialog(parent, title, prompt, ok_text, **kwargs)
        qtbot.addWidget(dialog)
        asked.append(dialog.prompt.text())
        dialog.submit()  # empty: refused beside the field, the dialog stays
        assert dialog.answer is None and dialog.error.isVisibleTo(dialog)
        qtbot.keyClicks(dialog.reason, "Patient called, feeling better")
        dialog.submit()
        return dialog.answer

    monkeypatch.setattr(CancelDialog, "ask", classmethod(lambda cls, *a, **k: answer(*a, **k)))
    pane.appointments_view.selectRow(0)
    _click(qtbot, pane.cancel_button)
    assert "late cancel" in asked[0]
    qtbot.waitUntil(lambda: pane.appointments.rowCount() == 0)
    assert statuses[-1] == "Visit cancelled." and "open_appointments" not in _missing(pane)
