"""Field encryption: the most sensitive values (insurance card images; patient documents next) are sealed by
the app with the practice key before they reach the database, on SQLite and on a PostgreSQL server alike.

Why on top of SQLCipher: a practice server's files are not encrypted by PostgreSQL (only the volume may be),
and its dumps, WAL archives and base backups carry every column in the clear. A sealed column stays
unreadable in all of them without the practice key.

The choice: AES-256-GCM from ``cryptography`` (pyca, a well-kept library the app already uses for its key
files), an authenticated cipher, so a changed byte is refused rather than decrypted into garbage. A sealed
value is::

    version (1 byte, 0x01) | nonce (12 random bytes) | ciphertext + 16-byte tag

The associated data binds it to its place: the version, the table, the column and the row id. A sealed value
copied into another row (another patient's card) or another column does not open there. Random 96-bit nonces
are safe far beyond the number of values a practice will ever seal under one key (NIST SP 800-38D: 2^32).

The key is ``derive_subkey(practice key, "field encryption")``, kept on the open database as
``db.field_key`` next to ``db.audit_key``. A restored backup brings its practice key along; a practice moved
onto a server must keep its practice key and its row ids (the audit chain needs the key too), so its sealed
values keep opening there. Qt-free: services and migrations call it.
"""

from __future__ import annotations

import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from sqlalchemy.orm import Session

from frontdesk.errors import StorageError

VERSION = 1
_NONCE_BYTES = 12
_TAG_BYTES = 16
_OVERHEAD = 1 + _NONCE_BYTES + _TAG_BYTES


def _associated_data(table: str, column: str, row_id: int) -> bytes:
    if not isinstance(row_id, int) or row_id <= 0:  # an unsaved row has no id yet: nothing to bind to
        raise ValueError("a sealed value is bound to a saved row: flush the row first")
    return f"frontdesk-field v{VERSION}|{table}|{column}|{row_id}".encode()


def seal(key: bytes, plaintext: bytes, *, table: str, column: str, row_id: int) -> bytes:
    """``plaintext`` encrypted with the field key, bound to ``table.column`` of row ``row_id``."""
    nonce = os.urandom(_NONCE_BYTES)
    sealed = AESGCM(key).encrypt(nonce, bytes(plaintext), _associated_data(table, column, row_id))
    return bytes([VERSION]) + nonce + sealed


def open_sealed(key: bytes, sealed: bytes, *, table: str, column: str, row_id: int) -> bytes:
    """The plaintext of a value ``seal`` wrote for this same place.

    Raises ``StorageError`` when it does not open: another practice's key, a value moved from another row or
    column, a changed byte, or a value that was never sealed (plaintext written around the app)."""
    data = bytes(sealed)
    if len(data) < _OVERHEAD or data[0] != VERSION:
        raise StorageError(f"An encrypted {table.replace('_', ' ')} could not be read: it is not in FrontDesk's "
                           "encrypted format (written outside the app?). Restore it from a backup.")
    try:
        return AESGCM(key).decrypt(data[1:1 + _NONCE_BYTES], data[1 + _NONCE_BYTES:],
                                   _associated_data(table, column, row_id))
    except InvalidTag:
        raise StorageError(f"An encrypted {table.replace('_', ' ')} could not be read: it does not match this "
                           "practice's key or this record (changed or moved outside the app). "
                           "Restore it from a backup.") from None


def seal_column(session: Session, key: bytes, row: object, column: str, plaintext: bytes) -> None:
    """Store ``plaintext`` sealed in ``row.<column>`` (an ORM row with an integer ``id``).

    A new row is flushed first to get the id the value is bound to: the column holds an empty placeholder
    for that moment, inside the same transaction, and never the plaintext."""
    if getattr(row, "id", None) is None:
        setattr(row, column, b"")
        session.add(row)
        session.flush()
    setattr(row, column, seal(key, plaintext, table=row.__tablename__, column=column,  # type: ignore[attr-defined]
                              row_id=row.id))  # type: ignore[attr-defined]


def open_column(key: bytes, row: object, column: str) -> bytes:
    """The plaintext of ``row.<column>``, which ``seal_column`` wrote."""
    return open_sealed(key, getattr(row, column), table=row.__tablename__,  # type: ignore[attr-defined]
                       column=column, row_id=row.id)  # type: ignore[attr-defined]
