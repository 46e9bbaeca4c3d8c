"""The Payers and Consent forms tabs of the Admin pane."""

# Fixed dates are data here: the signature typed is in the past, so 'not in the future' keeps its answer as time passes.

from __future__ import annotations

import pytest
from insui_helpers import cells, click, pick, retype, snap
from PySide6.QtCore import Qt

from frontdesk.domain.permissions import Role
from frontdesk.services.patients import consents
from frontdesk.services.billing import payers
from frontdesk.services.admin import users
from frontdesk.services._base import Actor
from frontdesk.services.patients.consents import ConsentInput
from frontdesk.ui.admin import AdminPane
from frontdesk.ui.admin.consent_type_dialog import ConsentTypeDialog
from frontdesk.ui.admin.payer_dialog import PayerDialog
from frontdesk.ui.patients.consents_tab import ConsentsTab


@pytest.fixture
def pane(show, uictx, practice, statuses):  # type: ignore[no-untyped-def]
    uictx.set_actor(practice.actor)  # the Admin pane is the administrator's
    return show(AdminPane(uictx, status=statuses.append), 1100, 650)


def test_show_tab_names(pane) -> None:  # type: ignore[no-untyped-def]
    assert pane.show_tab("payers") is pane.payers_tab is pane.tab("payers")
    assert pane.tabText(pane.currentIndex()) == "Payers"
    assert pane.show_tab("consents") is pane.consents_tab
    assert pane.tabText(pane.currentIndex()) == "Consent forms"


def test_add_edit_retire_payer(qtbot, pane, drive_dialog, statuses, desk_ctx) -> None:  # type: ignore[no-untyped-def]
    tab = pane.show_tab("payers")
    assert tab.notice.isVisible() and "Add payer" in tab.notice.text()

    def fill(dialog: PayerDialog) -> None:
        labels = [dialog.claim_type.itemText(i) for i in range(dialog.claim_type.count())]
        assert labels == ["Medicare", "Medicaid", "TRICARE", "CHAMPVA", "Group health plan", "FECA black lung",
                          "Other"], "the CMS-1500 box 1 choices, in the form's order"
        qtbot.keyClicks(dialog.edits["name"], "Blue Cross NY")
        click(qtbot, dialog.ok_button)
        assert dialog.form.error_label("claim_type").isVisible()
        pick(qtbot, dialog.claim_type, "Group")
        qtbot.keyClicks(dialog.edits["edi_payer_id"], "bc-1")
        click(qtbot, dialog.ok_button)
        error = dialog.form.error_label("edi_payer_id")
        assert error.isVisible() and "2-20 letters and digits" in error.text()
        assert dialog.edits["name"].text() == "Blue Cross NY"
        retype(qtbot, dialog.edits["edi_payer_id"], "bc001")
        qtbot.keyClicks(dialog.edits["phone"], "8005550100")
        click(qtbot, dialog.ok_button)

    drive_dialog(PayerDialog, fill)
    click(qtbot, tab.add_button)
    assert statuses[-1] == "Added payer Blue Cross NY (Group health plan)."
    payer = tab.selected_payer()
    assert payer is not None and payer.edi_payer_id == "BC001"
    assert cells(tab.model, tab.model.row_of(payer.id)) == [
        "Blue Cross NY", "Group health plan", "BC001", "(800) 555-0100", "", "Active"]

    def edit(dialog: PayerDialog) -> None:
        assert dialog.edits["phone"].text() == "(800) 555-0100"
        assert dialog.claim_type.currentText() == "Group health plan"
        qtbot.keyClicks(dialog.edits["address_line1"], "PO Box 1")
        qtbot.keyClicks(dialog.edits["city"], "Albany")
        qtbot.keyClicks(dialog.edits["state"], "NY")
        qtbot.keyClicks(dialog.edits["zip_code"], "12207")
        click(qtbot, dialog.ok_button)

    drive_dialog(PayerDialog, edit)
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert statuses[-1] == "Saved payer Blue Cross NY."
    assert cells(tab.model, tab.model.row_of(payer.id))[4] == "Albany, NY"

    click(qtbot, tab.retire_button)
    assert statuses[-1] == "Retired Blue Cross NY: new policies cannot use it; existing policies keep it."
    assert cells(tab.model, tab.model.row_of(payer.id))[5] == "Retired"
    assert payers.list_payers(desk_ctx) == [], "no longer offered for new policies"
    assert tab.reactivate_button.isEnabled() and not tab.retire_button.isEnabled()
    snap(pane, "admin-payers-tab")
    assert tab.view.horizontalScrollBar().maximum() == 0, "the columns fit: no sideways scrolling"
    click(qtbot, tab.reactivate_button)
    assert statuses[-1] == "Blue Cross NY is offered for new policies again."
    assert [p.name for p in payers.list_payers(desk_ctx)] == ["Blue Cross NY"]


