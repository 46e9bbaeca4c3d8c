"""Screenshots of the tabs and dialogs (saved as ins-*.png for a look: testsupport.screenshot_path), and that each fits 1366x768."""

# Fixed dates are data here: the effective date typed is in the past and the screen is judged on other fields.

from __future__ import annotations

from insui_helpers import TODAY, click, days, pick, policy_input, snap
from PySide6.QtCore import Qt

from frontdesk.services.patients import consents, eligibility, insurance
from frontdesk.services.patients.consents import ConsentInput
from frontdesk.services.patients.eligibility import CheckInput
from frontdesk.ui.patients.consents_tab import ConsentsTab
from frontdesk.ui.patients.end_policy_dialog import EndPolicyDialog
from frontdesk.ui.patients.insurance_tab import InsuranceTab
from frontdesk.ui.patients.policy_dialog import PolicyDialog

SCREEN = (1366, 768 - 40)  # less a taskbar


def _fits(widget) -> None:  # type: ignore[no-untyped-def]
    hint = widget.sizeHint().expandedTo(widget.minimumSizeHint())
    assert hint.width() <= SCREEN[0] and hint.height() <= SCREEN[1], (hint.width(), hint.height())


def test_insurance_tab_screen(show, uictx, desk_ctx, patient_id, payer, other_payer) -> None:  # type: ignore[no-untyped-def]
    old = insurance.add_policy(desk_ctx, patient_id, policy_input(payer.id, effective_date=days(-900),
                                                                  member_id="OLD 1"))
    insurance.end_policy(desk_ctx, old.id, days(-400))
    primary = insurance.add_policy(desk_ctx, patient_id, policy_input(payer.id, effective_date=days(-300)))
    insurance.add_policy(desk_ctx, patient_id, policy_input(
        other_payer.id, rank=2, member_id="CG 777 001", plan_name="Open Access Plus", copay="", relationship="spouse",
        subscriber_first_name="John", subscriber_last_name="Doe", subscriber_dob="07/04/1960", subscriber_sex="M"))
    eligibility.log_check(desk_ctx, primary.id, CheckInput(TODAY, "phone", "active", reference_number="R-1"))
    tab = show(InsuranceTab(uictx), 1100, 650)
    tab.set_patient(patient_id)
    tab.select_policy(primary.id)
    assert tab.model.rowCount() == 3
    snap(tab, "insurance-tab")
    _fits(tab)


def test_consents_tab_screen(show, uictx, desk_ctx, patient_id) -> None:  # type: ignore[no-untyped-def]
    types = {t.code: t for t in consents.list_consent_types(desk_ctx)}
    consents.record_consent(desk_ctx, patient_id, ConsentInput(types["npp"].id, days(-30), version="2025-01"))
    consents.record_consent(desk_ctx, patient_id, ConsentInput(types["financial_policy"].id, days(-400)))
    consents.record_consent(desk_ctx, patient_id, ConsentInput(types["assignment_of_benefits"].id, days(-350)))
    consents.record_consent(desk_ctx, patient_id, ConsentInput(
        types["release_of_information"].id, TODAY, signed_by="representative", representative_name="Mary Doe",
        representative_relationship="daughter"))
    tab = show(ConsentsTab(uictx), 1100, 650)
    tab.set_patient(patient_id)
    snap(tab, "consents-tab")
    _fits(tab)


def test_policy_dialog_screen(qtbot, show, uictx, patient_id, payer) -> None:  # type: ignore[no-untyped-def]
    dialog = show(PolicyDialog(uictx, patient_id), 560, 520)
    snap(dialog, "policy-dialog-self")
    pick(qtbot, dialog.payer, "Aetna")
    pick(qtbot, dialog.relationship, "Spouse")
    qtbot.keyClicks(dialog.member_id, "W1")
    qtbot.keyClicks(dialog.effective_date, "01/01/2026")
    qtbot.keyClicks(dialog.subscriber_edits["subscriber_first_name"], "John")
    click(qtbot, dialog.ok_button)
    assert dialog.form.error_label("subscriber_last_name").isVisible()
    _fits(dialog)
    dialog.resize(dialog.sizeHint())
    snap(dialog, "policy-dialog-spouse")


def test_end_policy_dialog_screen(qtbot, show, uictx, desk_ctx, patient_id, payer) -> None:  # type: ignore[no-untyped-def]
    policy = insurance.add_policy(desk_ctx, patient_id, policy_input(payer.id))
    dialog = show(EndPolicyDialog(uictx, policy), 560, 220)
    qtbot.keyClick(dialog.end_date, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.end_date, "13/45/2026")
    click(qtbot, dialog.ok_button)
    assert dialog.form.error_label("end_date").isVisible()
    snap(dialog, "end-policy-dialog")
    _fits(dialog)


def test_no_sideways_scrolling_at_1100(show, uictx, desk_ctx, patient_id, payer) -> None:  # type: ignore[no-untyped-def]
    insurance.add_policy(desk_ctx, patient_id, policy_input(payer.id, plan_name="A very long plan name " * 3))
    tab = show(InsuranceTab(uictx), 1100, 650)
    tab.set_patient(patient_id)
    consents_tab = show(ConsentsTab(uictx), 1100, 650)
    consents_tab.set_patient(patient_id)
    for view in (tab.view, consents_tab.view):
        assert view.horizontalScrollBar().maximum() == 0
