"""The balance model in SQL: per-charge state, patient credit, and grouped balances for lists.

Balance model (every figure in integer cents, summed from append-only rows):

* A charge is a service line of an encounter that is not void.
* Per charge:  open = charge - insurance paid - written off - patient money applied to it, where
  "written off" is every claim adjustment except PR (patient responsibility stays owed, by the
  patient) and except reason 23 (the prior payer's share, shown on a secondary EOB for information).
* Patient credit = patient money received (payments - refunds, reversals undo either) - what of it is
  applied to non-void charges.
* Balance = sum(open) - credit = charges - insurance paid - written off - patient money received.
* Insurance portion of a charge = its open amount (if positive) while some claim on it still awaits a
  payer's decision on that line: a draft, ready, held, submitted or partly paid claim with no posting
  for the line yet. Patient portion = the rest. So insurance + patient portions = balance, always;
  patient portion also carries the credit (negative = money on account).
* A payer posting can be reversed (a posting with every amount negated and ``reverses_id`` set): sums net
  out, and a line counts as decided only while a standing posting remains (``live_weight`` summed > 0).

Aging (issue 7 item 5) can use ``line_states`` with the charge's date of service; statements read the
patient portions. Everything here takes a Session and runs inside a caller's operation.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import ColumnElement, Select, and_, case, func, select, union_all
from sqlalchemy.orm import Session

from frontdesk.domain.money import from_cents
from frontdesk.models import (
    Claim,
    ClaimLine,
    Encounter,
    InsuranceLinePosting,
    Payment,
    PaymentApplication,
    PostingAdjustment,
    ServiceLine,
)

# Claims that still await a payer's decision on the lines not yet posted.
AWAITING_STATUSES = ("draft", "ready", "held", "submitted", "partly_paid")
PRIOR_PAYER_REASON = "23"


def writes_off(group: str, reason: str) -> bool:
    """True when an adjustment leaves the balance (see the module docstring)."""
    return group != "PR" and reason != PRIOR_PAYER_REASON


def live_weight() -> ColumnElement[int]:
    """+1 for a payer posting, -1 for a reversal: summed per claim line, > 0 means a standing decision."""
    return case((InsuranceLinePosting.reverses_id.is_(None), 1), else_=-1)


def _write_off_filter():  # type: ignore[no-untyped-def]
    return and_(PostingAdjustment.group_code != "PR", PostingAdjustment.reason_code != PRIOR_PAYER_REASON)


@dataclass
class LineState:
    """One charge and everything posted against it (cents)."""

    id: int
    patient_id: int
    encounter_id: int
    provider_id: int
    service_date: date
    code: str
    charge: int
    insurance_paid: int = 0
    written_off: int = 0
    patient_responsibility: int = 0
    patient_applied: int = 0
    awaiting_insurance: bool = False

    @property
    def open(self) -> int:
        return self.charge - self.insurance_paid - self.written_off - self.patient_applied

    @property
    def insurance_portion(self) -> int:
        return max(self.open, 0) if self.awaiting_insurance else 0

    @property
    def patient_portion(self) -> int:
        return self.open - self.insurance_portion


def lines_select(patient_ids: Iterable[int], provider_id: int | None) -> Select:  # type: ignore[type-arg]
    """SELECT of the ids of the patients' non-void charges (for IN (SELECT ...) filters)."""
    query = (select(ServiceLine.id).join(Encounter, Encounter.id == ServiceLine.encounter_id)
             .where(Encounter.patient_id.in_(list(patient_ids)), Encounter.status != "void"))
    if provider_id is not None:
        query = query.where(Encounter.rendering_provider_id == provider_id)
    return query


