"""Admin > Users gives the Clinical role and links a Clinical user to the provider they are (issue 19)."""

from __future__ import annotations

import pytest
from uisupport import click

from frontdesk.domain.permissions import Role
from frontdesk.services.admin import providers, users
from frontdesk.ui.admin.user_dialogs import AddUserDialog
from frontdesk.ui.admin.user_provider_dialog import NOT_A_PROVIDER, LinkProviderDialog

STAFF_PASSWORD = "nina's own violet canyon"


@pytest.fixture
def tab(pane):  # type: ignore[no-untyped-def]
    return pane.show_tab("users")


def test_the_role_box_offers_clinical(tab, uictx) -> None:  # type: ignore[no-untyped-def]
    dialog = AddUserDialog(uictx, tab)
    assert dialog.role.findText("Clinical") >= 0
    dialog.reject()


def test_a_clinical_user_is_linked_to_a_provider(qtbot, tab, drive_dialog, notifying_ctx, practice,  # type: ignore[no-untyped-def]
                                                  statuses) -> None:
    admin = notifying_ctx(practice.actor)
    provider = providers.add_provider(admin, "Pat", "Smith", "1245319599", credential="MD")
    doctor = users.add_user(admin, "drsmith", "Pat Smith", Role.CLINICAL, STAFF_PASSWORD)
    rita = users.add_user(admin, "rita", "Rita Reception", Role.FRONT_DESK, STAFF_PASSWORD)
    qtbot.waitUntil(lambda: tab.model.row_of(rita.id) >= 0)
    tab.select_user(rita.id)
    assert not tab.provider_button.isEnabled(), "only a Clinical user is someone's provider"
    tab.select_user(doctor.id)
    assert tab.provider_button.isEnabled()

    def fill(dialog: LinkProviderDialog) -> None:
        assert dialog.provider.currentText() == NOT_A_PROVIDER
        dialog.provider.setFocus()
        qtbot.keyClicks(dialog.provider, "Pat")
        assert dialog.provider.currentData() == provider.id
        click(qtbot, dialog.ok_button)

    drive_dialog(LinkProviderDialog, fill)
    click(qtbot, tab.provider_button)
    qtbot.waitUntil(lambda: statuses and statuses[-1] == "drsmith is now linked to a provider.")
    assert {u.id: u.provider_id for u in users.list_users(admin)}[doctor.id] == provider.id
