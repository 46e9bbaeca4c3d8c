"""An 835 claim turned into the EOB posting the desk would have typed: lines matched by SVC, claim-level
adjustments spread over the lines, allowed amounts, denials and remark codes (the same LinePostingInput
that manual EOB entry sends to post_eob, so both post through one service).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from frontdesk.domain import carc
from frontdesk.domain.era835.records import DENIED_STATUS, Adjustment, RemitClaim, RemitLine
from frontdesk.domain.money import from_cents
from frontdesk.services.payments.payment_types import ClaimPostingInput, LinePostingInput


@dataclass(frozen=True)
class ChargeLine:
    """A line of the claim here, as SVC matching needs it (cents)."""

    service_line_id: int
    line_number: int
    code: str
    modifiers: tuple[str, ...]
    service_date: date
    charge_cents: int


def match_lines(remit: RemitClaim, charges: Sequence[ChargeLine]) -> tuple[list[int | None], str]:
    """The charge each SVC pays (procedure, modifiers, charge; the date breaks ties), each charge once.

    Tried strictest first: all three, then procedure + charge (a payer may drop a modifier). SVC02 echoes the
    charge sent, so a line whose charge differs is not guessed at. Returns the ids (None where no charge fits)
    and a problem naming the first miss.
    """
    free = list(charges)
    found: list[int | None] = []
    problem = ""
    for i, line in enumerate(remit.lines):
        keys = (lambda c: c.code == line.procedure and c.modifiers == line.modifiers
                and c.charge_cents == line.charge_cents,
                lambda c: c.code == line.procedure and c.charge_cents == line.charge_cents)
        pick = None
        for fits in keys:
            candidates = [c for c in free if fits(c)]
            if candidates:
                dated = [c for c in candidates if c.service_date == line.service_date]
                pick = (dated or candidates)[0]
                break
        if pick is None:
            found.append(None)
            problem = problem or (f"Line {i + 1} ({line.procedure} ${from_cents(line.charge_cents):,.2f}) matches no "
                                  f"charge on the claim.")
            continue
        free.remove(pick)
        found.append(pick.service_line_id)
    return found, problem


def _money(cents: int) -> str:
    return str(from_cents(cents))


def _spread(open_cents: list[int], amount: int) -> list[int]:
    """An amount split over lines in order, each up to what is still open on it; the rest on the last line."""
    parts = [0] * len(open_cents)
    left = amount
    for i, room in enumerate(open_cents):
        take = max(min(room, left), 0) if i < len(open_cents) - 1 else left
        parts[i] = take
        left -= take
    return parts


def _claim_level_lines(remit: RemitClaim, charges: Sequence[ChargeLine]) -> list[RemitLine]:
    """A claim paid at claim level (no SVC): its charges, the paid amount spread over them in order."""
    paid = _spread([c.charge_cents for c in charges], remit.paid_cents - remit.interest_cents)
    return [RemitLine(c.code, c.modifiers, c.charge_cents, p, "", c.service_date, None, (), (), "", remit.segment_line)
            for c, p in zip(charges, paid, strict=True)]


def posting_input(remit: RemitClaim, claim_id: int, charges: Sequence[ChargeLine],
                  line_ids: Sequence[int | None]) -> ClaimPostingInput:
    """The EOB posting of one remittance claim whose lines all matched (``line_ids`` from match_lines)."""
    if remit.lines:
        lines = list(remit.lines)
        ids = [int(i) for i in line_ids if i is not None]
    else:
        lines = _claim_level_lines(remit, charges)
        ids = [c.service_line_id for c in charges]
    adjustments: list[list[Adjustment]] = [list(ln.adjustments) for ln in lines]
    for adj in remit.adjustments:  # claim-level CAS: on the lines where the charge is still open
        open_cents = [ln.charge_cents - ln.paid_cents - sum(a.cents for a in adjustments[i])
                      for i, ln in enumerate(lines)]
        for i, part in enumerate(_spread(open_cents, adj.cents)):
            if part:
                adjustments[i].append(Adjustment(adj.group, adj.reason, part))
    out = []
    for line, service_line_id, adjs in zip(lines, ids, adjustments, strict=True):
        patient = sum(a.cents for a in adjs if a.group == carc.PATIENT_GROUP)
        allowed = line.allowed_cents if line.allowed_cents is not None else line.paid_cents + patient
        denied = ""
        if line.paid_cents == 0 and (remit.status == DENIED_STATUS or patient == 0):
            reasons = sorted((a for a in adjs if a.group != carc.PATIENT_GROUP), key=lambda a: -a.cents)
            denied = carc.describe(reasons[0].group, reasons[0].reason)[:120] if reasons else "Denied by the payer"
        remarks = tuple(dict.fromkeys((*line.remark_codes, *remit.remark_codes)))
        out.append(LinePostingInput(service_line_id, _money(allowed), _money(line.paid_cents),
                                    tuple((a.group, a.reason, _money(a.cents)) for a in adjs if a.cents),
                                    remarks, denied))
    return ClaimPostingInput(claim_id, tuple(out), remit.payer_claim_number)
