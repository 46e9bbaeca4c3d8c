"""The wizard's "Set up a practice server on this PC" way, against a real PostgreSQL built with OpenSSL.

Each test that reaches a server starts a cluster of its own (tests/tls_server.py: Debian's PostgreSQL 15, like a
distribution's before setup: TLS off, the superuser with a password over TCP); the wizard accepts 15 through its
test-only ``min_server_version``, as the "Connect" tests do. The runner is synchronous (conftest); dialogs are
never shown (their ask() replaced). Setup itself is server_setup.set_up_practice_server, the CLI's own.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QWizard
from server_fixture import PracticeServer, superuser_sql
from setup_helpers import PASSPHRASE, click, retype, save_screenshot, tick
from testsupport import PRACTICE
from tls_server import SUPERUSER_PASSWORD, TLS_MIN_VERSION, TlsServer, free_port, start_or_skip
from wizard_steps import WIZARD_PASSPHRASE, fill_admin, fill_practice, next_button

from frontdesk.paths import DataPaths
from frontdesk.server_setup import MOVE_IN_FIELD, PASSPHRASE_FIELD
from frontdesk.storage.pg_grants import ROLES
from frontdesk.storage.pg_setup import ADDRESS_FIELD, PASSWORD_FIELD, SUPERUSER_FIELD
from frontdesk.storage.server_config import server_file
from frontdesk.ui.setup_wizard import SetupWizard
from frontdesk.errors import ServerAlreadySetUpError
from frontdesk.ui.setup_wizard.server_setup_pages import (CONFIRM_FIELD, IT_PERSON, PORT_FIELD, DataFolderDialog,
                                                        SettingUpPage, already_set_up_text)
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.pdf_printing import PrinterDialog

WAIT_MS = 60_000  # an upper bound for each wait (setup runs every migration), not a measured duration


@pytest.fixture(autouse=True)
def accept_postgresql_15(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SetupWizard, "min_server_version", TLS_MIN_VERSION)


@pytest.fixture
def cluster() -> Iterator[TlsServer]:
    """A bare cluster of this test's own: setup changes roles, pg_hba and TLS, which no other test may see."""
    server = start_or_skip()
    yield server
    server.stop()


@pytest.fixture
def wizard(make_wizard, tmp_path: Path) -> SetupWizard:  # type: ignore[no-untyped-def]
    made = make_wizard(DataPaths(tmp_path / "pc"))
    made.resize(1366, 768)
    return made


def _to_setup_page(qtbot, wizard: SetupWizard) -> None:  # type: ignore[no-untyped-def]
    tick(qtbot, wizard.welcome_page.set_up_server)  # keyboard: a radio button takes Space
    assert wizard.welcome_page.sets_up_server()
    click(qtbot, next_button(wizard))
    assert wizard.currentId() == SetupWizard.PAGE_SERVER_SETUP


def _fill(qtbot, wizard: SetupWizard, port: int, password: str) -> None:  # type: ignore[no-untyped-def]
    page = wizard.server_setup_page
    assert page.address.text() == "localhost" and page.port.text() == "5432" and page.superuser.text() == "postgres"
    retype(qtbot, page.address, "127.0.0.1")
    retype(qtbot, page.port, str(port))
    retype(qtbot, page.password, password)
    retype(qtbot, page.passphrase, WIZARD_PASSPHRASE)
    retype(qtbot, page.confirm, WIZARD_PASSPHRASE)


def _set_up(qtbot, wizard: SetupWizard) -> None:  # type: ignore[no-untyped-def]
    assert next_button(wizard).text().replace("&", "") == "Set up server"
    click(qtbot, next_button(wizard))


def _frontdesk_roles(cluster: TlsServer) -> list[object]:
    return superuser_sql(cluster, "SELECT rolname FROM pg_roles WHERE rolname = ANY(:roles)", roles=list(ROLES))


