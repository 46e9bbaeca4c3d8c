"""Whom the demo Desk's seeded items may be about (services.desk.synthetic): a read for the demo practice only,
for an administrator; active adults with a phone, those of them with nothing booked from today, active providers."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from fd_testlib import patient

from frontdesk.demo._patients import fake_npi
from frontdesk.domain import schedule_time as st
from frontdesk.domain.appointment_statuses import CHECKED_OUT, SCHEDULED
from frontdesk.errors import ConflictError, PermissionDenied
from frontdesk.models import Practice
from frontdesk.services.admin import providers
from frontdesk.services.desk import outside_directory, synthetic
from frontdesk.services.desk.referral_types import OutsideProviderInput
from frontdesk.services.patients import patients
from frontdesk.services.scheduling import schedule_catalog
from frontdesk.services.scheduling import synthetic as synthetic_schedule
from frontdesk.services.session import ServiceContext

NOW = datetime(2030, 3, 6, 15, 0, tzinfo=UTC)  # Wednesday 03/06/2030 10:00 AM in New York


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(st, "utc_now", lambda: NOW)


def _make_demo(ctx: ServiceContext) -> None:
    with ctx.db.session(write=True) as session:
        session.query(Practice).one().is_demo = True


def _visit(patient_id: int, provider_id: int, type_id: int, start: datetime, status: str
           ) -> synthetic_schedule.SyntheticAppointment:
    return synthetic_schedule.SyntheticAppointment(patient_id, provider_id, type_id, start,
                                                   start + timedelta(minutes=15), status, status_at=start,
                                                   created_at=start - timedelta(days=7))


def test_refused_outside_a_demo_practice_and_to_a_role_without_manage_practice(
        admin_ctx: ServiceContext, frontdesk_ctx: ServiceContext, frozen: None) -> None:
    with pytest.raises(ConflictError, match="demo practice"):
        synthetic.desk_cast_candidates(admin_ctx)
    _make_demo(admin_ctx)
    with pytest.raises(PermissionDenied):
        synthetic.desk_cast_candidates(frontdesk_ctx)


def test_the_candidates(admin_ctx: ServiceContext, frozen: None) -> None:
    _make_demo(admin_ctx)
    rng = random.Random(5)
    dr = providers.add_provider(admin_ctx, "Maria", "Alvarez", fake_npi(rng), "MD").id
    gone = providers.add_provider(admin_ctx, "James", "Okafor", fake_npi(rng), "DO").id
    providers.set_provider_active(admin_ctx, gone, False)
    visit = schedule_catalog.add_appointment_type(admin_ctx, "Office visit", 15, "#4A90D9").id

    def add(first: str, last: str, dob: str, phone: str, **changes: object) -> int:
        return patients.register_patient(admin_ctx, patient(first, last, dob=dob, phone=phone, **changes)).id

    ann = add("Ann", "Able", "03/14/1962", "(518) 555-0101")
    bob = add("Bob", "Baker", "04/15/1970", "(518) 555-0102")  # booked tomorrow
    cy = add("Cy", "Cole", "05/16/1980", "(518) 555-0103")  # seen yesterday, nothing booked since
    add("Kim", "Kidd", "01/02/2020", "(518) 555-0104")  # a child: the parent calls, not them
    add("Ina", "Irwin", "06/17/1955", "(518) 555-0105", status="inactive")
    add("Noel", "Nash", "07/18/1966", "")
    synthetic_schedule.add_synthetic_appointments(admin_ctx, [
        _visit(bob, dr, visit, NOW + timedelta(days=1), SCHEDULED),
        _visit(cy, dr, visit, NOW - timedelta(days=1), CHECKED_OUT)])

    found = synthetic.desk_cast_candidates(admin_ctx)
    assert found.already_seeded is False
    assert found.time_zone == "America/New_York"
    assert found.adults == (synthetic.DeskCandidate(ann, "Ann", "Able", "+15185550101"),
                            synthetic.DeskCandidate(bob, "Bob", "Baker", "+15185550102"),
                            synthetic.DeskCandidate(cy, "Cy", "Cole", "+15185550103"))
    assert found.unbooked_ids == frozenset({ann, cy})
    assert found.provider_ids == (dr,)

    outside_directory.save_outside_provider(admin_ctx, None, OutsideProviderInput(
        kind="facility", name="Springfield Imaging Center", specialty="Radiology", phone="(217) 555-0400"))
    assert synthetic.desk_cast_candidates(admin_ctx).already_seeded is True
