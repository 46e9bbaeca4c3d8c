"""Demo billing: encounters for past demo visits and their claims in every state (demo practice only).

Planned here (which visits, their diagnoses and lines, where each claim has got to, what the payers decide,
who pays what), written through the public services: the synthetic billing service charges the visits and
sends their claims on past days with the billing services' own steps (services/billing/synthetic.py); the
payers' checks and the patients' payments are the public payment operations (demo/_remits.py); a void, a
corrected claim and closing a paid claim are the claims service's. So the build is several transactions.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import date, timedelta

from frontdesk.demo._remits import ClaimRef, Decision, DemoRemits
from frontdesk.domain.formats import age_on
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.services.admin.practice import get_practice
from frontdesk.services.billing import billing_settings, claims, synthetic
from frontdesk.services.billing.synthetic import MAX_BATCH, BilledLine, BilledVisit, ClaimSent, VisitToBill
from frontdesk.services.patients import insurance
from frontdesk.services.session import ServiceContext

MAX_ENCOUNTERS = 5000
WINDOW_DAYS = 150
CHUNK = 25  # visits charged per transaction: progress moves in steps of this many
ACUTE = ("J069", "J029", "R059", "J209", "J0190", "N390", "R519", "B349", "J301", "R1010", "M25561")
CHRONIC = ("I10", "E119", "E1165", "E785", "E039", "K219", "F419", "G4700")
DENIALS = ("CO-16: claim lacks information needed for adjudication", "CO-197: precertification absent",
           "CO-29: the time limit for filing has expired", "CO-50: not deemed a medical necessity")


def _plan(rng: random.Random, type_name: str, age: int, day: date) -> tuple[list[str], list[BilledLine], str]:
    """Diagnoses, lines and place of service for a visit of this kind (a family practice's usual work)."""
    pos = "11"
    if type_name == "Annual physical":
        code = "G0439" if age >= 65 else "99395" if age < 40 else "99396"
        dx = ["Z0000"] + rng.sample(CHRONIC, rng.randrange(0, 2))
        lines = [BilledLine(code, points_at=("Z0000",))]
        if day.month in (9, 10, 11, 12, 1, 2, 3) and rng.random() < 0.6:
            dx.append("Z23")
            lines += [BilledLine("90656", points_at=("Z23",)), BilledLine("90471", points_at=("Z23",))]
        return dx, lines, pos
    if type_name == "Procedure":
        kind = rng.randrange(3)
        if kind == 0:
            return ["M5450"], [BilledLine("96372", points_at=("M5450",)),
                               BilledLine("J1885", 2, points_at=("M5450",))], pos
        if kind == 1:
            return ["H6121"], [BilledLine("69210", modifiers="RT", points_at=("H6121",))], pos
        return ["J209"], [BilledLine("99213", modifiers="25", points_at=("J209",)),
                          BilledLine("94640", points_at=("J209",))], pos
    if type_name == "Telehealth":
        dx = rng.sample(("F419", "I10", "J301", "G4700"), rng.randrange(1, 3))
        return dx, [BilledLine("99213", modifiers="95", points_at=tuple(dx))], "10"
    chronic = type_name == "Follow-up"
    pool = CHRONIC if chronic else ACUTE + CHRONIC[:3]
    dx = rng.sample(pool, rng.randrange(1, 4))
    code = {"New patient": rng.choice(("99203", "99204"))}.get(type_name, rng.choice(("99212", "99213", "99213",
                                                                                      "99214")))
    lines = [BilledLine(code, points_at=tuple(dx[:4]))]
    diabetic = [d for d in dx if d.startswith("E11")]
    if diabetic and rng.random() < 0.7:
        lines += [BilledLine("83036", modifiers="QW", points_at=(diabetic[0],)),
                  BilledLine("36415", points_at=(diabetic[0],))]
    if "J029" in dx and rng.random() < 0.7:
        lines.append(BilledLine("87880", modifiers="QW", points_at=("J029",)))
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



@dataclass
class _Visit:
    """One visit as planned: what to charge, whether the scrubber should find its claim ready, and when and
    how that claim goes out (None: it stays ready); a void replaces it right after it went out."""

    billed: BilledVisit
    ref: ClaimRef
    expect_ready: bool
    send: tuple[date, str] | None = None
    void_reference: str = ""


class _Seeder:
    """Plans visit after visit with one seeded random stream, writing them CHUNK at a time."""

    def __init__(self, ctx: ServiceContext, rng: random.Random, today: date, encounters: int,
                 progress: Callable[[int, int], None] | None) -> None:
        self.ctx, self.rng, self.today, self.encounters, self.progress = ctx, rng, today, encounters, progress
        self.remits = DemoRemits(ctx, rng, today)
        self.pending: list[_Visit] = []
        self.to_close: list[ClaimRef] = []
        self.made = self.claims = 0

    def add(self, visit: _Visit) -> None:
        self.pending.append(visit)
        if len(self.pending) >= CHUNK:
            self.flush()

    def flush(self) -> None:
        """Charge the pending visits, send the claims planned to go out, then make the planned voids."""
        if not self.pending:
            return
        pending, self.pending = self.pending, []
        for visit, billed in zip(pending, synthetic.add_billed_visits(self.ctx, [v.billed for v in pending]),
                                 strict=True):
            visit.ref.claims = billed
            self.claims += 1 + (billed.secondary_claim_id is not None)
            self.made += 1
            if self.progress is not None:
                self.progress(self.made, self.encounters)
        # A claim the scrubber did not find ready (a problem the planner did not foresee) stays as it is.
        going = [v for v in pending if v.send is not None and v.ref.claims and v.ref.claims.primary_status == "ready"]
        _send(self.ctx, [(v.ref, *v.send) for v in going if v.send is not None])
        for visit in going:
            if visit.void_reference:
                claims.void_claim(self.ctx, visit.ref.claim_id, visit.void_reference)
                self.claims += 1

    def when_sent(self, day: date) -> tuple[date, str]:
        """Sent one to three days after the visit (never after today), mostly in an 837P file."""
        on = min(self.today, day + timedelta(days=self.rng.randrange(1, 4)))
        return on, "x12_837p" if self.rng.random() < 0.7 else "paper"

    def drive(self, visit: _Visit, target: str, day: date, *, corrected: bool = False) -> None:
        """Plan how a fresh (ready) primary claim goes out and the payer's answer that takes it to ``target``
        (posted later, with the rest of that payer's check: see demo/_remits.py)."""
        if target == "ready" or not visit.expect_ready:
            return
        visit.send = self.when_sent(day)
        sent_on = visit.send[0]
        if target in ("paid", "partly_paid", "closed"):
            share = self.rng.randrange(55, 86)
            self.remits.plan(visit.ref, Decision("partly_paid" if target == "partly_paid" else "paid", share), sent_on)
            if target == "closed":
                self.to_close.append(visit.ref)
        elif target == "denied":
            self.remits.plan(visit.ref, Decision("denied", denial=self.rng.choice(DENIALS),
                                                 write_off_denial=not corrected), sent_on)


def _send(ctx: ServiceContext, sends: list[tuple[ClaimRef, date, str]]) -> None:
    """Mark the claims sent (in the order given, so the day's batches fill in that order)."""
    wanted = [ClaimSent(ref.claim_id, on, via) for ref, on, via in sends]
    for start in range(0, len(wanted), MAX_BATCH):
        synthetic.mark_claims_sent(ctx, wanted[start:start + MAX_BATCH])
    for ref, _on, _via in sends:
        ref.sent = True


def _clear_release(ctx: ServiceContext, policy_id: int) -> None:
    """The desk never got the release signed (box 12): the policy form saved without its date."""
    record = insurance.get_policy(ctx, policy_id)
    data = {f.name: getattr(record, f.name) for f in fields(insurance.PolicyInput)}
    insurance.update_policy(ctx, policy_id, insurance.PolicyInput(**{**data, "release_signed_on": None}))


def seed_demo_billing(ctx: ServiceContext, *, encounters: int = 300, seed: int = 42,
                      progress: Callable[[int, int], None] | None = None) -> int:
    """Encounters for past demo visits (last 150 days) of insured patients, and claims in every state: draft
    (one with a real problem: no signed release on file), ready, held secondaries, submitted, partly paid,
    paid, denied, closed, a corrected (frequency 7) and a void (frequency 8). Same seed, same data; a second
    call adds nothing. Returns the number of claims made. ``progress(made, encounters)`` follows the visits.

    Several transactions (visits charged CHUNK at a time, each payer check entered, posted and closed, each
    patient payment taken): a failure part way leaves what was written, and a second call then adds nothing.
    """
    found = synthetic.visits_to_bill(ctx, WINDOW_DAYS)  # refuses outside a demo practice
    if isinstance(encounters, bool) or not isinstance(encounters, int) or not 0 <= encounters <= MAX_ENCOUNTERS:
        raise ValidationError("encounters", f"Encounters must be 0 to {MAX_ENCOUNTERS}.")
    if found.has_charges:
        return 0  # already seeded (or real charges entered): never add a second set
    if not found.has_fee_schedule:
        raise ConflictError("Add the demo fee schedule first (the charges come from it).")
    today = found.today
    rng = random.Random(seed)
    # A seeded random order, so the claims spread from yesterday's (still being worked) to months old.
    visits: list[VisitToBill] = list(found.visits)
    rng.shuffle(visits)
    seeder = _Seeder(ctx, rng, today, encounters, progress)
    specials = ["problem", "corrected", "void", "held", "released"]
    no_release: set[int] = set()
    corrected: ClaimRef | None = None
    planned = 0
    for visit in visits:
        if planned >= encounters:
            break
        primary, secondary, day = visit.primary, visit.secondary, visit.service_date
        if primary is None or not primary.payer_active:
            continue  # self-pay or a retired payer: left as a visit without charges
        age_days = (today - day).days
        target, special = _target(rng, age_days), ""
        if "problem" in specials and primary.release_on_file and age_days <= 14:
            special, target = "problem", "ready"
            # Not a missing subscriber birth date: the policy form requires that, and demo policies must stay
            # ones the form would accept. Claims planned before it are written (and sent) first.
            seeder.flush()
            _clear_release(ctx, primary.policy_id)
            no_release.add(primary.policy_id)
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
        dx, lines, pos = _plan(rng, visit.type_name, age_on(visit.patient_dob, day), day)
        planned_visit = _Visit(BilledVisit(visit.appointment_id, tuple(dx), tuple(lines), pos),
                               ClaimRef(primary.payer_id), expect_ready=primary.policy_id not in no_release)
        seeder.drive(planned_visit, target, day, corrected=special == "corrected")
        if special == "void" and planned_visit.send is not None:
            planned_visit.void_reference = f"{rng.randrange(10 ** 11, 10 ** 12)}"
        elif special == "corrected":
            corrected = planned_visit.ref
        seeder.add(planned_visit)
        planned += 1
    seeder.flush()
    seeder.remits.post()  # the payers' checks and EFTs: statuses and released secondaries follow from them
    for ref in seeder.to_close:
        if ref.status == "paid":
            claims.set_claim_status(ctx, ref.claim_id, "closed", "Balance moved to the patient")
    if corrected is not None and corrected.status == "denied":
        replaced = claims.correct_claim(ctx, corrected.claim_id, corrected.payer_claim_number)
        seeder.claims += 1
        if replaced.status == "ready":
            synthetic.mark_claims_sent(ctx, [ClaimSent(replaced.id, *seeder.when_sent(today - timedelta(days=3)))])
    seeder.remits.patient_payments()
    return seeder.claims


def seed_demo_billing_settings(ctx: ServiceContext) -> None:
    """The demo practice's 837P identities (a made-up clearinghouse, test usage), so exports work out of the box.

    Through the billing settings service (its own audit event); only in a demo practice, and only once."""
    if not get_practice(ctx).is_demo:
        raise ConflictError("Synthetic data can only be added to a demo practice.")
    if billing_settings.get_billing_settings(ctx) != billing_settings.BillingSettingsInfo():
        return
    billing_settings.update_billing_settings(
        ctx, submitter_id="MAPLEDEMO01", submitter_name="MAPLE STREET FAMILY MEDICINE", contact_name="Ben Biller",
        contact_phone="+15185550100", receiver_id="DEMOCLEAR", receiver_name="DEMO CLEARINGHOUSE",
        usage_indicator="T")
