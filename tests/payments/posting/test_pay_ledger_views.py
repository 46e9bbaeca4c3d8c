"""Opening a ledger is an audited view of PHI (one event per opening); its refreshes are not."""

from __future__ import annotations

from datetime import date

import pytest
from pay_lib import Clinic
from sqlalchemy import select

from frontdesk.errors import NotFoundError, PermissionDenied
from frontdesk.models import AuditEvent
from frontdesk.services.payments import ledger as ledger_service

pytestmark = pytest.mark.usefixtures("frozen_clock")


def _views(db) -> list[tuple[str, str, str, int | None, str]]:  # type: ignore[no-untyped-def]
    with db.session(write=False) as s:
        return [tuple(r) for r in s.execute(  # type: ignore[misc]
            select(AuditEvent.username, AuditEvent.entity_type, AuditEvent.entity_id, AuditEvent.patient_id,
                   AuditEvent.detail).where(AuditEvent.action == "ledger.view").order_by(AuditEvent.seq))]


@pytest.mark.both_engines
def test_opening_a_patients_ledger_writes_one_view_event_and_reloading_none(billing_ctx, clinic: Clinic,
                                                                            db) -> None:
    pid = clinic.patient()
    clinic.visit(pid, (5000,), on=date(2026, 9, 1), claims=())
    opened = ledger_service.open_ledger(billing_ctx, patient_id=pid)
    assert opened == ledger_service.ledger(billing_ctx, patient_id=pid)  # the same ledger, audited
    ledger_service.ledger(billing_ctx, patient_id=pid, since=date(2026, 8, 1))  # a refresh or a filter change
    assert _views(db) == [("ben", "patient", str(pid), pid, "")]


@pytest.mark.both_engines
def test_opening_a_family_ledger_is_a_view_of_every_patient_shown(billing_ctx, clinic: Clinic, db) -> None:
    parent = clinic.patient("Smith", "Pat")
    g = clinic.guarantor(patient_id=parent)
    kid = clinic.patient("Smith", "Kim", guarantor_id=g)
    clinic.patient("Other")
    led = ledger_service.open_ledger(billing_ctx, guarantor_id=g)
    assert set(led.patient_ids) == {parent, kid}
    # Each member's own audit history shows the view (a per-patient access report finds it), not only the payer's.
    assert _views(db) == [("ben", "guarantor", str(g), pid, "family ledger") for pid in sorted((parent, kid))]


def test_a_ledger_that_cannot_be_opened_writes_no_view(billing_ctx, anon_ctx, clinic: Clinic,
                                                       db) -> None:
    pid = clinic.patient()
    with pytest.raises(NotFoundError):
        ledger_service.open_ledger(billing_ctx, patient_id=pid + 99)
    with pytest.raises(PermissionDenied):
        ledger_service.open_ledger(anon_ctx, patient_id=pid)
    assert _views(db) == []
