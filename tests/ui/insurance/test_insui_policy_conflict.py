"""Saving a policy someone else changed meanwhile (issue 19): refused with who and when, then reloaded on request."""

from __future__ import annotations

import pytest
from insui_helpers import cells, click, policy_input, retype
from PySide6.QtCore import Qt

from frontdesk.services.patients import insurance
from frontdesk.ui.patients.dialogs import ChangedMeanwhileDialog
from frontdesk.ui.patients.insurance_tab import InsuranceTab
from frontdesk.ui.patients.policy_dialog import PolicyDialog


@pytest.fixture
def tab(show, uictx, statuses, patient_id):  # type: ignore[no-untyped-def]
    widget = show(InsuranceTab(uictx, status=statuses.append))
    widget.set_patient(patient_id)
    return widget


def test_a_stale_policy_save_offers_the_saved_version(qtbot, tab, drive_dialog, statuses, payer, desk_ctx,  # type: ignore[no-untyped-def]
                                                      admin_notify_ctx, patient_id,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    policy = insurance.add_policy(desk_ctx, patient_id, policy_input(payer.id))
    assert tab.select_policy(policy.id)
    asked: list[tuple[str, list[tuple[str, str]]]] = []
    monkeypatch.setattr(ChangedMeanwhileDialog, "ask",
                        classmethod(lambda cls, _parent, message, typed: asked.append((message, typed)) or True))

    def fill(dialog: PolicyDialog) -> None:
        retype(qtbot, dialog.copay, "40")
        # meanwhile, at another workstation, the administrator saves a new group number
        insurance.update_policy(admin_notify_ctx, policy.id, policy_input(payer.id, group_number="GRP-2002"),
                                version=policy.version)
        click(qtbot, dialog.ok_button)  # refused; the person chooses Reload
        [(message, typed)] = asked
        assert message.startswith("Ada Admin changed this policy on ") and message.endswith(
            "Your changes were not saved: reload to see theirs, then make yours again.")
        assert typed == [("Copay", "40")]
        assert dialog.isVisible() and dialog.group_number.text() == "GRP-2002"  # their version, in the dialog
        assert dialog.copay.text() == "25.00" and dialog.policy.version == 2
        retype(qtbot, dialog.copay, "40")
        click(qtbot, dialog.ok_button)  # on top of their version: saved

    drive_dialog(PolicyDialog, fill)
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    assert statuses[-1] == "Saved the Aetna policy."
    saved = insurance.get_policy(desk_ctx, policy.id)
    assert (saved.group_number, str(saved.copay), saved.version) == ("GRP-2002", "40.00", 3)
    assert cells(tab.model, tab.model.row_of(policy.id))[3] == "GRP-2002"
