"""Before asking anyone for the passphrase: the key file's id, the keyring's verdict, a cached key."""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk.paths import DataPaths
from frontdesk.storage.keyring_cache import BackendVerdict, KeyCache


@dataclass(frozen=True)
class KeyProbe:
    """What is known before asking anyone: the key file's id, the keyring verdict, a cached key."""

    key_id: str
    verdict: BackendVerdict
    cached_key: bytes | None


def probe_key(paths: DataPaths, cache: KeyCache) -> KeyProbe:
    """Read the key file and look for a cached key (runs on the runner: the keyring can be slow)."""
    from frontdesk.storage.keys import KeyFile

    key_id = KeyFile.load(paths.key_file).key_id
    verdict = cache.verdict()
    return KeyProbe(key_id, verdict, cache.load(key_id) if verdict.usable else None)
