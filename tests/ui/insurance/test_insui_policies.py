"""The Insurance tab: add policies through the dialog, errors beside fields, end, re-rank."""

# Fixed dates are data here: effective dates are past (they stay in effect), the rest only meet each other.

from __future__ import annotations

import pytest
from insui_helpers import TODAY, cells, click, days, pick, policy_input, retype, us
from PySide6.QtCore import Qt

from frontdesk.services.patients import insurance
from frontdesk.ui.patients.end_policy_dialog import EndPolicyDialog
from frontdesk.ui.patients.insurance_models import POLICY_COLUMNS
from frontdesk.ui.patients.insurance_tab import InsuranceTab
from frontdesk.ui.patients.policy_dialog import PolicyDialog
from frontdesk.ui.widgets.models import MUTED_COLOUR

HEADERS = [c.header for c in POLICY_COLUMNS]


@pytest.fixture
def tab(show, uictx, statuses, patient_id):  # type: ignore[no-untyped-def]
    widget = show(InsuranceTab(uictx, status=statuses.append))
    widget.set_patient(patient_id)
    return widget


def test_empty_tab_says_what_to_do(tab) -> None:  # type: ignore[no-untyped-def]
    assert tab.model.rowCount() == 0
    assert tab.notice.isVisible() and "Add policy" in tab.notice.text()
    assert tab.add_button.isEnabled() and not tab.edit_button.isEnabled()


def test_add_primary_policy_by_typing(qtbot, tab, drive_dialog, statuses, payer, desk_ctx, patient_id) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: PolicyDialog) -> None:
        assert not dialog.subscriber_box.isVisible(), "the patient is the subscriber: no subscriber fields"
        assert dialog.rank.currentText() == "Primary"
        pick(qtbot, dialog.payer, "Aetna")
        qtbot.keyClicks(dialog.member_id, "W123-456 789")
        qtbot.keyClicks(dialog.group_number, "GRP-1001")
        qtbot.keyClicks(dialog.plan_name, "Choice POS II")
        qtbot.keyClicks(dialog.effective_date, "01/01/2025")
        qtbot.keyClicks(dialog.copay, "$25")
        qtbot.keyClicks(dialog.release_signed_on, us(TODAY))
        qtbot.keyClicks(dialog.assignment_signed_on, us(TODAY))
        click(qtbot, dialog.ok_button)

    drive_dialog(PolicyDialog, fill)
    click(qtbot, tab.add_button)
    assert statuses[-1] == "Added primary policy with Aetna."
    policy = tab.selected_policy()
    assert policy is not None and policy.member_id == "W123-456 789"
    assert cells(tab.model, tab.model.row_of(policy.id)) == [
        "Primary", "Aetna", "W123-456 789", "GRP-1001", "Choice POS II", "Self", "from 01/01/2025",
        "$25.00", "In effect"]
    saved = insurance.list_policies(desk_ctx, patient_id)
    assert len(saved) == 1 and saved[0].release_signed_on == TODAY and saved[0].accept_assignment


def test_secondary_policy_with_spouse_as_subscriber(qtbot, tab, drive_dialog, statuses, payer, other_payer,  # type: ignore[no-untyped-def]
                                                     desk_ctx, patient_id) -> None:
    insurance.add_policy(desk_ctx, patient_id, policy_input(payer.id))

    def fill(dialog: PolicyDialog) -> None:
        assert dialog.rank.currentText() == "Secondary", "the primary rank is taken: secondary is suggested"
        pick(qtbot, dialog.payer, "Cigna")
        qtbot.keyClicks(dialog.member_id, "CG 777 001")
        qtbot.keyClicks(dialog.effective_date, us(days(-30)))
        pick(qtbot, dialog.relationship, "Spouse")
        assert dialog.subscriber_box.isVisible()
        edits = dialog.subscriber_edits
        qtbot.keyClicks(edits["subscriber_first_name"], "John")
        qtbot.keyClicks(edits["subscriber_last_name"], "Doe")
        qtbot.keyClicks(edits["subscriber_dob"], "07/04/1960")
        dialog.subscriber_sex.setFocus()
        qtbot.keyClicks(dialog.subscriber_sex, "m")
        qtbot.keyClicks(edits["subscriber_address_line1"], "12 Elm Street")
        qtbot.keyClicks(edits["subscriber_city"], "Albany")
        qtbot.keyClicks(edits["subscriber_state"], "ny")
        qtbot.keyClicks(edits["subscriber_zip_code"], "12207")
        qtbot.keyClicks(edits["subscriber_phone"], "518-555-0143")
        qtbot.keyClicks(edits["subscriber_employer"], "Acme Tools")
        click(qtbot, dialog.ok_button)

    drive_dialog(PolicyDialog, fill)
    click(qtbot, tab.add_button)
    assert statuses[-1] == "Added secondary policy with Cigna."
    policy = tab.selected_policy()
    assert policy is not None and policy.relationship == "spouse"
    assert (policy.subscriber_first_name, policy.subscriber_sex, policy.subscriber_state) == ("John", "M", "NY")
    row = cells(tab.model, tab.model.row_of(policy.id))
    assert row[0] == "Secondary" and row[5] == "Doe, John (Spouse)"
    assert [r[0] for r in (cells(tab.model, i) for i in range(tab.model.rowCount()))] == ["Primary", "Secondary"]


