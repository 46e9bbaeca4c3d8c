"""Two workstations, one practice server, end to end as the practice would do it (issue 19).

``frontdesk server setup`` (the function) sets up a TLS server of this test's own (Debian's PostgreSQL 15,
tests/tls_server.py; halted and resumed here, so never the session's shared one). Workstation A starts
FrontDesk on an empty data folder: the setup wizard (driven page by page, its ``ask`` replaced so it is never
modal) connects to the server with setup's code, sets up the practice and its first administrator, who is
then signed in. A's administrator adds a receptionist and issues a second code (services/admin/workstations);
workstation B (its own data folder and keyring) connects with it through the wizard, and the receptionist
signs in there. A books a visit; B's calendar shows it through live refresh, which the app's server-mode
start-up started. The server goes down: B's main window shows the banner, and clears it once the server is
back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from calendar_support import MONDAY, START_OF_TEST, build_clinic, local
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard
from server_fixture import PracticeServer
from setup_helpers import click, retype, save_screenshot, tick
from testsupport import STAFF_PASSWORD, MemoryKeyring
from tls_server import TLS_MIN_VERSION, start_or_skip
from wizard_steps import fill_admin, fill_practice, next_button

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Role
from frontdesk.error_messages import SERVER_UNAVAILABLE
from frontdesk.paths import DataPaths
from frontdesk.services.admin import users, workstations
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.storage.pg_engine import PostgresDatabase
from frontdesk.storage.server_config import load_secret, load_server_config
from frontdesk.ui import server_link
from frontdesk.ui.app import AppController
from frontdesk.ui.calendar.booking_dialog import BookingDialog, BookingPrefill
from frontdesk.ui.calendar.catalog import load_catalog
from frontdesk.ui.main_window.server_banner import BACK_MESSAGE
from frontdesk.ui.setup_wizard import SetupWizard

WAIT_MS = 20_000  # an upper bound for each wait, not a measured duration


@pytest.fixture
def server() -> Iterator[PracticeServer]:
    cluster = start_or_skip()
    try:
        yield PracticeServer.set_up(cluster, "frontdesk")
    finally:
        cluster.stop()


class Workstation:
    """One PC: its data folder and its OS keyring (a fake one of the allow-listed kind)."""

    def __init__(self, root: Path) -> None:
        self.paths = DataPaths(root)
        self.cache = KeyCache(MemoryKeyring())


@pytest.fixture
def start_pc(qtbot, start_app, monkeypatch) -> Callable[[Workstation, str, str], AppController]:  # type: ignore[no-untyped-def]
    """Start FrontDesk on a workstation whose wizard connects to ``address`` with ``code`` (conftest's
    start_app: dialogs recorded, never shown)."""
    monkeypatch.setattr(SetupWizard, "min_server_version", TLS_MIN_VERSION)
    monkeypatch.setattr(server_link, "RETRY_MS", 100)  # the banner's probe: quick for the test

    def start(pc: Workstation, address: str, code: str) -> AppController:
        monkeypatch.setattr(SetupWizard, "key_cache_factory", lambda: pc.cache)
        monkeypatch.setattr(SetupWizard, "ask", classmethod(_connecting_wizard(qtbot, address, code)))
        app, shown = start_app(pc.paths, pc.cache)
        assert shown == [] and app.exit_code is None
        return app

    return start


def _connecting_wizard(qtbot, address: str, code: str):  # type: ignore[no-untyped-def]
    """SetupWizard.ask as a person answers it: "Connect to a practice server", the address and the code, then
    (when the server holds no practice yet) the practice and first administrator pages."""

    def ask(cls, parent, paths, *, server_db=None):  # type: ignore[no-untyped-def]
        wizard = cls(paths, parent, server_db=server_db)
        qtbot.addWidget(wizard)
        wizard.resize(1366, 768)
        wizard.show()
        qtbot.waitExposed(wizard)
        tick(qtbot, wizard.welcome_page.connect_server)
        click(qtbot, next_button(wizard))
        retype(qtbot, wizard.server_page.address, address)
        retype(qtbot, wizard.server_page.code, code)
        click(qtbot, next_button(wizard))
        qtbot.waitUntil(lambda: wizard.currentId() == cls.PAGE_PRACTICE or not wizard.isVisible(), timeout=WAIT_MS)
        if wizard.isVisible():
            fill_practice(qtbot, wizard)
            click(qtbot, next_button(wizard))
            fill_admin(qtbot, wizard)
            save_screenshot(wizard, "two-pcs-1-a-first-administrator")
            click(qtbot, next_button(wizard))
        qtbot.waitUntil(lambda: wizard.result() == QWizard.DialogCode.Accepted, timeout=WAIT_MS)
        return wizard.created

    return ask


def _sign_in(qtbot, app: AppController, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    login = app.login_window
    assert login is not None
    qtbot.waitUntil(lambda: login.practice_label.text() != "", timeout=WAIT_MS)
    login.username.setText(username)
    qtbot.keyClicks(login.password, password)
    qtbot.keyClick(login.password, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: app.main_window is not None, timeout=WAIT_MS)


def test_two_workstations_set_up_share_the_day_and_see_the_server_go_away(  # type: ignore[no-untyped-def]
        qtbot, server, start_pc, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(st, "utc_now", lambda: START_OF_TEST)  # after setup: its certificate starts today
    a, b = Workstation(tmp_path / "pc-a"), Workstation(tmp_path / "pc-b")

    # A: the wizard connects with setup's code and sets the practice up; its administrator is signed in.
    app_a = start_pc(a, server.address, server.setup.code.format())
    assert app_a.main_window is not None and app_a.uictx is not None and isinstance(app_a.db, PostgresDatabase)
    assert app_a.main_window.user_label.text() == "Signed in: Maria Lopez (Admin)"
    assert app_a.uictx.live_refresh_listening(WAIT_MS / 1000)  # the wizard's way in starts it too
    admin_a = app_a.uictx.services
    clinic = build_clinic(admin_a, admin_a)  # providers, hours, rooms, visit types, patients
    users.add_user(admin_a, "rita", "Rita Reception", Role.FRONT_DESK, STAFF_PASSWORD)

    # A's administrator issues B's code from A's own connection secret and pinned certificate.
    config_a = load_server_config(a.paths)
    issued = workstations.issue_enrolment_code(admin_a, load_secret(a.cache, config_a), config_a.certificate_der,
                                               "pc-a")
    app_b = start_pc(b, server.address, issued.code)
    _sign_in(qtbot, app_b, "rita", STAFF_PASSWORD)  # the account A's administrator made
    window_b = app_b.main_window
    assert window_b is not None and app_b.uictx is not None and app_b.uictx is not app_a.uictx
    assert window_b.user_label.text() == "Signed in: Rita Reception (Front desk)"
    assert b.cache is not a.cache and load_server_config(b.paths).database == "frontdesk"
    # the app's server-mode start-up listens for other workstations' changes
    assert app_b.uictx.live_refresh_listening(WAIT_MS / 1000)
    window_b.resize(1366, 768)
    calendar_b = window_b.go("calendar")
    assert calendar_b.current_day() == MONDAY and calendar_b.day_grid.placed == []

    # A books a visit through the booking dialog; B's calendar shows it without anyone reloading.
    prefill = BookingPrefill(start=local(MONDAY, 10), provider_id=clinic.dr_a, type_id=clinic.visit,
                             patient_id=clinic.pat[0], patient_label="Able, Ann")
    dialog = BookingDialog(app_a.uictx, load_catalog(admin_a), prefill)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.reason, "Sore throat")
    click(qtbot, dialog.ok_button)
    assert dialog.outcome is not None
    qtbot.waitUntil(lambda: [p.info.id for p in calendar_b.day_grid.placed] == [dialog.outcome.id],
                    timeout=WAIT_MS)
    save_screenshot(window_b, "two-pcs-2-b-sees-a-booking")

    # The server goes away: B says so; once it is back the banner goes and the status bar says so.
    server.cluster.halt()
    try:
        qtbot.waitUntil(window_b.server_banner.isVisible, timeout=WAIT_MS)
        assert window_b.server_banner.text.text() == SERVER_UNAVAILABLE
        save_screenshot(window_b, "two-pcs-3-b-server-down")
    finally:
        server.cluster.resume()
    qtbot.waitUntil(lambda: not window_b.server_banner.isVisible(), timeout=WAIT_MS)
    assert window_b.statusBar().currentMessage() == BACK_MESSAGE
    save_screenshot(window_b, "two-pcs-4-b-server-back")
