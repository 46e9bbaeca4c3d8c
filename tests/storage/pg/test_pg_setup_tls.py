"""`frontdesk server setup` end to end with TLS, on a PostgreSQL built with OpenSSL (tests/tls_server.py).

Setup over TCP with the superuser's password, then as a workstation would: the certificate the server
presents is the one setup made (and matches the code), the enrol role redeems the code over verified TLS,
the app role signs in with the secret over TLS and is refused without TLS or with a wrong password.
"""

from __future__ import annotations

import functools
import re
import stat
from collections.abc import Iterator

import psycopg
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from psycopg import sql
from server_setup_support import fast_keys, roles_present, tear_down
from testsupport import FAST_KDF, PASSPHRASE
from tls_server import SUPERUSER_PASSWORD, TLS_MIN_VERSION, TlsServer, start_or_skip

from frontdesk.errors import StorageError
from frontdesk.storage import enrolment_code as codes
from frontdesk.storage import keys, pg_setup, pg_tls, pg_upgrade
from frontdesk.storage.migrate import head_revision
from frontdesk.storage.pg_grants import APP_ROLE, ENROL_ROLE, REDEEM, privilege_problems

DATABASE = "frontdesk"


@pytest.fixture(scope="module")
def tls_server() -> Iterator[TlsServer]:
    """A bare cluster of this module's own (overrides conftest's practice server: setup is what is tested)."""
    server = start_or_skip()
    yield server
    server.stop()


def _setup(server: TlsServer) -> pg_setup.SetupResult:
    return pg_setup.setup_server(server.tcp_url(), ["frontdesk-server.local", "127.0.0.1"], fast_keys(),
                                 database=DATABASE, password=SUPERUSER_PASSWORD, min_version=TLS_MIN_VERSION)


def _connect(server: TlsServer, role: str, password: str, **tls: object) -> psycopg.Connection:
    return psycopg.connect(host="127.0.0.1", port=server.port, dbname=DATABASE, user=role, password=password,
                           connect_timeout=10, **tls)  # type: ignore[arg-type]


def test_setup_turns_on_tls_with_the_practice_certificate_and_workstations_connect_only_over_it(  # type: ignore[no-untyped-def]
        tls_server, tmp_path) -> None:
    hba_before = tls_server.hba_file.read_text()
    try:
        result = _setup(tls_server)
        presented = tls_server.presented_certificate()
        cert = x509.load_der_x509_certificate(presented)
        assert cert.fingerprint(hashes.SHA256()).hex(":").upper() == result.certificate_sha256
        assert codes.matches(result.code, presented)
        assert cert.subject.rfc4514_string() == "CN=FrontDesk practice server"
        names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
        assert {"frontdesk-server.local", "localhost"} <= set(names.get_values_for_type(x509.DNSName))
        key_file = tls_server.data_dir / pg_tls.KEY_FILE
        assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
        hba = tls_server.hba_file.read_text()
        assert hba.startswith(pg_tls.HBA_BEGIN) and hba.endswith(hba_before)
        assert (tls_server.data_dir / ("pg_hba.conf" + pg_tls.HBA_BACKUP_SUFFIX)).read_text() == hba_before

        pinned = tmp_path / "server.pem"
        pinned.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        verified = {"sslmode": "verify-ca", "sslrootcert": str(pinned)}
        with _connect(tls_server, ENROL_ROLE, codes.enrol_password(result.code.fingerprint_prefix),
                      **verified) as conn:
            blob = conn.execute(sql.SQL("SELECT {}(%s, %s)").format(sql.Identifier(REDEEM)),
                                (codes.token_sha256(result.code), "FRONT-1")).fetchone()[0]
            conn.commit()
        secret = codes.unwrap(result.code, bytes(blob))
        with _connect(tls_server, APP_ROLE, secret.app_password, **verified) as conn:
            assert conn.execute("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()").fetchone()[0]
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
        with pytest.raises(psycopg.OperationalError, match="no encryption|rejects connection"):
            _connect(tls_server, APP_ROLE, secret.app_password, sslmode="disable")
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            _connect(tls_server, APP_ROLE, "not the password", **verified)

        with pg_setup.superuser_connect(tls_server.tcp_url(), DATABASE, SUPERUSER_PASSWORD) as conn:
            assert pg_tls.tls_problems(conn, DATABASE) == []
            assert privilege_problems(conn, DATABASE) == []
        # the superuser still reaches the practice database over TLS: upgrade works after setup
        assert pg_upgrade.upgrade_server(tls_server.tcp_url(), database=DATABASE, password=SUPERUSER_PASSWORD,
                                       min_version=TLS_MIN_VERSION) == (head_revision(), head_revision())
        with pytest.raises(StorageError, match="already set up"):
            _setup(tls_server)
    finally:
        _put_back(tls_server, hba_before)


def test_a_wrong_superuser_password_is_said_plainly(tls_server) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(StorageError, match="did not accept the password of postgres. Nothing was changed"):
        pg_setup.setup_server(tls_server.tcp_url(), ["server"], fast_keys(), password="wrong",
                              min_version=TLS_MIN_VERSION)


