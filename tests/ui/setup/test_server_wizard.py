"""The wizard's "Connect to a practice server" way and the start-up in server mode, against a real TLS server.

The server is Debian's PostgreSQL 15 set up as SERVER_SPEC.md says (tests/server_fixture.py); the wizard and the
controller accept 15 through their test-only ``min_server_version``. Dialogs are never shown (ask() replaced).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from server_fixture import TLS_MIN_VERSION, PracticeServer, cert_der, make_certificate
from setup_helpers import SecureStore, click, retype, save_screenshot, tick
from testsupport import ADMIN_PASSWORD, PRACTICE
from wizard_steps import ADMIN_USERNAME, PRACTICE_NAME, fill_admin, fill_practice, next_button

from frontdesk.first_run import create_server_practice
from frontdesk.paths import DataPaths
from frontdesk.storage import enrolment_code as ec
from frontdesk.storage.enrol import ADDRESS_FIELD, enrol_workstation
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.storage.server_config import server_file
from frontdesk.storage.store import open_server_store
from frontdesk.ui.app import CANNOT_OPEN_TITLE
from frontdesk.ui.setup_wizard import SetupWizard


@pytest.fixture(autouse=True)
def accept_postgresql_15(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(SetupWizard, "min_server_version", TLS_MIN_VERSION)


@pytest.fixture
def database(tls_server: PracticeServer) -> str:
    return tls_server.new_database()


@pytest.fixture
def pc(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "pc")


def _to_server_page(qtbot, wizard: SetupWizard) -> None:  # type: ignore[no-untyped-def]
    tick(qtbot, wizard.welcome_page.connect_server)  # keyboard: a click at a wide button's centre can miss
    click(qtbot, next_button(wizard))
    assert wizard.currentId() == SetupWizard.PAGE_SERVER


def _type_entries(qtbot, wizard: SetupWizard, address: str, code: str) -> None:  # type: ignore[no-untyped-def]
    retype(qtbot, wizard.server_page.address, address)
    retype(qtbot, wizard.server_page.code, code)


def _commit(wizard: QWizard):  # type: ignore[no-untyped-def]
    return wizard.button(QWizard.WizardButton.CommitButton)


def test_enrol_then_set_up_the_practice_on_an_empty_server(  # type: ignore[no-untyped-def]
        qtbot, make_wizard, tls_server, database, pc, key_store) -> None:
    wizard = make_wizard(pc)
    wizard.resize(1366, 768)
    save_screenshot(wizard, "server-1-welcome")
    _to_server_page(qtbot, wizard)
    # What was typed is checked first, each problem beside its field; nothing goes on the network.
    _type_entries(qtbot, wizard, "front desk", "ABCDE-12345")
    click(qtbot, next_button(wizard))
    form = wizard.server_page.form
    assert wizard.currentId() == SetupWizard.PAGE_SERVER
    assert "not a server name or address" in form.error_label(ADDRESS_FIELD).text()
    assert "29 letters and digits" in form.error_label(ec.FIELD).text()
    save_screenshot(wizard, "server-2-errors")
    code = tls_server.issue_code(database)
    _type_entries(qtbot, wizard, f"{tls_server.address}/{database}", code.format())
    click(qtbot, next_button(wizard))
    qtbot.waitUntil(lambda: wizard.currentId() == SetupWizard.PAGE_PRACTICE, timeout=30_000)
    assert server_file(pc).exists() and wizard.server_page.code.text() == ""
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()  # the code is spent: no way back
    fill_practice(qtbot, wizard)
    click(qtbot, next_button(wizard))
    fill_admin(qtbot, wizard)
    assert next_button(wizard).text() == "&Create practice"
    click(qtbot, next_button(wizard))  # no passphrase page: the practice key came with the enrolment
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted and not wizard.isVisible(),
                    timeout=30_000)
    created = wizard.created
    assert created is not None and created.actor.username == ADMIN_USERNAME
    assert created.practice.legal_name == PRACTICE_NAME.strip() and created.recovery_key == ""
    [name] = tls_server.sql("SELECT legal_name FROM practice", database=database)
    assert name == created.practice.legal_name


def test_a_code_the_server_does_not_know_goes_back_beside_the_code(  # type: ignore[no-untyped-def]
        qtbot, make_wizard, tls_server, database, pc) -> None:
    wizard = make_wizard(pc)
    _to_server_page(qtbot, wizard)
    _type_entries(qtbot, wizard, f"{tls_server.address}/{database}", ec.EnrolmentCode.new(tls_server.der).format())
    click(qtbot, next_button(wizard))
    error = wizard.server_page.form.error_label(ec.FIELD)
    qtbot.waitUntil(lambda: error.isVisible(), timeout=30_000)
    assert wizard.currentId() == SetupWizard.PAGE_SERVER
    assert "not known to the server" in error.text() and not server_file(pc).exists()


def test_a_server_with_another_certificate_is_refused_here_and_can_be_retried(  # type: ignore[no-untyped-def]
        qtbot, make_wizard, tls_server, database, pc) -> None:
    wizard = make_wizard(pc)
    _to_server_page(qtbot, wizard)
    wrong = tls_server.issue_code(database, der=cert_der(make_certificate()[0]))
    _type_entries(qtbot, wizard, f"{tls_server.address}/{database}", wrong.format())
    click(qtbot, next_button(wizard))
    page = wizard.connecting_page
    qtbot.waitUntil(lambda: page.retry.isVisible(), timeout=30_000)
    wizard.resize(1366, 768)
    save_screenshot(wizard, "server-3-interception")
    assert wizard.currentId() == SetupWizard.PAGE_CONNECTING
    assert "possible interception" in page.error.text() and not server_file(pc).exists()
    assert not _commit(wizard).isEnabled()
    assert wizard.button(QWizard.WizardButton.BackButton).isEnabled()  # to correct the code


def test_a_server_holding_a_practice_ends_the_wizard_for_sign_in(  # type: ignore[no-untyped-def]
        qtbot, make_wizard, tls_server, database, pc, key_store) -> None:
    first = DataPaths(pc.root.parent / "first")
    cache = KeyCache(key_store)
    enrol_workstation(first, f"{tls_server.address}/{database}", tls_server.issue_code(database).format(),
                      key_cache=cache, min_version=TLS_MIN_VERSION)
    db = open_server_store(first, cache, min_version=TLS_MIN_VERSION)
    create_server_practice(db, PRACTICE, admin_username="admin", admin_full_name="Ada Admin",
                           admin_password=ADMIN_PASSWORD)
    db.close()
    wizard = make_wizard(pc)
    _to_server_page(qtbot, wizard)
    _type_entries(qtbot, wizard, f"{tls_server.address}/{database}", tls_server.issue_code(database).format())
    click(qtbot, next_button(wizard))
    qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=30_000)
    assert wizard.created is None and server_file(pc).exists()


# -- start-up in server mode (AppController: conftest.py start_app) ------------------------------------------
def _enrol(tls: PracticeServer, database: str, paths: DataPaths, key_store: SecureStore) -> None:
    enrol_workstation(paths, f"{tls.address}/{database}", tls.issue_code(database).format(),
                      key_cache=KeyCache(key_store), min_version=TLS_MIN_VERSION)


def test_an_enrolled_pc_starts_at_sign_in_on_the_server(  # type: ignore[no-untyped-def]
        qtbot, start_app, tls_server, database, pc, key_store) -> None:
    _enrol(tls_server, database, pc, key_store)
    db = open_server_store(pc, KeyCache(key_store), min_version=TLS_MIN_VERSION)
    create_server_practice(db, PRACTICE, admin_username="admin", admin_full_name="Ada Admin",
                           admin_password=ADMIN_PASSWORD)
    db.close()
    ctl, shown = start_app(pc)
    login = ctl.login_window
    assert login is not None and shown == []
    qtbot.waitUntil(lambda: login.practice_label.text() == "Test Family Practice")
    login.username.setText("admin")
    qtbot.keyClicks(login.password, ADMIN_PASSWORD)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: ctl.main_window is not None)
    assert ctl.main_window.user_label.text() == "Signed in: Ada Admin (Admin)"


def test_an_enrolled_pc_whose_server_was_updated_says_to_update_frontdesk(  # type: ignore[no-untyped-def]
        start_app, tls_server, database, pc, key_store) -> None:
    _enrol(tls_server, database, pc, key_store)
    tls_server.sql("UPDATE alembic_version SET version_num = 'ffffffffffff'", database=database)
    ctl, shown = start_app(pc)
    assert ctl.exit_code == 2 and [m.title for m in shown] == [CANNOT_OPEN_TITLE]
    assert "The practice server was updated: update FrontDesk on this PC" in shown[0].text
    assert str(server_file(pc)) in shown[0].text and "Restore the data folder" not in shown[0].text


def test_an_enrolled_pc_with_no_practice_on_the_server_gets_the_practice_pages(  # type: ignore[no-untyped-def]
        start_app, tls_server, database, pc, key_store, monkeypatch) -> None:
    _enrol(tls_server, database, pc, key_store)
    asked: list[object] = []

    def fake_ask(cls, parent, paths, *, server_db=None):  # type: ignore[no-untyped-def]
        asked.append(server_db)
        return None  # the person cancels: FrontDesk ends, the next start offers the pages again

    monkeypatch.setattr(SetupWizard, "ask", classmethod(fake_ask))
    ctl, shown = start_app(pc)
    assert len(asked) == 1 and asked[0] is not None and ctl.exit_code == 0 and shown == []
    assert json.loads(server_file(pc).read_text())["database"] == database


def test_the_server_page_says_when_this_pc_cannot_keep_the_secret(qtbot, make_wizard, pc, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from setup_helpers import UntrustedStore

    monkeypatch.setattr(SetupWizard, "key_cache_factory", lambda: KeyCache(UntrustedStore()))
    wizard = make_wizard(pc)
    _to_server_page(qtbot, wizard)
    note = wizard.server_page.keyring_note
    assert note.isVisible() and "cannot keep the connection secret safely" in note.text()
