"""Caches the database key in the OS credential store, but only in a real one.

keyring picks a backend silently; with keyrings.alt installed that may be a plaintext file.
We refuse anything that is not a genuine credential store and say why, so the app asks for
the passphrase instead of writing the key somewhere readable.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

log = logging.getLogger(__name__)

SERVICE = "FrontDesk database key"

# Backends that store secrets in plain or reversible form, or store nothing at all.
_REFUSED_MODULE_PREFIXES = ("keyrings.alt", "keyring.backends.fail", "keyring.backends.null", "keyring.backends.chainer")


@dataclass(frozen=True)
class BackendVerdict:
    usable: bool
    name: str
    reason: str


def judge_backend(backend: object) -> BackendVerdict:
    """Is this keyring backend a real credential store we may cache the key in?"""
    cls = type(backend)
    name = f"{cls.__module__}.{cls.__qualname__}"
    if cls.__module__.startswith(_REFUSED_MODULE_PREFIXES):
        if cls.__module__.startswith("keyring.backends.chainer"):
            # a chainer is only as good as its members; judge each
            members = getattr(backend, "backends", [])
            verdicts = [judge_backend(b) for b in members]
            if members and all(v.usable for v in verdicts):
                return BackendVerdict(True, name, "all chained stores are secure")
            return BackendVerdict(False, name, "a chained key store includes an insecure or missing store")
        return BackendVerdict(False, name, "the only key store available keeps secrets unprotected or not at all")
    try:
        priority = float(getattr(cls, "priority"))
    except Exception:  # keyring backends raise anything from priority when unusable
        return BackendVerdict(False, name, "the system key store is not available")
    if priority < 1:
        return BackendVerdict(False, name, "the system key store is not a trusted credential store")
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
        if not self.verdict().usable:
            return None
        try:
            value = self._get_backend().get_password(SERVICE, key_id)  # type: ignore[attr-defined]
        except Exception as exc:
            log.warning("keyring read failed: %s", type(exc).__name__)
            return None
        if not value:
            return None
        try:
            key = bytes.fromhex(value)
        except ValueError:
            return None
        return key if len(key) == 32 else None

    def store(self, key_id: str, db_key: bytes) -> BackendVerdict:
        verdict = self.verdict()
        if not verdict.usable:
            return verdict
        try:
            self._get_backend().set_password(SERVICE, key_id, db_key.hex())  # type: ignore[attr-defined]
        except Exception as exc:
            log.warning("keyring write failed: %s", type(exc).__name__)
            return BackendVerdict(False, verdict.name, "the system key store refused to save the key")
        return verdict

    def forget(self, key_id: str) -> None:
        if not self.verdict().usable:
            return
        try:
            self._get_backend().delete_password(SERVICE, key_id)  # type: ignore[attr-defined]
        except Exception:
            pass  # nothing cached is fine
