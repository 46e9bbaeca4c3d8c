"""Shared fixtures: real encrypted practices in temporary folders, a cheap KDF for speed."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from argon2 import PasswordHasher  # noqa: E402
from testsupport import ADMIN_PASSWORD, FAST_KDF, PASSPHRASE, PRACTICE, STAFF_PASSWORD  # noqa: E402,F401

from frontdesk.domain import passwords  # noqa: E402
from frontdesk.domain.permissions import Role  # noqa: E402
from frontdesk.first_run import FirstRunResult, create_practice  # noqa: E402
from frontdesk.paths import DataPaths  # noqa: E402
from frontdesk.services import users  # noqa: E402
from frontdesk.services._base import Actor, ServiceContext  # noqa: E402

FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
PRODUCTION_HASHER = passwords._hasher
_FAST_DUMMY_HASH = FAST_HASHER.hash("frontdesk timing equaliser")


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id password hashing at its cheapest in every test (the same code, a lower cost)."""
    monkeypatch.setattr(passwords, "_hasher", FAST_HASHER)
    monkeypatch.setattr(passwords, "_dummy_hash", lambda: _FAST_DUMMY_HASH)


@pytest.fixture
def production_hasher() -> PasswordHasher:
    """The hasher the app really uses (before the autouse fixture swapped in the cheap one)."""
    return PRODUCTION_HASHER


@pytest.fixture
def data_paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "practice")


@pytest.fixture
def practice(data_paths: DataPaths) -> Iterator[FirstRunResult]:
    """A set-up practice with admin 'admin' (password ADMIN_PASSWORD, passphrase PASSPHRASE)."""
    result = create_practice(data_paths, PRACTICE, admin_username="admin", admin_full_name="Ada Admin",
                             admin_password=ADMIN_PASSWORD, passphrase=PASSPHRASE, kdf=FAST_KDF)
    yield result
    result.db.close()


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