def line_states(session: Session, patient_ids: Iterable[int], *, provider_id: int | None = None,
                line_ids: Iterable[int] | None = None) -> dict[int, LineState]:
    """Every non-void charge of the patients (or just ``line_ids``) with its postings, by service line id."""
    patient_ids = list(patient_ids)
    query = (select(ServiceLine.id, Encounter.patient_id, Encounter.id, Encounter.rendering_provider_id,
                    ServiceLine.from_date, ServiceLine.code, ServiceLine.charge_cents)
             .join(Encounter, Encounter.id == ServiceLine.encounter_id).where(Encounter.status != "void"))
    if line_ids is not None:
        ids = list(line_ids)
        query = query.where(ServiceLine.id.in_(ids))
        subquery = select(ServiceLine.id).where(ServiceLine.id.in_(ids))
    else:
        query = query.where(Encounter.patient_id.in_(patient_ids))
        if provider_id is not None:
            query = query.where(Encounter.rendering_provider_id == provider_id)
        subquery = lines_select(patient_ids, provider_id)
    states = {row[0]: LineState(*row) for row in session.execute(query)}
    if not states:
        return states
    sub = subquery  # an IN (SELECT ...): the database picks the lines, no long parameter lists
    posted_claim_lines: set[tuple[int, int]] = set()
    for line_id, claim_id, paid, standing in session.execute(
            select(InsuranceLinePosting.service_line_id, InsuranceLinePosting.claim_id,
                   func.sum(InsuranceLinePosting.paid_cents), func.sum(live_weight()))
            .where(InsuranceLinePosting.service_line_id.in_(sub))
            .group_by(InsuranceLinePosting.service_line_id, InsuranceLinePosting.claim_id)):
        if line_id in states:
            states[line_id].insurance_paid += int(paid)
            if standing > 0:  # every posting of the line reversed: the payer's decision is awaited again
                posted_claim_lines.add((claim_id, line_id))
    for line_id, group, reason, amount in session.execute(
            select(PostingAdjustment.service_line_id, PostingAdjustment.group_code, PostingAdjustment.reason_code,
                   func.sum(PostingAdjustment.amount_cents))
            .where(PostingAdjustment.service_line_id.in_(sub))
            .group_by(PostingAdjustment.service_line_id, PostingAdjustment.group_code,
                      PostingAdjustment.reason_code)):
        if line_id not in states:
            continue
        if writes_off(group, reason):
            states[line_id].written_off += int(amount)
        elif group == "PR":
            states[line_id].patient_responsibility += int(amount)
    for line_id, amount in session.execute(
            select(PaymentApplication.service_line_id, func.sum(PaymentApplication.amount_cents))
            .where(PaymentApplication.service_line_id.in_(sub)).group_by(PaymentApplication.service_line_id)):
        if line_id in states:
            states[line_id].patient_applied += int(amount)
    # The status is tested here, not in SQL: with it in the WHERE clause SQLite walks the status index
    # (every submitted claim in the practice) instead of the patient's few claim lines.
    for line_id, claim_id, status in session.execute(
            select(ClaimLine.service_line_id, Claim.id, Claim.status).join(Claim, Claim.id == ClaimLine.claim_id)
            .where(ClaimLine.service_line_id.in_(sub))):
        if status in AWAITING_STATUSES and line_id in states and (claim_id, line_id) not in posted_claim_lines:
            states[line_id].awaiting_insurance = True
    return states


@dataclass(frozen=True)
class BalanceSplit:
    """Today's balance of some patients split the one way the ledger, statements and patient header show it
    (cents): ``patient`` is owed now (credit already taken off; negative = money on account)."""

    insurance: int
    patient: int
    credit: int

    @property
    def balance(self) -> int:
        return self.insurance + self.patient


def balance_split(session: Session, patient_ids: Iterable[int], states: dict[int, LineState] | None = None, *,
                  provider_id: int | None = None) -> BalanceSplit:
    """What awaits insurance and what the patients owe now; ``states`` when the caller already read them.

    With a provider filter there is no credit: unapplied money belongs to no provider."""
    ids = list(patient_ids)
    if states is None:
        states = line_states(session, ids, provider_id=provider_id)
    credit = 0 if provider_id is not None else patient_credit_cents(session, ids)
    return BalanceSplit(sum(s.insurance_portion for s in states.values()),
                        sum(s.patient_portion for s in states.values()) - credit, credit)


def patient_credit_cents(session: Session, patient_ids: Iterable[int]) -> int:
    """Patient money received and not applied to a non-void charge (may be negative after a reversal)."""
    patient_ids = list(patient_ids)
    received = session.scalar(select(func.coalesce(func.sum(Payment.amount_cents), 0))
                              .where(Payment.patient_id.in_(patient_ids))) or 0
    applied = session.scalar(
        select(func.coalesce(func.sum(PaymentApplication.amount_cents), 0))
        .join(Payment, Payment.id == PaymentApplication.payment_id)
        .join(ServiceLine, ServiceLine.id == PaymentApplication.service_line_id)
        .join(Encounter, Encounter.id == ServiceLine.encounter_id)
        .where(Payment.patient_id.in_(patient_ids), Encounter.status != "void")) or 0
    return int(received) - int(applied)


def patient_balances(session: Session, patient_ids: Iterable[int]) -> dict[int, Decimal]:
    """Balance per patient (charges - insurance paid - written off - patient money) in ONE grouped query.

    Meant for a page of search results: each branch reads only those patients' rows through the
    patient / service line indexes. Patients without any activity get Decimal('0.00').
    """
    ids = sorted(set(patient_ids))
    if not ids:
        return {}
    live = and_(Encounter.patient_id.in_(ids), Encounter.status != "void")
    pid, cents = "pid", "cents"
    parts = union_all(
        select(Encounter.patient_id.label(pid), ServiceLine.charge_cents.label(cents))
        .join(ServiceLine, ServiceLine.encounter_id == Encounter.id).where(live),
        select(Encounter.patient_id, -InsuranceLinePosting.paid_cents)
        .join(ServiceLine, ServiceLine.encounter_id == Encounter.id)
        .join(InsuranceLinePosting, InsuranceLinePosting.service_line_id == ServiceLine.id).where(live),
        select(Encounter.patient_id, -PostingAdjustment.amount_cents)
        .join(ServiceLine, ServiceLine.encounter_id == Encounter.id)
        .join(PostingAdjustment, PostingAdjustment.service_line_id == ServiceLine.id)
        .where(live, _write_off_filter()),
        select(Payment.patient_id, -Payment.amount_cents).where(Payment.patient_id.in_(ids)),
    ).subquery()
    totals = dict(session.execute(select(parts.c[pid], func.sum(parts.c[cents])).group_by(parts.c[pid])).all())
    return {p: from_cents(int(totals.get(p) or 0)) for p in ids}
