"""The server recovery code: the practice key and the app role's password, printed once for the practice's safe.

In server mode the practice key (it keys the audit chain and the sealed card images) and the app role's
password live in every enrolled workstation's keyring, and nowhere else: the server never holds them. Losing
every PC would lose the key. ``frontdesk server setup`` therefore prints this code once; with it, on the server,
``frontdesk server enrolment-code --superuser-url`` issues a new enrolment code when no PC is left, and
``frontdesk server upgrade`` runs a migration that must re-seal data with the key.

The text form is like the single-PC recovery key (storage/keys.py): Crockford base32 (no I, L, O, U) in
groups of four, typed back in any case, with or without dashes or spaces, O read as 0 and I/L as 1. It holds
the 32-byte practice key, the 32 random bytes of the app password and a 3-byte checksum (a typing mistake is
caught before the server is asked). The database name is not in it: the commands name the database.

The server keeps a key-check value (an HMAC of a fixed label and the app password under the practice key) in
a function only the superuser may call (``frontdesk_key_check``), set at setup: a code for another server, or
one mistyped in a way the checksum missed, is refused before anything changes. The value reveals nothing of
the key. ``store_key_check`` / ``read_key_check`` need an autocommit superuser connection to the practice
database; the rest is pure Python.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

import psycopg
from psycopg import sql

from frontdesk.errors import StorageError, ValidationError
from frontdesk.storage.enrolment_code import PRACTICE_KEY_BYTES, ConnectionSecret
from frontdesk.storage.pg_grants import OWNER_ROLE

FIELD = "Server recovery code"
KEY_CHECK_FUNCTION = "frontdesk_key_check"
_PASSWORD_BYTES = 32  # pg_setup.new_password(): 32 random bytes, base64url without padding
_CHECK_BYTES = 3
_RAW_BYTES = PRACTICE_KEY_BYTES + _PASSWORD_BYTES + _CHECK_BYTES  # 67
_CHARS = (_RAW_BYTES * 8 + 4) // 5  # 108
_GROUP = 4
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford
_DECODE = {ch: i for i, ch in enumerate(_ALPHABET)} | {"O": 0, "I": 1, "L": 1}
_CHECKSUM_LABEL = b"frontdesk server recovery code v1"
_KEY_CHECK_LABEL = b"frontdesk server key check v1\x00"
_BAD_FORM = f"A server recovery code is {_CHARS} letters and digits in groups of four, as printed at setup."


def _password_bytes(password: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(password + "=" * (-len(password) % 4))
    except (ValueError, base64.binascii.Error) as exc:
        raise StorageError("This server's app password is not one setup made: it has no recovery code.") from exc
    if len(raw) != _PASSWORD_BYTES:
        raise StorageError("This server's app password is not one setup made: it has no recovery code.")
    return raw


def _checksum(body: bytes) -> bytes:
    return hashlib.sha256(_CHECKSUM_LABEL + body).digest()[:_CHECK_BYTES]


def format_recovery_code(secret: ConnectionSecret) -> str:
    """The code as printed: 27 groups of four, joined by dashes."""
    if len(secret.practice_key) != PRACTICE_KEY_BYTES:
        raise StorageError("The practice key has the wrong length.")
    body = secret.practice_key + _password_bytes(secret.app_password)
    bits = int.from_bytes(body + _checksum(body), "big") << (_CHARS * 5 - _RAW_BYTES * 8)
    text = "".join(_ALPHABET[(bits >> (5 * i)) & 31] for i in reversed(range(_CHARS)))
    return "-".join(text[i : i + _GROUP] for i in range(0, len(text), _GROUP))


def parse_recovery_code(text: str, database: str) -> ConnectionSecret:
    """Read a code as typed (any case, dashes, spaces or none) into the connection secret of ``database``."""
    cleaned = "".join(ch for ch in text.upper() if not ch.isspace() and ch != "-")
    if len(cleaned) != _CHARS:
        raise ValidationError(FIELD, f"That code has {len(cleaned)} letters and digits. {_BAD_FORM}")
    bad = sorted({ch for ch in cleaned if ch not in _DECODE})
    if bad:
        raise ValidationError(FIELD, f"A server recovery code has no {', '.join(repr(ch) for ch in bad)}. {_BAD_FORM}")
    bits = 0
    for ch in cleaned:
        bits = (bits << 5) | _DECODE[ch]
    padding = _CHARS * 5 - _RAW_BYTES * 8
    raw = (bits >> padding).to_bytes(_RAW_BYTES, "big")
    body, check = raw[:-_CHECK_BYTES], raw[-_CHECK_BYTES:]
    if bits & ((1 << padding) - 1) or not hmac.compare_digest(check, _checksum(body)):
        raise ValidationError(FIELD, "That server recovery code has a typing mistake: compare it with the printout "
                                     "group by group.")
    password = base64.urlsafe_b64encode(body[PRACTICE_KEY_BYTES:]).decode("ascii").rstrip("=")
    return ConnectionSecret(app_password=password, practice_key=body[:PRACTICE_KEY_BYTES], database=database)


def key_check(secret: ConnectionSecret) -> str:
    """The value the server keeps to recognise its own secret (hex HMAC-SHA256 under the practice key)."""
    return hmac.new(secret.practice_key, _KEY_CHECK_LABEL + secret.app_password.encode("utf-8"),
                    hashlib.sha256).hexdigest()


def store_key_check(conn: psycopg.Connection, secret: ConnectionSecret) -> None:
    """Keep ``key_check(secret)`` in the practice database, callable by the superuser only (set up once)."""
    conn.execute(sql.SQL("SET ROLE {}").format(sql.Identifier(OWNER_ROLE)))
    try:
        conn.execute(sql.SQL("CREATE OR REPLACE FUNCTION public.{}() RETURNS text LANGUAGE sql IMMUTABLE "
                             "SET search_path = pg_catalog AS {}").format(
            sql.Identifier(KEY_CHECK_FUNCTION), sql.Literal(f"SELECT '{key_check(secret)}'::text")))
        conn.execute(sql.SQL("REVOKE ALL ON FUNCTION public.{}() FROM PUBLIC").format(
            sql.Identifier(KEY_CHECK_FUNCTION)))
    finally:
        conn.execute("RESET ROLE")


def check_recovery_secret(conn: psycopg.Connection, secret: ConnectionSecret) -> None:
    """Refuse a secret that is not this server's (nothing is changed by the caller before this passes)."""
    found = conn.execute("SELECT to_regprocedure(%s)", (f"public.{KEY_CHECK_FUNCTION}()",)).fetchone()
    if not found or found[0] is None:
        raise StorageError("This practice server keeps no key check (it was set up by an earlier FrontDesk), so "
                           "a recovery code cannot be verified here. Nothing was changed.")
    row = conn.execute(sql.SQL("SELECT public.{}()").format(sql.Identifier(KEY_CHECK_FUNCTION))).fetchone()
    if not row or not hmac.compare_digest(str(row[0]), key_check(secret)):
        raise ValidationError(FIELD, "This server recovery code is not the one of this practice server (another "
                                     "server's, or an old printout). Nothing was changed.")
