"""Demo money: payer checks and EFTs posted through the real EOB posting, then patients paying what they owe.

A demo claim that is paid, partly paid, denied or closed got there the way a real one does: its payer's
check or EFT was entered, its lines were posted (allowed, paid, CO-45 contractual write-off, PR-1/2/3
deductible, coinsurance or copay; CO denials), the posting set the claim's status and released a held
secondary, and some patients then paid their part. So the ledger, A/R aging and statements of the demo
agree with its claim statuses. Everything runs inside the demo billing seeder's one transaction, through
the public services' bodies (``__wrapped__``), so the same checks refuse a posting that would not add up.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlalchemy import select

from frontdesk.domain.money import from_cents
from frontdesk.models import Claim, ClaimLine, ServiceLine
from frontdesk.services._base import Tx
from frontdesk.services._ledger_queries import line_states
from frontdesk.services.payments.insurance_payments import (
    close_insurance_payment,
    enter_insurance_payment,
    post_eob,
)
from frontdesk.services.payments.payment_types import ClaimPostingInput, LinePostingInput
from frontdesk.services.payments.payments import take_payment

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
class _Planned:
    claim: Claim
    decision: Decision
    paid_on: date


@dataclass
class DemoRemits:
    """Collects the payers' decisions while claims are made, then posts them grouped into checks and EFTs."""

    tx: Tx
    rng: random.Random
    today: date
    planned: list[_Planned] = field(default_factory=list)

    def plan(self, claim: Claim, decision: Decision, sent_on: date) -> None:
        """The payer answers 10 to 30 days after the claim went out (never after today)."""
        answered = sent_on + timedelta(days=self.rng.randrange(10, 31))
        self.planned.append(_Planned(claim, decision, min(self.today, answered)))

    def post(self) -> None:
        """One check or EFT per payer and day, holding every claim that payer decided that day."""
        groups: dict[tuple[date, int], list[_Planned]] = {}
        for item in self.planned:
            groups.setdefault((item.paid_on, item.claim.payer_id), []).append(item)
        for (paid_on, payer_id), items in sorted(groups.items(), key=lambda kv: kv[0]):
            eob, total = [], 0
            for item in items:
                lines, paid = self._lines(item)
                eob.append(ClaimPostingInput(item.claim.id, tuple(lines), f"{self.rng.randrange(10 ** 11, 10 ** 12)}"))
                total += paid
            eft = self.rng.random() < EFT_SHARE
            number = f"{self.rng.randrange(10 ** 9, 10 ** 10)}" if eft else f"{self.rng.randrange(10 ** 5, 10 ** 6)}"
            check = enter_insurance_payment.__wrapped__(  # type: ignore[attr-defined]
                self.tx, payer_id, kind="eft" if eft else "check", number=number, paid_on=paid_on,
                total=str(from_cents(total)))
            post_eob.__wrapped__(self.tx, check.id, eob)  # type: ignore[attr-defined]
            close_insurance_payment.__wrapped__(self.tx, check.id)  # type: ignore[attr-defined]

    def _lines(self, item: _Planned) -> tuple[list[LinePostingInput], int]:
        """The EOB lines of one claim as a biller would type them, and what they pay (cents)."""
        claim_lines = self.tx.session.execute(
            select(ClaimLine.service_line_id, ClaimLine.charge_cents, ServiceLine.code)
            .join(ServiceLine, ServiceLine.id == ClaimLine.service_line_id)
            .where(ClaimLine.claim_id == item.claim.id).order_by(ClaimLine.line_number)).all()
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

    def patient_payments(self, claims: Sequence[Claim]) -> None:
        """Most patients pay what the payer left them (some in part, some not yet), a few days after the EOB."""
        line_ids = {cl.service_line_id: cl.claim_id for cl in self.tx.session.scalars(
            select(ClaimLine).where(ClaimLine.claim_id.in_([c.id for c in claims])))}
        states = line_states(self.tx.session, [], line_ids=list(line_ids))
        paid_on = {item.claim.id: item.paid_on for item in self.planned}
        for claim in claims:
            owed = [s for s in states.values() if line_ids[s.id] == claim.id and s.patient_portion > 0]
            if not owed or claim.id not in paid_on:
                continue
            roll = self.rng.random()
            received = paid_on[claim.id] + timedelta(days=self.rng.randrange(3, 25))
            # The longer since the EOB, the likelier the patient has paid (after a statement or two).
            recent = (self.today - paid_on[claim.id]).days <= 45
            unpaid, half = (0.45, 0.12) if recent else (0.08, 0.04)
            if roll < unpaid or received > self.today:
                continue  # not paid yet: it shows on the patient's next statement
            total = sum(s.patient_portion for s in owed)
            amount = max(total // 2, 1) if roll < unpaid + half else total  # a few pay half for now
            method = self.rng.choice(("cash", "check", "card"))
            take_payment.__wrapped__(  # type: ignore[attr-defined]
                self.tx, claim.patient_id, method=method, amount=str(from_cents(amount)), received_on=received,
                check_number=f"{self.rng.randrange(100, 9999)}" if method == "check" else "",
                card_last4=f"{self.rng.randrange(10 ** 4):04d}" if method == "card" else "",
                card_auth_code=f"A{self.rng.randrange(10 ** 5):05d}" if method == "card" else "",
                apply_to=[s.id for s in owed])


def _cost_share(rng: random.Random, kind: str, index: int, allowed: int) -> int:
    """The patient's part of one allowed amount; the payer always pays something on the claim's first line."""
    if kind == "copay":
        return min(rng.choice(COPAYS), allowed // 2) if index == 0 else 0
    if kind == "deductible" and index == 0:
        return allowed * rng.randrange(30, 70) // 100
    if kind in ("coinsurance", "deductible"):
        return allowed // 5
    return 0
