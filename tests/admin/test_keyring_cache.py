"""The keyring cache keeps the database key only in a real OS credential store (an allow-list of keyring's
own classes, exact type), so a plaintext store, whatever it calls itself, never receives the key.

``testsupport.MemoryKeyring`` is trusted in tests by the autouse fixture in tests/conftest.py; the tests
here that judge the app's real list ask for ``real_keyring_allow_list``."""

from __future__ import annotations

import base64
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from testsupport import MemoryKeyring

from frontdesk.errors import KeyUnavailableError
from frontdesk.storage import keyring_cache
from frontdesk.storage.keyring_cache import SERVICE, KeyCache, judge_backend
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.store import KeySource, unlock_key


class PlaintextKeyring(MemoryKeyring):
    """Looks like keyrings.alt's plaintext file store; even a high priority must not make it acceptable."""

    priority = 5


PlaintextKeyring.__module__ = "keyrings.alt.file"


class LowPriorityKeyring(MemoryKeyring):
    priority = 0.5


FOLDER_KEY = ("unlocks the single-PC data folder's database with the cached key; a server PC's keyring holds its "
              "connection secret (tests/storage/pg/test_enrol.py)")


def file_keyring_class(folder: Path) -> type:
    """The review's attack: a few lines of a plaintext file store with a good priority and an innocent name
    (keyrings.alt's PlaintextKeyring subclassed; keyrings.alt is not installed here, so the same thing by hand)."""

    class FileKeyring:
        priority = 5

        def set_password(self, service: str, username: str, password: str) -> None:
            (folder / "keyring_pass.cfg").write_text(base64.b64encode(password.encode()).decode())

        def get_password(self, service: str, username: str) -> str | None:
            return None

    return FileKeyring


@pytest.fixture
def secret_service() -> Iterator[type]:
    """keyring's real Secret Service class, made viable without D-Bus (its priority asks the bus; reading it
    to save it, as monkeypatch would, raises here)."""
    from keyring.backends.SecretService import Keyring

    original = Keyring.__dict__["priority"]
    Keyring.priority = 5
    try:
        yield Keyring
    finally:
        Keyring.priority = original


def _in_memory(backend: object) -> object:
    """Give an instance of a real store class in-memory methods: the judged type stays the real one."""
    items: dict[tuple[str, str], str] = {}
    backend.items = items  # type: ignore[attr-defined]
    backend.get_password = lambda service, user: items.get((service, user))  # type: ignore[attr-defined]
    backend.set_password = lambda service, user, pw: items.__setitem__((service, user), pw)  # type: ignore[attr-defined]
    backend.delete_password = lambda service, user: items.pop((service, user), None)  # type: ignore[attr-defined]
    return backend


@pytest.fixture
def chain() -> Iterator[Callable[..., object]]:
    """Makes keyring's own ChainerBackend chaining the given stores (it normally discovers them itself).

    ``backends`` is a class property whose discovery raises here (no D-Bus), so reading it to save it,
    as monkeypatch.setattr would, fails: the descriptor itself is saved and put back."""
    from keyring.backends.chainer import ChainerBackend

    original = ChainerBackend.__dict__["backends"]

    def make(*members: object) -> object:
        ChainerBackend.backends = list(members)
        return ChainerBackend()

    try:
        yield make
    finally:
        ChainerBackend.backends = original


def _fail_keyring() -> object:
    from keyring.backends.fail import Keyring

    return Keyring()


def _null_keyring() -> object:
    from keyring.backends.null import Keyring

    return Keyring()


def test_the_allow_list_is_keyrings_own_os_store_classes(real_keyring_allow_list) -> None:
    from keyring.backends import SecretService, Windows, kwallet, libsecret, macOS

    assert keyring_cache.allowed_backend_types() == {
        Windows.WinVaultKeyring, macOS.Keyring, SecretService.Keyring, libsecret.Keyring, kwallet.DBusKeyring,
        kwallet.DBusKeyringKWallet4}


def test_the_plaintext_file_attack_is_refused_and_nothing_is_written(tmp_path, real_keyring_allow_list) -> None:
    backend = file_keyring_class(tmp_path)()
    verdict = KeyCache(backend).store("key-id", bytes(range(32)))
    assert not verdict.usable and "not a trusted credential store" in verdict.reason
    assert list(tmp_path.iterdir()) == []