def _pdf_text(path: Path) -> str:
    document = pdfium.PdfDocument(str(path))
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def test_each_bad_entry_is_named_beside_its_field_before_anything_is_sent(qtbot, wizard) -> None:  # type: ignore[no-untyped-def]
    _to_setup_page(qtbot, wizard)
    page = wizard.server_setup_page
    # Tab walks the form top to bottom, as it reads
    order = [page.address, page.port, page.superuser, page.password, page.passphrase, page.confirm, page.move_in]
    page.address.setFocus()
    reached = [QApplication.focusWidget()]
    for _ in order[1:]:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        reached.append(QApplication.focusWidget())
    assert reached == order
    retype(qtbot, page.address, "front desk")
    retype(qtbot, page.port, "99999")
    retype(qtbot, page.superuser, "")
    retype(qtbot, page.passphrase, "short")
    retype(qtbot, page.confirm, "shorter")
    tick(qtbot, page.move_in)
    retype(qtbot, page.folder, str(wizard.paths.root / "nowhere"))
    click(qtbot, next_button(wizard))
    assert wizard.currentId() == SetupWizard.PAGE_SERVER_SETUP
    errors = {name: page.form.error_label(name).text() for name in
              (ADDRESS_FIELD, PORT_FIELD, SUPERUSER_FIELD, CONFIRM_FIELD, MOVE_IN_FIELD)}
    assert "not a server name or address" in errors[ADDRESS_FIELD]
    assert "1 to 65535" in errors[PORT_FIELD] and "superuser's name" in errors[SUPERUSER_FIELD]
    assert "do not match" in errors[CONFIRM_FIELD] and "single-PC practice" in errors[MOVE_IN_FIELD]
    assert page.form.error_label(PASSPHRASE_FIELD).isHidden()  # a moved-in practice keeps its own passphrase
    save_screenshot(wizard, "server-setup-1-errors")
    tick(qtbot, page.move_in)  # a new practice: the single-PC rule for a new passphrase
    click(qtbot, next_button(wizard))
    assert "at least 12 characters" in page.form.error_label(PASSPHRASE_FIELD).text()
    assert page.form.error_label(MOVE_IN_FIELD).isHidden()


def test_a_server_that_does_not_answer_is_named_beside_the_address(qtbot, wizard) -> None:  # type: ignore[no-untyped-def]
    _to_setup_page(qtbot, wizard)
    _fill(qtbot, wizard, free_port(), "any password")
    _set_up(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == SetupWizard.PAGE_SERVER_SETUP, timeout=WAIT_MS)
    label = wizard.server_setup_page.form.error_label(ADDRESS_FIELD)
    assert "Cannot reach PostgreSQL at 127.0.0.1" in label.text() and label.isVisible()
    assert wizard.server_setup is None


def test_a_wrong_superuser_password_is_named_beside_it_and_nothing_is_set_up(  # type: ignore[no-untyped-def]
        qtbot, wizard, cluster) -> None:
    _to_setup_page(qtbot, wizard)
    _fill(qtbot, wizard, cluster.port, "not the superuser password")
    _set_up(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == SetupWizard.PAGE_SERVER_SETUP, timeout=WAIT_MS)
    page = wizard.server_setup_page
    label = page.form.error_label(PASSWORD_FIELD)
    assert label.isVisible() and "did not accept the password of postgres" in label.text()
    assert page.password.hasFocus() and wizard.server_setup is None
    save_screenshot(wizard, "server-setup-2-wrong-password")
    assert _frontdesk_roles(cluster) == []
    assert superuser_sql(cluster, "SELECT count(*) FROM pg_database WHERE datname = 'frontdesk'") == [0]


def test_an_old_postgresql_is_refused_on_the_page_and_a_plain_role_beside_the_superuser_field(  # type: ignore[no-untyped-def]
        qtbot, wizard, cluster, monkeypatch) -> None:
    monkeypatch.setattr(SetupWizard, "min_server_version", None)  # production's 16: this server is 15
    _to_setup_page(qtbot, wizard)
    _fill(qtbot, wizard, cluster.port, SUPERUSER_PASSWORD)
    _set_up(qtbot, wizard)
    page = wizard.setting_up_page
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=WAIT_MS)
    assert "runs PostgreSQL 15" in page.error.text() and "needs PostgreSQL 16" in page.error.text()
    assert wizard.currentId() == SetupWizard.PAGE_SETTING_UP and _frontdesk_roles(cluster) == []

    monkeypatch.setattr(SetupWizard, "min_server_version", TLS_MIN_VERSION)
    superuser_sql(cluster, "CREATE ROLE clerk LOGIN PASSWORD 'clerk password 1'")
    click(qtbot, wizard.button(QWizard.WizardButton.BackButton))
    form = wizard.server_setup_page
    retype(qtbot, form.superuser, "clerk")
    retype(qtbot, form.password, "clerk password 1")
    _set_up(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == SetupWizard.PAGE_SERVER_SETUP, timeout=WAIT_MS)
    assert "clerk is not a PostgreSQL superuser" in form.form.error_label(SUPERUSER_FIELD).text()
    assert _frontdesk_roles(cluster) == []


CLI_MESSAGE = ("This server is already set up for FrontDesk (it has role frontdesk_owner). Nothing was changed. To "
               "bring it up to date after installing a new FrontDesk: frontdesk server upgrade.")


