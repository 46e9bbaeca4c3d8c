"""Checks of a later payer's claim before it is written: the earlier payer's decision is known and balances.

A secondary claim must show, line by line, that the primary's payment plus its adjustments equal the
charge (005010X222A1 balancing); a claim that does not is refused with the line and the amounts, so the
biller posts the missing adjustment from the EOB instead of the file inventing one.
"""

from __future__ import annotations

from collections.abc import Iterable

from frontdesk.domain.claim_form import ClaimForm
from frontdesk.reports.x12_837p.cob import (
    MAX_CAS_PER_LOOP,
    adjusted_cents,
    cas_elements,
    earlier_payer,
    line_level,
)


def _money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}${abs(cents) / 100:,.2f}"


def cob_problems(form: ClaimForm) -> Iterable[str]:
    """What keeps the other payer's decision (2320/2430) from being sent; nothing for a primary claim."""
    other = earlier_payer(form)
    if other is None:
        return
    if other.paid_date is None:
        yield (f"{other.payer_name}'s decision on this visit is not posted; post its EOB (payments and "
               "adjustments) before sending this claim electronically")
        return
    if len(cas_elements(other.claim_adjustments)) > MAX_CAS_PER_LOOP:
        yield f"{other.payer_name}'s claim adjustments need more than {MAX_CAS_PER_LOOP} CAS segments"
    by_line = line_level(form)
    line_adjusted = 0
    for line in form.lines if by_line else ():
        adjusted = adjusted_cents(line.prior_adjustments)
        line_adjusted += adjusted
        if line.prior_paid_cents + adjusted != line.charge_cents:
            yield (f"line {line.line_number}: {other.payer_name} paid {_money(line.prior_paid_cents)} and adjusted "
                   f"{_money(adjusted)}, which does not add up to the charge {_money(line.charge_cents)}; post "
                   f"the missing adjustment from its EOB")
        if len(cas_elements(line.prior_adjustments)) > MAX_CAS_PER_LOOP:
            yield f"line {line.line_number}: {other.payer_name}'s adjustments need more than {MAX_CAS_PER_LOOP} CAS segments"
    accounted = other.paid_cents + adjusted_cents(other.claim_adjustments) + line_adjusted
    if accounted != form.total_cents:
        yield (f"{other.payer_name} paid {_money(other.paid_cents)} and adjusted {_money(accounted - other.paid_cents)}, "
               f"which does not add up to the total charge {_money(form.total_cents)}; post the missing "
               f"adjustment from its EOB")