def test_billing_may_manage_payers_front_desk_may_not(qtbot, show, uictx, practice, admin_ctx) -> None:  # type: ignore[no-untyped-def]
    pane = show(AdminPane(uictx), 1100, 650)
    tab = pane.show_tab("payers")
    assert not tab.add_button.isEnabled(), "front desk sees the payer list but cannot change it"
    info = users.add_user(admin_ctx, "ben", "Ben Biller", Role.BILLING, "ben's copper harbor kite")
    uictx.set_actor(Actor(info.id, info.username, info.full_name, info.role))
    assert tab.add_button.isEnabled()
    consent_tab = pane.show_tab("consents")
    assert consent_tab.model.rowCount() == 5 and not consent_tab.add_button.isEnabled()


def test_new_version_makes_signatures_outdated(qtbot, pane, drive_dialog, statuses, uictx, desk_ctx,  # type: ignore[no-untyped-def]
                                               patient_id, show) -> None:
    npp = next(t for t in consents.list_consent_types(desk_ctx) if t.code == "npp")
    consents.record_consent(desk_ctx, patient_id, ConsentInput(npp.id, "01/15/2026"))
    patient_tab = show(ConsentsTab(uictx))
    counts: list[int] = []
    patient_tab.attention_changed.connect(counts.append)
    patient_tab.set_patient(patient_id)
    row = patient_tab.model.row_of(npp.id)
    assert patient_tab.model.index(row, 2).data() == "OK"

    tab = pane.show_tab("consents")
    assert [tab.model.index(r, 1).data() for r in range(tab.model.rowCount())].count("Required") == 4
    assert tab.select_type(npp.id)

    def fill(dialog: ConsentTypeDialog) -> None:
        assert dialog.version.text() == "2026-01" and dialog.required.isChecked()
        retype(qtbot, dialog.version, "2026-02!")
        click(qtbot, dialog.ok_button)
        assert dialog.form.error_label("current_version").isVisible()
        retype(qtbot, dialog.validity, "500")
        retype(qtbot, dialog.version, "2026-02")
        click(qtbot, dialog.ok_button)
        assert dialog.form.error_label("validity_months").isVisible()
        retype(qtbot, dialog.validity, "24")
        click(qtbot, dialog.ok_button)

    drive_dialog(ConsentTypeDialog, fill)
    click(qtbot, tab.edit_button)
    assert statuses[-1] == f"Saved {npp.name} (current version 2026-02)."
    assert cells(tab.model, tab.model.row_of(npp.id))[2:4] == ["2026-02", "24 months"]
    assert patient_tab.model.index(row, 2).data() == "Outdated (signed v2026-01, current 2026-02)"
    assert counts[-1] == 4, "the patient's banner count went up without a manual refresh"
    snap(pane, "admin-consent-forms-tab")


def test_add_a_practice_consent_form(qtbot, pane, drive_dialog, statuses) -> None:  # type: ignore[no-untyped-def]
    tab = pane.show_tab("consents")

    def fill(dialog: ConsentTypeDialog) -> None:
        qtbot.keyClicks(dialog.code, "Tele Health")
        qtbot.keyClicks(dialog.name, "Telehealth consent")
        qtbot.keyClicks(dialog.version, "v1")
        click(qtbot, dialog.ok_button)
        assert dialog.form.error_label("code").isVisible()
        retype(qtbot, dialog.code, "telehealth")
        dialog.required.setChecked(False)
        click(qtbot, dialog.ok_button)

    drive_dialog(ConsentTypeDialog, fill)
    click(qtbot, tab.add_button)
    assert statuses[-1] == "Added consent form Telehealth consent."
    ctype = tab.selected_type()
    assert ctype is not None and cells(tab.model, tab.model.row_of(ctype.id)) == [
        "Telehealth consent", "Optional", "v1", "No expiry", "In use"]