def test_a_server_set_up_before_is_explained_in_words_a_receptionist_can_act_on() -> None:
    unused = already_set_up_text(ServerAlreadySetUpError(
        CLI_MESSAGE + " No PC has enrolled yet: if the first enrolment code was lost or has expired, run setup "
        "again with --start-over.", enrolled=0))
    plain, technical = unused.split(f"\n\n{IT_PERSON} ")
    assert plain == ("This practice server was set up before, but no PC has connected to it yet. Nothing on it was "
                     "changed. To use the practice on this PC, press Back until the first page, choose \u201cConnect "
                     "to a practice server\u201d and type the enrolment code printed or saved when it was set up. If "
                     "that code was lost or has expired (a code lasts 7 days), ask the person who looks after your "
                     "computers to set the server up again.")
    assert technical.endswith("run setup again with --start-over.")  # the command stays, for the IT person
    for enrolled in (2, None):  # in use (None: setup did not count, the practice is in another database)
        plain, technical = already_set_up_text(ServerAlreadySetUpError(CLI_MESSAGE, enrolled)).split(
            f"\n\n{IT_PERSON} ")
        assert plain == ("This practice server is already set up and holds the practice. Nothing on it was changed. "
                         "To use the practice on this PC, press Back until the first page, choose \u201cConnect to a "
                         "practice server\u201d and type the enrolment code your practice administrator gives you "
                         "(they make one on a connected PC: Admin > Users > New enrolment code\u2026).")
        assert technical == CLI_MESSAGE


def test_a_server_set_up_before_is_refused_on_the_page_and_left_as_it_was(  # type: ignore[no-untyped-def]
        qtbot, wizard, cluster) -> None:
    before = PracticeServer.set_up(cluster, "frontdesk")
    _to_setup_page(qtbot, wizard)
    _fill(qtbot, wizard, cluster.port, SUPERUSER_PASSWORD)
    _set_up(qtbot, wizard)
    page = wizard.setting_up_page
    qtbot.waitUntil(lambda: page.error.isVisible(), timeout=WAIT_MS)
    assert wizard.currentId() == SetupWizard.PAGE_SETTING_UP and wizard.server_setup is None
    assert "already set up for FrontDesk" in page.error.text() and "Nothing was changed" in page.error.text()
    # First what the person at the wizard can do (no PC enrolled yet: connect with the first code), then the
    # command-line message for whoever looks after the computers.
    plain, technical = page.error.text().split(f"\n\n{IT_PERSON} ")
    assert "no PC has connected to it yet" in plain and "\u201cConnect to a practice server\u201d" in plain
    assert "--" not in plain and technical.startswith("This server is already set up for FrontDesk")
    assert page.retry.isVisible() and wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    save_screenshot(wizard, "server-setup-3-already-set-up")
    assert len(_frontdesk_roles(cluster)) == len(ROLES)
    assert before.cluster.presented_certificate() == before.der  # the first setup's certificate still serves


def test_setting_up_shows_the_secrets_once_then_this_pc_enrols_and_sets_the_practice_up(  # type: ignore[no-untyped-def]
        qtbot, wizard, cluster, tmp_path, monkeypatch) -> None:
    save_screenshot(wizard, "server-setup-0-welcome")
    _to_setup_page(qtbot, wizard)
    _fill(qtbot, wizard, cluster.port, SUPERUSER_PASSWORD)
    save_screenshot(wizard, "server-setup-4-form")
    _set_up(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == SetupWizard.PAGE_SERVER_SECRETS, timeout=WAIT_MS)
    setup = wizard.server_setup
    assert setup is not None and setup.result.recovery_key is not None
    page = wizard.secrets_page
    code = setup.result.code.format()
    assert page.enrolment.value.text() == code and page.recovery_key.value.text() == setup.result.recovery_key
    assert page.server_code.value.text().replace("\n", "-") == setup.result.recovery_code
    assert wizard.server_setup_page.password.text() == "" and wizard.server_setup_page.passphrase.text() == ""
    save_screenshot(wizard, "server-setup-5-secrets")

    # Finish waits for "stored safely"; the secrets cannot be walked away from before that.
    assert not next_button(wizard).isEnabled()
    wizard.reject()
    assert wizard.isVisible()
    click(qtbot, page.server_code.copy_button)
    assert QGuiApplication.clipboard().text() == setup.result.recovery_code
    saved: dict[str, Path] = {}

    def save_to(cls, parent, caption, suggested, *args):  # type: ignore[no-untyped-def]
        saved[suggested] = tmp_path / f"{len(saved)}.pdf"
        return saved[suggested]

    monkeypatch.setattr(SaveFileDialog, "ask", classmethod(save_to))
    for box in (page.enrolment, page.recovery_key, page.server_code):
        click(qtbot, box.pdf_button)
    texts = {name: _pdf_text(path) for name, path in saved.items()}
    assert code in texts["FrontDesk enrolment code.pdf"]
    assert setup.result.recovery_key in texts["FrontDesk Emergency Kit.pdf"]
    server_sheet = texts["FrontDesk server recovery code.pdf"]
    assert setup.result.recovery_code.split("-")[0] in server_sheet and "frontdesk server upgrade" in server_sheet
    printed = tmp_path / "printed.pdf"

    def printer(cls, parent, title="Print"):  # type: ignore[no-untyped-def]
        out = QPrinter(QPrinter.PrinterMode.HighResolution)
        out.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        out.setOutputFileName(str(printed))
        return out

    monkeypatch.setattr(PrinterDialog, "ask", classmethod(printer))
    click(qtbot, page.enrolment.print_button)
    assert printed.stat().st_size > 0 and "sent to the printer" in page.status.text()

    # Stored: this PC connects with the first code, then sets the practice up as the "Connect" way does.
    tick(qtbot, page.stored)
    assert page.enrol_here.isChecked() and next_button(wizard).isEnabled()
    click(qtbot, next_button(wizard))
    qtbot.waitUntil(lambda: wizard.currentId() == SetupWizard.PAGE_PRACTICE, timeout=WAIT_MS)
    assert server_file(wizard.paths).exists() and wizard.server_db is not None
    fill_practice(qtbot, wizard)
    click(qtbot, next_button(wizard))
    fill_admin(qtbot, wizard)
    click(qtbot, next_button(wizard))
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=WAIT_MS)
    assert wizard.created is not None and wizard.created.actor.username == "mlopez"
    used = superuser_sql(cluster, "SELECT count(*) FROM frontdesk_enrolment WHERE used_at IS NOT NULL",
                         database="frontdesk")
    assert used == [1]


