"""The enrolment code that lets a workstation join a practice server, and the secret it unlocks.

A code is 10 random bytes (the token, 80 bits) followed by the first 8 bytes of the SHA-256 of the
server certificate (the fingerprint prefix), written as Crockford base32 in groups of five. The
prefix lets the workstation check, before it sends anything, that the server it reached is the one
that issued the code (a different certificate means possible interception). The server stores only
the SHA-256 of the token, next to the connection secret wrapped under a key derived from the token,
so the code alone unlocks the secret and the server's table alone does not.

Pure Python: no Qt, no database. The server side (``frontdesk server setup``, the admin service that
issues new codes) and the workstation side (``frontdesk server enrol``) both use this module.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from frontdesk.errors import ValidationError

FIELD = "Enrolment code"
TOKEN_BYTES = 10
PREFIX_BYTES = 8
PRACTICE_KEY_BYTES = 32
_CODE_BYTES = TOKEN_BYTES + PREFIX_BYTES
_CODE_CHARS = (_CODE_BYTES * 8 + 4) // 5  # 29
_GROUP = 5
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford: no I, L, O, U
# Crockford decoding: letters people confuse read as the digit they look like
_DECODE = {ch: i for i, ch in enumerate(_ALPHABET)} | {"O": 0, "I": 1, "L": 1}
_WRAP_INFO = b"frontdesk enrolment v1"
_PASSWORD_INFO = b"frontdesk enrol role password v1"
_NONCE_BYTES = 12
_BAD_FORM = f"An enrolment code is {_CODE_CHARS} letters and digits, in groups of five (XXXXX-XXXXX-...)."


@dataclass(frozen=True)
class EnrolmentCode:
    """One enrolment code: the secret token and the fingerprint prefix of the server certificate."""

    token: bytes
    fingerprint_prefix: bytes

    @classmethod
    def new(cls, cert_der: bytes) -> EnrolmentCode:
        """A fresh random code for the server whose certificate (DER) is ``cert_der``."""
        return cls(secrets.token_bytes(TOKEN_BYTES), _fingerprint(cert_der)[:PREFIX_BYTES])

    @classmethod
    def parse(cls, text: str) -> EnrolmentCode:
        """Read a code as typed: any case, spaces or dashes or none, O for 0 and I/L for 1."""
        cleaned = "".join(ch for ch in text.upper() if ch not in " -\t\r\n")
        if len(cleaned) != _CODE_CHARS:
            raise ValidationError(FIELD, _BAD_FORM)
        bad = sorted({ch for ch in cleaned if ch not in _DECODE})
        if bad:
            raise ValidationError(FIELD, f"An enrolment code has no {', '.join(repr(ch) for ch in bad)}. {_BAD_FORM}")
        raw = _decode(cleaned)
        return cls(raw[:TOKEN_BYTES], raw[TOKEN_BYTES:])

    def format(self) -> str:
        """The code as printed: upper case Crockford base32 in groups of five joined by dashes."""
        text = _encode(self.token + self.fingerprint_prefix)
        return "-".join(text[i : i + _GROUP] for i in range(0, len(text), _GROUP))

    def __repr__(self) -> str:  # never print the token by accident (logs, tracebacks)
        return f"EnrolmentCode(fingerprint_prefix={self.fingerprint_prefix.hex()}, token=<hidden>)"


@dataclass(frozen=True)
class ConnectionSecret:
    """What a workstation needs to work against the server: kept in its OS keyring, never in a file."""

    app_password: str
    practice_key: bytes
    database: str

    def __repr__(self) -> str:
        return f"ConnectionSecret(database={self.database!r}, app_password=<hidden>, practice_key=<hidden>)"


def _fingerprint(cert_der: bytes) -> bytes:
    return hashlib.sha256(cert_der).digest()


def _encode(raw: bytes) -> str:
    bits = int.from_bytes(raw, "big") << (_CODE_CHARS * 5 - len(raw) * 8)
    return "".join(_ALPHABET[(bits >> (5 * i)) & 31] for i in reversed(range(_CODE_CHARS)))


def _decode(text: str) -> bytes:
    bits = 0
    for ch in text:
        bits = (bits << 5) | _DECODE[ch]
    padding = _CODE_CHARS * 5 - _CODE_BYTES * 8
    if bits & ((1 << padding) - 1):
        # the last character carries one unused bit: a code we printed always has it clear
        raise ValidationError(FIELD, f"That enrolment code has a typing mistake in its last character. {_BAD_FORM}")
    return (bits >> padding).to_bytes(_CODE_BYTES, "big")


def token_sha256(code: EnrolmentCode) -> str:
    """What the server stores and looks up instead of the token itself (hex)."""
    return hashlib.sha256(code.token).hexdigest()


def matches(code: EnrolmentCode, cert_der: bytes) -> bool:
    """True when ``cert_der`` is the certificate of the server that issued ``code`` (constant time)."""
    return hmac.compare_digest(code.fingerprint_prefix, _fingerprint(cert_der)[:PREFIX_BYTES])


def enrol_password(fingerprint_prefix: bytes) -> str:
    """The password of the ``frontdesk_enrol`` role, derived from the certificate fingerprint prefix.

    Not a secret from anyone holding a code: the role may only call the redeem function, which needs
    the token itself. It keeps port scanners from logging in at all.
    """
    raw = HKDF(algorithm=hashes.SHA256(), length=24, salt=None, info=_PASSWORD_INFO).derive(fingerprint_prefix)
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def _wrap_key(code: EnrolmentCode) -> AESGCM:
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_WRAP_INFO).derive(code.token))


def wrap(code: EnrolmentCode, secret: ConnectionSecret) -> bytes:
    """The connection secret sealed under the code's token: 12-byte nonce + AES-256-GCM of JSON."""
    plaintext = json.dumps(
        {
            "app_password": secret.app_password,
            "practice_key": base64.b64encode(secret.practice_key).decode("ascii"),
            "database": secret.database,
        }
    ).encode("utf-8")
    nonce = os.urandom(_NONCE_BYTES)
    return nonce + _wrap_key(code).encrypt(nonce, plaintext, None)


def unwrap(code: EnrolmentCode, blob: bytes) -> ConnectionSecret:
    """Open what ``wrap`` sealed; a wrong code (or a damaged blob) is a ValidationError about the code."""
    try:
        plaintext = _wrap_key(code).decrypt(blob[:_NONCE_BYTES], blob[_NONCE_BYTES:], None)
    except (InvalidTag, ValueError) as exc:
        raise ValidationError(FIELD, "This enrolment code does not open the server's answer.") from exc
    data = json.loads(plaintext.decode("utf-8"))
    return ConnectionSecret(
        app_password=data["app_password"],
        practice_key=base64.b64decode(data["practice_key"], validate=True),
        database=data["database"],
    )


# The contract names these as plain functions too; one implementation, the EnrolmentCode methods.
new = EnrolmentCode.new
parse = EnrolmentCode.parse


def format(code: EnrolmentCode) -> str:  # noqa: A001 - the contract's name; shadows the builtin here only
    """``code.format()``: the printed form."""
    return code.format()
