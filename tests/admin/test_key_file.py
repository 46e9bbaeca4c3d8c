"""Envelope keys: passphrase and recovery unlock, wrong keys, damaged key files, passphrase change."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
from fd_testlib import FAST_KDF, PASSPHRASE, sha256_file

from frontdesk.errors import (
    DamagedFileError,
    StorageError,
    ValidationError,
    WrongKeyError,
)
from frontdesk.storage.keys import KeyFile, _checksum
from frontdesk.storage.store import (
    KeySource,
    change_passphrase,
    open_practice_store,
    unlock_key,
)

NEW_PASSPHRASE = "a brand new passphrase 456"


# every test here opens the single-PC data folder's key file
pytestmark = pytest.mark.sqlite_only("the single-PC data folder's key file; a server keeps its key file in the "
                                     "database (tests/storage/pg/test_pg_setup_keys.py, test_pg_passphrase.py)")


@pytest.fixture
def closed(practice, data_paths):
    """The practice with its database closed, so its files' bytes are stable."""
    practice.db.close()
    return practice


def _fingerprint(paths) -> tuple[str, str]:
    return sha256_file(paths.key_file), sha256_file(paths.database)


def _edit_key_file(path: Path, edit, *, fix_checksum: bool) -> None:
    doc = json.loads(path.read_bytes())
    edit(doc)
    if fix_checksum:
        doc.pop("checksum")
        doc["checksum"] = _checksum(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")


def _flip_ciphertext_byte(doc: dict) -> None:
    raw = bytearray(base64.b64decode(doc["passphrase"]["ciphertext"]))
    raw[5] ^= 0x01
    doc["passphrase"]["ciphertext"] = base64.b64encode(bytes(raw)).decode()


def test_passphrase_unlocks_the_database_key(closed, data_paths) -> None:
    key = unlock_key(data_paths, KeySource(passphrase=PASSPHRASE))
    assert key == closed.db.key
    db = open_practice_store(data_paths, key)
    try:
        with db.session(write=False) as session:
            assert session.connection().exec_driver_sql("SELECT count(*) FROM app_user").scalar() == 1
    finally:
        db.close()


@pytest.mark.parametrize("variant", ["as printed", "lower case", "no dashes", "lower, no dashes", "spaces"])
def test_recovery_key_unlocks_in_any_case_with_or_without_dashes(closed, data_paths, variant) -> None:
    printed = closed.recovery_key
    assert "-" in printed and printed == printed.upper()
    text = {
        "as printed": printed,
        "lower case": printed.lower(),
        "no dashes": printed.replace("-", ""),
        "lower, no dashes": printed.replace("-", "").lower(),
        "spaces": "  " + printed.replace("-", " ").lower() + "\n",
    }[variant]
    assert unlock_key(data_paths, KeySource(recovery_key=text)) == closed.db.key


def test_wrong_passphrase_is_refused_and_changes_nothing(closed, data_paths) -> None:
    before = _fingerprint(data_paths)
    for attempt in ("wrong passphrase 123", PASSPHRASE.upper(), PASSPHRASE + " "):
        with pytest.raises(WrongKeyError) as info:
            unlock_key(data_paths, KeySource(passphrase=attempt))
        assert str(info.value) == "The passphrase is not correct."
    assert _fingerprint(data_paths) == before


def test_wrong_recovery_key_is_refused(closed, data_paths) -> None:
    before = _fingerprint(data_paths)
    other = KeyFile.create(PASSPHRASE, kdf=FAST_KDF)[1].recovery_key
    with pytest.raises(WrongKeyError, match="recovery key is not correct"):
        unlock_key(data_paths, KeySource(recovery_key=other))
    with pytest.raises(WrongKeyError, match="not in the right form"):
        unlock_key(data_paths, KeySource(recovery_key="ABCD-EFGH"))
    assert _fingerprint(data_paths) == before


def test_flipped_ciphertext_byte_is_a_damaged_file(closed, data_paths) -> None:
    _edit_key_file(data_paths.key_file, _flip_ciphertext_byte, fix_checksum=False)
    with pytest.raises(DamagedFileError, match="checksum"):
        unlock_key(data_paths, KeySource(passphrase=PASSPHRASE))


def test_flipped_ciphertext_with_a_recomputed_checksum_is_still_caught(closed, data_paths) -> None:
    # The checksum is not a secret; AES-GCM's tag is what really guards the wrapped key.
    _edit_key_file(data_paths.key_file, _flip_ciphertext_byte, fix_checksum=True)
    with pytest.raises(DamagedFileError, match="does not decrypt") as info:
        unlock_key(data_paths, KeySource(passphrase=PASSPHRASE))
    assert not isinstance(info.value, WrongKeyError)
    # the recovery slot is intact and still opens the practice
    assert unlock_key(data_paths, KeySource(recovery_key=closed.recovery_key)) == closed.db.key


def test_tampered_checksum_is_a_damaged_file(closed, data_paths) -> None:
    _edit_key_file(data_paths.key_file, lambda doc: doc.update(checksum="0" * 64), fix_checksum=False)
    with pytest.raises(DamagedFileError, match="checksum"):
        unlock_key(data_paths, KeySource(passphrase=PASSPHRASE))


def test_edited_field_without_new_checksum_is_a_damaged_file(closed, data_paths) -> None:
    _edit_key_file(data_paths.key_file, lambda doc: doc.update(key_id="feedfacefeedface"), fix_checksum=False)
    with pytest.raises(DamagedFileError, match="checksum"):
        unlock_key(data_paths, KeySource(passphrase=PASSPHRASE))


@pytest.mark.parametrize("content, message", [
    (b"{not json at all", "damaged or is not a FrontDesk key file"),
    (b"\xff\xfe\x00garbage", "damaged or is not a FrontDesk key file"),
    (b'["a", "list"]', "damaged or is not a FrontDesk key file"),
    (b'{"format": "something-else"}', "damaged or is not a FrontDesk key file"),
    (b"", "empty"),
])
def test_garbage_key_file_is_a_damaged_file(closed, data_paths, content, message) -> None:
    data_paths.key_file.write_bytes(content)
    with pytest.raises(DamagedFileError, match=message):
        unlock_key(data_paths, KeySource(passphrase=PASSPHRASE))


def test_newer_key_file_version_asks_for_an_update(closed, data_paths) -> None:
    _edit_key_file(data_paths.key_file, lambda doc: doc.update(version=2), fix_checksum=True)
    with pytest.raises(DamagedFileError, match="newer FrontDesk"):
        unlock_key(data_paths, KeySource(passphrase=PASSPHRASE))


def test_missing_slot_is_a_damaged_file(closed, data_paths) -> None:
    _edit_key_file(data_paths.key_file, lambda doc: doc.pop("recovery"), fix_checksum=True)
    with pytest.raises(DamagedFileError):
        unlock_key(data_paths, KeySource(passphrase=PASSPHRASE))


def test_missing_key_file_says_it_is_missing(closed, data_paths) -> None:
    data_paths.key_file.unlink()
    with pytest.raises(StorageError, match="missing") as info:
        unlock_key(data_paths, KeySource(passphrase=PASSPHRASE))
    assert not isinstance(info.value, WrongKeyError)
    assert "frontdesk.key" in str(info.value)


def test_change_passphrase_rewraps_only(closed, data_paths) -> None:
    key = closed.db.key
    db_before = sha256_file(data_paths.database)
    key_file_before = sha256_file(data_paths.key_file)
    key_id_before = KeyFile.load(data_paths.key_file).key_id

    change_passphrase(data_paths, key, PASSPHRASE, NEW_PASSPHRASE)

    assert sha256_file(data_paths.database) == db_before
    assert sha256_file(data_paths.key_file) != key_file_before
    assert KeyFile.load(data_paths.key_file).key_id == key_id_before
    assert not data_paths.key_file.with_name(data_paths.key_file.name + ".tmp").exists()
    with pytest.raises(WrongKeyError, match="The passphrase is not correct."):
        unlock_key(data_paths, KeySource(passphrase=PASSPHRASE))
    assert unlock_key(data_paths, KeySource(passphrase=NEW_PASSPHRASE)) == key
    assert unlock_key(data_paths, KeySource(recovery_key=closed.recovery_key)) == key


def test_change_passphrase_with_wrong_current_changes_nothing(closed, data_paths) -> None:
    before = _fingerprint(data_paths)
    with pytest.raises(WrongKeyError):
        change_passphrase(data_paths, closed.db.key, "not the passphrase", NEW_PASSPHRASE)
    assert _fingerprint(data_paths) == before


def test_change_passphrase_refuses_a_short_new_one(closed, data_paths) -> None:
    before = _fingerprint(data_paths)
    with pytest.raises(ValidationError) as info:
        change_passphrase(data_paths, closed.db.key, PASSPHRASE, "short")
    assert info.value.field == "passphrase"
    assert _fingerprint(data_paths) == before
    assert unlock_key(data_paths, KeySource(passphrase=PASSPHRASE)) == closed.db.key


def test_a_new_key_file_wraps_the_key_with_argon2id_at_full_cost() -> None:
    # The tests pass FAST_KDF everywhere else; the app itself passes none and must get DEFAULT_KDF.
    from frontdesk.storage.keys import DEFAULT_KDF

    key_file, keys = KeyFile.create(PASSPHRASE)
    slot = json.loads(key_file.to_bytes())["passphrase"]
    assert slot["kdf"] == "argon2id"
    assert {name: slot[name] for name in DEFAULT_KDF} == DEFAULT_KDF
    assert DEFAULT_KDF["time_cost"] >= 3 and DEFAULT_KDF["memory_cost"] >= 65536  # 64 MiB, OWASP's floor
    assert key_file.unlock_with_passphrase(PASSPHRASE) == keys.db_key
