"""storage/field_crypto.py: AES-256-GCM values bound to their table, column and row; anything else refused."""

from __future__ import annotations

import os

import pytest

from frontdesk.errors import StorageError
from frontdesk.storage.engine import derive_subkey
from frontdesk.storage.field_crypto import open_sealed, seal

KEY = derive_subkey(os.urandom(32), "field encryption")
PLACE = dict(table="insurance_card_image", column="data", row_id=7)
SECRET = b"\x89PNG card of Jane Doe, member W123"


def test_round_trip_with_a_fresh_nonce_each_time() -> None:
    first, second = seal(KEY, SECRET, **PLACE), seal(KEY, SECRET, **PLACE)
    assert first != second and first[0] == 1 and len(first) == len(SECRET) + 1 + 12 + 16
    assert SECRET not in first
    assert open_sealed(KEY, first, **PLACE) == open_sealed(KEY, second, **PLACE) == SECRET
    assert open_sealed(KEY, memoryview(seal(KEY, b"", **PLACE)), **PLACE) == b""  # as a driver hands a BLOB back


@pytest.mark.parametrize("elsewhere", [dict(row_id=8), dict(column="thumbnail"), dict(table="patient_document")])
def test_a_value_moved_to_another_row_column_or_table_does_not_open(elsewhere: dict[str, object]) -> None:
    sealed = seal(KEY, SECRET, **PLACE)
    with pytest.raises(StorageError, match="does not match this practice's key or this record"):
        open_sealed(KEY, sealed, **{**PLACE, **elsewhere})  # type: ignore[arg-type]


def test_another_key_or_any_changed_byte_does_not_open() -> None:
    sealed = seal(KEY, SECRET, **PLACE)
    with pytest.raises(StorageError):
        open_sealed(derive_subkey(os.urandom(32), "field encryption"), sealed, **PLACE)
    for at in (1, 13, len(sealed) - 1):  # nonce, ciphertext, tag
        changed = bytearray(sealed)
        changed[at] ^= 0x01
        with pytest.raises(StorageError, match="could not be read"):
            open_sealed(KEY, bytes(changed), **PLACE)


# ids, not values: a sealed value has a random nonce, and xdist's workers must collect the same test names
@pytest.mark.parametrize("make", [lambda: SECRET, lambda: b"", lambda: b"\x01" + b"\x00" * 27,
                                  lambda: b"\x02" + seal(KEY, SECRET, **PLACE)[1:]],
                         ids=["plaintext", "empty", "too short", "other version"])
def test_what_is_not_a_sealed_value_of_this_version_is_refused(make) -> None:  # type: ignore[no-untyped-def]
    stored = make()
    with pytest.raises(StorageError, match="not in FrontDesk's encrypted format"):
        open_sealed(KEY, stored, **PLACE)


@pytest.mark.parametrize("row_id", [None, 0, -1])
def test_a_value_is_only_sealed_for_a_saved_row(row_id: object) -> None:
    with pytest.raises(ValueError, match="flush the row first"):
        seal(KEY, SECRET, table="insurance_card_image", column="data", row_id=row_id)  # type: ignore[arg-type]
