"""Demo billing: encounters for past demo visits and their claims in every state (demo practice only).

Built with the same session-level steps the services use (snapshot, scrub, submit, release, replace), so
every claim got where it is the way a real one would; one audit event for the batch.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, time, timedelta

from sqlalchemy import select

from frontdesk.domain import schedule_time as st
from frontdesk.domain.claim_form import DIAGNOSIS_LETTERS
from frontdesk.domain.formats import age_on
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.models import (
    BillingSettings,
    Appointment,
    AppointmentType,
    Claim,
    ClaimBatch,
    Encounter,
    EncounterDiagnosis,
    FeeScheduleItem,
    InsurancePolicy,
    Patient,
    Payer,
    Provider,
    ServiceLine,
)
from frontdesk.services._base import Tx, operation, require_actor
from frontdesk.services.billing._claim_build import snapshot_lines
from frontdesk.services.billing._claim_scrubber import blocking, scrub
from frontdesk.services.billing.claim_states import (
    apply_scrub,
    change_status,
    record_event,
    replace_sent_claim,
    submit,
)
from frontdesk.demo._remits import Decision, DemoRemits
from frontdesk.services.billing._fees import fee_for
from frontdesk.services._lookups import policy_in_effect
from frontdesk.domain.appointment_statuses import CHECKED_OUT
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.demo.data import _require_demo

MAX_ENCOUNTERS = 5000
WINDOW_DAYS = 150
ACUTE = ("J069", "J029", "R059", "J209", "J0190", "N390", "R519", "B349", "J301", "R1010", "M25561")
CHRONIC = ("I10", "E119", "E1165", "E785", "E039", "K219", "F419", "G4700")
DENIALS = ("CO-16: claim lacks information needed for adjudication", "CO-197: precertification absent",
           "CO-29: the time limit for filing has expired", "CO-50: not deemed a medical necessity")


@dataclass
class _Visit:
    """One line as planned: code, units, modifiers, the diagnosis codes it points at, place of service."""

    code: str
    units: int = 1
    modifiers: str = ""
    points_at: tuple[str, ...] = ()


def _plan(rng: random.Random, type_name: str, age: int, day: date) -> tuple[list[str], list[_Visit], str]:
    """Diagnoses, lines and place of service for a visit of this kind (a family practice's usual work)."""
    pos = "11"
    if type_name == "Annual physical":
        code = "G0439" if age >= 65 else "99395" if age < 40 else "99396"
        dx = ["Z0000"] + rng.sample(CHRONIC, rng.randrange(0, 2))
        lines = [_Visit(code, points_at=("Z0000",))]
        if day.month in (9, 10, 11, 12, 1, 2, 3) and rng.random() < 0.6:
            dx.append("Z23")
            lines += [_Visit("90656", points_at=("Z23",)), _Visit("90471", points_at=("Z23",))]
        return dx, lines, pos
    if type_name == "Procedure":
        kind = rng.randrange(3)
        if kind == 0:
            return ["M5450"], [_Visit("96372", points_at=("M5450",)), _Visit("J1885", 2, points_at=("M5450",))], pos
        if kind == 1:
            return ["H6121"], [_Visit("69210", modifiers="RT", points_at=("H6121",))], pos
        return ["J209"], [_Visit("99213", modifiers="25", points_at=("J209",)), _Visit("94640", points_at=("J209",))], pos
    if type_name == "Telehealth":
        dx = rng.sample(("F419", "I10", "J301", "G4700"), rng.randrange(1, 3))
        return dx, [_Visit("99213", modifiers="95", points_at=tuple(dx))], "10"
    chronic = type_name == "Follow-up"
    pool = CHRONIC if chronic else ACUTE + CHRONIC[:3]
    dx = rng.sample(pool, rng.randrange(1, 4))
    code = {"New patient": rng.choice(("99203", "99204"))}.get(type_name, rng.choice(("99212", "99213", "99213",
                                                                                      "99214")))
    lines = [_Visit(code, points_at=tuple(dx[:4]))]
    diabetic = [d for d in dx if d.startswith("E11")]
    if diabetic and rng.random() < 0.7:
        lines += [_Visit("83036", modifiers="QW", points_at=(diabetic[0],)), _Visit("36415", points_at=(diabetic[0],))]
    if "J029" in dx and rng.random() < 0.7:
        lines.append(_Visit("87880", modifiers="QW", points_at=("J029",)))
    return dx, lines, pos


def _target(rng: random.Random, age_days: int) -> str:
    """Where a claim of this age has got to by now (recent ones are still being worked)."""
    roll = rng.random()
    if age_days <= 3:
        return "ready" if roll < 0.85 else "submitted"
    if age_days <= 21:
        return ("ready", "submitted", "paid", "denied")[(roll >= 0.1) + (roll >= 0.65) + (roll >= 0.9)]
    return ("submitted", "paid", "partly_paid", "denied", "closed")[
        (roll >= 0.08) + (roll >= 0.65) + (roll >= 0.8) + (roll >= 0.9)]


class _Seeder:
    def __init__(self, tx: Tx, rng: random.Random, today: date) -> None:
        self.tx, self.session, self.rng, self.today = tx, tx.session, rng, today
        self.user_id = require_actor(tx).user_id
        self.batches: dict[tuple[date, str], ClaimBatch] = {}
        self.claims = 0
        self.remits = DemoRemits(tx, rng, today)
        self.to_close: list[Claim] = []

    def encounter(self, appt: Appointment, patient: Patient, day: date, type_name: str) -> Encounter:
        dx, lines, pos = _plan(self.rng, type_name, age_on(patient.dob, day), day)
        enc = Encounter(patient_id=patient.id, appointment_id=appt.id, service_date=day,
                        rendering_provider_id=appt.provider_id, place_of_service=pos, status="open",
                        created_by=self.user_id)
        self.session.add(enc)
        self.session.flush()
        for position, code in enumerate(dx, start=1):
            self.session.add(EncounterDiagnosis(encounter_id=enc.id, position=position, code=code))
        primary = policy_in_effect(self.session, patient.id, day, 1)
        number = 0
        for visit in lines:
            _item, unit_fee = fee_for(self.session, visit.code, primary.payer_id if primary else None)
            if unit_fee is None:
                continue  # the demo fee schedule lacks it: leave the line out rather than invent a fee
            number += 1
            pointers = "".join(DIAGNOSIS_LETTERS[dx.index(code)] for code in visit.points_at[:4])
            self.session.add(ServiceLine(encounter_id=enc.id, line_number=number, from_date=day, to_date=day,
                                         place_of_service=pos, code=visit.code, modifiers=visit.modifiers,
                                         pointers=pointers or "A", units=visit.units,
                                         charge_cents=unit_fee * visit.units))
        self.session.flush()
        return enc

    def claim(self, enc: Encounter, policy: InsurancePolicy, rank: int) -> Claim:
        claim = Claim(encounter_id=enc.id, patient_id=enc.patient_id, policy_id=policy.id, payer_id=policy.payer_id,
                      payer_rank=rank, status="draft" if rank == 1 else "held", created_by=self.user_id)
        self.session.add(claim)
        self.session.flush()
        snapshot_lines(self.session, claim)
        record_event(self.session, claim, user_id=self.user_id,
                     note="Created" if rank == 1 else "Created; held until the primary pays")
        if rank == 1:
            apply_scrub(self.session, claim, user_id=self.user_id)
        else:
            claim.problem_count = len(blocking(scrub(self.session, claim)))
        self.claims += 1
        return claim

    def send(self, claim: Claim, day: date) -> date:
        on = min(self.today, day + timedelta(days=self.rng.randrange(1, 4)))
        via = "x12_837p" if self.rng.random() < 0.7 else "paper"
        batch = self.batches.get((on, via))
        if batch is None:
            batch = ClaimBatch(kind=via, created_by=self.user_id, file_name=f"demo-{on:%Y%m%d}.{'837' if via != 'paper' else 'pdf'}")
            self.session.add(batch)
            self.session.flush()
            self.batches[(on, via)] = batch
        submit(self.session, claim, via=via, batch_id=batch.id, on_date=on, user_id=self.user_id)
        batch.claim_count += 1
        batch.total_cents += claim.total_cents
        return on

    def drive(self, claim: Claim, target: str, day: date, *, corrected: bool = False) -> None:
        """Send a fresh (ready) primary claim and plan the payer's answer that takes it to ``target``
        (posted later, with the rest of that payer's check: see demo/_remits.py)."""
        if target == "ready" or claim.status != "ready":
            return
        sent_on = self.send(claim, day)
        if target in ("paid", "partly_paid", "closed"):
            share = self.rng.randrange(55, 86)
            self.remits.plan(claim, Decision("partly_paid" if target == "partly_paid" else "paid", share), sent_on)
            if target == "closed":
                self.to_close.append(claim)
        elif target == "denied":
            self.remits.plan(claim, Decision("denied", denial=self.rng.choice(DENIALS),
                                             write_off_denial=not corrected), sent_on)


def _candidates(tx: Tx, today: date, rng: random.Random) -> list[tuple[int, int, str]]:
    """Checked-out visits of the last WINDOW_DAYS (active providers, unmerged patients) in a seeded random
    order, so the claims spread from yesterday's (still being worked) to months old (paid and closed)."""
    tz = schedule_settings(tx.session).tz
    rows = [(a, p, name) for a, p, name in tx.session.execute(
        select(Appointment.id, Appointment.patient_id, AppointmentType.name)
        .join(Patient, Patient.id == Appointment.patient_id)
        .join(AppointmentType, AppointmentType.id == Appointment.type_id)
        .join(Provider, Provider.id == Appointment.provider_id)
        .where(Appointment.status == CHECKED_OUT, Patient.status != "merged", Provider.active.is_(True),
               Appointment.start_utc >= st.wall_to_utc(today - timedelta(days=WINDOW_DAYS), time(0), tz),
               Appointment.start_utc < st.wall_to_utc(today, time(0), tz))
        .order_by(Appointment.id))]
    rng.shuffle(rows)
    return rows


@operation(Permission.MANAGE_PRACTICE)
def seed_demo_billing(tx: Tx, *, encounters: int = 300, seed: int = 42,
                      progress: Callable[[int, int], None] | None = None) -> int:
    """Encounters for past demo visits (last 150 days) of insured patients, and claims in every state: draft
    (one with a real problem: no signed release on file), ready, held secondaries, submitted, partly paid,
    paid, denied, closed, a corrected (frequency 7) and a void (frequency 8). Same seed, same data; a second
    call adds nothing. Returns the number of claims made. ``progress(made, encounters)`` follows the visits."""
    _require_demo(tx)
    if isinstance(encounters, bool) or not isinstance(encounters, int) or not 0 <= encounters <= MAX_ENCOUNTERS:
        raise ValidationError("encounters", f"Encounters must be 0 to {MAX_ENCOUNTERS}.")
    if tx.session.scalar(select(Encounter.id).limit(1)) is not None:
        return 0  # already seeded (or real charges entered): never add a second set
    if tx.session.scalar(select(FeeScheduleItem.id).limit(1)) is None:
        raise ConflictError("Add the demo fee schedule first (the charges come from it).")
    tz = schedule_settings(tx.session).tz
    today = st.utc_now().astimezone(tz).date()
    rng = random.Random(seed)
    seeder = _Seeder(tx, rng, today)
    made = 0
    specials = ["problem", "corrected", "void", "held", "released"]
    corrected: Claim | None = None
    for appt_id, patient_id, type_name in _candidates(tx, today, rng):
        if made >= encounters:
            break
        appt = tx.session.get(Appointment, appt_id)
        patient = tx.session.get(Patient, patient_id)
        assert appt is not None and patient is not None
        day = st.to_local(appt.start_utc, tz).date()
        primary = policy_in_effect(tx.session, patient.id, day, 1)
        payer = tx.session.get(Payer, primary.payer_id) if primary else None
        if primary is None or payer is None or not payer.active:
            continue  # self-pay or a retired payer: left as a visit without charges
        secondary = policy_in_effect(tx.session, patient.id, day, 2)
        age_days = (today - day).days
        target, special = _target(rng, age_days), ""
        if "problem" in specials and primary.release_signed_on is not None and age_days <= 14:
            special, target = "problem", "ready"
            # The desk never got the release signed (box 12). Not a missing subscriber birth date: the
            # policy form requires that, and demo policies must stay ones the form would accept.
            primary.release_signed_on = None
        elif "held" in specials and secondary is not None and age_days > 3:
            special, target = "held", "submitted"
        elif "released" in specials and secondary is not None and age_days > 7:
            special, target = "released", "paid"
        elif "corrected" in specials and age_days > 10:
            special, target = "corrected", "denied"
        elif "void" in specials and age_days > 10:
            special, target = "void", "submitted"
        if special:
            specials.remove(special)
        enc = seeder.encounter(appt, patient, day, type_name)
        claim = seeder.claim(enc, primary, 1)
        if secondary is not None:
            seeder.claim(enc, secondary, 2)
        enc.status = "billed"
        seeder.drive(claim, target, day, corrected=special == "corrected")
        if special == "void" and claim.status == "submitted":
            replace_sent_claim(tx.session, claim, frequency="8", reference=f"{rng.randrange(10 ** 11, 10 ** 12)}",
                               user_id=seeder.user_id)
            seeder.claims += 1
        elif special == "corrected":
            corrected = claim
        made += 1
        if progress is not None:
            progress(made, encounters)
    tx.session.flush()
    seeder.remits.post()  # the payers' checks and EFTs: statuses and released secondaries follow from them
    for claim in seeder.to_close:
        change_status(tx.session, claim, "closed", user_id=seeder.user_id, note="Balance moved to the patient")
    if corrected is not None and corrected.status == "denied":
        replaced = replace_sent_claim(tx.session, corrected, frequency="7", reference=corrected.payer_claim_number,
                                      user_id=seeder.user_id)
        seeder.claims += 1
        if replaced.status == "ready":
            seeder.send(replaced, today - timedelta(days=3))
    seeder.remits.patient_payments([r.claim for r in seeder.remits.planned])
    tx.session.flush()
    tx.audit("demo.billing", entity_type="claim", detail=f"{made} encounters, {seeder.claims} claims")
    tx.changed("encounters", "claims")
    return seeder.claims


@operation(Permission.MANAGE_PRACTICE)
def seed_demo_billing_settings(tx: Tx) -> None:
    """The demo practice's 837P identities (a made-up clearinghouse, test usage), so exports work out of the box."""
    _require_demo(tx)
    if tx.session.scalar(select(BillingSettings.id).limit(1)) is not None:
        return
    tx.session.add(BillingSettings(submitter_id="MAPLEDEMO01", submitter_name="MAPLE STREET FAMILY MEDICINE",
                                   contact_name="Ben Biller", contact_phone="+15185550100",
                                   receiver_id="DEMOCLEAR", receiver_name="DEMO CLEARINGHOUSE", usage_indicator="T"))
    tx.audit("billing_settings.update", entity_type="billing_settings", entity_id=1, detail="demo")
    tx.changed("billing_settings")
