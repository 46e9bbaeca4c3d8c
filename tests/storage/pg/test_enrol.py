"""Enrolling a workstation with a practice server and starting in server mode, over real TLS (issue 19).

The server is Debian's PostgreSQL 15 with a practice certificate (server_fixture.py; the app needs 16, so these
pass ``min_version=15``). Every refusal leaves nothing saved on the PC and, where the code was not the problem,
the code unspent.
"""

from __future__ import annotations

import json
import logging
import stat
from pathlib import Path

import pytest
from server_fixture import TLS_MIN_VERSION, PracticeServer, cert_der, make_certificate
from tls_server import free_port
from testsupport import ADMIN_PASSWORD, PRACTICE, STAFF_PASSWORD, MemoryKeyring

from frontdesk.domain.permissions import Role
from frontdesk.errors import AccountLocked, AuthenticationError, PermissionDenied, StorageError, ValidationError
from frontdesk.first_run import create_server_practice, server_has_practice
from frontdesk.paths import DataPaths
from frontdesk.services.admin import auth, users
from frontdesk.services.session import ServiceContext
from frontdesk.storage import enrolment_code as ec
from frontdesk.storage.enrol import ServerIdentityError, ServerUnreachableError, enrol_workstation
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.storage.server_config import SECRET_SERVICE, load_server_config, pinned_cert_file, server_file
from frontdesk.storage.server_db import ServerSchemaError
from frontdesk.storage.store import open_server_store


class Workstation:
    """One PC: its folder and its keyring."""

    def __init__(self, root: Path) -> None:
        self.paths = DataPaths(root)
        self.keyring = MemoryKeyring()
        self.cache = KeyCache(self.keyring)

    def enrol(self, tls: PracticeServer, database: str, code: ec.EnrolmentCode | str, **kwargs):  # type: ignore[no-untyped-def]
        text = code if isinstance(code, str) else code.format()
        return enrol_workstation(self.paths, f"{tls.address}/{database}", text, key_cache=self.cache,
                                 min_version=TLS_MIN_VERSION, **kwargs)

    def open(self):  # type: ignore[no-untyped-def]
        return open_server_store(self.paths, self.cache, min_version=TLS_MIN_VERSION)

    def saved_nothing(self) -> bool:
        return not server_file(self.paths).exists() and not pinned_cert_file(self.paths).exists() \
            and self.keyring.items == {}


@pytest.fixture
def database(tls_server: PracticeServer) -> str:
    return tls_server.new_database()


@pytest.fixture
def pc(tmp_path: Path) -> Workstation:
    return Workstation(tmp_path / "pc1")


def _used(tls: PracticeServer, database: str) -> list[object]:
    return tls.sql("SELECT used_by FROM frontdesk_enrolment ORDER BY id", database=database)


