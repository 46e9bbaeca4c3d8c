"""The first-run wizard end to end: validation beside fields, creation, recovery key, cancel, failures."""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWizard
from setup_helpers import UntrustedStore, click, retype, save_screenshot, tick
from wizard_steps import (
    ADMIN_PASSWORD,
    ADMIN_USERNAME,
    BAD_NPI,
    GOOD_NPI,
    PRACTICE_NAME,
    WIZARD_PASSPHRASE,
    create,
    fill_admin,
    fill_passphrase,
    fill_practice,
    next_button,
    walk_to_passphrase,
)

from frontdesk.domain.formats import US_STATES
from frontdesk.domain.permissions import Role
from frontdesk.paths import DataPaths
from frontdesk.services.admin import auth
from frontdesk.services._base import ServiceContext
from frontdesk.services.admin.audit import AuditFilter, list_events
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.storage.store import KeySource, open_practice_store, unlock_key
from frontdesk.ui.setup_wizard import SetupWizard
from frontdesk.ui.setup_wizard.kit_output import KitFileDialog, KitPrintDialog
from frontdesk.ui.setup_wizard.us_states import STATE_NAMES


def _pdf_text(path: Path) -> tuple[int, str]:
    with pdfplumber.open(path) as pdf:
        return len(pdf.pages), "\n".join(page.extract_text() or "" for page in pdf.pages)


@pytest.fixture
def kit_files(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, Path]:
    """The save dialog answers kit.pdf; the print dialog sends the printer's output to printed.pdf."""
    files = {"saved": tmp_path / "kit-out" / "kit.pdf", "printed": tmp_path / "kit-out" / "printed.pdf"}
    files["saved"].parent.mkdir()
    monkeypatch.setattr(KitFileDialog, "ask", classmethod(lambda cls, parent, suggested: files["saved"]))

    def fake_print_dialog(cls, parent, printer: QPrinter) -> bool:  # type: ignore[no-untyped-def]
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(files["printed"]))
        return True

    monkeypatch.setattr(KitPrintDialog, "ask", classmethod(fake_print_dialog))
    return files


