"""EOB line postings: validating what was typed, the over-application limits, and the claim's new status."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from frontdesk.domain import carc
from frontdesk.domain.money import from_cents, parse_money, to_cents
from frontdesk.errors import ValidationError
from frontdesk.models import ClaimLine, InsuranceLinePosting, PostingAdjustment
from frontdesk.services._ledger_queries import live_weight, writes_off
from frontdesk.domain.card_numbers import clean_note
from frontdesk.services.payments.payment_types import LinePostingInput

MAX_ADJUSTMENTS = 12
_PAYER_CLAIM_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 -]{0,29}$")


@dataclass(frozen=True)
class CleanLine:
    service_line_id: int
    allowed: int
    paid: int
    adjustments: tuple[tuple[str, str, int], ...]
    remark_codes: str
    denied_reason: str

    @property
    def adjusted(self) -> int:
        return sum(a[2] for a in self.adjustments)

    @property
    def written_off(self) -> int:
        return sum(a[2] for a in self.adjustments if writes_off(a[0], a[1]))

    @property
    def patient_responsibility(self) -> int:
        return sum(a[2] for a in self.adjustments if a[0] == carc.PATIENT_GROUP)


def _as_input(value: object, i: int) -> LinePostingInput:
    if isinstance(value, LinePostingInput):
        return value
    if isinstance(value, (tuple, list)) and 3 <= len(value) <= 6:
        return LinePostingInput(*value)  # type: ignore[arg-type]
    raise ValidationError(f"lines[{i}]", f"Line {i + 1} of the posting is not filled in.")


def clean_line(value: object, i: int) -> CleanLine:
    """One typed EOB line -> cents and canonical codes; ValidationError names ``lines[i].<field>``."""
    line = _as_input(value, i)
    where = f"Line {i + 1}"
    field = f"lines[{i}]"
    if isinstance(line.service_line_id, bool) or not isinstance(line.service_line_id, int):
        raise ValidationError(f"{field}.service_line_id", f"{where}: choose the charge this line pays.")
    allowed = to_cents(parse_money(line.allowed, f"{field}.allowed", f"{where}: the allowed amount"))
    paid = to_cents(parse_money(line.paid, f"{field}.paid", f"{where}: the paid amount"))
    if len(line.adjustments) > MAX_ADJUSTMENTS:
        raise ValidationError(f"{field}.adjustments", f"{where}: at most {MAX_ADJUSTMENTS} adjustments.")
    adjustments = []
    for j, adj in enumerate(line.adjustments):
        if not isinstance(adj, (tuple, list)) or len(adj) != 3:
            raise ValidationError(f"{field}.adjustments", f"{where}: each adjustment needs a group, a reason, "
                                                          f"and an amount.")
        group = carc.clean_group(str(adj[0]), f"{field}.adjustments[{j}].group")
        reason = carc.clean_reason(str(adj[1]), f"{field}.adjustments[{j}].reason")
        amount = to_cents(parse_money(adj[2], f"{field}.adjustments[{j}].amount",
                                      f"{where}: the {group}-{reason} amount", allow_zero=False))
        adjustments.append((group, reason, amount))
    remarks = [carc.clean_remark(str(code), f"{field}.remark_codes") for code in line.remark_codes]
    denied = clean_note(line.denied_reason, f"{field}.denied_reason", f"{where}: the denial reason", limit=120)
    if denied and paid:
        raise ValidationError(f"{field}.paid", f"{where} is marked denied, so its paid amount must be $0.00.")
    if paid > allowed:
        raise ValidationError(f"{field}.paid", f"{where}: the paid amount (${from_cents(paid):,.2f}) is more "
                                               f"than the allowed amount (${from_cents(allowed):,.2f}).")
    remark_text = " ".join(dict.fromkeys(remarks))
    if len(remark_text) > 60:
        raise ValidationError(f"{field}.remark_codes", f"{where}: too many remark codes.")
    return CleanLine(line.service_line_id, allowed, paid, tuple(adjustments), remark_text, denied)


def clean_lines(lines: Sequence[object]) -> list[CleanLine]:
    """Every typed EOB line cleaned; at least one, and no charge twice."""
    if isinstance(lines, (str, bytes)) or not lines:
        raise ValidationError("lines", "Enter at least one service line of the EOB.")
    cleaned = [clean_line(line, i) for i, line in enumerate(lines)]
    ids = [c.service_line_id for c in cleaned]
    if len(set(ids)) != len(ids):
        raise ValidationError("lines", "A charge appears twice in this posting; enter each line once.")
    return cleaned


def clean_payer_claim_number(value: object) -> str:
    """The payer's own claim number (ICN) from the EOB, or ''."""
    text = str(value or "").strip()
    if text and not _PAYER_CLAIM_RE.match(text):
        raise ValidationError("payer_claim_number", "The payer's claim number is letters, digits, spaces or "
                                                    "hyphens (up to 30).")
    return text


