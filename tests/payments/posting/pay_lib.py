"""Test data for the payment tests: patients, visits with charges and claims inserted straight through the models.

The billing part 1 services (encounters, claims) check and scrub far more than these tests are about,
so charges and claims are written as rows here; the payment services under test are always called
through their public operations.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from frontdesk.models import (
    Appointment,
    AppointmentType,
    Claim,
    ClaimLine,
    Encounter,
    FeeScheduleItem,
    Guarantor,
    InsurancePolicy,
    Patient,
    Payer,
    Provider,
    ServiceLine,
)
from frontdesk.storage.engine import Database
from testsupport import practice_today

_counter = itertools.count(1)
DOS = date(2026, 10, 1)


@dataclass(frozen=True)
class Visit:
    encounter_id: int
    line_ids: tuple[int, ...]
    claim_ids: tuple[int, ...]


@dataclass(frozen=True)
class Clinic:
    db: Database
    provider_id: int
    other_provider_id: int
    payer_id: int
    secondary_payer_id: int

    def patient(self, last: str = "Doe", first: str = "Jane", guarantor_id: int | None = None) -> int:
        n = next(_counter)
        with self.db.session(write=True) as s:
            p = Patient(account_number=f"T{n:06d}", first_name=first, last_name=last, dob=date(1970, 1, 1), sex="F",
                        last_name_key=last.lower(), first_name_key=first.lower(), guarantor_id=guarantor_id)
            s.add(p)
            s.flush()
            for rank, payer in ((1, self.payer_id), (2, self.secondary_payer_id)):
                s.add(InsurancePolicy(patient_id=p.id, payer_id=payer, rank=rank, member_id=f"M{n}{rank}",
                                      member_key=f"M{n}{rank}", relationship="self", effective_date=date(2020, 1, 1)))
            return p.id

    def guarantor(self, patient_id: int | None = None, last: str = "Payer") -> int:
        with self.db.session(write=True) as s:
            g = Guarantor(patient_id=patient_id, first_name="Gus", last_name=last)
            s.add(g)
            s.flush()
            return g.id

    def visit(self, patient_id: int, charges: tuple[int, ...] = (12500, 4000), *, on: date = DOS,
              claims: tuple[str, ...] = ("submitted",), provider_id: int | None = None,
              status: str = "billed") -> Visit:
        """An encounter with one line per charge (cents); ``claims`` = statuses of the primary, secondary..."""
        with self.db.session(write=True) as s:
            enc = Encounter(patient_id=patient_id, service_date=on, status=status,
                            rendering_provider_id=provider_id or self.provider_id)
            s.add(enc)
            s.flush()
            lines = [ServiceLine(encounter_id=enc.id, line_number=i + 1, from_date=on, to_date=on,
                                 place_of_service="11", code=("99213", "90471", "81002", "36415")[i % 4],
                                 charge_cents=c) for i, c in enumerate(charges)]
            s.add_all(lines)
            s.flush()
            claim_ids = []
            for rank, claim_status in enumerate(claims, start=1):
                payer = self.payer_id if rank == 1 else self.secondary_payer_id
                policy = s.query(InsurancePolicy).filter_by(patient_id=patient_id, rank=rank).one()
                claim = Claim(encounter_id=enc.id, patient_id=patient_id, policy_id=policy.id, payer_id=payer,
                              payer_rank=rank, status=claim_status, total_cents=sum(charges))
                s.add(claim)
                s.flush()
                s.add_all([ClaimLine(claim_id=claim.id, service_line_id=line.id, line_number=line.line_number,
                                     charge_cents=line.charge_cents) for line in lines])
                claim_ids.append(claim.id)
            return Visit(enc.id, tuple(line.id for line in lines), tuple(claim_ids))

    def appointment(self, patient_id: int) -> int:
        """A visit on the calendar today (the check-in a copay is taken at)."""
        start = datetime.now(UTC).replace(microsecond=0)
        with self.db.session(write=True) as s:
            kind = s.scalar(select(AppointmentType).limit(1))
            if kind is None:
                kind = AppointmentType(name="Follow-up", default_minutes=15, colour="#3366AA")
                s.add(kind)
                s.flush()
            appt = Appointment(patient_id=patient_id, provider_id=self.provider_id, type_id=kind.id, start_utc=start,
                               end_utc=start + timedelta(minutes=15), length_minutes=15)
            s.add(appt)
            s.flush()
            return appt.id

    def claim_status(self, claim_id: int) -> str:
        with self.db.session(write=False) as s:
            return s.get(Claim, claim_id).status


def make_clinic(db: Database) -> Clinic:
    with db.session(write=True) as s:
        providers = [Provider(first_name="Ava", last_name="Carter", npi="1245319599"),
                     Provider(first_name="Ben", last_name="Osei", npi="1679576722")]
        payers = [Payer(name="Blue Prairie Health", name_key="blue prairie health", claim_type="group_health_plan"),
                  Payer(name="Medicare", name_key="medicare", claim_type="medicare")]
        s.add_all(providers + payers)
        s.add(FeeScheduleItem(code="99213", code_system="cpt", description="Office visit, established",
                              fee_cents=12500))
        s.flush()
        return Clinic(db, providers[0].id, providers[1].id, payers[0].id, payers[1].id)


def days_ago(n: int) -> date:
    return practice_today() - timedelta(days=n)


def tamper(db: Database, *statements: str) -> None:
    """Raw SQL with every trigger dropped, as someone holding the key would edit posted money."""
    from frontdesk.storage.schema_check import expected_objects

    if db.path is None:  # a practice server: this transaction fires no trigger and checks no foreign key
        with db.engine.begin() as server:
            server.exec_driver_sql("SET LOCAL session_replication_role = replica")
            for sql in statements:
                server.exec_driver_sql(sql)
        return
    conn = db.raw_connection()
    try:
        conn.execute("PRAGMA foreign_keys = OFF")
        for name in (n for kind, n in expected_objects() if kind == "trigger"):
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        for sql in statements:
            conn.execute(sql)
    finally:
        conn.close()
