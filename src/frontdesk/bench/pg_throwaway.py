"""A throwaway PostgreSQL 16+ for the server-mode benchmarks, listening on loopback TCP (as a workstation talks).

The same approach as the tests' server (tests/pg_server.py: the ``pgserver`` wheel's binaries or
``FRONTDESK_PG_BIN``, a private temporary cluster, an unprivileged account when run as root), but on
127.0.0.1 and a free port instead of a Unix socket, because the issue's figures are "over loopback". It holds
only benchmark data: trust authentication on loopback. Qt-free; nothing here is used by the app.
"""

from __future__ import annotations

import importlib.util
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PG_USER = "frontdesk-pg"
MIN_MAJOR = 16


class NoServer(Exception):
    """No PostgreSQL 16+ could be started here; the message says why."""


def find_bin() -> Path:
    """initdb/pg_ctl/postgres of FRONTDESK_PG_BIN, else of the pgserver wheel (the test extras)."""
    candidates = [Path(os.environ["FRONTDESK_PG_BIN"])] if os.environ.get("FRONTDESK_PG_BIN") else []
    spec = importlib.util.find_spec("pgserver")
    if spec is not None and spec.submodule_search_locations:
        candidates.append(Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin")
    for folder in candidates:
        if all((folder / tool).is_file() for tool in ("initdb", "pg_ctl", "postgres")):
            version = subprocess.run([folder / "postgres", "--version"], capture_output=True, text=True).stdout
            found = re.search(r"(\d+)\.", version)
            if found and int(found[1]) >= MIN_MAJOR:
                return folder
    raise NoServer("no PostgreSQL 16+: install the test extras (pgserver) or set FRONTDESK_PG_BIN")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LoopbackServer:
    """A running cluster on 127.0.0.1:``port``; ``url(name)`` is one database in it."""

    bin: Path
    folder: Path
    owner: str | None
    port: int

    def _run(self, *args: str | Path) -> None:
        prefix = ["runuser", "-u", self.owner, "--"] if self.owner else []
        done = subprocess.run([*prefix, *map(str, args)], capture_output=True, text=True, timeout=300)
        if done.returncode != 0:
            raise NoServer(f"{Path(str(args[0])).name} failed: {(done.stderr or done.stdout).strip()[-500:]}")

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    @classmethod
    def start(cls) -> LoopbackServer:
        owner = None
        if os.geteuid() == 0:  # initdb refuses root
            owner = PG_USER
            try:
                pwd.getpwnam(PG_USER)
            except KeyError:
                subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", PG_USER],
                               check=True, capture_output=True)
        server = cls(find_bin(), Path(tempfile.mkdtemp(prefix="fd-bench-pg-")), owner, _free_port())
        try:
            if owner:
                shutil.chown(server.folder, user=owner)
                install = server.bin.parent  # a checkout under /root is closed to the account: use a copy
                copy = server.folder / "pg" / install.parent.name / install.name
                shutil.copytree(install, copy, symlinks=True)
                libs = install.parent.parent / "pgserver.libs"
                if libs.is_dir():
                    shutil.copytree(libs, server.folder / "pg" / libs.name, symlinks=True)
                shutil.chown(server.folder / "pg", user=owner)
                server.bin = copy / "bin"
            data = server.folder / "data"
            server._run(server.bin / "initdb", "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8",
                        "--no-sync", "--no-instructions")
            # Durability as a practice server has it (fsync, synchronous commit): the figures compare with a
            # SQLite file that syncs too.
            options = f"-k {server.folder} -c listen_addresses=127.0.0.1 -p {server.port} -c max_connections=50"
            server._run(server.bin / "pg_ctl", "-D", data, "-o", options, "-l", server.folder / "log", "-w", "start")
        except BaseException:
            shutil.rmtree(server.folder, ignore_errors=True)
            raise
        return server

    def stop(self) -> None:
        try:
            self._run(self.bin / "pg_ctl", "-D", self.folder / "data", "-m", "fast", "-w", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
