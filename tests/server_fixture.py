"""A practice server set up the way SERVER_SPEC.md says, for the workstation (enrolment, start-up) tests.

``frontdesk server setup`` (another part of issue 19) is what a practice runs; this fixture builds the same
names with the least SQL the workstation side needs, ALL IN :data:`PRACTICE_SERVER_SQL` / :func:`set_up_database`
(one place, so it can be switched to the real setup command): the roles ``frontdesk_owner`` (NOLOGIN,
owns everything, migrations run as it), ``frontdesk_app`` and ``frontdesk_enrol`` (scram-sha-256 over TLS
only), the ``frontdesk_enrolment`` table and the redeem / issue functions with the SQLSTATEs the
workstation reads (FD001 unknown, FD002 'used <ISO timestamp>', FD003 expired).

TLS: the pgserver wheel (PostgreSQL 16) has no OpenSSL, so this starts Debian's PostgreSQL 15 (built with
OpenSSL; ``FRONTDESK_PG_TLS_BIN`` names another bin folder) on a free 127.0.0.1 port with ssl on and a
generated practice certificate. The app refuses PostgreSQL < 16; these tests pass ``min_version=15``.
Without such a server the tests skip, saying why, unless FRONTDESK_REQUIRE_PG_TLS=1.
"""

from __future__ import annotations

import base64
import datetime as dt
import ipaddress
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec as ecdsa
from cryptography.x509.oid import NameOID
from pg_server import NoServer, PgServer, _owner
from sqlalchemy import create_engine, event, text

from frontdesk.storage import enrolment_code as ec
from frontdesk.storage.migrate import upgrade_to_head
from frontdesk.storage.pg_engine import PostgresDatabase

TLS_MIN_VERSION = 15  # Debian's PostgreSQL 15: the only OpenSSL-built server here (production needs 16)
DEFAULT_TLS_BIN = Path("/usr/lib/postgresql/15/bin")
TEMPLATE = "fd_enrol_template"
_numbers = itertools.count()


def make_certificate(*hosts: str) -> tuple[bytes, bytes]:
    """A self-signed practice certificate as the spec describes (ECDSA P-256, SAN): (cert PEM, key PEM)."""
    key = ecdsa.generate_private_key(ecdsa.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "FrontDesk practice server")])
    names: list[x509.GeneralName] = []
    for host in ("localhost", *hosts):
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    start = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(start)
            .not_valid_after(start + dt.timedelta(days=3650))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .sign(key, hashes.SHA256()))
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), key_pem


def cert_der(cert_pem: bytes) -> bytes:
    return x509.load_pem_x509_certificate(cert_pem).public_bytes(serialization.Encoding.DER)


