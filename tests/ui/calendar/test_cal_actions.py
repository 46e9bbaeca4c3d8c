"""Appointment actions from the menu: check in (intake checklist first), confirm, room, check out with the
next appointment and its card, cancel with a reason, no-show, history, .ics, and the waitlist after a cancel."""

from __future__ import annotations

from datetime import time, timedelta
from pathlib import Path

import pdfplumber
from cal_ui_lib import MONDAY, book, minutes
from PySide6.QtCore import Qt

from frontdesk.services.scheduling import appointments, waitlist
from frontdesk.services.scheduling.waitlist import WaitlistInput
from frontdesk.ui.calendar.booking_dialog import BookingDialog
from frontdesk.ui.calendar.checkout_dialog import CheckOutChoice, CheckOutDialog
from frontdesk.ui.calendar.history_dialog import HistoryDialog
from frontdesk.ui.calendar.reason_dialogs import CancelDialog, ReasonAnswer
from frontdesk.ui.calendar.status_style import badge
from frontdesk.ui.patients.intake_dialog import IntakeDialog
from frontdesk.ui.widgets.file_dialog import SaveFileDialog


def _select(qtbot, pane, appointment_id: int) -> None:  # type: ignore[no-untyped-def]
    grid = pane.day_grid
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.LeftButton, pos=grid.block_center(appointment_id))
    assert pane.appointment_menu.target().id == appointment_id


def _trigger(pane, key: str) -> None:  # type: ignore[no-untyped-def]
    action = pane.appointment_menu.entries[key]
    assert action.isEnabled(), key
    action.trigger()


def test_check_in_runs_the_intake_checklist_then_arrives(qtbot, make_pane, clinic, monkeypatch, statuses) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    appt = book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9)
    calls = []
    answers = iter([None, object()])  # first the checklist could not start, then it ran
    monkeypatch.setattr(IntakeDialog, "ask", classmethod(
        lambda cls, parent, uictx, patient_id, appointment_id=None: calls.append((patient_id, appointment_id))
        or next(answers)))
    pane = make_pane()
    _select(qtbot, pane, appt.id)
    # The menu names the status in the grid's word ("Booked"), never a second word for the same thing.
    assert pane.appointment_menu.heading.text() == "Able, Ann \u2014 \u25cb Booked"
    assert badge("scheduled").long == "\u25cb Booked"
    _trigger(pane, "check_in")
    assert appointments.get_appointment(c.desk, appt.id).status == "scheduled"
    assert "not checked in" in statuses[-1]
    _trigger(pane, "check_in")
    assert calls == [(c.pat[0], appt.id), (c.pat[0], appt.id)]
    assert appointments.get_appointment(c.desk, appt.id).status == "arrived"
    assert statuses[-1] == "Checked in Able, Ann \u279c Arrived."
    qtbot.waitUntil(lambda: pane.day_grid.appointment(appt.id).status == "arrived")
    menu = pane.appointment_menu
    assert not menu.entries["check_in"].isEnabled() and menu.entries["room"].isEnabled()
    assert menu.heading.text() == "Able, Ann \u2014 \u279c Arrived"


def test_confirm_room_and_check_out_prints_the_next_card(qtbot, make_pane, clinic, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    appt = book(c.desk, c.pat[1], c.dr_b, c.visit, MONDAY, 9, room=c.room_2)
    later = book(c.desk, c.pat[1], c.dr_b, c.visit, MONDAY + timedelta(days=14), 11)
    monkeypatch.setattr(IntakeDialog, "ask", classmethod(lambda cls, *a, **k: object()))
    shown = []
    monkeypatch.setattr(CheckOutDialog, "ask", classmethod(
        lambda cls, parent, result: shown.append(result) or (CheckOutChoice.PRINT_CARD, None)))
    card = tmp_path / "card.pdf"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: card))
    pane = make_pane()
    _select(qtbot, pane, appt.id)
    for key, status in (("confirm", "confirmed"), ("check_in", "arrived"), ("room", "in_room")):
        _trigger(pane, key)
        assert appointments.get_appointment(c.desk, appt.id).status == status
        qtbot.waitUntil(lambda s=status: pane.appointment_menu.target().status == s)
    _trigger(pane, "check_out")
    assert appointments.get_appointment(c.desk, appt.id).status == "checked_out"
    assert shown[0].next_appointment.id == later.id
    with pdfplumber.open(card) as pdf:
        text = pdf.pages[0].extract_text()
    assert "Appointment reminder" in text and "03/18/2030" in text and "James Okafor" in text


