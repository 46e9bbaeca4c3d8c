"""Costly test state built once per test run and copied by every test that needs it (the demo practice).

Under pytest-xdist each worker is a process of its own, so a module- or session-scoped fixture is built again
by every worker that runs one of its tests. Building the demo practice costs about 17 s of CPU (its billing
step drives 300 visits through the services, whatever the number of patients), and several test files each
built their own. ``shared_folder`` builds a folder once for the whole run: the workers share the run's base
temporary folder and take turns on a lock file there, the first one builds, the others wait and find it
ready. Callers copy the closed result (the way ``practice`` copies the template practice), never open it in
place: a test's writes stay its own. ``shared_practice_copy`` does the same for a practice a fixture sets up
in-process (a module-scoped fixture is otherwise built once on each worker).

Importable as ``shared_build`` from any test (tests/ is on sys.path, like ``testsupport``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from testsupport import hermetic_env

from frontdesk.domain.permissions import Role
from frontdesk.paths import DataPaths
from frontdesk.services.session import Actor, ServiceContext
from frontdesk.storage.engine import Database

try:
    import fcntl
except ImportError:  # Windows: no flock; each worker then builds its own copy (correct, only slower)
    fcntl = None  # type: ignore[assignment]

# The demo every sharing test copies: built by `frontdesk demo --no-gui` itself, with these settings.
SHARED_DEMO_PATIENTS = 600
SHARED_DEMO_SEED = 3


def _run_folder(factory: pytest.TempPathFactory) -> Path:
    """A folder of this pytest run that all its xdist workers share (each worker's base temporary folder is a
    subfolder of the controller's, which is new for every run); the worker's own one when there is no
    flock to take turns with."""
    own = factory.getbasetemp()
    return own.parent if os.environ.get("PYTEST_XDIST_WORKER") and fcntl is not None else own


def shared_folder(factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    """The folder ``build(folder)`` made, built at most once in this run by whichever worker asks first.

    ``build`` must leave it closed (no database open, no WAL): callers copy it as plain files. A build that
    failed leaves no ready mark, so the next caller builds again and sees the same failure."""
    base = _run_folder(factory)
    root = base / f"shared-{name}"
    ready = root / "ready"
    with open(base / f"shared-{name}.lock", "a") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not ready.exists():
                shutil.rmtree(root, ignore_errors=True)  # what a failed earlier attempt left
                root.mkdir()
                build(root / "built")
                leftovers = [p.name for p in (root / "built").rglob("*") if p.name.endswith(("-wal", "-shm"))]
                assert not leftovers, f"the shared {name} was not closed cleanly: {leftovers}"
                ready.touch()
        finally:
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_UN)
    return root / "built"


def _build_demo_with_the_cli(folder: Path) -> None:
    made = subprocess.run([sys.executable, "-m", "frontdesk", "demo", "--no-gui",
                           "--patients", str(SHARED_DEMO_PATIENTS), "--seed", str(SHARED_DEMO_SEED),
                           "--data-dir", str(folder)],
                          env=hermetic_env(folder.parent), stdin=subprocess.DEVNULL, capture_output=True, text=True,
                          timeout=600)
    assert made.returncode == 0, made.stderr
    assert "Demo practice created in " in made.stdout, made.stdout  # built now, not found already there


def copy_of_shared_demo(factory: pytest.TempPathFactory, dest: Path) -> Path:
    """``dest``: a private copy of the run's demo practice (SHARED_DEMO_PATIENTS patients, seed SHARED_DEMO_SEED,
    made by `frontdesk demo --no-gui` and closed). Open it with ``ensure_demo(DataPaths(dest))`` or the CLI."""
    built = shared_folder(factory, f"demo-{SHARED_DEMO_PATIENTS}-{SHARED_DEMO_SEED}", _build_demo_with_the_cli)
    return Path(shutil.copytree(built, dest))


def shared_practice_copy(factory: pytest.TempPathFactory, name: str,
                         build: Callable[[Path], tuple[ServiceContext, dict[str, Any]]],
                         dest: Path) -> tuple[ServiceContext, dict[str, Any]]:
    """``dest``: a private copy of the practice ``build(folder)`` set up (built once in this run), open, with the
    context ``build`` returned (same user), and the JSON-able values it returned beside it (e.g. counts)."""

    def build_and_close(folder: Path) -> None:
        ctx, values = build(folder)
        actor = ctx.actor
        assert actor is not None and ctx.db.key is not None
        opening = {"key": ctx.db.key.hex(), "actor": [actor.user_id, actor.username, actor.full_name, actor.role.value],
                   "values": values}
        ctx.db.close()
        (folder.parent / "opening.json").write_text(json.dumps(opening), encoding="utf-8")

    built = shared_folder(factory, name, build_and_close)
    opening = json.loads((built.parent / "opening.json").read_text(encoding="utf-8"))
    shutil.copytree(built, dest)
    user_id, username, full_name, role = opening["actor"]
    db = Database(DataPaths(dest).database, bytes.fromhex(opening["key"]))
    return ServiceContext(db, Actor(user_id, username, full_name, Role(role))), opening["values"]
