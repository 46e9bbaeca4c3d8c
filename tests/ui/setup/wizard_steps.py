"""Steps that drive the setup wizard like a person would: typing into fields and pressing its buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QWizard
from setup_helpers import click, tick

from frontdesk.ui.setup_wizard import SetupWizard

PRACTICE_NAME = "Smith <b>&amp; Jones</b> Family Medicine"
ADMIN_USERNAME = "mlopez"
ADMIN_PASSWORD = "correct horse battery"
WIZARD_PASSPHRASE = "maple street front desk key"
GOOD_NPI = "1234567893"
BAD_NPI = "1234567890"  # right length, wrong check digit


def next_button(wizard: QWizard):  # type: ignore[no-untyped-def]
    return wizard.button(QWizard.WizardButton.NextButton)


def fill_practice(qtbot, wizard: SetupWizard, *, npi: str = GOOD_NPI) -> None:  # type: ignore[no-untyped-def]
    page = wizard.practice_page
    qtbot.keyClicks(page.legal_name, PRACTICE_NAME)
    qtbot.keyClicks(page.address_line1, "12 Maple St")
    qtbot.keyClicks(page.address_line2, "Suite 4")
    qtbot.keyClicks(page.city, "Albany")
    page.state.setFocus()
    qtbot.keyClicks(page.state, "NY")  # a closed combo box jumps to the item starting with what is typed
    qtbot.keyClicks(page.zip_code, "12207-1234")
    qtbot.keyClicks(page.phone, "518.555.0123")
    qtbot.keyClicks(page.ein, "12-3456789")
    qtbot.keyClicks(page.billing_npi, npi)
    qtbot.keyClicks(page.taxonomy, "207q00000x")


def fill_admin(qtbot, wizard: SetupWizard, *, confirm: str = ADMIN_PASSWORD) -> None:  # type: ignore[no-untyped-def]
    page = wizard.admin_page
    qtbot.keyClicks(page.full_name, "Maria Lopez")
    qtbot.keyClicks(page.username, ADMIN_USERNAME)
    qtbot.keyClicks(page.password, ADMIN_PASSWORD)
    qtbot.keyClicks(page.confirm, confirm)


def fill_passphrase(qtbot, wizard: SetupWizard, *, remember: bool = False) -> None:  # type: ignore[no-untyped-def]
    page = wizard.passphrase_page
    qtbot.keyClicks(page.passphrase, WIZARD_PASSPHRASE)
    qtbot.keyClicks(page.confirm, WIZARD_PASSPHRASE)
    if remember:
        tick(qtbot, page.remember)
        assert page.remember.isChecked()


def walk_to_passphrase(qtbot, wizard: SetupWizard) -> None:  # type: ignore[no-untyped-def]
    """From the welcome page to a filled-in passphrase page (nothing written yet)."""
    assert wizard.currentId() == SetupWizard.PAGE_WELCOME
    click(qtbot, next_button(wizard))
    fill_practice(qtbot, wizard)
    click(qtbot, next_button(wizard))
    assert wizard.currentId() == SetupWizard.PAGE_ADMIN
    fill_admin(qtbot, wizard)
    click(qtbot, next_button(wizard))
    assert wizard.currentId() == SetupWizard.PAGE_PASSPHRASE
    fill_passphrase(qtbot, wizard)


def create(qtbot, wizard: SetupWizard) -> None:  # type: ignore[no-untyped-def]
    """Press 'Create practice' and wait for the recovery key page."""
    assert next_button(wizard).text().replace("&", "") == "Create practice"
    click(qtbot, next_button(wizard))
    qtbot.waitUntil(lambda: wizard.currentId() == SetupWizard.PAGE_RECOVERY, timeout=10_000)
