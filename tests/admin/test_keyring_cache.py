"""The keyring cache keeps the database key only in a real credential store."""

from __future__ import annotations

import pytest
from testsupport import MemoryKeyring

from frontdesk.errors import KeyUnavailableError
from frontdesk.storage.keyring_cache import SERVICE, KeyCache, judge_backend
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.store import KeySource, unlock_key


class PlaintextKeyring(MemoryKeyring):
    """Looks like keyrings.alt's plaintext file store; even a high priority must not make it acceptable."""

    priority = 5


PlaintextKeyring.__module__ = "keyrings.alt.file"


class LowPriorityKeyring(MemoryKeyring):
    priority = 0.5


def _chainer(*members: object) -> object:
    from keyring.backends.chainer import ChainerBackend

    class Chain(ChainerBackend):
        backends = list(members)

    Chain.__module__ = "keyring.backends.chainer"  # judged like keyring's own chainer
    return Chain()


def _fail_keyring() -> object:
    from keyring.backends.fail import Keyring

    return Keyring()


def _null_keyring() -> object:
    from keyring.backends.null import Keyring

    return Keyring()


@pytest.mark.parametrize("make, reason", [
    (PlaintextKeyring, "unprotected"),
    (_fail_keyring, "unprotected or not at all"),
    (_null_keyring, "unprotected or not at all"),
    (LowPriorityKeyring, "not a trusted"),
    (lambda: _chainer(MemoryKeyring(), PlaintextKeyring()), "insecure or missing"),
    (lambda: _chainer(), "insecure or missing"),
])
def test_insecure_backends_are_refused(make, reason) -> None:
    verdict = judge_backend(make())
    assert not verdict.usable
    assert reason in verdict.reason


def test_backend_whose_priority_raises_is_refused() -> None:
    class Raising:
        """keyring backends raise from ``priority`` when they cannot work here (no D-Bus, no session)."""

        def __get__(self, obj: object, owner: type) -> float:
            raise RuntimeError("backend not viable")

    class Unavailable(MemoryKeyring):
        priority = Raising()  # type: ignore[assignment]

    verdict = judge_backend(Unavailable())
    assert not verdict.usable and "not available" in verdict.reason


def test_a_chainer_of_secure_stores_is_usable() -> None:
    assert judge_backend(_chainer(MemoryKeyring(), MemoryKeyring())).usable


def test_good_backend_stores_loads_and_forgets() -> None:
    backend = MemoryKeyring()
    cache = KeyCache(backend)
    key = bytes(range(32))
    assert cache.verdict().usable
    assert cache.store("key-id-1", key).usable
    assert backend.items[(SERVICE, "key-id-1")] == key.hex()
    assert cache.load("key-id-1") == key
    assert cache.load("another-id") is None
    cache.forget("key-id-1")
    assert cache.load("key-id-1") is None
    cache.forget("key-id-1")  # forgetting twice is harmless


def test_good_backend_ignores_a_malformed_cached_value() -> None:
    backend = MemoryKeyring()
    backend.set_password(SERVICE, "id", "not hex")
    backend.set_password(SERVICE, "short", "abcd")
    cache = KeyCache(backend)
    assert cache.load("id") is None
    assert cache.load("short") is None


@pytest.mark.parametrize("make", [PlaintextKeyring, LowPriorityKeyring,
                                  lambda: _chainer(MemoryKeyring(), PlaintextKeyring())])
def test_refused_backend_never_stores_the_key(make) -> None:
    backend = make()
    cache = KeyCache(backend)
    assert not cache.store("id", bytes(32)).usable
    members = getattr(backend, "backends", [backend])
    assert all(not getattr(m, "items", {}) for m in members)


@pytest.mark.parametrize("make", [PlaintextKeyring, _fail_keyring, _null_keyring, LowPriorityKeyring])
def test_unlock_with_a_refused_backend_needs_the_passphrase(practice, data_paths, make) -> None:
    backend = make()
    if isinstance(backend, MemoryKeyring):
        # even if the key somehow sits in the insecure store, it is not read back from there
        backend.set_password(SERVICE, KeyFile.load(data_paths.key_file).key_id, practice.db.key.hex())
    with pytest.raises(KeyUnavailableError, match="passphrase is needed"):
        unlock_key(data_paths, KeySource(), KeyCache(backend))


def test_unlock_from_a_good_backend_after_storing(practice, data_paths) -> None:
    cache = KeyCache(MemoryKeyring())
    key_id = KeyFile.load(data_paths.key_file).key_id
    with pytest.raises(KeyUnavailableError):
        unlock_key(data_paths, KeySource(), cache)
    cache.store(key_id, practice.db.key)
    assert unlock_key(data_paths, KeySource(), cache) == practice.db.key
    cache.forget(key_id)
    with pytest.raises(KeyUnavailableError):
        unlock_key(data_paths, KeySource(), cache)


def test_backend_that_fails_to_read_or_write_is_survived() -> None:
    class Flaky(MemoryKeyring):
        def get_password(self, service: str, username: str) -> str | None:
            raise OSError("locked collection")

        def set_password(self, service: str, username: str, password: str) -> None:
            raise OSError("locked collection")

    cache = KeyCache(Flaky())
    assert cache.load("id") is None
    verdict = cache.store("id", bytes(32))
    assert not verdict.usable and "refused" in verdict.reason
