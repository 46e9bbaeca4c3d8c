"""Audited reads (services/_base.py ``operation(..., write=False, audited_read=True)``): a report is computed in a
read transaction, so another workstation's save goes through while it runs, and its audit row is written after
it; a failed report is not audited; a plain read-only operation may not audit at all (its row would be lost)."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from testsupport import STAFF_PASSWORD

from frontdesk.domain.billing_reports import ReportFilter
from frontdesk.domain.permissions import Permission, Role
from frontdesk.errors import ValidationError
from frontdesk.models import AuditEvent
from frontdesk.services._base import Tx, operation
from frontdesk.services._practice_clock import practice_today
from frontdesk.services.admin import users
from frontdesk.services.billing import reports
from frontdesk.services.payments import aging
from frontdesk.services.session import ServiceContext

WAIT = 60  # seconds: only a hang would reach it


def _count(db, action: str) -> int:  # type: ignore[no-untyped-def]
    with db.session(write=False) as s:
        return s.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action)) or 0


def _today(db):  # type: ignore[no-untyped-def]
    with db.session(write=False) as s:
        return practice_today(s)


def test_a_running_report_does_not_make_a_save_wait(practice, admin_ctx: ServiceContext,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    started, release = threading.Event(), threading.Event()
    build = reports.BUILDERS["production_provider"]

    def slow_build(session, flt):  # type: ignore[no-untyped-def]
        started.set()  # the report's transaction is open from here until release
        assert release.wait(WAIT)
        return build(session, flt)

    monkeypatch.setitem(reports.BUILDERS, "production_provider", slow_build)
    today = _today(practice.db)
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(
        reports.billing_report(admin_ctx, "production_provider", ReportFilter(today, today))))
    worker.start()
    try:
        assert started.wait(WAIT)
        # Another person's save while the report is still being built: with the report holding the writer lock
        # (a write transaction), this waited out the busy limit and failed as "busy".
        users.add_user(admin_ctx, "dana", "Dana Desk", Role.FRONT_DESK, STAFF_PASSWORD)
        assert _count(practice.db, "report.view") == 0  # the view is recorded once the report exists
    finally:
        release.set()
        worker.join(WAIT)
    assert len(outcome) == 1 and outcome[0].key == "production_provider"  # type: ignore[attr-defined]
    assert _count(practice.db, "report.view") == 1


def test_a_report_that_fails_is_not_audited(practice, admin_ctx: ServiceContext) -> None:
    today = _today(practice.db)
    with pytest.raises(ValidationError):
        reports.billing_report(admin_ctx, "production_provider", ReportFilter(today, today - timedelta(days=1)))
    assert _count(practice.db, "report.view") == 0


def test_the_aging_view_is_audited_once_and_a_refresh_is_not(practice, admin_ctx: ServiceContext) -> None:
    report = aging.aging_report(admin_ctx)
    aging.aging_report(admin_ctx, report.as_of, refresh=True)
    assert _count(practice.db, "aging.view") == 1
    with practice.db.session(write=False) as s:
        entity_id, patient_id, username = s.execute(select(
            AuditEvent.entity_id, AuditEvent.patient_id, AuditEvent.username).where(
            AuditEvent.action == "aging.view")).one()
    assert entity_id == report.as_of.isoformat() and patient_id is None
    assert username == admin_ctx.actor.username  # type: ignore[union-attr]


def test_a_plain_read_cannot_audit(practice, admin_ctx: ServiceContext) -> None:
    @operation(Permission.VIEW_AGING, write=False)
    def peek(tx: Tx) -> None:
        tx.audit("report.view", entity_type="report", entity_id="x")

    with pytest.raises(RuntimeError, match="audited_read"):
        peek(admin_ctx)
    assert _count(practice.db, "report.view") == 0
    with pytest.raises(TypeError):
        operation(Permission.VIEW_AGING, audited_read=True)