def test_a_subclass_of_an_allowed_store_is_refused(tmp_path, secret_service, real_keyring_allow_list) -> None:
    real = secret_service

    class LooksLikeSecretService(real):  # type: ignore[misc,valid-type]
        def set_password(self, service: str, username: str, password: str) -> None:
            (tmp_path / "stolen").write_text(password)

    verdict = KeyCache(LooksLikeSecretService()).store("key-id", bytes(32))
    assert not verdict.usable
    assert not (tmp_path / "stolen").exists()


def test_a_forged_class_name_is_refused(real_keyring_allow_list) -> None:
    class Keyring(MemoryKeyring):
        priority = 5

    Keyring.__module__ = "keyring.backends.SecretService"  # the right name, not the right class
    assert not judge_backend(Keyring()).usable


def test_an_allowed_store_is_accepted_and_keeps_the_key(secret_service, real_keyring_allow_list) -> None:
    backend = _in_memory(secret_service())
    cache = KeyCache(backend)
    key = bytes(range(32))
    assert cache.verdict() == keyring_cache.BackendVerdict(True, "keyring.backends.SecretService.Keyring",
                                                           "system credential store")
    assert cache.store("key-id", key).usable
    assert cache.load("key-id") == key


def test_an_allowed_store_that_cannot_run_here_is_refused(real_keyring_allow_list) -> None:
    from keyring.backends.SecretService import Keyring

    verdict = judge_backend(Keyring())  # no D-Bus session in the tests: its priority raises
    assert not verdict.usable and "not available" in verdict.reason


def test_keyrings_chainer_is_usable_only_when_every_member_is(chain, secret_service,
                                                                  real_keyring_allow_list) -> None:
    good = _in_memory(secret_service())
    assert judge_backend(chain(good, good)).usable
    assert not judge_backend(chain(good, PlaintextKeyring())).usable
    assert not judge_backend(chain()).usable


def test_a_subclass_of_the_chainer_is_refused(secret_service, real_keyring_allow_list) -> None:
    from keyring.backends.chainer import ChainerBackend

    good = _in_memory(secret_service())

    class Chain(ChainerBackend):
        backends = [good]

    assert not judge_backend(Chain()).usable


@pytest.mark.parametrize("make, reason", [
    (lambda chain: PlaintextKeyring(), "not a trusted credential store"),
    (lambda chain: _fail_keyring(), "not a trusted credential store"),
    (lambda chain: _null_keyring(), "not a trusted credential store"),
    (lambda chain: LowPriorityKeyring(), "not a trusted credential store"),
    (lambda chain: chain(MemoryKeyring(), PlaintextKeyring()), "insecure or missing"),
    (lambda chain: chain(), "insecure or missing"),
])
def test_insecure_backends_are_refused(make, reason, chain) -> None:
    verdict = judge_backend(make(chain))
    assert not verdict.usable
    assert reason in verdict.reason


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


@pytest.mark.parametrize("make", [lambda chain: PlaintextKeyring(), lambda chain: LowPriorityKeyring(),
                                  lambda chain: chain(MemoryKeyring(), PlaintextKeyring())])
def test_refused_backend_never_stores_the_key(make, chain) -> None:
    backend = make(chain)
    cache = KeyCache(backend)
    assert not cache.store("id", bytes(32)).usable
    members = getattr(backend, "backends", [backend])
    assert all(not getattr(m, "items", {}) for m in members)


@pytest.mark.parametrize("make", [PlaintextKeyring, _fail_keyring, _null_keyring, LowPriorityKeyring])
@pytest.mark.sqlite_only(FOLDER_KEY)
def test_unlock_with_a_refused_backend_needs_the_passphrase(practice, data_paths, make) -> None:
    backend = make()
    if isinstance(backend, MemoryKeyring):
        # even if the key somehow sits in the insecure store, it is not read back from there
        backend.set_password(SERVICE, KeyFile.load(data_paths.key_file).key_id, practice.db.key.hex())
    with pytest.raises(KeyUnavailableError, match="passphrase is needed"):
        unlock_key(data_paths, KeySource(), KeyCache(backend))


@pytest.mark.sqlite_only(FOLDER_KEY)
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


def test_backend_that_fails_to_read_or_write_is_survived(secret_service) -> None:
    def locked(*_args: object) -> None:
        raise OSError("locked collection")

    flaky = secret_service()
    flaky.get_password = flaky.set_password = locked
    cache = KeyCache(flaky)
    assert cache.load("id") is None
    verdict = cache.store("id", bytes(32))
    assert not verdict.usable and "refused" in verdict.reason
