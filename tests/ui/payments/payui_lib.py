"""Payments UI test data: providers, payers, patients with policies, visits with sent claims, an appointment.

Rows are written straight through the models (billing part 1 has its own tests); every payment the
tests make goes through the screens under test.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot
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
DOS = practice_today() - timedelta(days=20)


@dataclass(frozen=True)
class Visit:
    line_ids: tuple[int, ...]
    claim_id: int


@dataclass(frozen=True)
class Clinic:
    db: Database
    provider_id: int
    payer_id: int

    def patient(self, last: str, first: str = "Jane", copay_cents: int = 2500, guarantor_id: int | None = None) -> int:
        n = next(_counter)
        with self.db.session(write=True) as s:
            p = Patient(account_number=f"U{n:06d}", first_name=first, last_name=last, dob=date(1970, 1, 1), sex="F",
                        last_name_key=last.lower(), first_name_key=first.lower(), guarantor_id=guarantor_id)
            s.add(p)
            s.flush()
            s.add(InsurancePolicy(patient_id=p.id, payer_id=self.payer_id, rank=1, member_id=f"M{n}",
                                  member_key=f"M{n}", relationship="self", effective_date=date(2020, 1, 1),
                                  copay_cents=copay_cents))
            return p.id

    def visit(self, patient_id: int, charges: tuple[int, ...]) -> Visit:
        """A billed encounter with one line per charge (cents) and its primary claim, submitted."""
        with self.db.session(write=True) as s:
            enc = Encounter(patient_id=patient_id, service_date=DOS, status="billed",
                            rendering_provider_id=self.provider_id)
            s.add(enc)
            s.flush()
            lines = [ServiceLine(encounter_id=enc.id, line_number=i + 1, from_date=DOS, to_date=DOS,
                                 place_of_service="11", code=("99213", "90471")[i % 2], charge_cents=c)
                     for i, c in enumerate(charges)]
            s.add_all(lines)
            s.flush()
            policy = s.scalar(select(InsurancePolicy).where(InsurancePolicy.patient_id == patient_id))
            claim = Claim(encounter_id=enc.id, patient_id=patient_id, policy_id=policy.id, payer_id=self.payer_id,
                          payer_rank=1, status="submitted", total_cents=sum(charges), submitted_on=DOS)
            s.add(claim)
            s.flush()
            s.add_all([ClaimLine(claim_id=claim.id, service_line_id=line.id, line_number=line.line_number,
                                 charge_cents=line.charge_cents) for line in lines])
            return Visit(tuple(line.id for line in lines), claim.id)

    def appointment(self, patient_id: int) -> int:
        """A visit on the calendar now (the check-in the copay is taken at)."""
        start = datetime.now(UTC).replace(microsecond=0)
        with self.db.session(write=True) as s:
            kind = AppointmentType(name="Follow-up", default_minutes=15, colour="#3366AA")
            s.add(kind)
            s.flush()
            appt = Appointment(patient_id=patient_id, provider_id=self.provider_id, type_id=kind.id, start_utc=start,
                               end_utc=start + timedelta(minutes=15), length_minutes=15)
            s.add(appt)
            s.flush()
            return appt.id

    def guarantor(self, last: str = "Payer") -> int:
        """A guarantor who is not a patient (a parent paying for two children)."""
        with self.db.session(write=True) as s:
            g = Guarantor(first_name="Gus", last_name=last)
            s.add(g)
            s.flush()
            return g.id

    def set_claim(self, claim_id: int, **values: object) -> None:
        with self.db.session(write=True) as s:
            claim = s.get(Claim, claim_id)
            for name, value in values.items():
                setattr(claim, name, value)

    def claim_status(self, claim_id: int) -> str:
        with self.db.session(write=False) as s:
            return s.get(Claim, claim_id).status


def make_clinic(db: Database) -> Clinic:
    with db.session(write=True) as s:
        provider = Provider(first_name="Ava", last_name="Carter", npi="1245319599")
        payer = Payer(name="Blue Prairie Health", name_key="blue prairie health", claim_type="group_health_plan")
        s.add_all([provider, payer])
        s.add(FeeScheduleItem(code="99213", code_system="cpt", description="Office visit, established",
                              fee_cents=12500))
        s.flush()
        return Clinic(db, provider.id, payer.id)


class Driver:
    """Modal dialogs under test: ``ask`` builds the real dialog, shows it (not modal, so the test can drive it),
    runs the test's ``drive`` on it and returns what the dialog saved."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> None:
        self.monkeypatch = monkeypatch
        self.qtbot = qtbot
        self.opened: list[QDialog] = []
        self.failures: list[BaseException] = []  # a failed check inside ask would be caught by the runner

    def on(self, cls: type, drive: Callable[[Any], None]) -> None:
        driver = self

        def ask(klass, parent, *args, **kwargs):  # type: ignore[no-untyped-def]
            dialog = klass(*args, parent=parent, **kwargs)  # owned by the parent, deleted with it
            dialog.show()
            driver.qtbot.waitExposed(dialog)
            driver.opened.append(dialog)
            try:
                drive(dialog)
            except BaseException as exc:
                driver.failures.append(exc)
                raise
            return dialog.outcome

        self.monkeypatch.setattr(cls, "ask", classmethod(ask))

    def check(self) -> None:
        if self.failures:
            raise self.failures[0]
