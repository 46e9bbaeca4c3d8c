"""Shared fixtures: real encrypted practices in temporary folders, a cheap KDF for speed.

Each test process (one per xdist worker) creates the encrypted template practice once; every test that asks
for ``practice`` gets its own copy of that data folder, opened with the template's key.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
pytest_plugins = ["sqlite_only"]  # the engine a practice is on: sqlite_only, both_engines (tests/sqlite_only.py)

from argon2 import PasswordHasher  # noqa: E402
from pg_practice import on_postgresql, pg_practice, pg_server, pg_template  # noqa: E402,F401
from testsupport import (  # noqa: E402,F401
    ADMIN_PASSWORD,
    FAST_KDF,
    PASSPHRASE,
    MemoryKeyring,
    PRACTICE,
    STAFF_PASSWORD,
    use_screenshot_folder,
)

from frontdesk.domain import passwords  # noqa: E402
from frontdesk.domain.permissions import Role  # noqa: E402
from frontdesk.first_run import FirstRunResult, create_practice  # noqa: E402
from frontdesk.paths import DataPaths  # noqa: E402
from frontdesk.services.admin import users  # noqa: E402
from frontdesk.services.session import Actor, ServiceContext  # noqa: E402
from frontdesk.storage import keyring_cache  # noqa: E402
from frontdesk.storage.engine import Database  # noqa: E402

FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
PRODUCTION_HASHER = passwords._hasher
_FAST_DUMMY_HASH = FAST_HASHER.hash("frontdesk timing equaliser")


def _use_fast_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "_hasher", FAST_HASHER)
    monkeypatch.setattr(passwords, "_dummy_hash", lambda: _FAST_DUMMY_HASH)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id password hashing at its cheapest in every test (the same code, a lower cost)."""
    _use_fast_hashing(monkeypatch)


REAL_ALLOWED_BACKENDS = keyring_cache.allowed_backend_types


@pytest.fixture(autouse=True)
def memory_keyring_is_trusted(monkeypatch: pytest.MonkeyPatch) -> None:
    """testsupport.MemoryKeyring (exactly that class, not a subclass) stands in for an OS credential store,
    which CI has none of; tests/admin/test_keyring_cache.py checks the real allow-list."""
    monkeypatch.setattr(keyring_cache, "allowed_backend_types",
                        lambda: REAL_ALLOWED_BACKENDS() | {MemoryKeyring})


@pytest.fixture
def real_keyring_allow_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """The app's own allow-list, without the test stand-in."""
    monkeypatch.setattr(keyring_cache, "allowed_backend_types", REAL_ALLOWED_BACKENDS)


@pytest.fixture(scope="session", autouse=True)
def screenshot_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """This test process's folder for pictures a person looks at (see testsupport.screenshot_path)."""
    use_screenshot_folder(tmp_path_factory.mktemp("screenshots"))


@pytest.fixture
def production_hasher() -> PasswordHasher:
    """The hasher the app really uses (before the autouse fixture swapped in the cheap one)."""
    return PRODUCTION_HASHER


@pytest.fixture
def data_paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "practice")


@dataclass(frozen=True)
class TemplatePractice:
    """A closed practice data folder to copy, with what opening a copy needs."""

    paths: DataPaths
    db_key: bytes
    result: FirstRunResult  # its db is closed: the copies get their own


@pytest.fixture(scope="session")
def template_practice(tmp_path_factory: pytest.TempPathFactory) -> TemplatePractice:
    """The practice every ``practice`` starts from, created once per test process (setup, migrations to head,
    admin) instead of once per test."""
    paths = DataPaths(tmp_path_factory.mktemp("template") / "practice")
    with pytest.MonkeyPatch.context() as patch:
        _use_fast_hashing(patch)  # session fixtures start before the autouse one: the admin's hash must be cheap too
        result = create_practice(paths, PRACTICE, admin_username="admin", admin_full_name="Ada Admin",
                                 admin_password=ADMIN_PASSWORD, passphrase=PASSPHRASE, kdf=FAST_KDF)
    db_key = result.db.key
    # Closing the last connection checkpoints the WAL into the main file and removes it, so a plain file copy
    # of the folder is the whole database.
    result.db.close()
    leftovers = [p.name for p in paths.root.iterdir() if p.name.endswith(("-wal", "-shm", "-journal"))]
    assert not leftovers, f"the template practice was not closed cleanly: {leftovers}"
    return TemplatePractice(paths, db_key, result)


@pytest.fixture
def db_kind() -> str:
    """The engine ``practice`` is on: SQLite unless FRONTDESK_TEST_DB=postgresql (or the both_engines mark)."""
    return "postgresql" if on_postgresql() else "sqlite"


@pytest.fixture
def practice(request: pytest.FixtureRequest, data_paths: DataPaths, db_kind: str) -> Iterator[FirstRunResult]:
    """A set-up practice with admin 'admin' (password ADMIN_PASSWORD, passphrase PASSPHRASE): this test's own
    copy of the template's data folder (database and key file), opened with its key. On PostgreSQL (see
    ``db_kind``): its own copy of the server template database instead (pg_practice.py)."""
    if db_kind == "postgresql":
        yield from pg_practice(request.getfixturevalue("pg_template"))
        return
    template_practice: TemplatePractice = request.getfixturevalue("template_practice")
    shutil.copytree(template_practice.paths.root, data_paths.root)
    db = Database(data_paths.database, template_practice.db_key)
    template = template_practice.result
    yield FirstRunResult(db, template.actor, template.practice, template.recovery_key, template.key_id)
    db.close()


@pytest.fixture
def db(practice: FirstRunResult):  # type: ignore[no-untyped-def]
    return practice.db


@pytest.fixture
def anon_ctx(practice: FirstRunResult) -> ServiceContext:
    return ServiceContext(practice.db)


@pytest.fixture
def admin_ctx(practice: FirstRunResult) -> ServiceContext:
    return ServiceContext(practice.db, practice.actor)


@pytest.fixture
def frontdesk_actor(admin_ctx: ServiceContext) -> Actor:
    info = users.add_user(admin_ctx, "rita", "Rita Reception", Role.FRONT_DESK, STAFF_PASSWORD)
    return Actor(info.id, info.username, info.full_name, info.role)


@pytest.fixture
def frontdesk_ctx(practice: FirstRunResult, frontdesk_actor: Actor) -> ServiceContext:
    return ServiceContext(practice.db, frontdesk_actor)
