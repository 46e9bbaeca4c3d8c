"""Referrals tab dialogs: incoming referrals, the outside directory, and the table models."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from PySide6.QtCore import Qt
from refui_lib import INCOMING_NPI, find_patient

from frontdesk.domain import schedule_time as st
from frontdesk.services.desk import outside_directory, referrals
from frontdesk.services.desk.referral_types import ReferralInput
from frontdesk.ui.desk.referral_directory import DirectoryDialog, OutsideProviderDialog
from frontdesk.ui.desk.referral_incoming_dialog import IncomingReferralDialog
from frontdesk.ui.desk.referral_models import FOLLOW_UP_COLUMN, OpenReferralsModel
from frontdesk.ui.widgets.models import WARNING_COLOUR


def test_record_and_withdraw_an_incoming_referral(qtbot, harness, uictx, clinic, desk, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    dialog = IncomingReferralDialog(harness.tab, uictx, date(2026, 11, 2))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)  # no patient yet
    assert "patient" in dialog.picker.error.text().lower() and not dialog.picker.error.isHidden()
    find_patient(qtbot, dialog.picker, "obrien")
    assert dialog.picker.selected.text().startswith("\u2714 Patient: Obrien, Mary")  # not "Booking for"
    qtbot.keyClicks(dialog.first, "Omar")
    qtbot.keyClicks(dialog.last, "Haddad")
    qtbot.keyClicks(dialog.npi, "1555555551")  # a typo: fails the check digit
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "check digit" in dialog.form.error_label("referring_npi").text()
    dialog.npi.clear()
    qtbot.keyClicks(dialog.npi, INCOMING_NPI)
    qtbot.keyClicks(dialog.visits, "6")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 1 and dialog.last.text() == ""  # saved; the form is ready for the next
    assert dialog.model.data(dialog.model.index(0, 0)) == "Omar Haddad"
    assert dialog.model.data(dialog.model.index(0, 2)) == "11/02/2026"
    qtmodeltester.check(dialog.model)
    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.withdraw_button, Qt.MouseButton.LeftButton)
    assert dialog.model.data(dialog.model.index(0, 6)) == "Withdrawn" and not dialog.withdraw_button.isEnabled()
    assert [r.active for r in referrals.list_incoming_referrals(desk, clinic.patient_id)] == [False]
    assert [r.referring_name for r in dialog.saved] == ["Omar Haddad"]


def test_the_directory_adds_changes_and_retires(qtbot, harness, uictx, clinic, desk, monkeypatch, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    dialog = DirectoryDialog(harness.tab, uictx)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.model.rowCount() == 2
    qtmodeltester.check(dialog.model)

    def fill(cls, parent, uictx_, row=None):  # type: ignore[no-untyped-def]
        form = cls(parent, uictx_, row)
        qtbot.addWidget(form)
        if row is None:
            form.kind.setCurrentIndex(form.kind.findData("facility"))
            qtbot.keyClicks(form.edits["name"], "Quest Lab")
            qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
            assert "phone or fax" in form.form.error_label("phone").text()  # no way to reach them
            qtbot.keyClicks(form.edits["fax"], "217 555 0500")
        else:
            assert form.edits["phone"].text() == "(217) 555-0300"
            form.edits["specialty"].setText("Electrophysiology")
        qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
        return form.result_row

    monkeypatch.setattr(OutsideProviderDialog, "ask", classmethod(fill))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.model.rowCount() == 3 and dialog.selected().name == "Quest Lab"
    row = dialog.model.row_of(clinic.cardiology_id)
    dialog.table.selectRow(dialog.proxy.mapFromSource(dialog.model.index(row, 0)).row())
    qtbot.mouseClick(dialog.edit_button, Qt.MouseButton.LeftButton)
    assert dialog.selected().specialty == "Electrophysiology"
    qtbot.mouseClick(dialog.retire_button, Qt.MouseButton.LeftButton)
    assert not dialog.selected().active and dialog.retire_button.text() == "&Restore"
    assert clinic.cardiology_id not in [r.id for r in outside_directory.list_outside_providers(desk)]
    qtbot.keyClicks(dialog.search, "quest")
    qtbot.waitUntil(lambda: dialog.model.rowCount() == 1)


def test_overdue_rows_say_why_in_words_and_colour(qtbot, harness, uictx, clinic, desk, monkeypatch, qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    start = datetime(2026, 10, 1, 16, 0, tzinfo=UTC)
    monkeypatch.setattr(st, "utc_now", lambda: start)
    referrals.create_referral(desk, ReferralInput(patient_id=clinic.patient_id, outside_provider_id=clinic.imaging_id,
                                                  kind="diagnostic", reason="CT scan"))
    monkeypatch.setattr(st, "utc_now", lambda: start + timedelta(days=30))
    model = OpenReferralsModel(uictx, harness.tab)
    model.load()
    qtmodeltester.check(model)
    text = model.data(model.index(0, FOLLOW_UP_COLUMN))
    assert text.startswith("\u26a0 No appointment yet 30 days")
    assert model.data(model.index(0, FOLLOW_UP_COLUMN), Qt.ItemDataRole.ForegroundRole) == WARNING_COLOUR
    assert model.data(model.index(0, 0)) == "30 days" and model.overdue_count() == 1
    harness.tab.reload()
    assert "1 need a follow-up" in harness.tab.summary.text()
