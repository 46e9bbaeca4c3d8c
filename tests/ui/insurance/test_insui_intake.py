"""The check-in dialog: walking all four steps by keyboard, nested dialogs, errors in the step, resuming."""

from __future__ import annotations

import re

import pytest
from insui_helpers import snap, TODAY, click, pick, policy_input, retype, us
from PySide6.QtCore import Qt

from frontdesk.services.admin import audit
from frontdesk.services.patients import consents, insurance, intake
from frontdesk.services.patients.consents import ConsentInput
from frontdesk.ui.patients.consent_dialog import ConsentDialog
from frontdesk.ui.patients.eligibility_dialog import EligibilityDialog
from frontdesk.ui.patients.intake_dialog import IntakeDialog

STAMP = re.compile(r"^Confirmed \d\d/\d\d/\d{4} \d{1,2}:\d\d [AP]M by rita$")


def _alt(qtbot, dialog, key, button) -> None:  # type: ignore[no-untyped-def]
    """Alt+letter jumps to a step (focusing its first control)."""
    qtbot.keyClick(dialog.focusWidget() or dialog, key, Qt.KeyboardModifier.AltModifier)
    assert dialog.focusWidget() is button


def _stamp(step) -> tuple[str, str]:  # type: ignore[no-untyped-def]
    first, _, note = step.state_text.text().partition("\n")
    return first, note


@pytest.fixture
def policy(desk_ctx, patient_id, payer):  # type: ignore[no-untyped-def]
    return insurance.add_policy(desk_ctx, patient_id, policy_input(payer.id, copay="35"))


@pytest.fixture
def dialog(show, uictx, patient_id):  # type: ignore[no-untyped-def]
    return show(IntakeDialog(uictx, patient_id, None), 1040, 660)


def test_walk_all_four_steps(qtbot, dialog, policy, drive_dialog, desk_ctx, admin_ctx, patient_id) -> None:  # type: ignore[no-untyped-def]
    demo, ins, cons, copay = dialog.steps()
    assert dialog.heading.text() == "Check-in: Doe, Jane"
    assert demo.values["dob"].text().startswith("03/14/1962") and "Albany, NY 12207" in demo.values["address"].text()
    assert "(518) 555-0142" in demo.values["phones"].text()
    assert [r.action for r in audit.list_events(admin_ctx, audit.AuditFilter(action="patient.view"))] == [
        "patient.view"], "opening the record at check-in is an audited view"
    assert all(_stamp(s)[0] == "Not confirmed yet" for s in dialog.steps())
    assert dialog.progress.text() == "0 of 4 steps confirmed."

    # 1. Demographics: Alt+D, Enter.
    _alt(qtbot, dialog, Qt.Key.Key_D, demo.confirm_button)
    qtbot.keyClick(demo.confirm_button, Qt.Key.Key_Return)
    assert STAMP.match(_stamp(demo)[0]) and not demo.state_icon.pixmap().isNull(), "a check mark and the words"

    # 2. Insurance: log a check through the (real) eligibility dialog; it verifies the visit.
    assert "Primary: Aetna, member W123-456 789" in ins.policies_text.text()
    assert not ins.use_check_button.isEnabled()

    def log(check_dialog: EligibilityDialog) -> None:
        pick(qtbot, check_dialog.method, "Phone")
        pick(qtbot, check_dialog.check_result, "Active")
        qtbot.keyClicks(check_dialog.reference_number, "R-77")
        click(qtbot, check_dialog.ok_button)

    drive_dialog(EligibilityDialog, log)
    _alt(qtbot, dialog, Qt.Key.Key_I, ins.log_button)
    qtbot.keyClick(ins.log_button, Qt.Key.Key_Return)
    assert STAMP.match(_stamp(ins)[0]) and _stamp(ins)[1] == "Eligibility check"
    assert ins.check_text.text() == f"Checked for this visit: {us(TODAY)} by phone: Active, ref R-77 (rita)"

    # 3. Consents: four required ones missing; confirming needs a reason; record one inline.
    assert cons.problems.text().count("\u26a0") == 4 and cons.reason.isVisible()
    _alt(qtbot, dialog, Qt.Key.Key_O, cons.reason)
    qtbot.keyClick(cons.reason, Qt.Key.Key_Return)
    error = cons.form.error_label("override_reason")
    assert error.isVisible() and "Not current:" in error.text() and _stamp(cons)[0] == "Not confirmed yet"

    def sign(consent_dialog: ConsentDialog) -> None:
        click(qtbot, consent_dialog.ok_button)

    drive_dialog(ConsentDialog, sign)
    click(qtbot, cons.record_button)
    assert cons.problems.text().count("\u26a0") == 3, "the list updates after recording"
    qtbot.keyClicks(cons.reason, "Signing after the visit")
    qtbot.keyClick(cons.reason, Qt.Key.Key_Return)
    assert STAMP.match(_stamp(cons)[0]) and _stamp(cons)[1] == "Went ahead: Signing after the visit"
    assert not error.isVisible()

    # 4. Copay: prefilled from the policy, shown in dollars, editable.
    assert copay.amount.text() == "35.00" and copay.preview.text() == "= $35.00"
    assert copay.source.text() == "From Aetna (primary): $35.00"
    _alt(qtbot, dialog, Qt.Key.Key_P, copay.amount)
    retype(qtbot, copay.amount, "abc")
    assert copay.amount.text() == ""  # letters are refused as typed (a money field)
    retype(qtbot, copay.amount, "1,2")  # the start of an amount, not one: refused on Enter
    assert copay.preview.text().startswith("not an amount")
    qtbot.keyClick(copay.amount, Qt.Key.Key_Return)
    assert copay.form.error_label("copay_due").isVisible() and copay.amount.text() == "1,2"
    retype(qtbot, copay.amount, "1,020")
    assert copay.preview.text() == "= $1,020.00"
    qtbot.keyClick(copay.amount, Qt.Key.Key_Return)
    assert STAMP.match(_stamp(copay)[0]) and _stamp(copay)[1] == "$1,020.00"
    assert dialog.progress.text() == "Check-in complete: all 4 steps confirmed."
    assert dialog.summary is not None and dialog.summary.complete
    snap(dialog, "intake-dialog")
    saved = intake.get_intake(desk_ctx, dialog.summary.id)
    assert str(saved.copay_due) == "1020.00" and saved.insurance_method == "eligibility"


