"""Synthetic appointments in bulk (services.scheduling.synthetic): demo practice only, admin only, every row
checked (a bad one names its field and the whole batch writes nothing), one audit event per batch."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta

import pytest
from calendar_testlib import MONDAY, TZ, Clinic, local
from sqlalchemy import func, select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.appointment_statuses import CANCELLED, CHECKED_OUT, SCHEDULED
from frontdesk.errors import ConflictError, PermissionDenied, ValidationError
from frontdesk.models import Appointment, AuditEvent, Practice
from frontdesk.services.scheduling import schedule_views, synthetic
from frontdesk.services.scheduling.synthetic import SyntheticAppointment
from frontdesk.services.session import ServiceContext

BAD_START = st.to_utc(local(MONDAY, 14), TZ)  # where the bad row of a batch starts


def _make_demo(clinic: Clinic) -> None:
    with clinic.admin.db.session(write=True) as session:
        session.query(Practice).one().is_demo = True


def _count(clinic: Clinic, model, **where: object) -> int:  # type: ignore[no-untyped-def]
    with clinic.admin.db.session(write=False) as session:
        stmt = select(func.count()).select_from(model)
        for column, value in where.items():
            stmt = stmt.where(getattr(model, column) == value)
        return int(session.scalar(stmt) or 0)


def _visit(clinic: Clinic, hour: int, **changes: object) -> SyntheticAppointment:
    start = st.to_utc(local(MONDAY, hour), TZ)
    row = SyntheticAppointment(clinic.pat[0], clinic.dr_a, clinic.visit, start, start + timedelta(minutes=30),
                               SCHEDULED, status_at=start - timedelta(days=3), created_at=start - timedelta(days=3),
                               reason="Cough")
    return dataclasses.replace(row, **changes)


def test_refused_outside_a_demo_practice(clinic: Clinic) -> None:
    for call in (lambda: synthetic.add_synthetic_appointments(clinic.admin, [_visit(clinic, 9)]),
                 lambda: synthetic.schedule_extent(clinic.admin, MONDAY),
                 lambda: synthetic.synthetic_patient_ids(clinic.admin)):
        with pytest.raises(ConflictError, match="demo practice"):
            call()
    assert _count(clinic, Appointment) == 0


def test_refused_to_a_role_without_manage_practice(clinic: Clinic) -> None:
    _make_demo(clinic)
    for call in (lambda: synthetic.add_synthetic_appointments(clinic.desk, [_visit(clinic, 9)]),
                 lambda: synthetic.schedule_extent(clinic.desk, MONDAY),
                 lambda: synthetic.synthetic_patient_ids(clinic.desk)):
        with pytest.raises(PermissionDenied):
            call()
    assert _count(clinic, Appointment) == 0


@pytest.mark.parametrize(("field", "changes"), [
    ("patient_id", {"patient_id": 9999}),
    ("provider_id", {"provider_id": 9999}),
    ("type_id", {"type_id": "1"}),
    ("room_id", {"room_id": 9999}),
    ("status", {"status": "done"}),
    ("end", {"end": "later"}),
    ("end", {"end": BAD_START - timedelta(minutes=30)}),  # before its start
    ("end", {"end": BAD_START}),  # no length
    ("end", {"end": BAD_START + timedelta(minutes=481)}),  # over eight hours
    ("end", {"end": BAD_START + timedelta(minutes=30, seconds=30)}),  # not whole minutes
    ("start", {"start": datetime(2030, 3, 4, 14, 0)}),  # naive: a wall time of no known zone
    ("status_at", {"status_at": datetime(2030, 3, 1, 9, 0)}),
    ("created_at", {"created_at": None}),
    ("reason", {"reason": "x" * 201}),
    ("cancel_reason", {"cancel_reason": None}),
    ("late_cancel", {"late_cancel": "yes"}),
])
def test_a_bad_row_names_its_field_and_the_batch_writes_nothing(clinic: Clinic, monkeypatch: pytest.MonkeyPatch,
                                                                field: str, changes: dict[str, object]) -> None:
    _make_demo(clinic)
    monkeypatch.setattr(synthetic, "_CHUNK", 2)  # the good rows before it have gone to the database already
    audit_before = _count(clinic, AuditEvent)
    good = [_visit(clinic, 9), _visit(clinic, 10), _visit(clinic, 11)]
    bad = _visit(clinic, 14, **changes)
    with pytest.raises(ValidationError) as raised:
        synthetic.add_synthetic_appointments(clinic.admin, iter([*good, bad]))
    assert raised.value.field == field
    assert "Synthetic appointment 4:" in str(raised.value)
    assert _count(clinic, Appointment) == 0
    assert _count(clinic, AuditEvent) == audit_before


def test_not_a_synthetic_appointment_is_refused(clinic: Clinic) -> None:
    _make_demo(clinic)
    with pytest.raises(ValidationError) as raised:
        synthetic.add_synthetic_appointments(clinic.admin, [{"patient_id": clinic.pat[0]}])  # type: ignore[list-item]
    assert raised.value.field == "row"


def test_one_audit_event_per_batch_and_the_rows_as_the_calendar_shows_them(clinic: Clinic) -> None:
    _make_demo(clinic)
    topics: list[frozenset[str]] = []
    admin = ServiceContext(clinic.admin.db, clinic.admin.actor, topics.append)
    past = st.to_utc(local(MONDAY - timedelta(days=7), 9), TZ)
    rows = (_visit(clinic, hour, room_id=clinic.room_1) for hour in (9, 10, 11))
    assert synthetic.add_synthetic_appointments(admin, rows) == 3
    assert synthetic.add_synthetic_appointments(admin, [
        _visit(clinic, 9, start=past, end=past + timedelta(minutes=15), status=CHECKED_OUT,
               status_at=past + timedelta(minutes=15), provider_id=clinic.dr_b),
        _visit(clinic, 9, start=past, end=past + timedelta(minutes=15), status=CANCELLED, late_cancel=True,
               cancel_reason="Patient called to cancel", patient_id=clinic.pat[1]),
    ]) == 2
    assert _count(clinic, AuditEvent, action="demo.schedule") == 2
    with clinic.admin.db.session(write=False) as session:
        details = list(session.scalars(select(AuditEvent.detail).where(AuditEvent.action == "demo.schedule")))
    assert details == ["3 synthetic appointments", "2 synthetic appointments"]
    assert topics[-1] >= {"appointments", "audit"}
    day = schedule_views.day_view(clinic.admin, MONDAY, [clinic.dr_a], include_inactive=True).appointments
    assert [(a.start, a.length_minutes, a.status, a.reason, a.room_id) for a in day] == [
        (st.to_utc(local(MONDAY, h), TZ), 30, SCHEDULED, "Cough", clinic.room_1) for h in (9, 10, 11)]
    week_before = schedule_views.day_view(clinic.admin, MONDAY - timedelta(days=7), [clinic.dr_a, clinic.dr_b],
                                          include_inactive=True).appointments
    assert sorted((a.status, a.length_minutes) for a in week_before) == [(CANCELLED, 15), (CHECKED_OUT, 15)]


def test_the_extent_and_the_patient_ids_a_generator_reads(clinic: Clinic) -> None:
    _make_demo(clinic)
    assert synthetic.schedule_extent(clinic.admin, MONDAY) == synthetic.ScheduleExtent(None, MONDAY, frozenset())
    assert sorted(synthetic.synthetic_patient_ids(clinic.admin)) == sorted(clinic.pat)
    past = st.to_utc(local(MONDAY - timedelta(days=14), 8), TZ)
    synthetic.add_synthetic_appointments(clinic.admin, [
        _visit(clinic, 16),  # 4 PM Monday
        _visit(clinic, 9, provider_id=clinic.dr_b, start=past, end=past + timedelta(minutes=30)),
    ])
    extent = synthetic.schedule_extent(clinic.admin, MONDAY)
    assert extent.earliest_start == past
    assert extent.booked == frozenset({(clinic.dr_a, MONDAY)})
    assert synthetic.schedule_extent(clinic.admin, MONDAY + timedelta(days=1)).booked == frozenset()