def test_check_out_without_a_next_visit_offers_an_opening_to_book(qtbot, make_pane, clinic, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    appt = book(c.desk, c.pat[2], c.dr_a, c.physical, MONDAY, 9)
    appointments_status = __import__("frontdesk.services.scheduling.appointment_status", fromlist=["check_in"])
    appointments_status.check_in(c.desk, appt.id)
    prefills = []
    monkeypatch.setattr(CheckOutDialog, "ask", classmethod(
        lambda cls, parent, result: (CheckOutChoice.BOOK, result.suggestions[0])))
    monkeypatch.setattr(BookingDialog, "ask", classmethod(
        lambda cls, parent, uictx, catalog, prefill=None: prefills.append(prefill)))
    pane = make_pane()
    _select(qtbot, pane, appt.id)
    _trigger(pane, "check_out")
    prefill = prefills[0]
    assert (prefill.patient_id, prefill.provider_id, prefill.type_id) == (c.pat[2], c.dr_a, c.physical)
    assert prefill.start.date() >= MONDAY + timedelta(days=7) and prefill.patient_label == "Cole, Cy"


def test_cancel_asks_a_reason_and_shows_who_is_waiting(qtbot, make_pane, clinic, monkeypatch, statuses) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    appt = book(c.desk, c.pat[0], c.dr_b, c.visit, MONDAY, 10)
    waitlist.add_to_waitlist(c.desk, WaitlistInput(c.pat[2], 30, provider_ids=(c.dr_b,), earliest=time(9)))
    monkeypatch.setattr(CancelDialog, "ask", classmethod(lambda cls, *a, **k: ReasonAnswer("Feeling better")))
    pane = make_pane()
    _select(qtbot, pane, appt.id)
    _trigger(pane, "cancel")
    cancelled = appointments.get_appointment(c.desk, appt.id)
    assert (cancelled.status, cancelled.cancel_reason, cancelled.late_cancel) == ("cancelled", "Feeling better", True)
    assert statuses[-1] == "Cancelled Able, Ann (late cancel)."
    assert pane.message_bar.message() == "1 waitlisted patient could take the freed time: Cole, Cy."
    qtbot.mouseClick(pane.message_bar.action, Qt.MouseButton.LeftButton)
    assert pane.side_tabs.isVisible() and pane.toolbar.waitlist_button.isChecked()


def test_no_show_after_the_start_and_history_of_a_move(qtbot, make_pane, clinic, clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    appt = book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9)
    appointments.move_appointment(c.desk, appt.id, appt.start.replace(tzinfo=None, hour=10), c.dr_b)
    clock.set_local(MONDAY, time(10, 20))
    histories = []
    monkeypatch.setattr(HistoryDialog, "ask", classmethod(lambda cls, parent, title, events: histories.append(
        (title, events))))
    pane = make_pane()
    _select(qtbot, pane, appt.id)
    _trigger(pane, "history")
    title, events = histories[0]
    assert title == "Able, Ann \u2014 Office visit, 03/04/2030"
    from frontdesk.ui.calendar.models import HistoryModel

    model = HistoryModel()
    model.set_rows(events)
    assert model.data(model.index(1, 2)) == "Moved from 03/04/2030 9:00 AM with Maria Alvarez, MD"
    _trigger(pane, "no_show")
    assert appointments.get_appointment(c.desk, appt.id).status == "no_show"
    assert minutes(appointments.get_appointment(c.desk, appt.id).start) == 600


def test_export_ics_writes_the_patient_calendar_file(qtbot, make_pane, clinic, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    appt = book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9, reason="Private reason")
    target = tmp_path / "visit.ics"
    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(lambda cls, *a, **k: target))
    pane = make_pane()
    _select(qtbot, pane, appt.id)
    _trigger(pane, "export_ics")
    text = Path(target).read_text(encoding="utf-8")
    assert "BEGIN:VEVENT" in text and "DTSTART:20300304T140000Z" in text and "Private reason" not in text


def test_right_click_opens_the_menu_for_that_appointment(qtbot, make_pane, clinic) -> None:  # type: ignore[no-untyped-def]
    c = clinic
    appt = book(c.desk, c.pat[0], c.dr_a, c.visit, MONDAY, 9)
    pane = make_pane()
    grid = pane.day_grid
    menu = pane.appointment_menu
    shown = []
    menu.popup = shown.append  # the offscreen platform cannot grab the keyboard for a real popup
    qtbot.mouseClick(grid.viewport(), Qt.MouseButton.RightButton, pos=grid.block_center(appt.id))
    assert len(shown) == 1
    assert menu.target().id == appt.id and menu.entries["confirm"].isEnabled()
    assert not menu.entries["check_out"].isEnabled()
    grid.setFocus()
    qtbot.keyClick(grid, Qt.Key.Key_Menu)  # the keyboard way to the same menu
    assert len(shown) == 2


def test_enter_charges_is_offered_only_to_roles_that_may_enter_charges(make_pane, uictx, practice) -> None:  # type: ignore[no-untyped-def]
    pane = make_pane()
    entry = pane.appointment_menu.entries["enter_charges"]
    assert not entry.isVisible()  # the front desk role cannot enter charges
    uictx.set_actor(practice.actor)  # the administrator can
    assert entry.isVisible()


def test_check_in_of_a_later_day_is_refused_before_the_checklist_opens(qtbot, make_pane, clinic, monkeypatch,  # type: ignore[no-untyped-def]
                                                                       statuses) -> None:
    c = clinic
    tuesday = MONDAY + timedelta(days=1)
    appt = book(c.desk, c.pat[0], c.dr_a, c.visit, tuesday, 9)
    opened = []
    monkeypatch.setattr(IntakeDialog, "ask", classmethod(lambda cls, *a, **k: opened.append(a) or object()))
    pane = make_pane()
    pane.set_day(tuesday)
    qtbot.waitUntil(lambda: pane.day_grid.appointment(appt.id) is not None)
    _select(qtbot, pane, appt.id)
    _trigger(pane, "check_in")
    reason = "This appointment is on 03/05/2030; a patient is checked in on the day of the visit."
    qtbot.waitUntil(lambda: pane.message_bar.message() == reason)
    assert opened == []  # no checklist, so no step confirmed and no copay taken for nothing
    assert statuses[-1] == reason
    assert appointments.get_appointment(c.desk, appt.id).status == "scheduled"