def test_errors_show_beside_the_field_and_typing_stays(qtbot, tab, drive_dialog, payer, uictx) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: PolicyDialog) -> None:
        pick(qtbot, dialog.payer, "Aetna")
        qtbot.keyClicks(dialog.member_id, "W#123")
        qtbot.keyClicks(dialog.group_number, "GRP-9")
        qtbot.keyClicks(dialog.effective_date, "03/01/2026")
        qtbot.keyClicks(dialog.end_date, "02/01/2026")
        click(qtbot, dialog.ok_button)
        error = dialog.form.error_label("member_id")
        assert error.isVisible() and "letters, digits, dashes and spaces" in error.text()
        assert dialog.isVisible() and dialog.focusWidget() is dialog.member_id
        assert (dialog.member_id.text(), dialog.group_number.text(), dialog.end_date.text()) == (
            "W#123", "GRP-9", "02/01/2026")
        retype(qtbot, dialog.member_id, "W123")
        click(qtbot, dialog.ok_button)
        assert not error.isVisible()
        end_error = dialog.form.error_label("end_date")
        assert end_error.isVisible() and end_error.text().endswith("End date cannot be before the effective date.")
        assert dialog.effective_date.text() == "03/01/2026" and dialog.payer.currentText().startswith("Aetna")
        # A subscriber error lands in the right-hand column, beside its own field.
        pick(qtbot, dialog.relationship, "Child")
        retype(qtbot, dialog.end_date, "")
        click(qtbot, dialog.ok_button)
        first = dialog.form.error_label("subscriber_first_name")
        assert first.isVisible() and "first name" in first.text().lower()
        dialog.reject()

    opened = drive_dialog(PolicyDialog, fill)
    click(qtbot, tab.add_button)
    assert len(opened) == 1 and tab.model.rowCount() == 0


def test_rank_conflict_shows_beside_rank(qtbot, tab, drive_dialog, payer, desk_ctx, patient_id) -> None:  # type: ignore[no-untyped-def]
    insurance.add_policy(desk_ctx, patient_id, policy_input(payer.id))

    def fill(dialog: PolicyDialog) -> None:
        pick(qtbot, dialog.payer, "Aetna")
        pick(qtbot, dialog.rank, "Primary")
        qtbot.keyClicks(dialog.member_id, "ZZ 1")
        qtbot.keyClicks(dialog.effective_date, us(days(-10)))
        click(qtbot, dialog.ok_button)
        error = dialog.form.error_label("rank")
        assert error.isVisible() and "Another primary policy (Aetna" in error.text()
        dialog.reject()

    drive_dialog(PolicyDialog, fill)
    click(qtbot, tab.add_button)


