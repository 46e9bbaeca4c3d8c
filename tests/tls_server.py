"""A throwaway PostgreSQL built with OpenSSL, on a TCP port of 127.0.0.1: the TLS half of the setup tests.

No PostgreSQL 16+ built with OpenSSL exists on the test machines (the pip wheels have no TLS), so this
starts Debian's PostgreSQL 15 (``FRONTDESK_PG_TLS_BIN`` names another bin folder) and setup runs on it with
its ``min_version=15`` override. The cluster is like a distribution's: the superuser trusted on the local
socket, TCP connections from 127.0.0.1 with scram-sha-256 (the superuser has a password). Without such a
server the tests skip with the reason, unless FRONTDESK_REQUIRE_PG_TLS=1 says they must run.
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

from pg_server import NoServer, PgServer, _owner

DEBIAN_BIN = Path("/usr/lib/postgresql/15/bin")
SUPERUSER_PASSWORD = "superuser test password 15"
REQUIRE_ENV = "FRONTDESK_REQUIRE_PG_TLS"
_SSL_REQUEST = struct.pack("!II", 8, 80877103)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class TlsServer:
    """The running cluster: ``tcp_url`` reaches it over TCP (TLS when the server offers it)."""

    server: PgServer
    port: int

    @property
    def data_dir(self) -> Path:
        return self.server.folder / "data"

    @property
    def hba_file(self) -> Path:
        return self.data_dir / "pg_hba.conf"

    def tcp_url(self, user: str = "postgres", database: str = "postgres") -> str:
        return f"postgresql+psycopg://{user}@127.0.0.1:{self.port}/{database}"

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
        folder_bin = Path(os.environ.get("FRONTDESK_PG_TLS_BIN", str(DEBIAN_BIN)))
        if not all((folder_bin / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            raise NoServer(f"no PostgreSQL built with OpenSSL at {folder_bin} (set FRONTDESK_PG_TLS_BIN, or apt "
                           "install postgresql-15) for the TLS half of the server set-up tests")
        version = subprocess.run([folder_bin / "postgres", "--version"], capture_output=True, text=True).stdout
        if not re.search(r"\s1[5-9]\.|\s[2-9]\d\.", version):
            raise NoServer(f"{folder_bin} holds {version.strip()}; the TLS tests need 15 or newer")
        server = PgServer(folder_bin, Path(tempfile.mkdtemp(prefix="fd-pg-tls-")), _owner())
        port = _free_port()
        try:
            if server.owner:
                shutil.chown(server.folder, user=server.owner)
                server.bin = server._reachable_bin()
            data = server.folder / "data"
            server._run(server.bin / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                        "--no-sync")
            hba = ("local all all trust\n"
                   "host all all 127.0.0.1/32 scram-sha-256\n"
                   "host all all ::1/128 scram-sha-256\n")
            server._run("sh", "-c", f"printf '%s' '{hba}' > {data}/pg_hba.conf")
            options = (f"-k {server.folder} -c listen_addresses=127.0.0.1 -p {port} -c fsync=off "
                       "-c synchronous_commit=off -c full_page_writes=off")
            server._run(server.bin / "pg_ctl", "-D", data, "-o", options, "-l", server.folder / "log", "-w", "start")
            server._run(server.bin / "psql", "-h", server.folder, "-p", str(port), "-U", "postgres", "-d",
                        "postgres", "-qc", f"ALTER ROLE postgres PASSWORD '{SUPERUSER_PASSWORD}'")
        except BaseException:
            shutil.rmtree(server.folder, ignore_errors=True)
            raise
        return cls(server, port)

    def unix_url(self) -> str:
        return f"postgresql+psycopg://postgres@/postgres?host={self.server.folder}&port={self.port}"

    def stop(self) -> None:
        self.server.stop()
