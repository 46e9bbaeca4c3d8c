"""A throwaway PostgreSQL built with OpenSSL, on a TCP port of 127.0.0.1: for every test that needs real TLS.

No PostgreSQL 16+ built with OpenSSL exists on the test machines (the pip wheels have no TLS), so this
starts Debian's PostgreSQL 15 (``FRONTDESK_PG_TLS_BIN`` names another bin folder); setup and the
workstations accept it through their test-only ``min_version=15`` (:data:`TLS_MIN_VERSION`). The cluster is
like a distribution's, before ``frontdesk server setup``: TLS off, the superuser trusted on the local socket,
TCP connections from 127.0.0.1 with scram-sha-256 (the superuser has a password). Without such a server the
tests skip with the reason, unless FRONTDESK_REQUIRE_PG_TLS=1 says they must run (:func:`start_or_skip`).

Users: test_pg_setup_tls.py (setup itself) and server_fixture.py (a practice server setup made, for the
workstation tests).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import ssl
import struct
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest
from pg_server import NoServer, PgServer, _owner

DEBIAN_BIN = Path("/usr/lib/postgresql/15/bin")
TLS_MIN_VERSION = 15  # Debian's PostgreSQL 15: the only OpenSSL-built server here (production needs 16)
SUPERUSER_PASSWORD = "superuser test password 15"
REQUIRE_ENV = "FRONTDESK_REQUIRE_PG_TLS"
_SSL_REQUEST = struct.pack("!II", 8, 80877103)


def free_port() -> int:
    """A TCP port of 127.0.0.1 nothing listens on (at this moment)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _tls_bin() -> Path:
    folder = Path(os.environ.get("FRONTDESK_PG_TLS_BIN", str(DEBIAN_BIN)))
    if not all((folder / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres", "pg_config")):
        raise NoServer(f"no PostgreSQL built with OpenSSL at {folder} (set FRONTDESK_PG_TLS_BIN, or apt "
                       "install postgresql-15) for the tests that need TLS")
    version = subprocess.run([folder / "postgres", "--version"], capture_output=True, text=True).stdout
    if not re.search(r"\s1[5-9]\.|\s[2-9]\d\.", version):
        raise NoServer(f"{folder} holds {version.strip()}; the TLS tests need 15 or newer")
    configure = subprocess.run([folder / "pg_config", "--configure"], capture_output=True, text=True).stdout
    if "--with-openssl" not in configure and "--with-ssl=openssl" not in configure:
        raise NoServer(f"the PostgreSQL in {folder} was built without OpenSSL: no TLS to test")
    return folder


@dataclass
class TlsServer:
    """The running cluster: ``tcp_url`` reaches it over TCP (TLS once setup turned it on), ``unix_url`` over
    its Unix socket (the superuser, trusted)."""

    server: PgServer
    port: int

    @property
    def data_dir(self) -> Path:
        return self.server.folder / "data"

    @property
    def hba_file(self) -> Path:
        return self.data_dir / "pg_hba.conf"

    @property
    def address(self) -> str:
        """What a workstation types as the server's address."""
        return f"127.0.0.1:{self.port}"

    def tcp_url(self, user: str = "postgres", database: str = "postgres") -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"

    def unix_url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.server.folder}&port={self.port}"

    def presented_certificate(self) -> bytes:
        """The DER certificate the server shows in its TLS handshake (what a workstation pins)."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as raw:
            raw.sendall(_SSL_REQUEST)
            if raw.recv(1) != b"S":
                raise AssertionError("the server refused TLS")
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            context.check_hostname = False
            context.verify_mode = ssl.CERT_NONE
            with context.wrap_socket(raw) as tls:
                der = tls.getpeercert(binary_form=True)
        assert der is not None
        return der

    @classmethod
    def start(cls) -> TlsServer:
        folder_bin = _tls_bin()
        server = PgServer(folder_bin, Path(tempfile.mkdtemp(prefix="fd-pg-tls-")), _owner())
        cluster = cls(server, free_port())
        try:
            if server.owner:
                shutil.chown(server.folder, user=server.owner)
                server.bin = server._reachable_bin()
            server._run(server.bin / "initdb", "-D", cluster.data_dir, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                        "--no-sync")
            hba = ("local all all trust\n"
                   "host all all 127.0.0.1/32 scram-sha-256\n"
                   "host all all ::1/128 scram-sha-256\n")
            server._run("sh", "-c", f"printf '%s' '{hba}' > {cluster.hba_file}")
            cluster.resume()
            server._run(server.bin / "psql", "-h", server.folder, "-p", str(cluster.port), "-U", "postgres", "-d",
                        "postgres", "-qc", f"ALTER ROLE postgres PASSWORD '{SUPERUSER_PASSWORD}'")
        except BaseException:
            shutil.rmtree(server.folder, ignore_errors=True)
            raise
        return cluster

    def resume(self) -> None:
        """Start the server (again, after :meth:`halt`) on its port; what setup changed (ALTER SYSTEM) stays."""
        self.server.resume(tcp_port=self.port)

    def halt(self) -> None:
        """Stop the server, cutting every connection, keeping its data: the practice server is down."""
        self.server.halt()

    def stop(self) -> None:
        self.server.stop()


def start_or_skip() -> TlsServer:
    """A new cluster; without an OpenSSL-built PostgreSQL the test skips saying why (fails under
    FRONTDESK_REQUIRE_PG_TLS=1)."""
    try:
        return TlsServer.start()
    except NoServer as exc:
        if os.environ.get(REQUIRE_ENV) == "1":
            pytest.fail(str(exc))
        pytest.skip(str(exc))
