"""A single-PC practice has no workstations to enrol: the service says so (the server side: tests/storage/pg)."""

from __future__ import annotations

import pytest

from frontdesk.errors import ConflictError
from frontdesk.services.admin import workstations
from frontdesk.storage import enrolment_code as codes


def test_a_single_pc_practice_refuses_to_issue_an_enrolment_code(admin_ctx, practice) -> None:  # type: ignore[no-untyped-def]
    if practice.db.engine.dialect.name != "sqlite":
        pytest.skip("the single-PC refusal; a server practice issues codes (tests/storage/pg)")
    secret = codes.ConnectionSecret(app_password="x", practice_key=bytes(32), database="frontdesk")
    with pytest.raises(ConflictError, match="single-PC practice: it has no workstations to enrol"):
        workstations.issue_enrolment_code(admin_ctx, secret, b"certificate")
