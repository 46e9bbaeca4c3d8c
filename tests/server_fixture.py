"""A practice server made by ``frontdesk server setup`` itself, for the workstation tests (enrolment, start-up
in server mode, the wizard's server pages, the two-workstation end-to-end test).

tls_server.py starts the cluster (Debian's PostgreSQL 15, built with OpenSSL; setup and the workstations
accept 15 through their test-only ``min_version``). :meth:`PracticeServer.set_up` runs the real
``storage.pg_setup.setup_server`` on it, as a practice would: roles, database, grants, enrolment table and
functions, migrations as the owner, the practice certificate, TLS, scram and pg_hba. It then opens the secret
sealed under setup's first code (the app role's password and the practice key), so a test can issue more
codes as an administrator would (:meth:`PracticeServer.issue_code`).

The session's server (fixture ``tls_server``) is set up once; each test takes its own copy of the set-up,
empty practice database (:meth:`PracticeServer.new_database`: CREATE DATABASE ... TEMPLATE, then setup's own
grants), holding no enrolment code. Setup's pg_hba lines name its one database; on this cluster they are
widened to every database, so the copies are reached exactly as setup's database is: TLS and scram only.
"""

from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from sqlalchemy import create_engine, text
from testsupport import FAST_KDF, PASSPHRASE
from tls_server import SUPERUSER_PASSWORD, TLS_MIN_VERSION, TlsServer, start_or_skip

from frontdesk.storage import enrolment_code as ec
from frontdesk.storage import pg_setup, pg_tls
from frontdesk.storage.pg_grants import ENROLMENT_TABLE, ISSUE, OWNER_ROLE, apply_grants

__all__ = ["TLS_MIN_VERSION", "PracticeServer", "cert_der", "make_certificate", "tls_server"]

TEMPLATE = "fd_enrol_template"
_numbers = itertools.count()


def make_certificate(*hosts: str) -> tuple[bytes, bytes]:
    """Another practice certificate, as setup makes them (not the server's): (cert PEM, key PEM)."""
    cert = pg_tls.make_certificate(list(hosts))
    return cert.pem, cert.key_pem


def cert_der(cert_pem: bytes) -> bytes:
    return x509.load_pem_x509_certificate(cert_pem).public_bytes(serialization.Encoding.DER)


def superuser_sql(cluster: TlsServer, *statements: str, database: str = "postgres", **params: object
                  ) -> list[object]:
    """Run statements as the superuser (Unix socket, autocommit); the first column of the last one's rows."""
    engine = create_engine(cluster.unix_url(database), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            result: list[object] = []
            for statement in statements:
                rows = conn.execute(text(statement), params)
                result = [row[0] for row in rows] if rows.returns_rows else []
            return result
    finally:
        engine.dispose()


@dataclass
class PracticeServer:
    """A TLS cluster set up by ``setup_server`` with the practice database ``database``."""

    cluster: TlsServer
    database: str
    setup: pg_setup.SetupResult
    secret: ec.ConnectionSecret

    @classmethod
    def set_up(cls, cluster: TlsServer, database: str) -> PracticeServer:
        """``frontdesk server setup`` on ``cluster``, over TCP with the superuser's password."""
        result = pg_setup.setup_server(cluster.tcp_url(), ["frontdesk-server.local"],
                                       pg_setup.new_practice_keys(PASSPHRASE, kdf=FAST_KDF), database=database,
                                       password=SUPERUSER_PASSWORD, min_version=TLS_MIN_VERSION)
        [wrapped] = superuser_sql(cluster, f"SELECT wrapped FROM {ENROLMENT_TABLE}", database=database)
        return cls(cluster, database, result, ec.unwrap(result.code, bytes(wrapped)))  # type: ignore[arg-type]

    @property
    def port(self) -> int:
        return self.cluster.port

    @property
    def address(self) -> str:
        return self.cluster.address

    @cached_property
    def der(self) -> bytes:
        """The practice certificate setup made, as the server presents it."""
        return self.cluster.presented_certificate()

    @property
    def app_password(self) -> str:
        return self.secret.app_password

    @property
    def practice_key(self) -> bytes:
        return self.secret.practice_key

    def sql(self, *statements: str, database: str = "postgres", **params: object) -> list[object]:
        return superuser_sql(self.cluster, *statements, database=database, **params)

    def issue_code(self, database: str, *, der: bytes | None = None, secret_database: str | None = None
                   ) -> ec.EnrolmentCode:
        """A new enrolment code as an administrator would issue it (``der``: the certificate it is bound to)."""
        code = ec.EnrolmentCode.new(der or self.der)
        secret = ec.ConnectionSecret(self.app_password, self.practice_key, secret_database or database)
        self.sql(f"SELECT {ISSUE}(:token, :wrapped, 'test admin')", database=database,
                 token=ec.token_sha256(code), wrapped=ec.wrap(code, secret))
        return code

    # -- the session's server: copies of setup's database ---------------------------------------------------
    def make_template(self) -> None:
        """Setup's database becomes the template of every test's copy: no codes in it, pg_hba for every copy."""
        self.sql(f"DELETE FROM {ENROLMENT_TABLE}", database=self.database)
        with pg_setup.superuser_connect(self.cluster.unix_url()) as conn:
            widened = pg_tls.with_frontdesk_lines(self.cluster.hba_file.read_text(), "all")
            pg_tls.server_file(conn, widened.encode("utf-8"), str(self.cluster.hba_file))
            conn.execute("SELECT pg_reload_conf()")

    def new_database(self) -> str:
        """A fresh copy of the set-up (migrated, empty) practice database, with setup's grants."""
        name = f"fd_enrol_{os.getpid()}_{next(_numbers)}"
        self.sql(f"CREATE DATABASE {name} TEMPLATE {self.database} OWNER {OWNER_ROLE}")
        with pg_setup.superuser_connect(self.cluster.unix_url(), name) as conn:
            apply_grants(conn, name)  # database-level privileges are not copied with the template
        return name


@pytest.fixture(scope="session")
def tls_server() -> Iterator[PracticeServer]:
    """A practice server set up by ``frontdesk server setup``, with TLS; skipped (failed under
    FRONTDESK_REQUIRE_PG_TLS=1) without an OpenSSL-built PostgreSQL. conftest.py files re-export it."""
    cluster = start_or_skip()
    try:
        server = PracticeServer.set_up(cluster, TEMPLATE)
        server.make_template()
        yield server
    finally:
        cluster.stop()
