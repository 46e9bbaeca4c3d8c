"""The full registration form, duplicate warnings while typing, Create anyway, and search by every key."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from frontdesk.services.admin import audit
from frontdesk.services.patients import insurance, patients
from frontdesk.services.billing import payers
from frontdesk.services._base import ServiceContext
from frontdesk.services.admin.audit import AuditFilter
from frontdesk.services.patients.insurance import PolicyInput
from frontdesk.services.patients.patients import PatientInput
from frontdesk.services.billing.payers import PayerInput
from frontdesk.ui.patients import PatientsPane
from frontdesk.ui.patients.dialogs import DiscardChangesDialog
from frontdesk.ui.patients.duplicate_panel import likelihood

FULL = {"first_name": "Katherine", "middle_name": "Coleman", "last_name": "Johnson", "suffix": "Jr.",
        "preferred_name": "Kathy", "dob": "08/26/1958", "gender_identity": "Woman",
        "address_line1": "1 Langley Way", "city": "Hampton", "state": "VA", "zip_code": "23681-0001",
        "home_phone": "757-555-0110", "mobile_phone": "(757) 555-0111", "work_phone": "757.555.0112",
        "email": "kj@example.com", "preferred_language": "English", "emergency_name": "James Johnson",
        "emergency_relationship": "Spouse", "emergency_phone": "757-555-0113", "referring_name": "Dr. Ride",
        "referring_npi": "1234567893"}


def type_into(qtbot: QtBot, pane: PatientsPane, values: dict[str, str]) -> None:
    for name, text in values.items():
        edit = pane.form.edits[name]
        edit.setFocus()
        qtbot.keyClicks(edit, text)


def pick(pane: PatientsPane, name: str, data: str) -> None:
    combo = pane.form.combos[name]
    combo.setCurrentIndex(combo.findData(data))


def test_type_every_field_and_save(qtbot: QtBot, harness, admin_ctx: ServiceContext) -> None:
    pane = harness.pane
    pane.new_patient()
    type_into(qtbot, pane, FULL)
    qtbot.keyClick(pane.form.sex, "F")
    pick(pane, "preferred_phone_kind", "mobile")
    pick(pane, "preferred_contact", "text")
    assert pane.form.combos["referral_source"].currentText() == "Not recorded"  # never guessed
    pick(pane, "referral_source", "physician")
    pane.form.fields.checks["text_ok"].setChecked(True)
    pane.form.fields.checks["voicemail_ok"].setChecked(True)
    pane.form.fields.notes.setPlainText("Prefers morning visits")
    qtbot.mouseClick(pane.form.save_button, Qt.MouseButton.LeftButton)

    assert harness.statuses == ["Saved Johnson, Katherine"], pane.form.form.form_error.text()
    [found] = patients.search_patients(admin_ctx, "johnson, katherine")
    r = patients.open_patient(admin_ctx, found.id)
    assert (r.suffix, r.preferred_name, r.gender_identity, r.zip_code) == ("Jr.", "Kathy", "Woman", "23681-0001")
    assert (r.mobile_phone, r.work_phone, r.preferred_phone_kind, r.phone) == (
        "+17575550111", "+17575550112", "mobile", "+17575550111")
    assert (r.preferred_contact, r.text_ok, r.voicemail_ok, r.email) == ("text", True, True, "kj@example.com")
    assert (r.emergency_name, r.emergency_phone, r.referring_npi) == ("James Johnson", "+17575550113", "1234567893")
    assert r.notes == "Prefers morning visits" and r.status == "active"
    # The opened record shows every value on the Demographics tab.
    assert pane.view.values["preferred_name"].text() == "Kathy"
    assert pane.view.values["referring"].text() == "Dr. Ride (NPI 1234567893)"
    assert r.referral_source == "physician" and pane.view.values["referral_source"].text() == "Physician referral"


def test_errors_of_new_fields_land_beside_them_and_keep_typing(qtbot: QtBot, pane: PatientsPane) -> None:
    pane.new_patient()
    type_into(qtbot, pane, FULL | {"referring_npi": "1234567890"})
    qtbot.keyClick(pane.form.sex, "F")
    pick(pane, "preferred_phone_kind", "home")
    pane.form.save()
    error = pane.form.form.error_label("referring_npi")
    assert error.isVisible() and "NPI" in error.text()
    assert pane.form.edits["referring_npi"].text() == "1234567890"
    assert pane.form.edits["email"].text() == "kj@example.com"

    pick(pane, "status", "deceased")
    pane.form.edits["referring_npi"].setText("1234567893")
    pane.form.save()
    assert pane.form.form.error_label("deceased_date").isVisible()
    assert QApplication.focusWidget() is pane.form.edits["deceased_date"]


@pytest.mark.parametrize(("score", "words"), [(125, "Very likely"), (80, "Likely"), (30, "Possible"), (5, "Unlikely")])
def test_scores_read_as_words(score: int, words: str) -> None:
    assert likelihood(score) == words


def test_duplicate_warning_while_typing_then_create_anyway(qtbot: QtBot, harness, make_patient,
                                                           admin_ctx: ServiceContext) -> None:
    pane = harness.pane
    existing = make_patient("Ada", "Lovelace", "03/14/1962", phone="518-555-0142")
    pane.new_patient()
    type_into(qtbot, pane, {"first_name": "Ada", "last_name": "Lovelace"})
    assert not pane.form.duplicates.isVisible()
    type_into(qtbot, pane, {"dob": "3/14/62"})
    qtbot.waitUntil(pane.form.duplicates.isVisible)  # after the ~300 ms pause in typing
    model = pane.form.duplicates.model
    assert model.rowCount() == 1
    assert model.index(0, 0).data() == "Very likely"
    assert model.index(0, 4).data() == existing.account_number
    assert "same last name and date of birth" in model.index(0, 5).data()
    assert "Possible duplicate" in pane.form.duplicates.title.text()

    qtbot.keyClick(pane.form.sex, "F")
    pane.form.save()
    assert pane.form.duplicates.override_form.isVisible()
    assert harness.statuses == []
    pane.form.duplicates.create_anyway.setChecked(True)
    pane.form.save()  # no reason yet: the reason box says so
    reason_error = pane.form.duplicates.override_form.error_label("duplicate_override_reason")
    assert reason_error.isVisible() and "required" in reason_error.text().lower()
    qtbot.keyClicks(pane.form.duplicates.reason, "Twin sister, same name by family tradition")
    pane.form.save()
    assert harness.statuses == ["Saved Lovelace, Ada"]
    [event] = audit.list_events(admin_ctx, AuditFilter(action="patient.create", patient_id=pane.current_record().id))
    assert "despite" in event.detail and str(existing.id) in event.detail
    assert pane.current_record().duplicate_override_reason.startswith("Twin sister")


def test_a_shared_phone_alone_shows_candidates_and_one_opens_instead(qtbot: QtBot, pane: PatientsPane,
                                                                     make_patient,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    existing = make_patient("Alan", "Turing", "06/23/1912", phone="(212) 555-0199")
    monkeypatch.setattr(DiscardChangesDialog, "ask", classmethod(lambda cls, parent: True))
    pane.new_patient()
    type_into(qtbot, pane, {"mobile_phone": "212 555 0199"})
    qtbot.waitUntil(lambda: pane.form.duplicates.model.rowCount() == 1)
    view = pane.form.duplicates.view
    view.setCurrentIndex(pane.form.duplicates.model.index(0, 1))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert pane.current_record().id == existing.id


def _payer(admin_ctx: ServiceContext) -> int:
    return payers.add_payer(admin_ctx, PayerInput(name="Aetna", claim_type="group_health_plan",
                                                  edi_payer_id="60054", address_line1="PO Box 981106",
                                                  city="El Paso", state="TX", zip_code="79998")).id


@pytest.mark.parametrize("query", ["hopper", "hopper, gr", "grace hopper", "12/09/1956", "12/9/56", "12091956",
                                   "1956-12-09", "(646) 555-0123", "646.555.0123", "555-0123", "XQZ-77123"])
def test_find_the_patient_by_every_key(qtbot: QtBot, pane: PatientsPane, admin_ctx: ServiceContext,
                                       query: str) -> None:
    grace = patients.register_patient(admin_ctx, PatientInput(first_name="Grace", last_name="Hopper",
                                                              dob="12/09/1956", sex="F", home_phone="",
                                                              mobile_phone="646-555-0123"))
    patients.register_patient(admin_ctx, PatientInput(first_name="Other", last_name="Person", dob="01/01/1970",
                                                      sex="M"))
    insurance.add_policy(admin_ctx, grace.id, PolicyInput(payer_id=_payer(admin_ctx), rank=1, member_id="XQZ-77123",
                                                          effective_date=date(2024, 1, 1)))
    pane.search.setFocus()
    qtbot.keyClicks(pane.search, query)
    pane.search.flush()
    ids = [pane.results_model.patient_at(r).id for r in range(pane.results_model.rowCount())]
    assert ids == [grace.id]


def test_find_by_account_number_and_inactive_toggle(qtbot: QtBot, pane: PatientsPane, make_patient,
                                                    admin_ctx: ServiceContext) -> None:
    ada = make_patient("Ada", "Lovelace", "03/14/1962")
    patients.update_patient(admin_ctx, ada.id, PatientInput(first_name="Ada", last_name="Lovelace",
                                                            dob="03/14/1962", sex="F", status="inactive"))
    qtbot.keyClicks(pane.search, ada.account_number)
    pane.search.flush()
    assert pane.results_model.rowCount() == 0
    qtbot.mouseClick(pane.include_inactive, Qt.MouseButton.LeftButton)
    assert pane.results_model.rowCount() == 1
    assert pane.results_model.index(0, 0).data() == "Lovelace, Ada (inactive)"


def test_duplicate_model_passes_qtmodeltester(qtmodeltester, qtbot: QtBot, pane: PatientsPane, make_patient) -> None:
    make_patient("Ada", "Lovelace", "03/14/1962")
    pane.new_patient()
    type_into(qtbot, pane, {"last_name": "Lovelace", "dob": "03/14/1962"})
    pane.form.check_duplicates()
    assert pane.form.duplicates.model.rowCount() == 1
    qtmodeltester.check(pane.form.duplicates.model)
