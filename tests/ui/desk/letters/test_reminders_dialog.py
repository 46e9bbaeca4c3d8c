"""Desk > Letters > Appointment reminders: preview per channel, the personal-call list, Make..., a bad range."""

from __future__ import annotations

import csv
from datetime import timedelta

import pytest
from calendar_support import MONDAY, local
from PySide6.QtCore import Qt
from sqlalchemy import func, select

from frontdesk.models import ContactEvent, Patient
from frontdesk.services.patients import patients
from frontdesk.services.patients.patients import PatientInput
from frontdesk.services.scheduling import appointments
from frontdesk.services.scheduling.appointments import BookingRequest
from frontdesk.ui.desk.letters_tab import LettersTab
from frontdesk.ui.desk.reminders_dialog import ReminderFolderDialog, RemindersDialog
from frontdesk.ui.widgets.schedule_inputs import to_qdate

TUESDAY = MONDAY + timedelta(days=1)


@pytest.fixture
def booked(clinic, db) -> None:  # type: ignore[no-untyped-def]
    """Two patients booked for tomorrow (the clock is Monday): one with an address, one with nothing."""
    for n, (first, street, phone) in enumerate((("Ann", "12 Elm St", "(518) 555-0170"), ("Di", "", ""))):
        pid = patients.register_patient(clinic.admin, PatientInput(
            first_name=first, last_name="Reminder", dob=f"0{n + 1}/02/1970", sex="F", phone=phone,
            address_line1=street, city="Albany" if street else "", state="NY", zip_code="12207")).id
        appointments.book_appointment(clinic.desk, BookingRequest(pid, clinic.dr_a, clinic.visit,
                                                                  local(TUESDAY, 9 + n)))
    with db.session(write=True) as s:
        s.scalars(select(Patient).where(Patient.first_name == "Ann", Patient.last_name == "Reminder")).one().voicemail_ok = True


@pytest.fixture
def dialog(qtbot, uictx, booked) -> RemindersDialog:  # type: ignore[no-untyped-def]
    widget = RemindersDialog(uictx)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_preview_counts_each_channel_and_lists_personal_calls(qtbot, qtmodeltester, dialog) -> None:
    assert dialog.start_edit.date() == to_qdate(TUESDAY) and dialog.end_edit.date() == to_qdate(TUESDAY)
    qtbot.waitUntil(lambda: dialog.make_button.isEnabled())
    assert dialog.counts.text() == ("2 appointments of 2 patients. Letters: 1, Call list: 1, personal calls: 1.")
    qtmodeltester.check(dialog.model)
    assert dialog.model.rowCount() == 1
    assert [dialog.model.index(0, c).data() for c in range(5)] == [
        "03/05/2030", "10:00 AM", "Reminder, Di", "none", "no mailing address; no phone; no email"]
    dialog.checks["service"].setChecked(True)
    qtbot.waitUntil(lambda: "Service file: 1," in dialog.counts.text())
    dialog.checks["postcards"].setChecked(True)  # a letter or a postcard, not both
    assert not dialog.checks["letters"].isChecked()
    qtbot.waitUntil(lambda: dialog.counts.text().startswith("2 appointments of 2 patients. Postcards: 1, Call"))


def test_a_range_that_ends_before_it_starts_says_so_and_makes_nothing(qtbot, dialog) -> None:
    qtbot.waitUntil(lambda: dialog.make_button.isEnabled())
    dialog.end_edit.setDate(to_qdate(MONDAY))
    qtbot.waitUntil(lambda: dialog.error.isVisible())
    assert "ends (03/04/2030) before it starts (03/05/2030)" in dialog.error.text()
    assert not dialog.make_button.isEnabled() and dialog.model.rowCount() == 0
    assert dialog.end_edit.hasFocus()


def test_make_from_the_letters_tab_writes_files_and_reports_quietly(qtbot, uictx, statuses, booked, tmp_path,
                                                                   monkeypatch, db, drive_dialog) -> None:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.setattr(ReminderFolderDialog, "ask", classmethod(lambda cls, parent: out))

    def fill(d: RemindersDialog) -> None:
        d.checks["service"].setChecked(True)
        qtbot.waitUntil(lambda: d.make_button.isEnabled() and "Service file" in d.counts.text())
        qtbot.keyClick(d.make_button, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: d.result() == d.DialogCode.Accepted)

    opened = drive_dialog(RemindersDialog, fill)
    tab = LettersTab(uictx, status=statuses.append)
    qtbot.addWidget(tab)
    tab.show()
    qtbot.waitExposed(tab)
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    tab.view.setFocus()
    qtbot.keyClick(tab, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert opened
    assert statuses[-1] == f"Reminders for 1 patients saved in {out.name}; 1 need a personal call."
    names = sorted(p.name for p in out.iterdir())
    assert names == ["reminders 03-05-2030 call list.pdf", "reminders 03-05-2030 letters.pdf",
                     "reminders 03-05-2030 reminder service.csv"]
    with open(out / names[2], newline="", encoding="utf-8") as handle:
        assert [r["First Name"] for r in csv.DictReader(handle)] == ["Ann"]
    with db.session(write=False) as s:
        assert s.scalar(select(func.count()).select_from(ContactEvent).where(ContactEvent.kind == "reminder")) == 1