def posted_on_claims(session: Session, claim_ids: Sequence[int]) -> dict[tuple[int, int], int]:
    """Paid + every adjustment already posted, per (claim id, service line id), in cents."""
    totals: dict[tuple[int, int], int] = {}
    ids = list(claim_ids)
    for claim_id, line_id, paid in session.execute(
            select(InsuranceLinePosting.claim_id, InsuranceLinePosting.service_line_id,
                   func.sum(InsuranceLinePosting.paid_cents))
            .where(InsuranceLinePosting.claim_id.in_(ids))
            .group_by(InsuranceLinePosting.claim_id, InsuranceLinePosting.service_line_id)):
        totals[(claim_id, line_id)] = totals.get((claim_id, line_id), 0) + int(paid)
    for claim_id, line_id, amount in session.execute(
            select(InsuranceLinePosting.claim_id, InsuranceLinePosting.service_line_id,
                   func.sum(PostingAdjustment.amount_cents))
            .join(PostingAdjustment, PostingAdjustment.line_posting_id == InsuranceLinePosting.id)
            .where(InsuranceLinePosting.claim_id.in_(ids))
            .group_by(InsuranceLinePosting.claim_id, InsuranceLinePosting.service_line_id)):
        totals[(claim_id, line_id)] = totals.get((claim_id, line_id), 0) + int(amount)
    return totals


def adjudication(session: Session, claim_ids: Sequence[int]) -> tuple[dict[int, str], dict[int, dict[int, int]]]:
    """Each claim's status by its live postings, and what it paid per service line (for releasing secondaries).

    A claim is paid once every line has a standing posting (denied if nothing was paid and a line was
    denied), partly paid while some lines still wait for the payer's decision, and submitted again when
    reversals took back every posting. A reversal cancels exactly one posting, so counting originals +1
    and reversals -1 per line tells whether a standing posting remains (_ledger_queries.live_weight).
    """
    ids = list(claim_ids)
    lines: dict[int, set[int]] = {i: set() for i in ids}
    for claim_id, line_id in session.execute(select(ClaimLine.claim_id, ClaimLine.service_line_id)
                                             .where(ClaimLine.claim_id.in_(ids))):
        lines[claim_id].add(line_id)
    paid: dict[int, dict[int, int]] = {i: {} for i in ids}
    posted: dict[int, set[int]] = {i: set() for i in ids}
    denied: dict[int, int] = {}
    weight = live_weight()
    for claim_id, line_id, cents, standing, denials in session.execute(
            select(InsuranceLinePosting.claim_id, InsuranceLinePosting.service_line_id,
                   func.sum(InsuranceLinePosting.paid_cents), func.sum(weight),
                   func.sum(case((InsuranceLinePosting.denied_reason != "", weight), else_=0)))
            .where(InsuranceLinePosting.claim_id.in_(ids))
            .group_by(InsuranceLinePosting.claim_id, InsuranceLinePosting.service_line_id)):
        paid[claim_id][line_id] = int(cents)
        if standing > 0:
            posted[claim_id].add(line_id)
        denied[claim_id] = denied.get(claim_id, 0) + int(denials)
    statuses = {}
    for claim_id in ids:
        if not posted[claim_id]:
            statuses[claim_id] = "submitted"
        elif not lines[claim_id] <= posted[claim_id]:
            statuses[claim_id] = "partly_paid"
        elif sum(paid[claim_id].values()) == 0 and denied.get(claim_id, 0) > 0:
            statuses[claim_id] = "denied"
        else:
            statuses[claim_id] = "paid"
    return statuses, paid

