"""A throwaway PostgreSQL 16+ server for the server-mode tests: found, started once per test process, stopped.

Where the binaries come from, first found wins: ``FRONTDESK_PG_BIN`` (a folder holding initdb, pg_ctl and
postgres, e.g. /usr/lib/postgresql/16/bin), then the ``pgserver`` wheel of the test extras (PostgreSQL 16.2).
The cluster lives in a private temporary folder, listens on a Unix socket only (no TCP port to collide on),
trusts local connections and skips fsync: it holds nothing but test data. ``initdb`` refuses root, so as root
the cluster belongs to an unprivileged account (``frontdesk-pg``, created once if missing).
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from frontdesk.bench import pg_throwaway as throwaway

PG_USER = "frontdesk-pg"
HOW_TO_GET_ONE = ("no PostgreSQL 16+ for the server-mode tests: install the test extras (pip install -e '.[test]', "
                  "which brings pgserver) or set FRONTDESK_PG_BIN to a PostgreSQL 16+ bin folder")


class NoServer(Exception):
    """No PostgreSQL 16+ could be started here; the message says how to get one."""


def find_bin() -> Path:
    """initdb/pg_ctl/postgres of FRONTDESK_PG_BIN, else of the pgserver wheel: the bench's finder (one for both)."""
    try:
        return throwaway.find_bin()
    except throwaway.NoServer as exc:
        raise NoServer(HOW_TO_GET_ONE) from exc


def _owner() -> str | None:
    """The account the cluster runs as: None = this one; as root an unprivileged one (created if missing)."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam(PG_USER)
    except KeyError:
        made = subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER],
                              capture_output=True, text=True)
        if made.returncode != 0:
            raise NoServer(f"running as root and could not create the account {PG_USER}: {made.stderr.strip()}")
    return PG_USER


@dataclass
class PgServer:
    """A running cluster: ``url(name)`` is the address of one database in it."""

    bin: Path
    folder: Path
    owner: str | None

    def _run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        prefix = ["runuser", "-u", self.owner, "--"] if self.owner else []
        done = subprocess.run([*prefix, *map(str, args)], capture_output=True, text=True, timeout=120)
        if done.returncode != 0:
            raise NoServer(f"{Path(str(args[0])).name} failed: {(done.stderr or done.stdout).strip()[-500:]}")
        return done

    def _reachable_bin(self) -> Path:
        """The binaries the owner account can run: a checkout under /root is closed to it, so then a copy of the
        installation in the folder, laid out as it was (PostgreSQL finds lib and share relative to its binaries,
        pgserver's binaries their libpq in ../../../pgserver.libs)."""
        try:
            self._run("test", "-x", self.bin / "initdb")
            return self.bin
        except NoServer:
            install = self.bin.parent
            copy = self.folder / "pg" / install.parent.name / install.name
            shutil.copytree(install, copy, symlinks=True)
            libs = install.parent.parent / "pgserver.libs"
            if libs.is_dir():
                shutil.copytree(libs, self.folder / "pg" / libs.name, symlinks=True)
            return copy / "bin"

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@/{database}?host={self.folder}"

    @classmethod
    def start(cls) -> PgServer:
        server = cls(find_bin(), Path(tempfile.mkdtemp(prefix="fd-pg-")), _owner())
        try:
            if server.owner:
                shutil.chown(server.folder, user=server.owner)
                server.bin = server._reachable_bin()
            data = server.folder / "data"
            server._run(server.bin / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                        "--no-sync", "--no-instructions")
            server.resume()
        except BaseException:
            shutil.rmtree(server.folder, ignore_errors=True)
            raise
        return server

    def resume(self, *, tcp_port: int | None = None) -> None:
        """Start the cluster's server (again, after :meth:`halt`) and wait until it takes connections.

        Unix socket only, unless ``tcp_port`` is given: then also 127.0.0.1 on that port (tls_server.py)."""
        listen = "-c listen_addresses=''" if tcp_port is None else f"-c listen_addresses=127.0.0.1 -p {tcp_port}"
        options = f"-k {self.folder} {listen} -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run(self.bin / "pg_ctl", "-D", self.folder / "data", "-o", options, "-l", self.folder / "log", "-w",
                  "start")

    def halt(self) -> None:
        """Stop the server, cutting every open connection, and keep its data (``resume`` starts it again).

        A "fast" stop: this cluster skips fsync and synchronous commit, so an "immediate" one could lose
        transactions that had committed. For a test's own server only (``PgServer.start()``), never the
        session's shared one."""
        self._run(self.bin / "pg_ctl", "-D", self.folder / "data", "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        try:
            self._run(self.bin / "pg_ctl", "-D", self.folder / "data", "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
