"""An opened patient: banner alerts, the embedded consents tab, guarantor & family, contact history, merge."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.first_run import FirstRunResult
from frontdesk.services._base import ServiceContext
from frontdesk.services.admin import audit
from frontdesk.services.admin.audit import AuditFilter
from frontdesk.services.patients import consents, contact_history, family, patients
from frontdesk.services.patients.patients import PatientInput
from frontdesk.services.scheduling.schedule_views import Attendance
from frontdesk.ui.patients import PatientsPane
from frontdesk.ui.patients.consent_dialog import ConsentDialog
from frontdesk.ui.patients.family_dialogs import (
    ContactNoteDialog,
    GuarantorPersonDialog,
    RelationshipDialog,
)
from frontdesk.ui.patients.intake_dialog import IntakeDialog
from frontdesk.ui.patients.merge_dialog import MergeDialog
from frontdesk.ui.widgets.patient_picker import PatientPickerDialog
from testsupport import practice_today


def alerts(pane: PatientsPane) -> list[str]:
    return pane.view.banner.alerts()


def test_banner_facts_and_consent_alert_clears_when_recorded(qtbot: QtBot, pane: PatientsPane, make_patient,
                                                             desk_ctx: ServiceContext, drive_dialog) -> None:
    ada = make_patient("Ada", "Lovelace", "03/14/1962")
    pane.open_patient(ada.id)
    banner = pane.view.banner
    assert banner.name.text() == "Lovelace, Ada"
    assert f"Account # {ada.account_number}" in banner.facts.text()
    # Nothing charged yet: the real figure, never a placeholder (issue 15 item 11).
    assert banner.facts.text().endswith("Balance $0.00") and "\u2014" not in banner.facts.text()
    assert alerts(pane) == ["4 required consents need attention (see Consents)"]
    assert banner._attendance is not None
    assert [w.text() for w in banner.findChildren(type(banner.name), "banner_alert")] == alerts(pane)

    required = [t for t in consents.list_consent_types(desk_ctx) if t.required]
    for t in required[:-1]:
        consents.record_consent(desk_ctx, ada.id, consents.ConsentInput(t.id, practice_today()))
    assert alerts(pane) == ["1 required consent needs attention (see Consents)"]

    def fill(dialog: ConsentDialog) -> None:
        assert dialog.document.currentData() == required[-1].id  # the one still needing attention
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive_dialog(ConsentDialog, fill)
    pane.view.tabs.setCurrentWidget(pane.view.consents)
    qtbot.mouseClick(pane.view.consents.record_button, Qt.MouseButton.LeftButton)
    assert alerts(pane) == []


def test_banner_shows_inactive_and_deceased(pane: PatientsPane, make_patient, admin_ctx: ServiceContext) -> None:
    ada = make_patient("Ada", "Lovelace", "03/14/1962")
    record = patients.update_patient(admin_ctx, ada.id, PatientInput(
        first_name="Ada", last_name="Lovelace", dob="03/14/1962", sex="F", status="deceased",
        deceased_date="11/27/2020"))
    pane.open_patient(record.id)
    assert alerts(pane)[0] == "Deceased on 11/27/2020"


def test_alt_numbers_and_ctrl_page_keys_switch_tabs(qtbot: QtBot, pane: PatientsPane, make_patient) -> None:
    pane.open_patient(make_patient("Ada", "Lovelace", "03/14/1962").id)
    pane.view.edit_button.setFocus()
    qtbot.keyClick(pane.view.edit_button, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)
    assert pane.view.tabs.currentWidget() is pane.view.family
    qtbot.keyClick(pane.view.tabs, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert pane.view.tabs.currentWidget() is pane.view.consents
    qtbot.keyClick(pane.view.tabs, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(pane.view.tabs, Qt.Key.Key_PageUp, Qt.KeyboardModifier.ControlModifier)
    assert pane.view.tabs.currentWidget() is pane.view.insurance
    qtbot.keyClick(pane.view.tabs, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)
    assert pane.view.tabs.currentWidget() is pane.view.history


def test_non_patient_guarantor_then_copy_address_to_a_family_member(
        qtbot: QtBot, harness, make_patient, drive_dialog, monkeypatch: pytest.MonkeyPatch,
        admin_ctx: ServiceContext, qtmodeltester) -> None:
    pane = harness.pane
    mother = make_patient("Mary", "Smith", "05/01/1980")
    child = make_patient("Tom", "Smith", "02/02/2015", sex="M")
    pane.open_patient(mother.id)
    tab = pane.view.family
    pane.view.tabs.setCurrentWidget(tab)

    def fill_person(dialog: GuarantorPersonDialog) -> None:
        values = {"first_name": "Robert", "last_name": "Smith", "address_line1": "9 Oak Lane", "city": "Troy",
                  "state": "NY", "zip_code": "12180", "phone": "518-555-0177"}
        for name, text in values.items():
            qtbot.keyClicks(dialog.edits[name], text)
        dialog.relationship.setCurrentIndex(dialog.relationship.findData("spouse"))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive_dialog(GuarantorPersonDialog, fill_person)
    qtbot.mouseClick(tab.person_button, Qt.MouseButton.LeftButton)
    assert tab.guarantor_label.text().startswith("Robert Smith (not a patient); the patient is their spouse.")
    assert "9 Oak Lane" in tab.guarantor_label.text()

    # Link the child into the household, then give the child the same guarantor and copy the address.
    monkeypatch.setattr(PatientPickerDialog, "ask", classmethod(
        lambda cls, parent, uictx, title, exclude_id=None: patients.search_patients(admin_ctx, "smith, tom")[0]))
    qtbot.mouseClick(tab.link_button, Qt.MouseButton.LeftButton)
    assert tab.model.rowCount() == 2
    qtmodeltester.check(tab.model)

    pane.open_patient(child.id)
    assert tab.guarantor_label.text().startswith("The patient is responsible")
    assert not tab.copy_button.isEnabled()
    mother_row = next(r for r in range(tab.model.rowCount()) if tab.model.record(r).patient.id == mother.id)
    tab.view.setCurrentIndex(tab.model.index(mother_row, 0))

    def fill_relation(dialog: RelationshipDialog) -> None:
        dialog.relationship.setCurrentIndex(dialog.relationship.findData("child"))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive_dialog(RelationshipDialog, fill_relation)
    qtbot.mouseClick(tab.share_button, Qt.MouseButton.LeftButton)
    assert tab.guarantor_label.text().startswith("Robert Smith (not a patient); the patient is their child.")
    qtbot.mouseClick(tab.copy_button, Qt.MouseButton.LeftButton)
    assert harness.statuses[-1] == "Copied the guarantor's address and phone."
    saved = patients.open_patient(admin_ctx, child.id)
    assert (saved.address_line1, saved.city, saved.zip_code, saved.home_phone) == (
        "9 Oak Lane", "Troy", "12180", "+15185550177")
    assert family.get_guarantor(admin_ctx, child.id).first_name == "Robert"
    pane.view.tabs.setCurrentIndex(0)
    assert "9 Oak Lane" in pane.view.values["address"].text()  # the open record refreshed


def test_add_a_contact_note_and_see_it_in_the_timeline(qtbot: QtBot, harness, make_patient, drive_dialog,
                                                       admin_ctx: ServiceContext, qtmodeltester) -> None:
    pane = harness.pane
    ada = make_patient("Ada", "Lovelace", "03/14/1962")
    contact_history.add_contact_note(admin_ctx, ada.id, "Older note")
    pane.open_patient(ada.id)
    tab = pane.view.history
    qtbot.keyClick(pane.view.edit_button, Qt.Key.Key_5, Qt.KeyboardModifier.AltModifier)

    def fill(dialog: ContactNoteDialog) -> None:
        dialog.kind.setCurrentIndex(dialog.kind.findData("call"))
        dialog.direction.setCurrentIndex(dialog.direction.findData("out"))
        qtbot.keyClicks(dialog.outcome, "left voicemail")
        qtbot.keyClicks(dialog.summary, "Asked to bring the new card")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)

    drive_dialog(ContactNoteDialog, fill)
    qtbot.mouseClick(tab.add_button, Qt.MouseButton.LeftButton)
    assert harness.statuses[-1] == "Added to the contact history."
    first = [tab.model.index(0, c).data() for c in range(tab.model.columnCount())]
    assert first[1:] == ["Call", "Outgoing", "left voicemail", "Asked to bring the new card",
                         pane.uictx.actor.username]
    assert tab.model.index(1, 4).data() == "Older note"  # newest first
    qtmodeltester.check(tab.model)


def test_merge_is_hidden_for_the_front_desk(pane: PatientsPane, make_patient) -> None:
    pane.open_patient(make_patient("Ada", "Lovelace", "03/14/1962").id)
    assert not pane.view.merge_button.isVisibleTo(pane.view)


def test_admin_previews_and_merges_a_duplicate(qtbot: QtBot, harness, make_patient, practice: FirstRunResult,
                                               admin_ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch,
                                               qtmodeltester) -> None:
    pane = harness.pane
    pane.uictx.set_actor(practice.actor)
    keep = make_patient("Ada", "Lovelace", "03/14/1962")
    dup = patients.register_patient(admin_ctx, PatientInput(first_name="Ada", last_name="Lovelace",
                                                            dob="03/14/1962", sex="F", phone="518-555-0142"),
                                    duplicate_override_reason="registered twice by mistake")
    contact_history.add_contact_note(admin_ctx, dup.id, "Called about the visit")
    pane.open_patient(keep.id)
    assert pane.view.merge_button.isVisibleTo(pane.view)
    monkeypatch.setattr(PatientPickerDialog, "ask", classmethod(
        lambda cls, parent, uictx, title, exclude_id=None: next(
            p for p in patients.search_patients(admin_ctx, "lovelace") if p.id != exclude_id)))
    seen: list[MergeDialog] = []

    def run_dialog(dialog: MergeDialog) -> int:
        seen.append(dialog)
        qtmodeltester.check(dialog.model)
        moves = {dialog.model.index(r, 0).data(): dialog.model.index(r, 1).data()
                 for r in range(dialog.model.rowCount())}
        assert moves["contact event"] == "1" and moves["patient phone"] == "1"
        assert dialog.merge_button.isEnabled() and dialog.blockers.text() == ""
        assert "Merge into it: Lovelace, Ada, born 03/14/1962" in dialog.summary.text()
        dialog.merge_button.click()
        return dialog.result()

    monkeypatch.setattr(MergeDialog, "exec", run_dialog)
    qtbot.mouseClick(pane.view.merge_button, Qt.MouseButton.LeftButton)
    assert len(seen) == 1
    assert harness.statuses[-1] == f"Merged account # {dup.account_number} into Lovelace, Ada"
    assert pane.view.values["home_phone"].text() == "(518) 555-0142"
    assert [e.detail.split(";")[0] for e in audit.list_events(admin_ctx, AuditFilter(action="patient.merge"))] == [
        f"merged patient {dup.id} into {keep.id}"]
    assert [p.id for p in patients.search_patients(admin_ctx, "lovelace")] == [keep.id]


def test_check_in_checklist_opens_the_intake_dialog_for_the_open_patient(
        qtbot: QtBot, pane: PatientsPane, make_patient, monkeypatch: pytest.MonkeyPatch) -> None:
    ada = make_patient("Ada", "Lovelace", "03/14/1962")
    pane.open_patient(ada.id)
    opened: list[IntakeDialog] = []

    def fake_ask(cls, parent, uictx, patient_id, appointment_id=None):  # type: ignore[no-untyped-def]
        dialog = cls(uictx, patient_id, appointment_id, parent)  # the real dialog, not shown modally
        opened.append(dialog)
        return dialog.summary

    monkeypatch.setattr(IntakeDialog, "ask", classmethod(fake_ask))
    qtbot.mouseClick(pane.view.intake_button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and opened[0].patient_id == ada.id
    assert opened[0].summary is not None and opened[0].summary.patient_id == ada.id


def test_banner_lists_recent_no_shows(pane: PatientsPane, make_patient) -> None:
    pane.open_patient(make_patient("Ada", "Lovelace", "03/14/1962").id)
    pane.view.banner.set_consent_attention(0)
    pane.view.banner.set_attendance(Attendance(no_shows=3, cancellations=0, late_cancellations=0,
                                               recent_no_shows=2, recent_days=365))
    assert alerts(pane) == ["2 no-shows in the last 365 days"]
    pane.view.banner.set_attendance(Attendance(3, 0, 0, 0, 365))  # old no-shows only: no alert
    assert alerts(pane) == []


def test_patient_picker_searches_and_never_offers_the_open_patient(qtbot: QtBot, uictx, make_patient) -> None:  # type: ignore[no-untyped-def]
    mary = make_patient("Mary", "Smith", "05/01/1980")
    tom = make_patient("Tom", "Smith", "02/02/2015", sex="M")
    picker = PatientPickerDialog(uictx, "Link a family member", exclude_id=mary.id)
    qtbot.addWidget(picker)
    picker.show()
    qtbot.waitExposed(picker)
    qtbot.keyClicks(picker.search, "smith")
    qtbot.keyClick(picker.search, Qt.Key.Key_Return)
    assert picker.chosen is not None and picker.chosen.id == tom.id
    assert picker.result() == picker.DialogCode.Accepted

    nobody = PatientPickerDialog(uictx, "Link", exclude_id=mary.id)
    qtbot.addWidget(nobody)
    nobody.run_search("smith, mary")
    assert nobody.model.rowCount() == 0 and nobody.message.text() == "No other patient matches this search."
