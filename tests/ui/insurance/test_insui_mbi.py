"""A malformed Medicare MBI is shown beside the Member ID field of the policy dialog; a valid one saves as typed."""

# Fixed dates are data here: the effective date is past (the policy stays in effect).

from __future__ import annotations

import pytest
from insui_helpers import cells, click, payer_input, pick, retype
from PySide6.QtCore import Qt
from testsupport import screenshot_path

from frontdesk.services.billing import payers
from frontdesk.ui.patients.insurance_tab import InsuranceTab
from frontdesk.ui.patients.policy_dialog import PolicyDialog


@pytest.fixture
def medicare(admin_notify_ctx):  # type: ignore[no-untyped-def]
    return payers.add_payer(admin_notify_ctx, payer_input("Medicare Part B", claim_type="medicare",
                                                          edi_payer_id="13202"))


def test_a_malformed_mbi_shows_beside_member_id_and_a_valid_one_saves_as_typed(  # type: ignore[no-untyped-def]
        qtbot, show, uictx, statuses, patient_id, medicare, drive_dialog) -> None:
    tab = show(InsuranceTab(uictx, status=statuses.append), 1366, 768)
    tab.set_patient(patient_id)

    def fill(dialog: PolicyDialog) -> None:
        pick(qtbot, dialog.payer, "Medicare")
        qtbot.keyClicks(dialog.member_id, "1EG4-SE5-MK73")
        qtbot.keyClicks(dialog.effective_date, "01/01/2025")
        click(qtbot, dialog.ok_button)
        error = dialog.form.error_label("member_id")
        qtbot.waitUntil(error.isVisible)
        assert "Character 5 of a Medicare MBI must be a letter other than S, L, O, I, B or Z" in error.text()
        assert dialog.focusWidget() is dialog.member_id and dialog.member_id.text() == "1EG4-SE5-MK73"
        dialog.grab().save(str(screenshot_path("policy-mbi-error.png")))
        retype(qtbot, dialog.member_id, "1EG4-TE5-MK73")
        qtbot.keyClick(dialog.member_id, Qt.Key.Key_Return)

    drive_dialog(PolicyDialog, fill)
    click(qtbot, tab.add_button)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert cells(tab.model, 0)[1:3] == ["Medicare Part B", "1EG4-TE5-MK73"]  # shown as typed
