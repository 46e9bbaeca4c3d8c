"""What an earlier payer decided on a claim, read from its posted EOB: adjustments and check date per line.

A secondary claim's 837P repeats the primary's decision (2430: paid amount, CAS, DTP*573). The adjustments
are summed per line, group and reason over every posting of the primary's claim, so a reversed posting
nets out with its original; the date is the check or EFT date of the payment that carries the line's
standing posting (the payer's date, not the day the EOB was keyed in here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from frontdesk.domain.claim_form import Adjustment
from frontdesk.models import InsuranceLinePosting, InsurancePayment, PostingAdjustment


@dataclass(frozen=True)
class PriorDecision:
    """Per service line id: the earlier payer's adjustments and the date of its standing decision."""

    adjustments: dict[int, tuple[Adjustment, ...]] = field(default_factory=dict)
    decided_on: dict[int, date] = field(default_factory=dict)

    @property
    def last_date(self) -> date | None:
        """The claim's adjudication date: the latest check date of its lines (None = nothing posted)."""
        return max(self.decided_on.values(), default=None)


def prior_decision(session: Session, claim_id: int) -> PriorDecision:
    """The posted decision of the payer of ``claim_id`` (the earlier payer's claim), line by line."""
    sums = session.execute(
        select(PostingAdjustment.service_line_id, PostingAdjustment.group_code, PostingAdjustment.reason_code,
               func.sum(PostingAdjustment.amount_cents))
        .join(InsuranceLinePosting, InsuranceLinePosting.id == PostingAdjustment.line_posting_id)
        .where(InsuranceLinePosting.claim_id == claim_id)
        .group_by(PostingAdjustment.service_line_id, PostingAdjustment.group_code, PostingAdjustment.reason_code)
        .order_by(PostingAdjustment.service_line_id, func.min(PostingAdjustment.id)))
    adjustments: dict[int, list[Adjustment]] = {}
    for line_id, group, reason, cents in sums:
        if cents:
            adjustments.setdefault(line_id, []).append(Adjustment(group, reason, int(cents)))
    reversal = aliased(InsuranceLinePosting)
    standing = (select(InsuranceLinePosting.service_line_id, func.max(InsurancePayment.paid_on))
                .join(InsurancePayment, InsurancePayment.id == InsuranceLinePosting.insurance_payment_id)
                .outerjoin(reversal, reversal.reverses_id == InsuranceLinePosting.id)
                .where(InsuranceLinePosting.claim_id == claim_id, InsuranceLinePosting.reverses_id.is_(None),
                       reversal.id.is_(None))
                .group_by(InsuranceLinePosting.service_line_id))
    return PriorDecision({k: tuple(v) for k, v in adjustments.items()},
                         {line_id: day for line_id, day in session.execute(standing)})
