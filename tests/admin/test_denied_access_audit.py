"""A refused service call leaves an ``access.denied`` audit row naming who, which operation and which permission.

The refused transaction rolls back, so the row is written in a short transaction of its own. It never holds
the call's arguments: they may be patient data (a refund reason, a patient id).
"""

from __future__ import annotations

import pytest
from fd_testlib import patient
from sqlalchemy import select

from frontdesk.errors import PermissionDenied
from frontdesk.models import AuditEvent
from frontdesk.services.patients import patients
from frontdesk.services.payments import payments
from frontdesk.services._audit_chain import verify_chain
from frontdesk.services._base import ServiceContext

REASON = "Refund for Zelda Quimby-Okonkwo, DOB 03/14/1962"


def _events(practice, action: str) -> list[tuple]:  # type: ignore[no-untyped-def]
    """(user_id, username, entity_type, entity_id, patient_id, detail) of each event with that action."""
    with practice.db.session(write=False) as session:
        return [(e.user_id, e.username, e.entity_type, e.entity_id, e.patient_id, e.detail)
                for e in session.scalars(select(AuditEvent).where(AuditEvent.action == action))]


def test_a_front_desk_user_refunding_is_refused_and_audited_without_phi(practice, admin_ctx, frontdesk_ctx,
                                                                        frontdesk_actor) -> None:
    jane = patients.register_patient(admin_ctx, patient("Zelda", "Quimby-Okonkwo"))
    notices: list[frozenset[str]] = []
    refused_ctx = ServiceContext(practice.db, frontdesk_actor, notify=notices.append)
    with pytest.raises(PermissionDenied):
        payments.refund_credit(refused_ctx, jane.id, "25.00", "cash", REASON)

    [(user_id, username, entity_type, entity_id, patient_id, detail)] = _events(practice, "access.denied")
    assert (user_id, username) == (frontdesk_actor.user_id, "rita")
    assert detail == "operation=frontdesk.services.payments.payments.refund_credit permission=refund_credits"
    assert patient_id is None and entity_id == ""
    row_text = " ".join(str(v) for v in (entity_type, entity_id, detail, patient_id))
    for phi in ("Zelda", "Quimby", "1962", "25.00", str(jane.id)):
        assert phi not in row_text
    assert notices == [frozenset({"audit"})]  # the audit pane refreshes
    with practice.db.session(write=False) as session:
        assert verify_chain(session, practice.db.audit_key).ok


def test_a_signed_out_call_names_nobody_and_writes_no_row(practice, admin_ctx) -> None:
    # Signed out: nobody to name, and no row (the sign-in window never calls this way).
    with pytest.raises(PermissionDenied):
        patients.register_patient(ServiceContext(practice.db), patient())
    assert _events(practice, "access.denied") == []
