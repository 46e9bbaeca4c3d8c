"""Core-test fixtures: Argon2id password hashing at its cheapest (the same code, a lower cost)."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from frontdesk.domain import passwords

FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1)
PRODUCTION_HASHER = passwords._hasher


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "_hasher", FAST_HASHER)
    monkeypatch.setattr(passwords, "_DUMMY_HASH", FAST_HASHER.hash("frontdesk timing equaliser"))


@pytest.fixture
def production_hasher() -> PasswordHasher:
    """The hasher the app really uses (before the autouse fixture swapped in the cheap one)."""
    return PRODUCTION_HASHER
