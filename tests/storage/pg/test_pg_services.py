"""The same services on PostgreSQL 16 (issue 19): patients, booking and its conflict, money, the audit trail.

``practice`` here is a server database (conftest.py), so the services run unchanged on the other engine."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from calendar_support import build_clinic, local
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from frontdesk.domain import schedule_time as st
from frontdesk.domain.appointment_statuses import CANCELLED
from frontdesk.models import Practice
from frontdesk.services._audit_chain import verify_chain, verify_posted_money
from frontdesk.services.admin import audit
from frontdesk.services.patients import patients
from frontdesk.services.payments import payments
from frontdesk.services.scheduling import appointments, schedule_views, synthetic
from frontdesk.services.scheduling.appointments import BookingRequest, ScheduleConflict

TUESDAY = date(2030, 3, 5)
NOW = datetime(2030, 3, 4, 13, 0, tzinfo=UTC)  # the Monday before, 8:00 AM Eastern


@pytest.fixture(autouse=True)
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(st, "utc_now", lambda: NOW)


def test_register_and_search_a_patient(admin_ctx, frontdesk_ctx) -> None:  # type: ignore[no-untyped-def]
    clinic = build_clinic(admin_ctx, frontdesk_ctx)
    found = patients.search_patients(frontdesk_ctx, "bak")
    assert [(r.last_name, r.first_name) for r in found] == [("Baker", "Bob")]
    assert [r.id for r in patients.search_patients(frontdesk_ctx, "(518) 555-0103")] == [clinic.pat[2]]
    assert patients.open_patient(frontdesk_ctx, clinic.pat[0]).first_name == "Ann"


def test_booking_and_the_double_booking_conflict(admin_ctx, frontdesk_ctx) -> None:  # type: ignore[no-untyped-def]
    clinic = build_clinic(admin_ctx, frontdesk_ctx)
    booked = appointments.book_appointment(
        frontdesk_ctx, BookingRequest(clinic.pat[0], clinic.dr_a, clinic.visit, local(TUESDAY, 10)))
    assert booked.status == "scheduled" and booked.patient_name == "Able, Ann"
    with pytest.raises(ScheduleConflict) as err:
        appointments.book_appointment(
            frontdesk_ctx, BookingRequest(clinic.pat[1], clinic.dr_a, clinic.visit, local(TUESDAY, 10, 15)))
    assert "provider overlap" in err.value.rules
    with pytest.raises(ScheduleConflict) as err:
        appointments.book_appointment(
            frontdesk_ctx, BookingRequest(clinic.pat[0], clinic.dr_b, clinic.visit, local(TUESDAY, 10, 15)))
    assert err.value.rules == ("patient overlap",)


def test_a_payment_is_posted_audited_and_never_edited(admin_ctx, frontdesk_ctx, practice) -> None:  # type: ignore[no-untyped-def]
    clinic = build_clinic(admin_ctx, frontdesk_ctx)
    info = payments.take_payment(frontdesk_ctx, clinic.pat[0], method="cash", amount="$40.00")
    assert info.amount == Decimal("40.00")
    events = audit.list_events(admin_ctx, audit.AuditFilter(patient_id=clinic.pat[0], action="payment"))
    assert [e.action for e in events] == ["payment.take"]
    for statement, refusal in ((f"UPDATE payment SET amount_cents = 1 WHERE id = {info.id}", "never edited"),
                               (f"DELETE FROM payment WHERE id = {info.id}", "never deleted")):
        with practice.db.engine.connect() as conn, pytest.raises(IntegrityError, match=refusal):
            conn.execute(text(statement))
    assert payments.get_payment(frontdesk_ctx, info.id).amount == Decimal("40.00")


def test_the_audit_chain_verifies(admin_ctx, frontdesk_ctx, practice) -> None:  # type: ignore[no-untyped-def]
    clinic = build_clinic(admin_ctx, frontdesk_ctx)
    payments.take_payment(frontdesk_ctx, clinic.pat[1], method="cash", amount="12.50")
    with practice.db.session(write=False) as session:
        chain = verify_chain(session, practice.db.audit_key)
        checked, problems = verify_posted_money(session)
    assert chain.ok, chain.problem
    assert chain.events > 10  # the setup, the clinic's providers, rooms, patients and the payment
    assert checked >= 1 and problems == []


def test_a_chain_checked_with_the_wrong_key_stops_at_once_and_cleanly(admin_ctx, practice) -> None:  # type: ignore[no-untyped-def]
    # The first event fails: verify_chain returns mid-stream and must close PostgreSQL's server-side cursor
    # then (left to the garbage collector it raised an unraisable-exception warning, an error in this suite).
    with practice.db.session(write=False) as session:
        wrong = verify_chain(session, bytes(32), batch=2)
        assert (wrong.ok, wrong.problem) == (False, "audit event 1 was altered")
        assert verify_chain(session, practice.db.audit_key, batch=2).ok  # the session is still usable


def test_synthetic_appointments_load_in_bulk(admin_ctx, frontdesk_ctx, practice) -> None:  # type: ignore[no-untyped-def]
    # The bulk insert hands tuples to the driver: SQLite's qmark placeholders and 0/1 booleans were refused here.
    clinic = build_clinic(admin_ctx, frontdesk_ctx)
    with practice.db.session(write=True) as session:
        session.query(Practice).one().is_demo = True
    start = st.to_utc(local(TUESDAY, 9), st.zone("America/New_York"))
    rows = [synthetic.SyntheticAppointment(clinic.pat[i], clinic.dr_a, clinic.visit, start + timedelta(hours=i),
                                           start + timedelta(hours=i, minutes=30), status, status_at=NOW,
                                           created_at=NOW, late_cancel=status == CANCELLED)
            for i, status in enumerate(("scheduled", CANCELLED))]
    assert synthetic.add_synthetic_appointments(admin_ctx, rows) == 2
    week = schedule_views.week_view(admin_ctx, TUESDAY, days=1, include_inactive=True).appointments
    assert sorted((a.patient_name, a.status) for a in week) == [("Able, Ann", "scheduled"), ("Baker, Bob", CANCELLED)]