def test_walk_the_whole_wizard(qtbot, make_wizard, tmp_path: Path, key_store, kit_files) -> None:
    paths = DataPaths(tmp_path / "data" / "practice")
    wizard = make_wizard(paths)
    wizard.resize(1366, 768)
    assert wizard.welcome_page.folder_label.text() == str(paths.root)
    save_screenshot(wizard, "1-welcome")
    click(qtbot, next_button(wizard))

    # A bad NPI: the message sits beside the NPI field and the wizard stays on the page.
    fill_practice(qtbot, wizard, npi=BAD_NPI)
    page = wizard.practice_page
    assert page.state.code() == "NY"
    click(qtbot, next_button(wizard))
    assert wizard.currentId() == SetupWizard.PAGE_PRACTICE
    npi_error = page.form.error_label("billing_npi")
    assert npi_error.isVisible() and "check digit" in npi_error.text()
    assert npi_error.parentWidget() is page.billing_npi.parentWidget()  # in the field's own box
    assert npi_error.y() > page.billing_npi.y()
    assert not page.form.error_label("legal_name").isVisible()
    save_screenshot(wizard, "2-practice-error")
    retype(qtbot, page.billing_npi, GOOD_NPI)
    click(qtbot, next_button(wizard))
    assert not npi_error.isVisible()

    # Admin: a mismatched confirmation is reported beside the confirmation field.
    assert wizard.currentId() == SetupWizard.PAGE_ADMIN
    fill_admin(qtbot, wizard, confirm="correct horse battery!")
    click(qtbot, next_button(wizard))
    confirm_error = wizard.admin_page.form.error_label("confirm_password")
    assert wizard.currentId() == SetupWizard.PAGE_ADMIN and confirm_error.isVisible()
    save_screenshot(wizard, "3-admin-error")
    retype(qtbot, wizard.admin_page.confirm, ADMIN_PASSWORD)
    click(qtbot, next_button(wizard))

    assert wizard.currentId() == SetupWizard.PAGE_PASSPHRASE
    assert not paths.root.exists()  # nothing written before 'Create practice'
    fill_passphrase(qtbot, wizard, remember=True)
    save_screenshot(wizard, "4-passphrase")
    create(qtbot, wizard)

    result = wizard.created
    assert result is not None and result.actor.role is Role.ADMIN and result.actor.username == ADMIN_USERNAME
    recovery = wizard.recovery_page
    assert recovery.key_label.text() == result.recovery_key
    assert "remembers the key" in recovery.remember_note.text()
    assert wizard.admin_page.password.text() == "" and wizard.passphrase_page.passphrase.text() == ""
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert not finish.isEnabled()
    assert not wizard.button(QWizard.WizardButton.CancelButton).isVisible()
    wizard.reject()  # Esc / window close: refused until the key is acknowledged
    assert wizard.isVisible()

    click(qtbot, recovery.save_button)
    assert kit_files["saved"].is_file() and "saved to" in recovery.status.text()
    pages, text = _pdf_text(kit_files["saved"])
    assert pages == 1 and result.recovery_key in text and PRACTICE_NAME in text
    click(qtbot, recovery.print_button)
    assert "printer" in recovery.status.text()
    pages, text = _pdf_text(kit_files["printed"])
    assert pages == 1 and result.recovery_key in text and PRACTICE_NAME in text
    save_screenshot(wizard, "6-recovery-key")

    tick(qtbot, recovery.stored)
    assert finish.isEnabled()
    click(qtbot, finish)
    assert wizard.result() == QWizard.DialogCode.Accepted
    ctx = ServiceContext(result.db, result.actor)
    kit_events = list_events(ctx, AuditFilter(action="security.emergency_kit"))
    assert sorted(e.detail for e in kit_events) == ["printed", "saved"]
    assert all(e.username == ADMIN_USERNAME for e in kit_events)
    result.db.close()
    wizard.created = None  # closed here; the fixture must not close it again

    # The practice opens with the passphrase (and with the recovery key), and the admin can sign in.
    key = unlock_key(paths, KeySource(passphrase=WIZARD_PASSPHRASE))
    assert unlock_key(paths, KeySource(recovery_key=result.recovery_key)) == key
    assert KeyCache(key_store).load(result.key_id) == key  # "Remember the key" stored it
    db = open_practice_store(paths, key)
    try:
        actor = auth.login(ServiceContext(db), ADMIN_USERNAME, ADMIN_PASSWORD)
        assert actor.role is Role.ADMIN and actor.full_name == "Maria Lopez"
    finally:
        db.close()


def test_cancel_before_creation_leaves_nothing_on_disk(qtbot, make_wizard, tmp_path: Path) -> None:
    paths = DataPaths(tmp_path / "data" / "practice")
    wizard = make_wizard(paths)
    walk_to_passphrase(qtbot, wizard)
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    assert wizard.result() == QWizard.DialogCode.Rejected
    assert wizard.created is None
    assert list(tmp_path.iterdir()) == []


