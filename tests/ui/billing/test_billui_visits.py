"""'Visits to bill': a checked-out appointment without charges opens its encounter with Enter charges."""

from __future__ import annotations

from datetime import UTC, datetime

from calendar_support import MONDAY, build_clinic, local
from PySide6.QtCore import Qt

from frontdesk.domain import schedule_time as st
from frontdesk.services.scheduling import appointment_status, appointments
from frontdesk.services.billing import encounters
from frontdesk.services.scheduling.appointments import BookingRequest


def test_enter_charges_for_a_checked_out_visit(qtbot, monkeypatch, admin_ctx, frontdesk_ctx, harness,
                                               biller) -> None:  # type: ignore[no-untyped-def]
    now = [datetime(2030, 3, 4, 13, 0, tzinfo=UTC)]  # Monday 8:00 AM Eastern
    monkeypatch.setattr(st, "utc_now", lambda: now[0])
    clinic = build_clinic(admin_ctx, frontdesk_ctx)
    visit = appointments.book_appointment(frontdesk_ctx, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit,
                                                                        local(MONDAY, 9), room_id=clinic.room_1))
    now[0] = datetime(2030, 3, 4, 14, 40, tzinfo=UTC)
    appointment_status.check_in(frontdesk_ctx, visit.id)
    appointment_status.check_out(frontdesk_ctx, visit.id)
    pane = harness.pane
    qtbot.keyClick(pane, Qt.Key.Key_2, Qt.KeyboardModifier.AltModifier)
    page = pane.visits_page
    assert pane.tabs.currentWidget() is page and page.model.rowCount() == 1
    assert page.model.data(page.model.index(0, 0)) == "03/04/2030"
    assert page.model.data(page.model.index(0, 1)).startswith("Able")
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_Return)
    screen = pane.encounter
    assert pane.stack.currentWidget() is screen and screen.detail is not None
    assert screen.detail.appointment_id == visit.id and screen.detail.header.rendering_provider_id == clinic.dr_a
    assert screen.header.provider.currentData() == clinic.dr_a
    assert encounters.unbilled_visits(biller) == []  # the visit now has its encounter