def test_resume_shows_confirmed_steps(qtbot, show, uictx, patient_id, policy, desk_ctx) -> None:  # type: ignore[no-untyped-def]
    started = intake.start_intake(desk_ctx, patient_id)
    intake.confirm_demographics(desk_ctx, started.id)
    intake.set_copay_due(desk_ctx, started.id, "12.5")
    dialog = show(IntakeDialog(uictx, patient_id), 1040, 660)
    demo, ins, _cons, copay = dialog.steps()
    assert dialog.summary.id == started.id
    assert STAMP.match(_stamp(demo)[0]) and STAMP.match(_stamp(copay)[0]) and _stamp(copay)[1] == "$12.50"
    assert _stamp(ins)[0] == "Not confirmed yet"
    assert copay.amount.text() == "12.50", "the recorded copay, not the policy's"
    assert dialog.progress.text() == "2 of 4 steps confirmed."
    assert dialog.focusWidget() is not None and ins.isAncestorOf(dialog.focusWidget()), \
        "focus starts at the first step still open"


def test_card_and_self_pay(qtbot, show, uictx, patient_id, policy, desk_ctx) -> None:  # type: ignore[no-untyped-def]
    dialog = show(IntakeDialog(uictx, patient_id), 1040, 660)
    ins = dialog.insurance
    click(qtbot, ins.use_check_button) if ins.use_check_button.isEnabled() else None
    click(qtbot, ins.card_button)
    assert _stamp(ins)[1] == "Verified from card"
    click(qtbot, ins.self_pay_button)
    assert _stamp(ins)[1] == "Self-pay"


