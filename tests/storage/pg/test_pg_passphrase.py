"""Admin > Security > change passphrase on a practice server: the key file kept on the server is re-wrapped.

Before, the service looked for the single-PC key file in a data folder and failed on a server. The app role has
no UPDATE on the key file; a SECURITY DEFINER function takes a new key file whose only change is the passphrase
slot, so the recovery key keeps opening the backups whatever a workstation sends.
"""

from __future__ import annotations

import json

import psycopg
import pytest
from server_setup_support import (  # noqa: F401 (fixtures)
    connect_as, first_workstation, pretend_tls, redeem, set_up)
from testsupport import PASSPHRASE

from frontdesk.errors import WrongKeyError
from frontdesk.services.admin import security
from frontdesk.storage.keys import KeyFile
from frontdesk.storage.pg_grants import APP_ROLE
from frontdesk.storage.server_key_file import REWRAP, load_key_file

NEW_PASSPHRASE = "copper kettle harbour 42"


def _actions(db) -> list[str]:  # type: ignore[no-untyped-def]
    from sqlalchemy import select

    from frontdesk.models import AuditEvent
    with db.session(write=False) as session:
        return list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.seq)))


def test_an_admin_changes_the_passphrase_of_the_servers_key_file(set_up, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, admin, secret = first_workstation(set_up, monkeypatch)
    try:
        security.change_passphrase(admin, PASSPHRASE, NEW_PASSPHRASE)
        stored = load_key_file(db)
        assert stored.unlock_with_passphrase(NEW_PASSPHRASE) == secret.practice_key
        with pytest.raises(WrongKeyError):
            stored.unlock_with_passphrase(PASSPHRASE)
        assert stored.unlock_with_recovery_key(set_up.result.recovery_key) == secret.practice_key
        assert _actions(db)[-1] == "security.passphrase_change"
    finally:
        db.close()


def test_a_wrong_current_passphrase_changes_nothing(set_up, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, admin, _ = first_workstation(set_up, monkeypatch)
    try:
        before, actions = load_key_file(db).to_bytes(), _actions(db)
        with pytest.raises(WrongKeyError):
            security.change_passphrase(admin, "not the passphrase at all", NEW_PASSPHRASE)
        assert load_key_file(db).to_bytes() == before
        assert _actions(db) == actions
    finally:
        db.close()


def test_the_server_refuses_a_key_file_that_changes_more_than_the_passphrase(set_up, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, _, secret = first_workstation(set_up, monkeypatch)
    try:
        stored = load_key_file(db)
        other, _ = KeyFile.create(NEW_PASSPHRASE, kdf={"time_cost": 1, "memory_cost": 8192, "parallelism": 1})
        forged = json.loads(stored.to_bytes())
        forged["recovery"] = json.loads(other.to_bytes())["recovery"]  # a recovery slot for another key
        with connect_as(set_up.url, set_up.database, APP_ROLE, secret.app_password) as conn, \
                pytest.raises(psycopg.Error, match="only the passphrase"):
            conn.execute(f"SELECT public.{REWRAP}(%s)", (json.dumps(forged),))
        assert load_key_file(db).to_bytes() == stored.to_bytes()
    finally:
        db.close()
