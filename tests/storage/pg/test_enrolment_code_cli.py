"""One more PC, over real TLS: an administrator on an enrolled PC issues an enrolment code and a second PC enrols.

`frontdesk server enrolment-code --user NAME` on the first PC (its keyring secret and pinned certificate), the
code printed with its expiry at the practice's clock; the second PC enrols with it, signs in, and the code is
spent. Debian's PostgreSQL 15 with a practice certificate (server_fixture.py; ``min_version=15``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from server_fixture import TLS_MIN_VERSION, TlsServer
from testsupport import ADMIN_PASSWORD, PRACTICE, STAFF_PASSWORD, MemoryKeyring

from frontdesk import cli, cli_server_enrol
from frontdesk.domain.permissions import Role
from frontdesk.first_run import create_server_practice
from frontdesk.paths import DataPaths
from frontdesk.services.admin import auth, users
from frontdesk.services.session import ServiceContext
from frontdesk.storage.enrol import enrol_workstation
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.storage.store import open_server_store


class Pc:
    def __init__(self, root: Path) -> None:
        self.paths = DataPaths(root)
        self.cache = KeyCache(MemoryKeyring())

    def enrol(self, tls: TlsServer, database: str, code: str) -> None:
        enrol_workstation(self.paths, f"{tls.address}/{database}", code, key_cache=self.cache,
                          min_version=TLS_MIN_VERSION, workstation=self.paths.root.name)


def _issue(pc: Pc, monkeypatch, capsys, *argv: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(cli_server_enrol, "key_cache_factory", lambda: pc.cache)
    monkeypatch.setattr(cli_server_enrol, "min_server_version", TLS_MIN_VERSION)
    status = cli.main(["server", "enrolment-code", "--data-dir", str(pc.paths.root), *argv])
    out, err = capsys.readouterr()
    return status, out, err


def test_an_admin_on_one_pc_issues_the_code_a_second_pc_enrols_with(tls_server, tmp_path, monkeypatch,  # type: ignore[no-untyped-def]
                                                                    capsys) -> None:
    database = tls_server.new_database()
    desk, office = Pc(tmp_path / "desk"), Pc(tmp_path / "office")
    desk.enrol(tls_server, database, tls_server.issue_code(database).format())
    db = open_server_store(desk.paths, desk.cache, min_version=TLS_MIN_VERSION)
    try:
        made = create_server_practice(db, PRACTICE, admin_username="admin", admin_full_name="Ada Admin",
                                      admin_password=ADMIN_PASSWORD)
        users.add_user(ServiceContext(db, made.actor), "rita", "Rita Reception", Role.FRONT_DESK, STAFF_PASSWORD)
    finally:
        db.close()

    monkeypatch.setenv(cli_server_enrol.PASSWORD_ENV, STAFF_PASSWORD)
    status, _, err = _issue(desk, monkeypatch, capsys, "--user", "rita")
    assert status == 1 and "does not allow this" in err
    monkeypatch.setenv(cli_server_enrol.PASSWORD_ENV, ADMIN_PASSWORD)
    status, out, err = _issue(desk, monkeypatch, capsys, "--user", "admin")
    assert status == 0, err
    code = re.search(r"^    ([0-9A-Z]{5}(?:-[0-9A-Z]{1,5}){5})$", out, re.MULTILINE).group(1)  # type: ignore[union-attr]
    assert re.search(r"valid until \d\d/\d\d/\d{4} \d{1,2}:\d\d [AP]M\)", out)

    office.enrol(tls_server, database, code)
    second = open_server_store(office.paths, office.cache, min_version=TLS_MIN_VERSION)
    try:
        assert auth.login(ServiceContext(second), "admin", ADMIN_PASSWORD).username == "admin"
    finally:
        second.close()
    assert tls_server.sql("SELECT used_by FROM frontdesk_enrolment ORDER BY id", database=database) == [
        "desk", "office"]
    with pytest.raises(Exception, match="already used"):
        Pc(tmp_path / "third").enrol(tls_server, database, code)


def test_the_command_says_what_it_needs(tmp_path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    alone = Pc(tmp_path / "alone")
    status, _, err = _issue(alone, monkeypatch, capsys)
    assert status == 1 and "--user NAME" in err and "--superuser-url" in err
    status, _, err = _issue(alone, monkeypatch, capsys, "--user", "admin")
    assert status == 1 and "single-PC practice" in err