def test_a_single_pc_practice_moves_in_with_its_own_passphrase_and_this_pc_may_stay_out(  # type: ignore[no-untyped-def]
        qtbot, wizard, cluster, template_practice, tmp_path, monkeypatch) -> None:
    folder = tmp_path / "single-pc"
    shutil.copytree(template_practice.paths.root, folder)
    before = (folder / template_practice.paths.database.name).read_bytes()
    _to_setup_page(qtbot, wizard)
    _fill(qtbot, wizard, cluster.port, SUPERUSER_PASSWORD)
    page = wizard.server_setup_page
    tick(qtbot, page.move_in)
    assert page.folder.isEnabled() and "keeps its own administrator passphrase" in page.passphrase_note.text()
    monkeypatch.setattr(DataFolderDialog, "ask", classmethod(lambda cls, parent, start: folder))
    click(qtbot, page.browse)
    assert page.folder.text() == str(folder)

    # The passphrase of a new practice is not this practice's: said beside it before the server is touched.
    _set_up(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == SetupWizard.PAGE_SERVER_SETUP, timeout=WAIT_MS)
    assert "not the administrator passphrase of the practice in" in \
        page.form.error_label(PASSPHRASE_FIELD).text()
    assert _frontdesk_roles(cluster) == []
    retype(qtbot, page.passphrase, PASSPHRASE)
    retype(qtbot, page.confirm, PASSPHRASE)
    seen: list[tuple[float | None, str]] = []
    shown = SettingUpPage._progress
    monkeypatch.setattr(SettingUpPage, "_progress", lambda self, fraction, step: (seen.append((fraction, step)),
                                                                                   shown(self, fraction, step)))
    _set_up(qtbot, wizard)
    qtbot.waitUntil(lambda: wizard.currentId() == SetupWizard.PAGE_SERVER_SECRETS, timeout=WAIT_MS)
    steps = [step for fraction, step in seen if fraction is None]
    assert steps[0].startswith("Connecting") and "Moving the practice in" in steps
    assert steps[-1].startswith("Turning on TLS")
    assert any(fraction == 1.0 and step.endswith(" rows") for fraction, step in seen)  # the bar filled
    secrets = wizard.secrets_page
    assert f"The practice in {folder} moved in" in secrets.summary.text()
    assert secrets.recovery_key.value.isHidden() and secrets.recovery_key.pdf_button.isHidden()
    assert "keeps its own recovery key" in secrets.recovery_key.note.text()
    save_screenshot(wizard, "server-setup-6-moved-in")
    assert superuser_sql(cluster, "SELECT legal_name FROM practice", database="frontdesk") == [PRACTICE.legal_name]
    assert (folder / template_practice.paths.database.name).read_bytes() == before  # only read

    # Not a workstation: Finish ends the wizard with nothing enrolled on this PC.
    tick(qtbot, secrets.enrol_here)
    tick(qtbot, secrets.stored)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    assert finish.isVisible() and finish.isEnabled()
    click(qtbot, finish)
    assert wizard.result() == QWizard.DialogCode.Accepted and wizard.created is None
    assert not server_file(wizard.paths).exists()
