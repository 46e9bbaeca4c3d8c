"""Caches the database key in the OS credential store, but only in a real one.

keyring picks a backend silently; with keyrings.alt (or any plugin) installed that may be a plaintext
file, and any class can claim a high priority. So the check is an allow-list: the backend must be exactly
one of keyring's own classes for the OS credential stores (``type(backend) is`` the class, never
``isinstance``: a subclass can override every method and write the key anywhere). keyring's
``ChainerBackend`` (exactly that class) passes only when every store it chains passes. Anything else is
refused, saying why, and the app asks for the passphrase instead of writing the key somewhere readable.
"""

from __future__ import annotations

import importlib
import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

SERVICE = "FrontDesk database key"

# keyring's classes for the operating systems' own credential stores (checked against keyring 25.7).
# libsecret and KWallet 4 are the Secret Service and KWallet reached another way: the same stores.
OS_CREDENTIAL_STORES = (
    "keyring.backends.Windows.WinVaultKeyring",  # Windows Credential Manager
    "keyring.backends.macOS.Keyring",  # macOS Keychain
    "keyring.backends.SecretService.Keyring",  # GNOME Keyring, KeePassXC... over the Secret Service API
    "keyring.backends.libsecret.Keyring",  # the Secret Service through libsecret
    "keyring.backends.kwallet.DBusKeyring",  # KDE Wallet 5/6
    "keyring.backends.kwallet.DBusKeyringKWallet4",  # KDE Wallet 4
)
CHAINER = "keyring.backends.chainer.ChainerBackend"


@dataclass(frozen=True)
class BackendVerdict:
    usable: bool
    name: str
    reason: str


def _resolve(dotted: str) -> type | None:
    module, _, name = dotted.rpartition(".")
    try:
        found = getattr(importlib.import_module(module), name)
    except Exception:  # a backend module that cannot load on this system allows nothing
        return None
    return found if isinstance(found, type) else None


def allowed_backend_types() -> frozenset[type]:
    """The backend classes the key may be cached in: keyring's own OS credential store classes."""
    return frozenset(cls for cls in map(_resolve, OS_CREDENTIAL_STORES) if cls is not None)


def judge_backend(backend: object) -> BackendVerdict:
    """Is this keyring backend a real credential store we may cache the key in? (allow-list, exact type)"""
    cls = type(backend)
    name = f"{cls.__module__}.{cls.__qualname__}"
    if cls is _resolve(CHAINER):
        # a chainer is only as good as its members; judge each
        members = list(getattr(backend, "backends", []))
        if members and all(judge_backend(b).usable for b in members):
            return BackendVerdict(True, name, "all chained stores are secure")
        return BackendVerdict(False, name, "a chained key store includes an insecure or missing store")
    if cls not in allowed_backend_types():
        return BackendVerdict(False, name, "the key store available is not a trusted credential store (only the "
                                           "operating system's own are used)")
    try:
        priority = float(getattr(cls, "priority"))
    except Exception:  # keyring backends raise anything from priority when unusable
        return BackendVerdict(False, name, "the system key store is not available")
    if priority <= 0:
        return BackendVerdict(False, name, "the system key store is not available")
    return BackendVerdict(True, name, "system credential store")


class KeyCache:
    """Get, store and forget the database key for one practice (identified by key id)."""

    def __init__(self, backend: object | None = None) -> None:
        self._backend = backend

    def _get_backend(self) -> object:
        if self._backend is None:
            import keyring

            self._backend = keyring.get_keyring()
        return self._backend

    def verdict(self) -> BackendVerdict:
        try:
            return judge_backend(self._get_backend())
        except Exception as exc:  # an unusable keyring must never stop the app
            return BackendVerdict(False, "unknown", f"the system key store could not be used ({type(exc).__name__})")

    def load(self, key_id: str) -> bytes | None:
        value = self.load_text(SERVICE, key_id)
        if not value:
            return None
        try:
            key = bytes.fromhex(value)
        except ValueError:
            return None
        return key if len(key) == 32 else None

    def store(self, key_id: str, db_key: bytes) -> BackendVerdict:
        return self.store_text(SERVICE, key_id, db_key.hex())

    def forget(self, key_id: str) -> None:
        self.forget_text(SERVICE, key_id)

    # The same allow-listed store for another secret (server mode's connection secret, storage/server_config.py).
    def load_text(self, service: str, account: str) -> str | None:
        """The text kept under ``service``/``account``, or None (also when the store is not trusted)."""
        if not self.verdict().usable:
            return None
        try:
            return self._get_backend().get_password(service, account) or None  # type: ignore[attr-defined]
        except Exception as exc:
            log.warning("keyring read failed: %s", type(exc).__name__)
            return None

    def store_text(self, service: str, account: str, value: str) -> BackendVerdict:
        """Keep ``value``; the verdict says whether it was kept (never in an untrusted store)."""
        verdict = self.verdict()
        if not verdict.usable:
            return verdict
        try:
            self._get_backend().set_password(service, account, value)  # type: ignore[attr-defined]
        except Exception as exc:
            log.warning("keyring write failed: %s", type(exc).__name__)
            return BackendVerdict(False, verdict.name, "the system key store refused to save the key")
        return verdict

    def forget_text(self, service: str, account: str) -> None:
        if not self.verdict().usable:
            return
        try:
            self._get_backend().delete_password(service, account)  # type: ignore[attr-defined]
        except Exception:
            pass  # nothing cached is fine
