"""Demo money: payer checks and EFTs posted through the real EOB posting, then patients paying what they owe.

A demo claim that is paid, partly paid, denied or closed got there the way a real one does: its payer's
check or EFT was entered, its lines were posted (allowed, paid, CO-45 contractual write-off, PR-1/2/3
deductible, coinsurance or copay; CO denials), the posting set the claim's status and released a held
secondary, and some patients then paid their part. So the ledger, A/R aging and statements of the demo
agree with its claim statuses. Everything goes through the public payment operations (one transaction
each: enter the check, post its EOB, close it; take a patient's payment), so the same checks refuse a
posting that would not add up; they accept the past dates the demo's history needs (never a future one).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from frontdesk.domain.money import from_cents
from frontdesk.services.billing.synthetic import MAX_BATCH, BilledClaims, patient_shares
from frontdesk.services.payments.insurance_payments import (
    close_insurance_payment,
    enter_insurance_payment,
    post_eob,
)
from frontdesk.services.payments.payment_types import ClaimPostingInput, LinePostingInput
from frontdesk.services.payments.payments import take_payment
from frontdesk.services.session import ServiceContext

PREVENTIVE = frozenset({"99395", "99396", "G0439", "90656", "90471"})  # no cost share for preventive care
COPAYS = (1500, 2000, 2500, 3000, 4000)
PR_REASONS = {"deductible": "1", "coinsurance": "2", "copay": "3"}
EFT_SHARE = 0.7  # most payers pay by EFT; the rest mail a paper check


@dataclass(frozen=True)
class Decision:
    """What the payer decides on one claim: ``share`` % of each charge allowed, or a denial ("CO-16: text").

    A denial is written off (CO: the patient owes nothing) unless the claim is to be corrected and sent
    again, when the charge stays open for the corrected claim."""

    outcome: str  # paid, partly_paid or denied
    share: int = 0
    denial: str = ""
    write_off_denial: bool = True


@dataclass
class ClaimRef:
    """A primary claim as the planner knows it: its payer at once, its id and lines once written, and
    whether it went out (a claim the scrubber kept as a draft is never sent, so never answered)."""

    payer_id: int
    claims: BilledClaims | None = None
    sent: bool = False
    status: str = ""  # after the payer's posting
    payer_claim_number: str = ""

    @property
    def claim_id(self) -> int:
        return _claims(self).primary_claim_id


@dataclass
class _Planned:
    ref: ClaimRef
    decision: Decision
    paid_on: date


@dataclass
class DemoRemits:
    """Collects the payers' decisions while claims are planned, then posts them grouped into checks and EFTs."""

    ctx: ServiceContext
    rng: random.Random
    today: date
    planned: list[_Planned] = field(default_factory=list)

    def plan(self, ref: ClaimRef, decision: Decision, sent_on: date) -> None:
        """The payer answers 10 to 30 days after the claim went out (never after today)."""
        answered = sent_on + timedelta(days=self.rng.randrange(10, 31))
        self.planned.append(_Planned(ref, decision, min(self.today, answered)))

    def post(self) -> None:
        """One check or EFT per payer and day, holding every claim that payer decided that day: entered,
        its EOB posted, closed (three operations)."""
        groups: dict[tuple[date, int], list[_Planned]] = {}
        for item in self.planned:
            if item.ref.sent:
                groups.setdefault((item.paid_on, item.ref.payer_id), []).append(item)
        for (paid_on, payer_id), items in sorted(groups.items(), key=lambda kv: kv[0]):
            eob, total = [], 0
            for item in items:
                lines, paid = self._lines(item)
                item.ref.payer_claim_number = f"{self.rng.randrange(10 ** 11, 10 ** 12)}"
                eob.append(ClaimPostingInput(item.ref.claim_id, tuple(lines), item.ref.payer_claim_number))
                total += paid
            eft = self.rng.random() < EFT_SHARE
            number = f"{self.rng.randrange(10 ** 9, 10 ** 10)}" if eft else f"{self.rng.randrange(10 ** 5, 10 ** 6)}"
            check = enter_insurance_payment(self.ctx, payer_id, kind="eft" if eft else "check", number=number,
                                            paid_on=paid_on, total=str(from_cents(total)))
            for item, result in zip(items, post_eob(self.ctx, check.id, eob), strict=True):
                item.ref.status = result.status
            close_insurance_payment(self.ctx, check.id)

    def _lines(self, item: _Planned) -> tuple[list[LinePostingInput], int]:
        """The EOB lines of one claim as a biller would type them, and what they pay (cents)."""
        claim_lines = [(line.service_line_id, line.charge_cents, line.code) for line in _claims(item.ref).lines]
        decision = item.decision
        if decision.outcome == "denied":
            reason = decision.denial.split(":")[0].split("-")[1]
            return [LinePostingInput(line_id, "0.00", "0.00",
                                     (("CO", reason, str(from_cents(charge))),) if decision.write_off_denial else (),
                                     denied_reason=decision.denial)
                    for line_id, charge, _code in claim_lines], 0
        if decision.outcome == "partly_paid" and len(claim_lines) > 1:
            claim_lines = claim_lines[:-1]  # the payer still reviews the last line
        kind = self.rng.choice(("copay", "coinsurance", "coinsurance", "deductible", "none"))
        lines, total = [], 0
        for i, (line_id, charge, code) in enumerate(claim_lines):
            allowed = charge * decision.share // 100
            patient = 0 if code in PREVENTIVE else _cost_share(self.rng, kind, i, allowed)
            adjustments = [("CO", "45", charge - allowed)] if charge > allowed else []
            if patient:
                adjustments.append(("PR", PR_REASONS[kind], patient))
            lines.append(LinePostingInput(line_id, str(from_cents(allowed)), str(from_cents(allowed - patient)),
                                          tuple((g, r, str(from_cents(a))) for g, r, a in adjustments)))
            total += allowed - patient
        return lines, total

    def patient_payments(self) -> None:
        """Most patients pay what the payer left them (some in part, some not yet), a few days after the EOB."""
        posted = [item for item in self.planned if item.ref.sent]
        ids = [item.ref.claim_id for item in posted]
        owed: dict[int, list[int]] = {}
        patients: dict[int, int] = {}
        cents: dict[int, int] = {}
        for start in range(0, len(ids), MAX_BATCH):
            for share in patient_shares(self.ctx, ids[start:start + MAX_BATCH]):
                owed.setdefault(share.claim_id, []).append(share.service_line_id)
                patients[share.claim_id] = share.patient_id
                cents[share.claim_id] = cents.get(share.claim_id, 0) + share.owed_cents
        for item, claim_id in zip(posted, ids, strict=True):
            if claim_id not in owed:
                continue
            roll = self.rng.random()
            received = item.paid_on + timedelta(days=self.rng.randrange(3, 25))
            # The longer since the EOB, the likelier the patient has paid (after a statement or two).
            recent = (self.today - item.paid_on).days <= 45
            unpaid, half = (0.45, 0.12) if recent else (0.08, 0.04)
            if roll < unpaid or received > self.today:
                continue  # not paid yet: it shows on the patient's next statement
            total = cents[claim_id]
            amount = max(total // 2, 1) if roll < unpaid + half else total  # a few pay half for now
            method = self.rng.choice(("cash", "check", "card"))
            take_payment(
                self.ctx, patients[claim_id], method=method, amount=str(from_cents(amount)), received_on=received,
                check_number=f"{self.rng.randrange(100, 9999)}" if method == "check" else "",
                card_last4=f"{self.rng.randrange(10 ** 4):04d}" if method == "card" else "",
                card_auth_code=f"A{self.rng.randrange(10 ** 5):05d}" if method == "card" else "",
                apply_to=owed[claim_id])


def _claims(ref: ClaimRef) -> BilledClaims:
    assert ref.claims is not None, "a claim is planned before it is written, and posted after"
    return ref.claims


def _cost_share(rng: random.Random, kind: str, index: int, allowed: int) -> int:
    """The patient's part of one allowed amount; the payer always pays something on the claim's first line."""
    if kind == "copay":
        return min(rng.choice(COPAYS), allowed // 2) if index == 0 else 0
    if kind == "deductible" and index == 0:
        return allowed * rng.randrange(30, 70) // 100
    if kind in ("coinsurance", "deductible"):
        return allowed // 5
    return 0
