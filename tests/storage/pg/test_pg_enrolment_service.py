"""An enrolled administrator issues a new enrolment code (services/admin/workstations.py) on a set-up server.

The next PC redeems it to the very secret the issuing workstation holds; the audit trail says a code was
issued and by whom, never the code or the secret; only an administrator may issue one.
"""

from __future__ import annotations

import logging

import pytest
from server_setup_support import (  # noqa: F401 (fixtures)
    first_workstation, pretend_tls, redeem, set_up,
)
from testsupport import STAFF_PASSWORD

from frontdesk.domain.permissions import Role
from frontdesk.errors import PermissionDenied
from frontdesk.services.admin import audit, users, workstations
from frontdesk.services.session import Actor, ServiceContext
from frontdesk.storage import enrolment_code as codes
from frontdesk.storage import pg_setup

PINNED = b"the DER of the certificate this workstation pinned"


def test_an_admin_issues_a_code_the_next_pc_redeems_to_the_same_secret(set_up, monkeypatch, caplog) -> None:  # type: ignore[no-untyped-def]
    caplog.set_level(logging.DEBUG)
    db, admin, first = first_workstation(set_up, monkeypatch)
    try:
        issued = workstations.issue_enrolment_code(admin, first, PINNED, "FRONT-1")
        code = codes.parse(issued.code)
        assert codes.matches(code, PINNED) and issued.expires_at.tzinfo is not None
        assert codes.unwrap(code, redeem(set_up, codes.token_sha256(code), "FRONT-2")) == first
        events = audit.list_events(admin, audit.AuditFilter(action="workstation"))
        assert [(e.action, e.username) for e in events] == [("workstation.enrolment_code", "admin")]
        assert "valid until" in events[0].detail
    finally:
        db.close()
    with pg_setup.superuser_connect(set_up.url, set_up.database) as conn:
        rows = conn.execute("SELECT issued_by, used_by, expires_at - created_at FROM frontdesk_enrolment "
                            "ORDER BY id").fetchall()
        details = [row[0] for row in conn.execute("SELECT detail FROM audit_event")]
    assert [(r[0], r[1], r[2].days) for r in rows] == [("frontdesk server setup", "FRONT-1", 7),
                                                       ("admin@FRONT-1", "FRONT-2", 7)]
    leaks = (issued.code, issued.code.replace("-", ""), codes.token_sha256(code), code.token.hex(),
             first.app_password)
    for text in (*details, caplog.text):
        assert not any(leak in text for leak in leaks)


def test_only_an_administrator_issues_codes(set_up, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, admin, first = first_workstation(set_up, monkeypatch)
    try:
        rita = users.add_user(admin, "rita", "Rita Reception", Role.FRONT_DESK, STAFF_PASSWORD)
        front_desk = ServiceContext(db, Actor(rita.id, rita.username, rita.full_name, Role.FRONT_DESK))
        with pytest.raises(PermissionDenied):
            workstations.issue_enrolment_code(front_desk, first, PINNED, "FRONT-2")
    finally:
        db.close()
    with pg_setup.superuser_connect(set_up.url, set_up.database) as conn:
        assert conn.execute("SELECT count(*) FROM frontdesk_enrolment").fetchone()[0] == 1