def test_the_right_code_enrols_and_the_pc_opens_the_practice_database(  # type: ignore[no-untyped-def]
        tls_server, database, pc, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    code = tls_server.issue_code(database)
    config = pc.enrol(tls_server, database, code.format().lower().replace("-", " "), workstation="desk-1")
    assert (config.host, config.port, config.database) == ("127.0.0.1", tls_server.port, database)
    saved = json.loads(server_file(pc.paths).read_text())
    assert set(saved) == {"host", "port", "database", "certificate_pem"}
    assert cert_der(saved["certificate_pem"].encode()) == tls_server.der
    for path in (server_file(pc.paths), pinned_cert_file(pc.paths)):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    [(service, account)] = pc.keyring.items
    kept = json.loads(pc.keyring.items[(service, account)])
    assert service == SECRET_SERVICE and kept["app_password"] == tls_server.app_password
    assert kept["database"] == database
    secrets = (tls_server.app_password, code.format(), ec.token_sha256(code), tls_server.practice_key.hex())
    written = server_file(pc.paths).read_text() + caplog.text
    assert not [s for s in secrets if s in written]
    assert _used(tls_server, database) == ["desk-1"]
    db = pc.open()
    try:
        assert db.key == tls_server.practice_key and not server_has_practice(db)
    finally:
        db.close()


def test_a_code_for_another_certificate_is_refused_as_interception(tls_server, database, pc) -> None:  # type: ignore[no-untyped-def]
    other, _key = make_certificate("127.0.0.1")
    code = tls_server.issue_code(database, der=cert_der(other))
    with pytest.raises(ServerIdentityError) as refused:
        pc.enrol(tls_server, database, code)
    assert "does not match this enrolment code" in str(refused.value)
    assert "possible interception" in str(refused.value) and "Nothing was saved" in str(refused.value)
    assert pc.saved_nothing() and _used(tls_server, database) == [None]


def test_an_unknown_token_is_not_known_to_the_server(tls_server, database, pc) -> None:  # type: ignore[no-untyped-def]
    tls_server.issue_code(database)
    stranger = ec.EnrolmentCode.new(tls_server.der)  # right server, token never issued
    with pytest.raises(ValidationError) as refused:
        pc.enrol(tls_server, database, stranger)
    assert refused.value.field == ec.FIELD
    assert "not known to the server" in str(refused.value)
    assert pc.saved_nothing() and _used(tls_server, database) == [None]


def test_a_used_code_says_when_and_an_expired_one_says_so(tls_server, database, pc, tmp_path) -> None:  # type: ignore[no-untyped-def]
    code = tls_server.issue_code(database)
    pc.enrol(tls_server, database, code)
    [used_on] = tls_server.sql("SELECT to_char(used_at, 'MM/DD/YYYY') FROM frontdesk_enrolment",
                               database=database)
    second = Workstation(tmp_path / "pc2")
    with pytest.raises(ValidationError, match=f"already used on {used_on}"):
        second.enrol(tls_server, database, code)
    assert second.saved_nothing()
    late = tls_server.issue_code(database)
    tls_server.sql("UPDATE frontdesk_enrolment SET expires_at = now() - interval '1 minute' WHERE used_at IS NULL",
                   database=database)
    with pytest.raises(ValidationError, match="expired") as refused:
        second.enrol(tls_server, database, late)
    assert refused.value.field == ec.FIELD and second.saved_nothing()


def test_an_insecure_keyring_is_refused_before_the_code_is_spent(tls_server, database, pc) -> None:  # type: ignore[no-untyped-def]
    class PlainFileKeyring(MemoryKeyring):
        """Not one of the OS credential stores (the allow-list is exact-type)."""

    pc.cache = KeyCache(PlainFileKeyring())
    code = tls_server.issue_code(database)
    with pytest.raises(StorageError, match="cannot keep the practice server's connection secret safely"):
        pc.enrol(tls_server, database, code)
    assert not server_file(pc.paths).exists() and _used(tls_server, database) == [None]


def test_postgresql_older_than_16_is_refused_before_the_code_is_spent(tls_server, database, pc) -> None:  # type: ignore[no-untyped-def]
    code = tls_server.issue_code(database)
    with pytest.raises(StorageError, match="runs PostgreSQL 15; FrontDesk needs PostgreSQL 16"):
        enrol_workstation(pc.paths, f"{tls_server.address}/{database}", code.format(), key_cache=pc.cache)
    assert pc.saved_nothing() and _used(tls_server, database) == [None]


def test_an_unreachable_address_says_so(pc) -> None:  # type: ignore[no-untyped-def]
    port = free_port()  # nothing listens there
    code = ec.EnrolmentCode.new(b"any certificate")
    with pytest.raises(ServerUnreachableError, match=f"Cannot reach the practice server at 127.0.0.1:{port}"):
        enrol_workstation(pc.paths, f"127.0.0.1:{port}", code.format(), key_cache=pc.cache)
    assert pc.saved_nothing()


def test_start_up_refuses_a_changed_certificate_and_a_mismatched_schema(tls_server, database, pc) -> None:  # type: ignore[no-untyped-def]
    pc.enrol(tls_server, database, tls_server.issue_code(database))
    saved = json.loads(server_file(pc.paths).read_text())
    genuine = saved["certificate_pem"]
    saved["certificate_pem"] = make_certificate()[0].decode()
    server_file(pc.paths).write_text(json.dumps(saved))
    with pytest.raises(ServerIdentityError, match="other than the one this PC was enrolled with: possible "
                                                  "interception"):
        pc.open()
    saved["certificate_pem"] = genuine
    server_file(pc.paths).write_text(json.dumps(saved))
    [head] = tls_server.sql("SELECT version_num FROM alembic_version", database=database)
    tls_server.sql("UPDATE alembic_version SET version_num = 'ffffffffffff'", database=database)
    with pytest.raises(ServerSchemaError, match="The practice server was updated: update FrontDesk on this PC"):
        pc.open()
    tls_server.sql("UPDATE alembic_version SET version_num = '0021'", database=database)
    with pytest.raises(ServerSchemaError, match="needs `frontdesk server upgrade`"):
        pc.open()
    tls_server.sql("UPDATE alembic_version SET version_num = :head", database=database, head=head)
    pc.open().close()
    assert load_server_config(pc.paths).certificate_pem == genuine


def test_start_up_without_the_secret_in_the_keyring_says_to_enrol_again(tls_server, database, pc) -> None:  # type: ignore[no-untyped-def]
    pc.enrol(tls_server, database, tls_server.issue_code(database))
    pc.keyring.items.clear()
    with pytest.raises(StorageError, match="Ask the practice administrator for a new enrolment code"):
        pc.open()


def test_two_workstations_share_lockout_and_roles(tls_server, database, tmp_path) -> None:  # type: ignore[no-untyped-def]
    desk, billing = Workstation(tmp_path / "desk"), Workstation(tmp_path / "billing")
    desk.enrol(tls_server, database, tls_server.issue_code(database))
    billing.enrol(tls_server, database, tls_server.issue_code(database))
    first, second = desk.open(), billing.open()
    try:
        made = create_server_practice(first, PRACTICE, admin_username="admin", admin_full_name="Ada Admin",
                                      admin_password=ADMIN_PASSWORD)
        assert server_has_practice(second)
        users.add_user(ServiceContext(first, made.actor), "rita", "Rita Reception", Role.FRONT_DESK, STAFF_PASSWORD)
        rita = auth.login(ServiceContext(second), "rita", STAFF_PASSWORD)  # the account made at the desk
        with pytest.raises(PermissionDenied):
            users.list_users(ServiceContext(second, rita))
        for _ in range(4):
            with pytest.raises(AuthenticationError):
                auth.login(ServiceContext(first), "rita", "not the password 1")
        with pytest.raises(AccountLocked):
            auth.login(ServiceContext(second), "rita", "not the password 1")
        with pytest.raises(AccountLocked):
            auth.login(ServiceContext(first), "rita", STAFF_PASSWORD)
    finally:
        first.close()
        second.close()


def test_the_enrol_command(tls_server, database, pc, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    from frontdesk import cli, cli_server_enrol
    from frontdesk.storage import enrol

    monkeypatch.setattr(cli_server_enrol, "key_cache_factory", lambda: pc.cache)
    monkeypatch.setattr(enrol, "MIN_SERVER_VERSION", TLS_MIN_VERSION)  # the CLI has no test-only switch
    code = tls_server.issue_code(database).format()
    argv = ["server", "enrol", "--data-dir", str(pc.paths.root), "--server", f"{tls_server.address}/{database}",
            "--code", code]
    assert cli.main(argv) == 0
    assert f"connected to the practice server at {tls_server.address} (database {database})" in capsys.readouterr().out
    assert server_file(pc.paths).exists()
    assert cli.main(argv) == 1
    assert "already connected to a practice server" in capsys.readouterr().err


def test_a_pc_that_cannot_write_its_settings_keeps_nothing_and_says_the_code_is_spent(  # type: ignore[no-untyped-def]
        tls_server, database, tmp_path) -> None:
    (tmp_path / "a-file").write_text("not a folder")
    pc = Workstation(tmp_path / "a-file" / "pc")
    with pytest.raises(StorageError, match="The enrolment code has been used: ask the practice administrator for a "
                                           "new one") as refused:
        pc.enrol(tls_server, database, tls_server.issue_code(database))
    assert "Nothing was saved on this PC" in str(refused.value)
    assert pc.keyring.items == {} and _used(tls_server, database) != [None]


def test_start_up_refuses_postgresql_older_than_16(tls_server, database, pc) -> None:  # type: ignore[no-untyped-def]
    pc.enrol(tls_server, database, tls_server.issue_code(database))
    with pytest.raises(StorageError, match="runs PostgreSQL 15; FrontDesk needs PostgreSQL 16 or newer"):
        open_server_store(pc.paths, pc.cache)
