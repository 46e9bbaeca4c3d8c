"""The synthetic practice's billing history for the benchmarks: encounters, charges and claims in bulk.

Rows go in through SQLAlchemy Core ``insert`` in chunks (portable, and fast enough: a few hundred thousand
claims in about a minute). Each encounter is a past checked-out visit of a patient with a primary policy in
effect; claim states follow the age of the visit, so the claims list has every status in realistic numbers.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from datetime import date

from sqlalchemy import func, insert, select

from frontdesk.domain import schedule_time as st
from frontdesk.models import (
    Appointment,
    Claim,
    ClaimLine,
    Encounter,
    EncounterDiagnosis,
    FeeScheduleItem,
    InsurancePolicy,
    ServiceLine,
)
from frontdesk.storage.engine import Database

CHUNK = 5000
# Common, billable ICD-10-CM codes of a family practice (codes are public; no descriptions stored here).
DIAGNOSES = ("J069", "I10", "E119", "E785", "M545", "R509", "Z0000", "Z23", "J209", "N390", "K219", "F419",
             "E039", "R051", "M2550", "L309", "H6590", "B349", "R1084", "Z1331")
FALLBACK_CODES = (("99213", 11500), ("99214", 16500), ("90471", 2500), ("36415", 1200), ("81002", 900),
                  ("99212", 7500), ("J1100", 1800), ("G0008", 3000))


def _fee_codes(session) -> list[tuple[str, int]]:  # type: ignore[no-untyped-def]
    rows = session.execute(select(FeeScheduleItem.code, FeeScheduleItem.fee_cents)
                           .where(FeeScheduleItem.active.is_(True))).all()
    return [(r.code, r.fee_cents) for r in rows] or list(FALLBACK_CODES)


def _status_for(age_days: int, rng: random.Random) -> str:
    if age_days > 120:
        return rng.choices(("paid", "closed", "denied", "partly_paid"), (80, 12, 4, 4))[0]
    if age_days > 30:
        return rng.choices(("paid", "submitted", "partly_paid", "denied"), (55, 30, 10, 5))[0]
    return rng.choices(("ready", "draft", "submitted"), (40, 10, 50))[0]


def _visits(session, limit: int) -> Iterator[tuple[int, int, int, object]]:  # type: ignore[no-untyped-def]
    """(appointment id, patient id, provider id, start) of past checked-out visits not billed yet, oldest first."""
    billed = select(Encounter.appointment_id).where(Encounter.appointment_id.is_not(None))
    stmt = (select(Appointment.id, Appointment.patient_id, Appointment.provider_id, Appointment.start_utc)
            .where(Appointment.status == "checked_out", Appointment.id.not_in(billed))
            .order_by(Appointment.id).limit(limit))
    yield from session.execute(stmt).tuples()


def ensure_billing_data(db: Database, claims_wanted: int, *, seed: int = 7, lines_per_claim: float = 5.0) -> int:
    """Top the practice up to about ``claims_wanted`` claims (one per encounter, ~5 charges each)."""
    with db.session(write=False) as session:
        have = int(session.scalar(select(func.count()).select_from(Claim)) or 0)
    if have >= claims_wanted * 0.98:
        return have
    started = time.perf_counter()
    rng = random.Random(seed + have)
    today = st.utc_now().date()
    with db.session(write=True) as session:
        codes = _fee_codes(session)
        policies = dict(session.execute(
            select(InsurancePolicy.patient_id, func.min(InsurancePolicy.id))
            .where(InsurancePolicy.rank == 1).group_by(InsurancePolicy.patient_id)).tuples().all())
        payer_of = dict(session.execute(select(InsurancePolicy.id, InsurancePolicy.payer_id)).tuples().all())
        next_encounter = int(session.scalar(select(func.max(Encounter.id))) or 0) + 1
        next_line = int(session.scalar(select(func.max(ServiceLine.id))) or 0) + 1
        next_claim = int(session.scalar(select(func.max(Claim.id))) or 0) + 1
        made = 0
        batch: dict[str, list[dict[str, object]]] = {"e": [], "d": [], "s": [], "c": [], "l": []}

        def flush() -> None:
            for model, key in ((Encounter, "e"), (EncounterDiagnosis, "d"), (ServiceLine, "s"), (Claim, "c"),
                               (ClaimLine, "l")):
                if batch[key]:
                    session.execute(insert(model), batch[key])
                    batch[key].clear()

        for appointment_id, patient_id, provider_id, start in _visits(session, claims_wanted - have):
            policy_id = policies.get(patient_id)
            if policy_id is None:
                continue
            dos: date = start.date()  # type: ignore[attr-defined]
            eid, cid = next_encounter, next_claim
            next_encounter += 1
            next_claim += 1
            batch["e"].append(dict(id=eid, patient_id=patient_id, appointment_id=appointment_id, service_date=dos,
                                   rendering_provider_id=provider_id, status="billed", created_by=None))
            dx = rng.sample(DIAGNOSES, rng.randint(1, 4))
            batch["d"] += [dict(encounter_id=eid, position=i + 1, code=code) for i, code in enumerate(dx)]
            n_lines = max(1, min(12, round(rng.gauss(lines_per_claim, 1.5))))
            total = 0
            for n in range(1, n_lines + 1):
                code, fee = codes[rng.randrange(len(codes))]
                units = 1 if rng.random() < 0.9 else 2
                charge = fee * units
                total += charge
                batch["s"].append(dict(id=next_line, encounter_id=eid, line_number=n, from_date=dos, to_date=dos,
                                       place_of_service="11", code=code, pointers="A", units=units,
                                       charge_cents=charge))
                batch["l"].append(dict(claim_id=cid, service_line_id=next_line, line_number=n, charge_cents=charge))
                next_line += 1
            status = _status_for((today - dos).days, rng)
            batch["c"].append(dict(id=cid, encounter_id=eid, patient_id=patient_id, policy_id=policy_id,
                                   payer_id=payer_of[policy_id], payer_rank=1, status=status, total_cents=total,
                                   submitted_on=None if status in ("draft", "ready") else dos,
                                   submission="" if status in ("draft", "ready") else "paper",
                                   problem_count=1 if status == "draft" else 0))
            made += 1
            if len(batch["c"]) >= CHUNK:
                flush()
        flush()
    print(f"added {made:,} encounters and claims ({next_line - 1:,} charges in all) "
          f"in {time.perf_counter() - started:.1f} s")
    return have + made