def test_ask_returns_none_when_cancelled(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seen: list[object] = []

    def cancel() -> None:
        wizard = QApplication.activeModalWidget()
        seen.append(wizard)
        wizard.reject()

    QTimer.singleShot(0, cancel)
    assert SetupWizard.ask(None, DataPaths(tmp_path / "practice")) is None
    assert isinstance(seen[0], SetupWizard)
    assert not (tmp_path / "practice").exists()


def test_ask_returns_the_signed_in_practice(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = DataPaths(tmp_path / "practice")

    def walk() -> None:
        wizard = QApplication.activeModalWidget()
        assert isinstance(wizard, SetupWizard)
        walk_to_passphrase(qtbot, wizard)
        create(qtbot, wizard)
        tick(qtbot, wizard.recovery_page.stored)
        click(qtbot, wizard.button(QWizard.WizardButton.FinishButton))

    QTimer.singleShot(0, walk)
    result = SetupWizard.ask(None, paths)
    assert result is not None
    try:
        assert result.practice.legal_name == PRACTICE_NAME and result.practice.state == "NY"
        assert result.practice.zip_code == "12207-1234" and result.practice.taxonomy == "207Q00000X"
        assert auth.login(ServiceContext(result.db), ADMIN_USERNAME, ADMIN_PASSWORD).role is Role.ADMIN
    finally:
        result.db.close()


def test_unwritable_folder_shows_error_and_leaves_nothing(qtbot, make_wizard, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder's parent should be")
    wizard = make_wizard(DataPaths(blocker / "practice"))
    walk_to_passphrase(qtbot, wizard)
    click(qtbot, next_button(wizard))
    page = wizard.creating_page
    qtbot.waitUntil(lambda: page.error.isVisible())
    assert wizard.currentId() == SetupWizard.PAGE_CREATING and wizard.created is None
    assert "data folder" in page.error.text()
    assert page.retry.isVisible() and not page.busy.isVisible()
    save_screenshot(wizard, "5-creating-failed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]
    click(qtbot, wizard.button(QWizard.WizardButton.CancelButton))
    assert wizard.result() == QWizard.DialogCode.Rejected


def test_failure_after_files_were_written_cleans_up_then_retry_works(
        qtbot, make_wizard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.errors import StorageError
    from frontdesk.services.admin import practice as practice_service

    real_setup = practice_service.setup_practice

    def broken_setup(*args, **kwargs):  # type: ignore[no-untyped-def]
        assert (tmp_path / "new" / "practice" / "frontdesk.key").exists()  # fails after the files exist
        raise StorageError("The disk reported an error.")

    monkeypatch.setattr(practice_service, "setup_practice", broken_setup)
    paths = DataPaths(tmp_path / "new" / "practice")
    wizard = make_wizard(paths)
    walk_to_passphrase(qtbot, wizard)
    click(qtbot, next_button(wizard))
    page = wizard.creating_page
    qtbot.waitUntil(lambda: page.error.isVisible())
    assert "disk reported an error" in page.error.text()
    assert not (tmp_path / "new").exists()  # key file, database and the folders made for them: all gone

    monkeypatch.setattr(practice_service, "setup_practice", real_setup)
    click(qtbot, page.retry)
    qtbot.waitUntil(lambda: wizard.currentId() == SetupWizard.PAGE_RECOVERY)
    assert wizard.created is not None and paths.key_file.exists()


def test_creation_runs_off_the_gui_thread_with_a_busy_indicator(
        qtbot, make_wizard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from frontdesk.ui.setup_wizard import wizard as wizard_module

    monkeypatch.setattr(SetupWizard, "synchronous", False)
    release = threading.Event()
    threads: list[threading.Thread] = []
    real_create = wizard_module.create_practice

    def slow_create(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        release.wait(10)
        return real_create(*args, **kwargs)

    monkeypatch.setattr(wizard_module, "create_practice", slow_create)
    wizard = make_wizard(DataPaths(tmp_path / "practice"))
    try:
        walk_to_passphrase(qtbot, wizard)
        click(qtbot, next_button(wizard))
        page = wizard.creating_page
        qtbot.waitUntil(page.is_busy)
        assert page.busy.isVisible()
        assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
        assert not wizard.button(QWizard.WizardButton.CancelButton).isEnabled()
        save_screenshot(wizard, "5-creating")
        wizard.reject()  # cannot cancel halfway through
        assert wizard.isVisible()
    finally:
        release.set()
    qtbot.waitUntil(lambda: wizard.currentId() == SetupWizard.PAGE_RECOVERY, timeout=10_000)
    assert threads and threads[0] is not threading.main_thread()


def test_remember_is_disabled_with_the_reason_on_an_untrusted_key_store(
        qtbot, make_wizard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(SetupWizard, "key_cache_factory", lambda: KeyCache(UntrustedStore()))
    wizard = make_wizard(DataPaths(tmp_path / "practice"))
    page = wizard.passphrase_page
    assert not page.remember.isEnabled()
    assert "not a trusted credential store" in page.remember_note.text()


def test_passphrase_rules_are_shown_beside_the_field(qtbot, make_wizard, tmp_path: Path) -> None:
    wizard = make_wizard(DataPaths(tmp_path / "practice"))
    walk_to_passphrase(qtbot, wizard)
    page = wizard.passphrase_page
    for passphrase, field, words in (("too short", "passphrase", "at least 12"),
                                     (ADMIN_PASSWORD, "passphrase", "different from your login password")):
        retype(qtbot, page.passphrase, passphrase)
        retype(qtbot, page.confirm, passphrase)
        click(qtbot, next_button(wizard))
        assert wizard.currentId() == SetupWizard.PAGE_PASSPHRASE
        assert words in page.form.error_label(field).text()
    retype(qtbot, page.passphrase, WIZARD_PASSPHRASE)
    retype(qtbot, page.confirm, WIZARD_PASSPHRASE + "x")
    click(qtbot, next_button(wizard))
    assert page.form.error_label("confirm_passphrase").isVisible()
    assert list(tmp_path.iterdir()) == []


def test_a_failed_kit_save_is_shown_on_the_page_and_not_audited(
        qtbot, make_wizard, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "no-such-usb-stick" / "kit.pdf"
    monkeypatch.setattr(KitFileDialog, "ask", classmethod(lambda cls, parent, suggested: missing))
    wizard = make_wizard(DataPaths(tmp_path / "practice"))
    walk_to_passphrase(qtbot, wizard)
    create(qtbot, wizard)
    page = wizard.recovery_page
    click(qtbot, page.save_button)
    assert page.error.isVisible() and "Emergency Kit" in page.error.text()
    assert page.save_button.isEnabled() and not missing.exists()
    result = wizard.created
    assert list_events(ServiceContext(result.db, result.actor), AuditFilter(action="security.emergency_kit")) == []


def test_wizard_fits_a_1366x768_screen(qtbot, make_wizard, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    wizard = make_wizard(DataPaths(tmp_path / "practice"))
    hint = wizard.minimumSizeHint()
    assert hint.width() <= 1366 and hint.height() <= 728  # leave room for a taskbar
    assert wizard.sizeHint().height() <= 728


def test_state_names_cover_exactly_the_domain_states() -> None:
    assert set(STATE_NAMES) == US_STATES


def test_a_guessable_admin_password_is_explained_beside_the_field(qtbot, make_wizard, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # issue 17: these passed; zxcvbn's reason is now shown beside the password field.
    wizard = make_wizard(DataPaths(tmp_path / "practice"))
    wizard.resize(1366, 768)
    click(qtbot, next_button(wizard))
    fill_practice(qtbot, wizard)
    click(qtbot, next_button(wizard))
    page = wizard.admin_page
    for weak, words in (("Summer 2026 !!", "Add another word or two"),
                        ("Jones Family Medicine", "This password is easy to guess")):
        retype(qtbot, page.full_name, "Maria Lopez")
        retype(qtbot, page.username, ADMIN_USERNAME)
        retype(qtbot, page.password, weak)
        retype(qtbot, page.confirm, weak)
        click(qtbot, next_button(wizard))
        assert wizard.currentId() == SetupWizard.PAGE_ADMIN
        error = page.form.error_label("password")
        assert error.isVisible() and words in error.text()
    save_screenshot(wizard, "3-admin-guessable-password")
    assert list(tmp_path.iterdir()) == []
