"""The Providers tab: add through the dialog (NPI check digit beside the field), deactivate, reactivate."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from uisupport import click, retype

from frontdesk.services.admin import providers as providers_service
from frontdesk.ui.admin.models import PROVIDER_COLUMNS
from frontdesk.ui.admin.provider_dialog import ProviderDialog

GOOD_NPI = "1234567893"
BAD_NPI = "1234567890"  # right length, wrong check digit
STATUS_COL = [c.header for c in PROVIDER_COLUMNS].index("Status")


@pytest.fixture
def tab(pane):  # type: ignore[no-untyped-def]
    return pane.show_tab("providers")


def test_empty_list_explains_what_to_do(tab) -> None:  # type: ignore[no-untyped-def]
    assert tab.model.rowCount() == 0
    assert tab.notice.isVisible() and "Add provider" in tab.notice.text()


def test_bad_npi_error_beside_field_then_good_one_added(qtbot, tab, drive_dialog, statuses, uictx) -> None:  # type: ignore[no-untyped-def]
    def fill(dialog: ProviderDialog) -> None:
        qtbot.keyClicks(dialog.first_name, "Maria")
        qtbot.keyClicks(dialog.last_name, "Lopez")
        qtbot.keyClicks(dialog.credential, "md")
        qtbot.keyClicks(dialog.npi, BAD_NPI)
        qtbot.keyClicks(dialog.taxonomy, "207Q00000X")
        click(qtbot, dialog.ok_button)
        error = dialog.form.error_label("npi")
        assert error.isVisible()
        assert error.text().endswith(f"NPI {BAD_NPI} fails its check digit; please re-check it.")
        assert dialog.isVisible() and dialog.first_name.text() == "Maria"
        retype(qtbot, dialog.npi, GOOD_NPI)
        click(qtbot, dialog.ok_button)

    drive_dialog(ProviderDialog, fill)
    click(qtbot, tab.add_button)
    assert statuses[-1] == f"Added provider Maria Lopez, MD (NPI {GOOD_NPI})."
    assert not tab.notice.isVisible()
    provider = tab.selected_provider()
    assert provider is not None and provider.npi == GOOD_NPI and provider.credential == "MD"
    row = tab.model.row_of(provider.id)
    assert [tab.model.index(row, c).data() for c in range(tab.model.columnCount())] == [
        "Lopez, Maria", "MD", GOOD_NPI, "207Q00000X", "Active"]
    assert [p.npi for p in providers_service.list_providers(uictx.services)] == [GOOD_NPI]


def test_npi_is_checked_when_leaving_the_field(qtbot, uictx) -> None:  # type: ignore[no-untyped-def]
    dialog = ProviderDialog(uictx)
    qtbot.addWidget(dialog)
    with qtbot.waitActive(dialog):
        dialog.show()
        dialog.activateWindow()
    dialog.npi.setFocus()
    qtbot.keyClicks(dialog.npi, "12345")
    qtbot.keyClick(dialog.npi, Qt.Key.Key_Tab)
    error = dialog.form.error_label("npi")
    assert error.isVisible() and "exactly 10 digits" in error.text()
    retype(qtbot, dialog.npi, GOOD_NPI)
    qtbot.keyClick(dialog.npi, Qt.Key.Key_Tab)
    assert not error.isVisible()
    assert dialog.isVisible(), "leaving a field does not submit"


def test_deactivate_and_reactivate(qtbot, tab, notifying_ctx, practice, statuses) -> None:  # type: ignore[no-untyped-def]
    provider = providers_service.add_provider(notifying_ctx(practice.actor), "John", "Smith", GOOD_NPI, "NP")
    assert tab.model.row_of(provider.id) >= 0, "the new provider appeared without a manual refresh"
    assert not tab.deactivate_button.isEnabled()
    assert tab.select_provider(provider.id)
    click(qtbot, tab.deactivate_button)
    assert tab.model.index(tab.model.row_of(provider.id), STATUS_COL).data() == "Deactivated"
    assert statuses[-1] == "Deactivated provider John Smith, NP."
    assert tab.reactivate_button.isEnabled() and not tab.deactivate_button.isEnabled()
    click(qtbot, tab.reactivate_button)
    assert tab.model.index(tab.model.row_of(provider.id), STATUS_COL).data() == "Active"
    assert statuses[-1] == "Reactivated provider John Smith, NP."


def test_edit_a_provider_to_correct_the_npi(qtbot, tab, drive_dialog, notifying_ctx, practice, statuses, uictx) -> None:  # type: ignore[no-untyped-def]
    provider = providers_service.add_provider(notifying_ctx(practice.actor), "Maria", "Lopez", "1003000126", "MD")
    qtbot.waitUntil(lambda: tab.model.row_of(provider.id) >= 0)
    assert not tab.edit_button.isEnabled(), "nothing selected yet"

    def fill(dialog: ProviderDialog) -> None:
        if len(opened) == 2:  # opened again: it shows what was saved; close it without saving
            assert dialog.npi.text() == GOOD_NPI
            dialog.reject()
            return
        assert dialog.windowTitle() == "Edit provider \u2013 Maria Lopez, MD"
        assert (dialog.first_name.text(), dialog.last_name.text(), dialog.credential.text(), dialog.npi.text()) == (
            "Maria", "Lopez", "MD", "1003000126")  # pre-filled
        retype(qtbot, dialog.npi, BAD_NPI)
        click(qtbot, dialog.ok_button)
        assert "check digit" in dialog.form.error_label("npi").text() and dialog.isVisible()
        retype(qtbot, dialog.npi, GOOD_NPI)
        click(qtbot, dialog.ok_button)

    opened = drive_dialog(ProviderDialog, fill)
    assert tab.select_provider(provider.id)
    qtbot.keyClick(tab.view, Qt.Key.Key_Return)  # Enter on the row opens the editor, like the button
    assert len(opened) == 1
    qtbot.waitUntil(lambda: tab.model.index(tab.model.row_of(provider.id), 2).data() == GOOD_NPI)
    assert statuses[-1] == f"Saved provider Maria Lopez, MD (NPI {GOOD_NPI})."
    assert [p.npi for p in providers_service.list_providers(uictx.services)] == [GOOD_NPI]
    assert tab.selected_provider() is not None and tab.selected_provider().id == provider.id
    click(qtbot, tab.edit_button)  # the button opens the same editor
    assert len(opened) == 2