def test_no_policy_allows_only_self_pay(qtbot, show, uictx, patient_id, desk_ctx) -> None:  # type: ignore[no-untyped-def]
    for t in consents.list_consent_types(desk_ctx):
        consents.record_consent(desk_ctx, patient_id, ConsentInput(t.id, TODAY))
    dialog = show(IntakeDialog(uictx, patient_id, 7), 1040, 660)
    ins, cons, copay = dialog.insurance, dialog.consents, dialog.copay
    assert dialog.summary.appointment_id == 7
    assert "No policy in effect" in ins.policies_text.text()
    assert not ins.log_button.isEnabled() and not ins.card_button.isEnabled() and ins.self_pay_button.isEnabled()
    assert cons.problems.text() == "\u2714 All required consents are current." and not cons.reason.isVisible()
    click(qtbot, cons.confirm_button)
    assert _stamp(cons)[1] == "All required consents current"
    assert copay.amount.text() == "0.00" and "No primary policy" in copay.source.text()


def test_eligibility_without_active_coverage_is_explained(qtbot, show, uictx, patient_id, policy,  # type: ignore[no-untyped-def]
                                                          drive_dialog) -> None:
    dialog = show(IntakeDialog(uictx, patient_id), 1040, 660)
    ins = dialog.insurance

    def log(check_dialog: EligibilityDialog) -> None:
        pick(qtbot, check_dialog.method, "Fax")
        pick(qtbot, check_dialog.check_result, "Inactive")
        click(qtbot, check_dialog.ok_button)

    drive_dialog(EligibilityDialog, log)
    click(qtbot, ins.log_button)
    assert ins.form.form_error.isVisible() and "did not find active coverage" in ins.form.form_error.text()
    assert _stamp(ins)[0] == "Not confirmed yet"
    assert ins.check_text.text().startswith("Checked for this visit:"), "the logged check shows even so"
    assert ins.use_check_button.isEnabled()


def test_unknown_patient_says_so(show, uictx) -> None:  # type: ignore[no-untyped-def]
    dialog = show(IntakeDialog(uictx, 9999), 1040, 660)
    assert dialog.summary is None and dialog.error.isVisible() and "no longer exists" in dialog.error.text()
    assert not any(b.isEnabled() for s in dialog.steps() for b in s._buttons)


def test_a_271_answer_for_the_visit_shows_at_check_in(qtbot, show, uictx, desk_ctx, admin_notify_ctx, db, policy,
                                                      patient_id, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from elig_support import book, fixture_271, set_up_billing

    from frontdesk.models import EligibilityRequest
    from frontdesk.services.patients import eligibility_files

    book(db, patient_id, set_up_billing(admin_notify_ctx), TODAY, 23)
    eligibility_files.export_270(desk_ctx, str(tmp_path / "today.270"), TODAY)
    with db.session(write=False) as s:
        trace = s.query(EligibilityRequest).one().trace_number
    answer = tmp_path / "answer.271"
    answer.write_text(fixture_271("active_copay.271", REFERENCE="1", TRACE=trace, LAST="DOE", FIRST="JANE",
                                  MEMBER="W123-456789", DOB="19620314", DATE=TODAY.strftime("%Y%m%d")),
                      encoding="ascii")
    eligibility_files.import_271(desk_ctx, str(answer))

    dialog = show(IntakeDialog(uictx, patient_id, None), 1040, 660)
    ins = dialog.steps()[1]
    qtbot.waitUntil(lambda: ins.check_text.text().startswith("Checked for this visit:"))
    assert ins.check_text.text() == (
        f"Checked for this visit: {us(TODAY)} by 271 file: Active; plan ACME GOLD PPO; office visit copay $25.00; "
        f"coinsurance 20%; deductible left $350.50, ref {trace} (rita)")
    assert ins.use_check_button.isEnabled()
    copay = dialog.steps()[3]
    assert copay.source.text() == ("From Aetna (primary): $35.00\n"
                                   "The payer's 271 for this visit: office visit copay $25.00")
    assert copay.amount.text() == "35.00"  # shown, not typed in for the desk
    click(qtbot, ins.use_check_button)
    qtbot.waitUntil(lambda: _stamp(ins)[1] == "Eligibility check")
    snap(dialog, "intake-271-answer")
