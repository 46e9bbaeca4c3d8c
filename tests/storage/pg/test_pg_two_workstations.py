"""Two workstations on one practice server (issue 19): each its own connection pool (its own PostgresDatabase),
the same people. A lockout earned at one desk holds at the other, and roles apply the same everywhere.

(tests/storage/pg/test_enrol.py does the same through real enrolment over TLS when an OpenSSL-built server is
available; this one runs on the pgserver cluster every server-mode run has.)"""

from __future__ import annotations

import pytest
from testsupport import STAFF_PASSWORD

from frontdesk.errors import AccountLocked, AuthenticationError, PermissionDenied
from frontdesk.services.admin import auth, users
from frontdesk.services.session import ServiceContext
from frontdesk.storage.pg_engine import PostgresDatabase


def test_lockout_and_roles_are_the_same_at_two_workstations(practice, frontdesk_actor) -> None:  # type: ignore[no-untyped-def]
    desk = practice.db
    billing = PostgresDatabase(desk.engine.url.render_as_string(hide_password=False), desk.key)
    try:
        rita = auth.login(ServiceContext(billing), "rita", STAFF_PASSWORD)
        assert rita == frontdesk_actor
        for db in (desk, billing):
            with pytest.raises(PermissionDenied):
                users.list_users(ServiceContext(db, rita))
        for _ in range(4):
            with pytest.raises(AuthenticationError):
                auth.login(ServiceContext(desk), "rita", "not the password 1")
        with pytest.raises(AccountLocked):  # the fifth failure, at the other desk, locks the account
            auth.login(ServiceContext(billing), "rita", "not the password 1")
        with pytest.raises(AccountLocked):
            auth.login(ServiceContext(desk), "rita", STAFF_PASSWORD)
    finally:
        billing.close()
