"""Every panel, dialog and tab renders with data at 1366x768 (the PNGs, see testsupport.screenshot_path, are looked at by a person)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pdfplumber
from calx_helpers import TUESDAY, TZ, click, local, show
from PySide6.QtWidgets import QApplication
from testsupport import screenshot_path

from frontdesk.reports.call_sheet import CallSheet, CallSheetRow, write_call_sheet_pdf
from frontdesk.reports.day_schedule import (
    DaySheet,
    DaySheetRow,
    ProviderSheet,
    write_day_schedule_pdf,
)
from frontdesk.services.scheduling import appointment_status, appointments, confirmations, schedule_setup, waitlist
from frontdesk.services.scheduling.appointments import BookingRequest
from frontdesk.services.scheduling.waitlist import WaitlistInput
from frontdesk.ui.admin import AdminPane
from frontdesk.ui.admin.schedule_dialogs import BlockoutDialog
from frontdesk.ui.admin.schedule_resource_dialogs import AppointmentTypeDialog
from frontdesk.ui.calendar.confirmations_panel import ConfirmationCallsPanel
from frontdesk.ui.calendar.find_opening import FindOpeningDialog
from frontdesk.ui.calendar.waitlist_dialog import WaitlistEntryDialog
from frontdesk.ui.calendar.waitlist_panel import WaitlistPanel


def _save(widget, name: str) -> None:  # type: ignore[no-untyped-def]
    QApplication.sendPostedEvents()  # pending layout requests, as the event loop would run them before painting
    image = widget.grab()
    assert image.width() == widget.width() and image.height() == widget.height()
    assert image.save(str(screenshot_path(f"calx-{name}.png")))


def test_panels(qtbot, uictx, clinic) -> None:  # type: ignore[no-untyped-def]
    for hour, patient in ((9, 0), (10, 1), (14, 2)):
        appointments.book_appointment(clinic.admin, BookingRequest(clinic.pat[patient], clinic.dr_a, clinic.visit,
                                                                   local(TUESDAY, hour)))
    waitlist.add_to_waitlist(clinic.admin, WaitlistInput(clinic.pat[1], 30, provider_ids=(clinic.dr_a,),
                                                         weekdays=(1, 3), earliest=time(8), latest=time(12),
                                                         note="can come at short notice"))
    waitlist.add_to_waitlist(clinic.admin, WaitlistInput(clinic.pat[2], type_id=clinic.physical))
    item = confirmations.confirmation_list(uictx.services)[0]
    confirmations.record_confirmation_call(clinic.admin, item.appointment.id, "left_message")
    calls = show(qtbot, ConfirmationCallsPanel(uictx))
    calls.view.selectRow(1)
    _save(calls, "confirmations-1366")
    calls.resize(560, 700)  # docked beside the day view
    _save(calls, "confirmations-narrow")
    panel = show(qtbot, WaitlistPanel(uictx))
    freed = appointment_status.cancel_appointment(clinic.admin, item.appointment.id, "sick")
    panel.show_matches(freed.waitlist_matches)
    assert panel.matches_model.rowCount() == 1
    _save(panel, "waitlist-1366")
    panel.resize(560, 700)
    _save(panel, "waitlist-narrow")


def test_dialogs(qtbot, uictx, clinic) -> None:  # type: ignore[no-untyped-def]
    finder = FindOpeningDialog(uictx, type_id=clinic.visit)
    show(qtbot, finder, finder.width(), finder.height())
    finder.providers.set_checked([clinic.dr_a, clinic.dr_b])
    click(qtbot, finder.find_button)
    _save(finder, "find-opening")
    assert finder.height() <= 700
    finder.weekdays.set_values([6])
    click(qtbot, finder.find_button)
    _save(finder, "find-opening-empty")
    entry = WaitlistEntryDialog(uictx, panel_catalog(uictx))
    show(qtbot, entry, max(entry.sizeHint().width(), 560), entry.sizeHint().height())
    _save(entry, "waitlist-add")
    assert entry.sizeHint().height() <= 700


def panel_catalog(uictx):  # type: ignore[no-untyped-def]
    from frontdesk.ui.calendar.extras_data import load_catalog

    return load_catalog(uictx.services)


def test_admin_tabs(qtbot, uictx, clinic) -> None:  # type: ignore[no-untyped-def]
    schedule_setup.add_holiday(clinic.admin, date(2030, 11, 28), "Thanksgiving Day")
    schedule_setup.add_exception(clinic.admin, clinic.dr_a, date(2030, 3, 11), date(2030, 3, 15), None, None,
                                 "Vacation")
    pane = show(qtbot, AdminPane(uictx))
    for name in ("schedule_hours", "schedule_resources"):
        pane.show_tab(name)
        _save(pane, name.replace("_", "-"))
    data = pane.schedule_resources_tab.data
    blockout = BlockoutDialog(uictx, [p for p in data.providers], clinic.dr_a)
    show(qtbot, blockout, blockout.sizeHint().width(), blockout.sizeHint().height())
    _save(blockout, "blockout-dialog")
    type_dialog = AppointmentTypeDialog(uictx, data.providers, data.types[0])
    show(qtbot, type_dialog, type_dialog.sizeHint().width(), type_dialog.sizeHint().height())
    _save(type_dialog, "type-dialog")


def test_no_printout_starts_with_a_blank_page(tmp_path) -> None:  # type: ignore[no-untyped-def]
    start = datetime(2030, 3, 5, 8, 0, tzinfo=TZ)
    times = [start + timedelta(minutes=10 * i) for i in range(60)]
    calls = tmp_path / "calls.pdf"
    write_call_sheet_pdf(calls, CallSheet("Clinic", 2, start, tuple(
        CallSheetRow(t, f"Patient{i:02d}, Test", "+15185550101", "No voicemail", "Dr A", "Visit", "Scheduled",
                     "Not called yet") for i, t in enumerate(times))))
    day = tmp_path / "day.pdf"
    write_day_schedule_pdf(day, DaySheet("Clinic", TUESDAY, start, (ProviderSheet(1, "Dr A", tuple(
        DaySheetRow(t, t + timedelta(minutes=30), i, f"Patient{i:02d}, Test", "+15185550101", "Visit", "", "",
                    "Scheduled") for i, t in enumerate(times))),)))
    for path in (calls, day):
        with pdfplumber.open(path) as pdf:
            first = pdf.pages[0].extract_text() or ""
            assert "Patient00, Test" in first, f"{path.name}: the list starts on page 1"
