"""Coordination of benefits in the 837P: 2320/2330A/2330B (the other payer) and 2430 (its decision per line).

005010X222A1 rules followed here:

* 2320 CAS carries the claim-level adjustments of an earlier payer that adjudicated the claim; 2430 CAS
  those it made on a line. One CAS segment per group code (CO, CR, OA, PI, PR) with up to six
  reason/amount pairs; a group repeats in a second segment only when it has more than six reasons.
* 2320 AMT*D (payer paid amount) is sent once an earlier payer adjudicated the claim, even when it is 0.
* Remaining patient liability (AMT*EAF, what that payer left the patient to pay: its PR adjustments) goes
  on each 2430 when the payer decided line by line, else once in 2320; never at both levels.
* 2430 SVD01 repeats the 2330B payer id (NM109); SVD02 is that payer's paid amount for the line; 2430
  DTP*573 is the payer's check or remittance date. 2330B DTP*573 is sent only when no 2430 is.
* Balancing: for each line, charge = SVD02 + its 2430 CAS amounts; for the claim, CLM02 = AMT*D + 2320
  CAS + every 2430 CAS of that payer. ``own_checks`` refuses a claim that does not balance.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from frontdesk.domain.claim_form import Adjustment, ClaimForm, ClaimFormLine, OtherCoverage, PersonName
from frontdesk.reports.x12_837p.codes import (
    FILING_INDICATORS,
    RELATIONSHIP_CODES,
    UNKNOWN_FILING_INDICATOR,
    add_name,
    member_id,
    rank_code,
)
from frontdesk.reports.x12_837p.segments import SegmentList, amount, d8, ident, text

GROUP_ORDER = ("CO", "CR", "OA", "PI", "PR")
PATIENT_GROUP = "PR"
PAIRS_PER_CAS = 6  # CAS02/03 ... CAS17/18: six reason/amount pairs (quantity left out)
MAX_CAS_PER_LOOP = 5  # the guide repeats CAS at most five times in 2320 and in 2430


def earlier_payer(form: ClaimForm) -> OtherCoverage | None:
    """The other payer when it comes before this claim's payer (it has decided, or should have)."""
    other = form.other_coverage
    return other if other is not None and other.payer_rank < form.payer_rank else None


def line_decided(line: ClaimFormLine) -> bool:
    """The earlier payer reported something on this line: a payment or an adjustment."""
    return bool(line.prior_paid_cents or line.prior_adjustments)


def line_level(form: ClaimForm) -> bool:
    """2430 loops are written: an earlier payer with its date known decided at least one line."""
    other = earlier_payer(form)
    return other is not None and other.paid_date is not None and any(line_decided(ln) for ln in form.lines)


def netted(adjustments: Iterable[Adjustment]) -> list[Adjustment]:
    """Same group and reason added up (a reversal nets out its original), zero amounts left out."""
    totals: dict[tuple[str, str], int] = {}
    for adj in adjustments:
        key = (ident(adj.group, 2), ident(adj.reason, 5))
        totals[key] = totals.get(key, 0) + int(adj.amount_cents)
    ordered = sorted(totals.items(), key=lambda kv: (_group_rank(kv[0][0]), kv[0][1]))
    return [Adjustment(group, reason, cents) for (group, reason), cents in ordered if cents]


def _group_rank(group: str) -> int:
    return GROUP_ORDER.index(group) if group in GROUP_ORDER else len(GROUP_ORDER)


def cas_elements(adjustments: Iterable[Adjustment]) -> list[list[str]]:
    """The CAS segments' elements (after the tag): one per group, six reason/amount pairs at most each."""
    out: list[list[str]] = []
    by_group: dict[str, list[Adjustment]] = {}
    for adj in netted(adjustments):
        by_group.setdefault(adj.group, []).append(adj)
    for group, items in by_group.items():
        for start in range(0, len(items), PAIRS_PER_CAS):
            elements = [group]
            for adj in items[start:start + PAIRS_PER_CAS]:
                elements += [adj.reason, amount(adj.amount_cents), ""]  # CAS04/07/...: quantity, not used
            out.append(elements)
    return out


def adjusted_cents(adjustments: Iterable[Adjustment]) -> int:
    return sum(adj.amount_cents for adj in adjustments)


def patient_liability_cents(adjustments: Iterable[Adjustment]) -> int:
    """What the earlier payer left to the patient (its PR adjustments)."""
    return sum(adj.amount_cents for adj in adjustments if ident(adj.group, 2) == PATIENT_GROUP)


def _add_cas(segs: SegmentList, adjustments: Sequence[Adjustment]) -> None:
    for elements in cas_elements(adjustments):
        segs.add("CAS", *elements)


def add_other_payer(segs: SegmentList, form: ClaimForm, other: OtherCoverage) -> None:
    """2320 other subscriber (SBR, CAS, AMT*D, AMT*EAF, OI), 2330A other subscriber, 2330B other payer."""
    group = ident(other.group_number, 50, keep="-")
    segs.add("SBR", rank_code(other.payer_rank), RELATIONSHIP_CODES.get(other.relationship, "G8"), group,
             "" if group else text(other.plan_name, 60), "", "", "", "",
             FILING_INDICATORS.get(other.claim_type, UNKNOWN_FILING_INDICATOR))
    decided = earlier_payer(form) is not None
    by_line = line_level(form)
    if decided:
        _add_cas(segs, other.claim_adjustments)
        segs.add("AMT", "D", amount(other.paid_cents))
        if not by_line:
            segs.add("AMT", "EAF", amount(patient_liability_cents(other.claim_adjustments)))
    segs.add("OI", "", "", "Y" if form.assignment_on_file else "N", "", "", "Y" if form.release_on_file else "I")
    add_name(segs, "IL", other.insured, "MI", member_id(other.member_id, other.claim_type))
    add_name(segs, "PR", PersonName(other.payer_name), "PI", ident(other.payer_id, 80))
    if decided and other.paid_date is not None and not by_line:
        segs.add("DTP", "573", "D8", d8(other.paid_date))


def add_line_adjudication(segs: SegmentList, form: ClaimForm, line: ClaimFormLine,
                          procedure: tuple[str, ...]) -> None:
    """2430 for one line the earlier payer decided: SVD, CAS per group, DTP*573, AMT*EAF."""
    other = earlier_payer(form)
    if other is None or other.paid_date is None or not line_level(form) or not line_decided(line):
        return
    segs.add("SVD", ident(other.payer_id, 80), amount(line.prior_paid_cents), procedure, "", str(line.units))
    _add_cas(segs, line.prior_adjustments)
    segs.add("DTP", "573", "D8", d8(line.prior_paid_date or other.paid_date))
    segs.add("AMT", "EAF", amount(patient_liability_cents(line.prior_adjustments)))