def test_a_broken_pg_hba_is_put_back_and_the_whole_setup_undone(tls_server, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    hba_before = tls_server.hba_file.read_text()
    monkeypatch.setattr(pg_tls, "hba_lines", lambda database: f"hostssl {database} all all no-such-method\n")
    try:
        with pytest.raises(StorageError, match="errors in pg_hba.conf.*put back"):
            _setup(tls_server)
        assert tls_server.hba_file.read_text() == hba_before
        assert roles_present(tls_server.unix_url()) == []
        with pg_setup.superuser_connect(tls_server.unix_url()) as conn:
            assert conn.execute("SHOW ssl").fetchone()[0] == "off"
            assert conn.execute("SELECT count(*) FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone()[0] == 0
    finally:
        _put_back(tls_server, hba_before)


def _put_back(server: TlsServer, hba_before: str) -> None:
    """Leave the cluster as the next test expects it: no FrontDesk roles, database, settings or hba lines."""
    tear_down(server.unix_url(), DATABASE)
    with pg_setup.superuser_connect(server.unix_url()) as conn:
        for name in pg_tls.SERVER_SETTINGS:
            conn.execute(f"ALTER SYSTEM RESET {name}")
        pg_tls.server_file(conn, hba_before.encode(), str(server.hba_file))
        conn.execute("SELECT pg_reload_conf()")


def test_the_commands_set_up_check_and_refuse_a_second_setup(tls_server, monkeypatch, capsys, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from frontdesk.cli import main
    from frontdesk.storage import pg_check

    hba_before = tls_server.hba_file.read_text()
    monkeypatch.setenv("PGPASSWORD", SUPERUSER_PASSWORD)
    monkeypatch.setattr(keys, "DEFAULT_KDF", FAST_KDF)
    passphrase_file = tmp_path / "passphrase.txt"
    passphrase_file.write_text(PASSPHRASE, encoding="utf-8")
    setup = ["server", "setup", "--superuser-url", tls_server.tcp_url(), "--host", "frontdesk-server.local",
             "--database", DATABASE, "--passphrase-file", str(passphrase_file)]
    try:
        assert main(setup) == 1  # production keeps 16: this server is 15
        assert "runs PostgreSQL 15" in capsys.readouterr().err and roles_present(tls_server.unix_url()) == []
        monkeypatch.setattr(pg_setup, "setup_server",
                            functools.partial(pg_setup.setup_server, min_version=TLS_MIN_VERSION))
        assert main(setup) == 0
        out = capsys.readouterr().out
        printed = re.search(r"^    ([0-9A-Z]{5}(?:-[0-9A-Z]{4,5}){5})$", out, re.MULTILINE)
        assert printed and codes.matches(codes.parse(printed[1]), tls_server.presented_certificate())
        assert "listens only on '127.0.0.1': set listen_addresses = '*'" in out  # so no workstation reaches it
        assert 'README.md, section "Server mode"' in out and "port 5432" in out
        assert re.search(r"^Recovery key: [0-9A-Z]{4}(?:-[0-9A-Z]{4}){7}$", out, re.MULTILINE), out

        crypt = tmp_path / "block" / "dm-0" / "dm"
        crypt.mkdir(parents=True)
        (crypt / "uuid").write_text("CRYPT-LUKS2-abc\n")
        (tmp_path / "block" / "sda1").mkdir()
        for device, safe in (("dm-0", True), ("sda1", False)):
            def on(path, device=device):  # type: ignore[no-untyped-def]
                return pg_check.linux_volume(path, device_of=lambda _: device, sys_block=tmp_path / "block")
            report = pg_check.check_server(tls_server.tcp_url(), database=DATABASE, volume=on,
                                           min_version=TLS_MIN_VERSION)
            assert report.safe is safe, report.findings
            assert any("TLS is on" in f.text for f in report.findings)

        assert main(["server", "check", "--superuser-url", tls_server.tcp_url(), "--database", DATABASE]) == 1
        captured = capsys.readouterr()
        assert "WARNING  PostgreSQL 15 is older" in captured.out and "NOT safe" in captured.err
        assert "ok       TLS is on" in captured.out

        assert main(setup) == 1
        assert "already set up for FrontDesk" in capsys.readouterr().err
        # the first code never used: setup may start over, and pg_hba.conf keeps one FrontDesk block
        assert main([*setup, "--start-over"]) == 0
        restarted = re.search(r"^    (\S+)$", capsys.readouterr().out, re.MULTILINE)
        assert restarted and codes.parse(restarted[1]) != codes.parse(printed[1])
        hba = tls_server.hba_file.read_text()
        assert hba.count(pg_tls.HBA_BEGIN) == 1 and hba.endswith(hba_before)
        assert (tls_server.data_dir / ("pg_hba.conf" + pg_tls.HBA_BACKUP_SUFFIX)).read_text() == hba_before
    finally:
        _put_back(tls_server, hba_before)


def test_with_every_pc_lost_the_recovery_code_issues_a_code_for_the_certificate_the_server_presents(  # type: ignore[no-untyped-def]
        tls_server) -> None:
    hba_before = tls_server.hba_file.read_text()
    try:
        result = _setup(tls_server)
        code, _expires = pg_upgrade.issue_code_with_recovery(tls_server.tcp_url(), result.recovery_code,
                                                           database=DATABASE, password=SUPERUSER_PASSWORD)
        assert codes.matches(code, tls_server.presented_certificate())  # read from the server's ssl_cert_file
        with _connect(tls_server, ENROL_ROLE, codes.enrol_password(code.fingerprint_prefix),
                      sslmode="require") as conn:
            blob = conn.execute(sql.SQL("SELECT {}(%s, %s)").format(sql.Identifier(REDEEM)),
                                (codes.token_sha256(code), "NEW-PC")).fetchone()[0]
            conn.commit()
        secret = codes.unwrap(code, bytes(blob))
        with _connect(tls_server, APP_ROLE, secret.app_password, sslmode="require") as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == head_revision()
    finally:
        _put_back(tls_server, hba_before)
