"""Envelope keys: a random database key wrapped under the passphrase and the recovery key.

The key file is JSON. It holds the 32-byte database key wrapped with AES-256-GCM twice:
under a key derived from the administrator passphrase with Argon2id, and under a key
derived (HKDF) from the high-entropy recovery key. Each wrapping carries a key-check value
(an HMAC of the wrapping key) so a wrong passphrase is told apart from a damaged file, and
the whole file carries a SHA-256 checksum.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from frontdesk.errors import DamagedFileError, StorageError, WrongKeyError, storage_error_from_os
from frontdesk.storage.atomic import write_atomically

KEY_FILE_FORMAT = "frontdesk-keyfile"
KEY_FILE_VERSION = 1
DB_KEY_BYTES = 32
RECOVERY_KEY_BYTES = 20  # 160 bits, shown as 32 base32 characters
MIN_PASSPHRASE_LENGTH = 12
_AAD = b"frontdesk database key v1"
_KCV_LABEL = b"frontdesk key check"

# Argon2id cost for the passphrase: ~0.2 s on a 2-core machine; stored per file so it can rise.
DEFAULT_KDF = {"time_cost": 3, "memory_cost": 65536, "parallelism": 2}


@dataclass(frozen=True)
class NewKeys:
    """What creating a key file hands back, once: the database key and the recovery key."""

    db_key: bytes
    recovery_key: str


def format_recovery_key(raw: bytes) -> str:
    text = base64.b32encode(raw).decode("ascii").rstrip("=")
    return "-".join(text[i : i + 4] for i in range(0, len(text), 4))


def parse_recovery_key(text: str) -> bytes:
    """Accept the recovery key as printed, in any case, with or without dashes and spaces."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum())
    # people confuse these when reading a printout aloud
    cleaned = cleaned.replace("0", "O").replace("1", "I").replace("8", "B")
    try:
        raw = base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))
    except (ValueError, base64.binascii.Error) as exc:
        raise WrongKeyError("That recovery key is not in the right form (32 letters and digits).") from exc
    if len(raw) != RECOVERY_KEY_BYTES:
        raise WrongKeyError("That recovery key is not in the right form (32 letters and digits).")
    return raw


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


def _passphrase_kek(passphrase: str, salt: bytes, params: dict[str, int]) -> bytes:
    return hash_secret_raw(
        passphrase.encode("utf-8"),
        salt,
        time_cost=params["time_cost"],
        memory_cost=params["memory_cost"],
        parallelism=params["parallelism"],
        hash_len=32,
        type=Type.ID,
    )


def _recovery_kek(recovery: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"frontdesk recovery").derive(recovery)


def _kcv(kek: bytes) -> str:
    return _b64(hmac.new(kek, _KCV_LABEL, hashlib.sha256).digest()[:16])


def _wrap(kek: bytes, db_key: bytes) -> dict[str, str]:
    nonce = os.urandom(12)
    return {
        "nonce": _b64(nonce),
        "ciphertext": _b64(AESGCM(kek).encrypt(nonce, db_key, _AAD)),
        "kcv": _kcv(kek),
    }


def _unwrap(kek: bytes, slot: dict[str, str], wrong_message: str) -> bytes:
    if not hmac.compare_digest(_kcv(kek), slot["kcv"]):
        raise WrongKeyError(wrong_message)
    try:
        key = AESGCM(kek).decrypt(_unb64(slot["nonce"]), _unb64(slot["ciphertext"]), _AAD)
    except InvalidTag as exc:
        raise DamagedFileError("The key file is damaged: the passphrase is right but the key inside does not decrypt.") from exc
    if len(key) != DB_KEY_BYTES:
        raise DamagedFileError("The key file is damaged: the stored key has the wrong length.")
    return key


def _passphrase_slot(passphrase: str, db_key: bytes, kdf: dict[str, int]) -> dict[str, object]:
    salt = os.urandom(16)
    kek = _passphrase_kek(passphrase, salt, kdf)
    return {"kdf": "argon2id", "salt": _b64(salt), **kdf, **_wrap(kek, db_key)}


def _recovery_slot(recovery: bytes, db_key: bytes) -> dict[str, object]:
    salt = os.urandom(16)
    return {"kdf": "hkdf-sha256", "salt": _b64(salt), **_wrap(_recovery_kek(recovery, salt), db_key)}


def _checksum(body: dict[str, object]) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return hashlib.sha256(canonical).hexdigest()


def check_passphrase_strength(passphrase: str) -> None:
    from frontdesk.errors import ValidationError

    if len(passphrase) < MIN_PASSPHRASE_LENGTH:
        raise ValidationError("passphrase", f"The passphrase must be at least {MIN_PASSPHRASE_LENGTH} characters long.")
    if len(passphrase) > 1024:
        raise ValidationError("passphrase", "The passphrase is too long (at most 1024 characters).")


