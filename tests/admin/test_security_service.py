"""Key-handling actions: audit records for the Emergency Kit and passphrase changes; re-wrapping the key."""

from __future__ import annotations

import hashlib

import pytest
from fd_testlib import PASSPHRASE
from testsupport import MemoryKeyring

from frontdesk.errors import PermissionDenied, ValidationError, WrongKeyError
from frontdesk.services.admin import security
from frontdesk.services.admin.audit import AuditFilter, list_events
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.store import (
    KeySource,
    change_passphrase,
    open_practice_store,
    unlock_key,
)

NEW_PASSPHRASE = "a completely new passphrase"
KEY_FILE_IN_FOLDER = ("the single-PC data folder's key file; a server keeps its key file in the database "
                      "(tests/storage/pg/test_pg_setup_keys.py, test_pg_passphrase.py)")


def _events(ctx, action: str):  # type: ignore[no-untyped-def]
    return list_events(ctx, AuditFilter(action=action))


@pytest.mark.parametrize("action", ["saved", "printed"])
def test_emergency_kit_is_audited_with_the_verb_only(admin_ctx, action: str) -> None:  # type: ignore[no-untyped-def]
    security.record_emergency_kit(admin_ctx, action)
    events = _events(admin_ctx, "security.emergency_kit")
    assert [(e.username, e.detail) for e in events] == [("admin", action)]


def test_emergency_kit_rejects_other_actions(admin_ctx) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError):
        security.record_emergency_kit(admin_ctx, "emailed to /home/me/kit.pdf")
    assert _events(admin_ctx, "security.") == []


@pytest.mark.sqlite_only(KEY_FILE_IN_FOLDER)
def test_front_desk_may_not_record_key_actions(frontdesk_ctx, admin_ctx, data_paths) -> None:  # type: ignore[no-untyped-def]
    before = data_paths.key_file.read_bytes()
    with pytest.raises(PermissionDenied):
        security.record_emergency_kit(frontdesk_ctx, "saved")
    with pytest.raises(PermissionDenied):  # even knowing the passphrase: the role is checked first
        security.change_passphrase(frontdesk_ctx, PASSPHRASE, NEW_PASSPHRASE)
    assert _events(admin_ctx, "security.") == []
    assert data_paths.key_file.read_bytes() == before


@pytest.mark.sqlite_only(KEY_FILE_IN_FOLDER)
def test_passphrase_change_is_audited(admin_ctx, data_paths) -> None:  # type: ignore[no-untyped-def]
    security.change_passphrase(admin_ctx, PASSPHRASE, NEW_PASSPHRASE)
    events = _events(admin_ctx, "security.passphrase_change")
    assert len(events) == 1 and events[0].username == "admin"
    assert unlock_key(data_paths, KeySource(passphrase=NEW_PASSPHRASE)) == admin_ctx.db.key


@pytest.mark.sqlite_only(KEY_FILE_IN_FOLDER)
def test_the_service_refuses_a_wrong_current_passphrase_and_records_nothing(admin_ctx, data_paths) -> None:  # type: ignore[no-untyped-def]
    before = data_paths.key_file.read_bytes()
    with pytest.raises(WrongKeyError):
        security.change_passphrase(admin_ctx, "not the passphrase", NEW_PASSPHRASE)
    assert data_paths.key_file.read_bytes() == before
    assert _events(admin_ctx, "security.passphrase_change") == []


@pytest.mark.sqlite_only(KEY_FILE_IN_FOLDER)
def test_change_passphrase_new_opens_old_fails_recovery_and_cache_still_work(practice, data_paths) -> None:
    key = practice.db.key
    cache = KeyCache(MemoryKeyring())  # the trusted stand-in (tests/conftest.py)
    cache.store(practice.key_id, key)
    db_hash = hashlib.sha256(data_paths.database.read_bytes()).hexdigest()

    change_passphrase(data_paths, key, PASSPHRASE, NEW_PASSPHRASE)

    assert unlock_key(data_paths, KeySource(passphrase=NEW_PASSPHRASE)) == key
    with pytest.raises(WrongKeyError):
        unlock_key(data_paths, KeySource(passphrase=PASSPHRASE))
    assert unlock_key(data_paths, KeySource(recovery_key=practice.recovery_key)) == key
    assert KeyFile.load(data_paths.key_file).key_id == practice.key_id
    assert unlock_key(data_paths, KeySource(), cache) == key
    assert hashlib.sha256(data_paths.database.read_bytes()).hexdigest() == db_hash  # database untouched
    practice.db.close()
    reopened = open_practice_store(data_paths, unlock_key(data_paths, KeySource(passphrase=NEW_PASSPHRASE)))
    reopened.close()


@pytest.mark.sqlite_only(KEY_FILE_IN_FOLDER)
def test_wrong_current_passphrase_changes_nothing(practice, data_paths) -> None:  # type: ignore[no-untyped-def]
    before = data_paths.key_file.read_bytes()
    with pytest.raises(WrongKeyError):
        change_passphrase(data_paths, practice.db.key, "not the passphrase", NEW_PASSPHRASE)
    assert data_paths.key_file.read_bytes() == before