def test_edit_keeps_values_and_saves(qtbot, tab, drive_dialog, statuses, payer, desk_ctx, patient_id) -> None:  # type: ignore[no-untyped-def]
    policy = insurance.add_policy(desk_ctx, patient_id, policy_input(payer.id))
    assert tab.select_policy(policy.id)

    def fill(dialog: PolicyDialog) -> None:
        assert dialog.member_id.text() == "W123-456 789" and dialog.copay.text() == "25.00"
        assert dialog.effective_date.text() == us(days(-365)) and dialog.payer.currentText().startswith("Aetna")
        retype(qtbot, dialog.copay, "40")
        click(qtbot, dialog.ok_button)

    drive_dialog(PolicyDialog, fill)
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)  # Enter on the row edits it
    assert statuses[-1] == "Saved the Aetna policy."
    assert cells(tab.model, tab.model.row_of(policy.id))[7] == "$40.00"


def test_end_policy_shows_it_as_history(qtbot, tab, drive_dialog, statuses, payer, other_payer, desk_ctx,  # type: ignore[no-untyped-def]
                                        patient_id) -> None:
    old = insurance.add_policy(desk_ctx, patient_id, policy_input(payer.id))
    assert tab.select_policy(old.id)

    def fill(dialog: EndPolicyDialog) -> None:
        assert dialog.end_date.text() == us(TODAY)
        retype(qtbot, dialog.end_date, us(days(-1)))
        click(qtbot, dialog.ok_button)

    drive_dialog(EndPolicyDialog, fill)
    click(qtbot, tab.end_button)
    assert statuses[-1] == f"The Aetna policy ends {us(days(-1))}."
    row = tab.model.row_of(old.id)
    assert cells(tab.model, row)[8] == f"Ended {us(days(-1))}"
    status_index = tab.model.index(row, HEADERS.index("Status"))
    assert status_index.data(Qt.ItemDataRole.ForegroundRole) == MUTED_COLOUR, "history is greyed as well"
    assert not tab.end_button.isEnabled() and not tab.up_button.isEnabled()
    # A new primary can now start; history sorts below it.
    new = insurance.add_policy(desk_ctx, patient_id, policy_input(other_payer.id, member_id="CG1",
                                                                  effective_date=TODAY))
    proxy_order = [tab.proxy.index(r, 0).data() for r in range(tab.proxy.rowCount())]
    assert proxy_order == ["Primary", "Primary"]
    assert tab.model.record(tab.proxy.mapToSource(tab.proxy.index(0, 0)).row()).id == new.id


def test_move_up_and_down_re_ranks(qtbot, tab, statuses, payer, other_payer, desk_ctx, patient_id) -> None:  # type: ignore[no-untyped-def]
    first = insurance.add_policy(desk_ctx, patient_id, policy_input(payer.id))
    second = insurance.add_policy(desk_ctx, patient_id, policy_input(other_payer.id, rank=2, member_id="CG1"))
    assert tab.select_policy(second.id)
    assert tab.up_button.isEnabled() and not tab.down_button.isEnabled()
    click(qtbot, tab.up_button)
    assert statuses[-1] == "Cigna is now primary."
    ranks = {tab.model.record(r).id: tab.model.record(r).rank for r in range(tab.model.rowCount())}
    assert ranks == {second.id: 1, first.id: 2}
    assert tab.selected_policy().id == second.id and tab.down_button.isEnabled()
    with qtbot.waitSignal(tab.down_button.clicked):  # a mnemonic "animates" the click, so it comes a bit later
        qtbot.keyClick(tab.view, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)  # Alt+D: Move down
    assert statuses[-1] == "Cigna is now secondary."


def test_switching_patient_and_user_forget_rows(qtbot, tab, payer, desk_ctx, patient_id, uictx) -> None:  # type: ignore[no-untyped-def]
    insurance.add_policy(desk_ctx, patient_id, policy_input(payer.id))
    assert tab.model.rowCount() == 1
    tab.set_patient(None)
    assert tab.model.rowCount() == 0 and not tab.add_button.isEnabled()
    tab.set_patient(patient_id)
    assert tab.model.rowCount() == 1
    uictx.set_actor(None)
    assert tab.model.rowCount() == 0 and tab.patient_id is None


def test_no_payers_yet_is_explained(qtbot, show, uictx, patient_id) -> None:  # type: ignore[no-untyped-def]
    dialog = show(PolicyDialog(uictx, patient_id), 560, 520)
    assert dialog.payer.count() == 0 and "Admin, Payers" in dialog.payer.placeholderText()
    click(qtbot, dialog.ok_button)
    assert dialog.form.error_label("payer_id").isVisible()