class KeyFile:
    """A parsed key file. Create with :meth:`create`, read with :meth:`load`."""

    def __init__(self, body: dict[str, object]) -> None:
        self._body = body

    # -- creating and saving ------------------------------------------------
    @classmethod
    def create(cls, passphrase: str, *, kdf: dict[str, int] | None = None) -> tuple["KeyFile", NewKeys]:
        check_passphrase_strength(passphrase)
        db_key = secrets.token_bytes(DB_KEY_BYTES)
        recovery = secrets.token_bytes(RECOVERY_KEY_BYTES)
        body: dict[str, object] = {
            "format": KEY_FILE_FORMAT,
            "version": KEY_FILE_VERSION,
            "key_id": secrets.token_hex(8),
            "passphrase": _passphrase_slot(passphrase, db_key, kdf or DEFAULT_KDF),
            "recovery": _recovery_slot(recovery, db_key),
        }
        return cls(body), NewKeys(db_key=db_key, recovery_key=format_recovery_key(recovery))

    def to_bytes(self) -> bytes:
        doc = dict(self._body)
        doc["checksum"] = _checksum(self._body)
        return json.dumps(doc, indent=2, sort_keys=True).encode("utf-8")

    def save(self, path: Path) -> None:
        """Write atomically (temp file, fsync, rename) so a crash never leaves half a key file."""
        # owner-only (0600, the writer's default): the wrapped key must not be copyable for offline guessing
        write_atomically(path, self.to_bytes(), what="the key file")

    # -- reading ------------------------------------------------------------
    @classmethod
    def from_bytes(cls, data: bytes) -> "KeyFile":
        damaged = "The key file is damaged or is not a FrontDesk key file."
        if not data:
            raise DamagedFileError("The key file is empty.")
        try:
            doc = json.loads(data.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise DamagedFileError(damaged) from exc
        if not isinstance(doc, dict) or doc.get("format") != KEY_FILE_FORMAT:
            raise DamagedFileError(damaged)
        if doc.get("version") != KEY_FILE_VERSION:
            raise DamagedFileError("The key file was written by a newer FrontDesk; update the app.")
        checksum = doc.pop("checksum", None)
        if checksum != _checksum(doc):
            raise DamagedFileError("The key file is damaged (its checksum does not match).")
        for slot in ("passphrase", "recovery"):
            if not isinstance(doc.get(slot), dict):
                raise DamagedFileError(damaged)
        return cls(doc)

    @classmethod
    def load(cls, path: Path) -> "KeyFile":
        try:
            data = path.read_bytes()
        except FileNotFoundError as exc:
            raise StorageError(
                f"The key file {path.name} is missing from the data folder. Restore it from a backup "
                "(the backup manifest holds a copy) to open this practice's data."
            ) from exc
        except OSError as exc:
            raise storage_error_from_os(exc, "the key file") from exc
        return cls.from_bytes(data)

    @property
    def key_id(self) -> str:
        return str(self._body["key_id"])

    def unlock_with_passphrase(self, passphrase: str) -> bytes:
        slot = self._body["passphrase"]
        assert isinstance(slot, dict)
        try:
            salt = _unb64(slot["salt"])
            params = {k: int(slot[k]) for k in ("time_cost", "memory_cost", "parallelism")}
        except (KeyError, ValueError, TypeError) as exc:
            raise DamagedFileError("The key file is damaged (passphrase slot).") from exc
        return _unwrap(_passphrase_kek(passphrase, salt, params), slot, "The passphrase is not correct.")

    def unlock_with_recovery_key(self, recovery_text: str) -> bytes:
        slot = self._body["recovery"]
        assert isinstance(slot, dict)
        raw = parse_recovery_key(recovery_text)
        try:
            salt = _unb64(slot["salt"])
        except (KeyError, ValueError) as exc:
            raise DamagedFileError("The key file is damaged (recovery slot).") from exc
        return _unwrap(_recovery_kek(raw, salt), slot, "The recovery key is not correct.")

    def with_new_passphrase(self, db_key: bytes, new_passphrase: str) -> "KeyFile":
        """Re-wrap the same database key under a new passphrase; the database is untouched."""
        check_passphrase_strength(new_passphrase)
        slot = self._body["passphrase"]
        assert isinstance(slot, dict)
        kdf = {k: int(slot[k]) for k in ("time_cost", "memory_cost", "parallelism")}
        body = dict(self._body)
        body["passphrase"] = _passphrase_slot(new_passphrase, db_key, kdf)
        return KeyFile(body)