# -- the server-side names, in one place ------------------------------------------------------------------
CLUSTER_ROLES_SQL = (
    "CREATE ROLE frontdesk_owner NOLOGIN",
    # base64url passwords: nothing to quote (DDL takes no bound parameters)
    "CREATE ROLE frontdesk_app LOGIN PASSWORD '{app_password}'",
    "CREATE ROLE frontdesk_enrol LOGIN PASSWORD '{enrol_password}'",
)
PRACTICE_SERVER_SQL = (
    """CREATE TABLE frontdesk_enrolment (
        id bigserial PRIMARY KEY, token_sha256 text NOT NULL UNIQUE, wrapped bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(), expires_at timestamptz NOT NULL,
        used_at timestamptz NULL, used_by text NULL, issued_by text NOT NULL)""",
    """CREATE FUNCTION frontdesk_redeem_enrolment(token_sha256 text, workstation text) RETURNS bytea
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    DECLARE
        entry public.frontdesk_enrolment%ROWTYPE;
    BEGIN
        SELECT * INTO entry FROM public.frontdesk_enrolment e WHERE e.token_sha256 = $1 FOR UPDATE;
        IF NOT FOUND THEN
            RAISE EXCEPTION 'unknown enrolment code' USING ERRCODE = 'FD001';
        END IF;
        IF entry.used_at IS NOT NULL THEN
            RAISE EXCEPTION 'used %', to_json(entry.used_at) #>> '{}' USING ERRCODE = 'FD002';
        END IF;
        IF entry.expires_at < now() THEN
            RAISE EXCEPTION 'expired' USING ERRCODE = 'FD003';
        END IF;
        UPDATE public.frontdesk_enrolment SET used_at = now(), used_by = $2 WHERE id = entry.id;
        RETURN entry.wrapped;
    END $$""",
    """CREATE FUNCTION frontdesk_issue_enrolment(token_sha256 text, wrapped bytea, issued_by text)
        RETURNS timestamptz LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
        INSERT INTO public.frontdesk_enrolment (token_sha256, wrapped, expires_at, issued_by)
        VALUES ($1, $2, now() + interval '7 days', $3) RETURNING expires_at $$""",
    "REVOKE ALL ON FUNCTION frontdesk_redeem_enrolment(text, text) FROM PUBLIC",
    "REVOKE ALL ON FUNCTION frontdesk_issue_enrolment(text, bytea, text) FROM PUBLIC",
    "GRANT EXECUTE ON FUNCTION frontdesk_redeem_enrolment(text, text) TO frontdesk_enrol",
    "GRANT EXECUTE ON FUNCTION frontdesk_issue_enrolment(text, bytea, text) TO frontdesk_app",
    # the app role's daily privileges (the real setup narrows them: audit trail and posted money insert-only)
    "GRANT USAGE ON SCHEMA public TO frontdesk_app",
    "GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO frontdesk_app",
    "GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO frontdesk_app",
    "REVOKE ALL ON frontdesk_enrolment FROM frontdesk_app",
)


def database_grants(database: str) -> tuple[str, ...]:
    """Database-level grants (CREATE DATABASE ... TEMPLATE copies the tables' grants, not these)."""
    return (f"REVOKE ALL ON DATABASE {database} FROM PUBLIC",
            f"GRANT CONNECT ON DATABASE {database} TO frontdesk_app, frontdesk_enrol")


def find_tls_bin() -> Path:
    folder = Path(os.environ.get("FRONTDESK_PG_TLS_BIN") or DEFAULT_TLS_BIN)
    if not all((folder / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres", "pg_config")):
        raise NoServer(f"no OpenSSL-built PostgreSQL for the TLS tests in {folder} (apt install postgresql-15, or "
                       "set FRONTDESK_PG_TLS_BIN)")
    configure = subprocess.run([folder / "pg_config", "--configure"], capture_output=True, text=True).stdout
    if "--with-openssl" not in configure and "--with-ssl=openssl" not in configure:
        raise NoServer(f"the PostgreSQL in {folder} was built without OpenSSL: no TLS to test")
    return folder


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class TlsServer:
    """A running TLS cluster on 127.0.0.1:``port``; ``server`` reaches it as superuser over its Unix socket."""

    server: PgServer
    port: int
    cert_pem: bytes
    app_password: str
    practice_key: bytes

    @property
    def der(self) -> bytes:
        return cert_der(self.cert_pem)

    @property
    def address(self) -> str:
        return f"127.0.0.1:{self.port}"

    def superuser_url(self, database: str = "postgres") -> str:
        return f"{self.server.url(database)}&port={self.port}"

    def sql(self, *statements: str, database: str = "postgres", **params: object) -> list[object]:
        """Run statements as the superuser, autocommit; the first column of the last one's first row."""
        engine = create_engine(self.superuser_url(database), isolation_level="AUTOCOMMIT")
        try:
            with engine.connect() as conn:
                result: list[object] = []
                for statement in statements:
                    rows = conn.execute(text(statement), params)
                    result = [row[0] for row in rows] if rows.returns_rows else []
                return result
        finally:
            engine.dispose()

    def new_database(self) -> str:
        """A fresh copy of the set-up (migrated, empty) practice database, with its grants."""
        name = f"fd_enrol_{os.getpid()}_{next(_numbers)}"
        self.sql(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} OWNER frontdesk_owner", *database_grants(name))
        return name

    def issue_code(self, database: str, *, der: bytes | None = None, secret_database: str | None = None
                   ) -> ec.EnrolmentCode:
        """A new enrolment code as an administrator would issue it (``der``: the certificate it is bound to)."""
        code = ec.EnrolmentCode.new(der or self.der)
        secret = ec.ConnectionSecret(self.app_password, self.practice_key, secret_database or database)
        self.sql("SELECT frontdesk_issue_enrolment(:token, :wrapped, 'test admin')", database=database,
                 token=ec.token_sha256(code), wrapped=ec.wrap(code, secret))
        return code

    def owner_database(self, database: str) -> PostgresDatabase:
        """The database as frontdesk_owner (what migrations and setup run as), superuser connection + SET ROLE."""
        db = PostgresDatabase(self.superuser_url(database), self.practice_key, min_version=TLS_MIN_VERSION)
        db.engine.dispose()  # the version check's connection was made before the SET ROLE hook

        @event.listens_for(db.engine, "connect")
        def _as_owner(dbapi_conn, _record):  # type: ignore[no-untyped-def]
            with dbapi_conn.cursor() as cursor:
                cursor.execute("SET ROLE frontdesk_owner")
            dbapi_conn.commit()

        return db

    @classmethod
    def start(cls) -> TlsServer:
        bin_folder = find_tls_bin()
        cert_pem, key_pem = make_certificate("127.0.0.1")
        server = PgServer(bin_folder, Path(tempfile.mkdtemp(prefix="fd-pgtls-")), _owner())
        try:
            if server.owner:
                shutil.chown(server.folder, user=server.owner)
            data = server.folder / "data"
            server._run(bin_folder / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                        "--no-sync")
            for name, content in (("server.crt", cert_pem), ("server.key", key_pem),
                                  ("pg_hba.conf", b"local all postgres trust\n"
                                                  b"hostssl all frontdesk_app,frontdesk_enrol 127.0.0.1/32 "
                                                  b"scram-sha-256\nhost all all 127.0.0.1/32 reject\n")):
                (data / name).write_bytes(content)
                (data / name).chmod(0o600)
                if server.owner:
                    shutil.chown(data / name, user=server.owner)
            port = free_port()
            options = (f"-k {server.folder} -c listen_addresses=127.0.0.1 -c port={port} -c ssl=on "
                       "-c password_encryption=scram-sha-256 -c fsync=off -c synchronous_commit=off")
            server._run(bin_folder / "pg_ctl", "-D", data, "-o", options, "-l", server.folder / "log", "-w",
                        "start")
        except BaseException:
            shutil.rmtree(server.folder, ignore_errors=True)
            raise
        tls = cls(server, port, cert_pem, base64.urlsafe_b64encode(os.urandom(32)).decode().rstrip("="),
                  os.urandom(32))
        try:
            tls._set_up_template()
        except BaseException:
            server.stop()
            raise
        return tls

    def _set_up_template(self) -> None:
        prefix = ec.EnrolmentCode.new(self.der).fingerprint_prefix
        self.sql(*(statement.format(app_password=self.app_password, enrol_password=ec.enrol_password(prefix))
                   for statement in CLUSTER_ROLES_SQL))
        self.sql(f"CREATE DATABASE {TEMPLATE} OWNER frontdesk_owner")
        set_up_database(self, TEMPLATE)

    def stop(self) -> None:
        self.server.stop()


def set_up_database(tls: TlsServer, database: str) -> None:
    """Migrations as frontdesk_owner, then the enrolment table, functions and grants (the spec's setup)."""
    db = tls.owner_database(database)
    try:
        upgrade_to_head(db)
        with db.engine.begin() as conn:
            for statement in PRACTICE_SERVER_SQL:
                conn.execute(text(statement))
    finally:
        db.close()


@pytest.fixture(scope="session")
def tls_server() -> Iterator[TlsServer]:
    """A practice server with TLS, set up as SERVER_SPEC.md says; skipped (failed under
    FRONTDESK_REQUIRE_PG_TLS=1) without an OpenSSL-built PostgreSQL. conftest.py files re-export it."""
    try:
        server = TlsServer.start()
    except NoServer as exc:
        if os.environ.get("FRONTDESK_REQUIRE_PG_TLS") == "1":
            pytest.fail(str(exc))
        pytest.skip(str(exc))
    yield server
    server.stop()
