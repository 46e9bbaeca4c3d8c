"""The 837P hierarchy: 2000A billing provider, 2000B subscriber with 2010BB payer, 2000C patient."""

from __future__ import annotations

from collections.abc import Sequence

from frontdesk.domain.claim_form import ClaimForm, PersonName
from frontdesk.reports.x12_837p.claim_loops import add_claim
from frontdesk.reports.x12_837p.codes import (
    FILING_INDICATORS,
    RELATIONSHIP_CODES,
    add_address,
    add_name,
    add_provider,
    member_id,
    rank_code,
)
from frontdesk.reports.x12_837p.segments import SegmentList, d8, digits, ident, text


def _billing_key(form: ClaimForm) -> tuple[object, ...]:
    """Claims of one billing provider (same NPI, tax id and address) share one 2000A loop."""
    billing = form.billing
    assert billing is not None  # own_checks reports a claim without a billing provider
    return (digits(billing.npi), digits(form.federal_tax_id), form.tax_id_is_ein, billing.address,
            billing.name, billing.taxonomy, digits(billing.phone))


def group_by_billing_provider(forms: Sequence[ClaimForm]) -> list[list[ClaimForm]]:
    """The claims in their given order, grouped by billing provider (first appearance first)."""
    groups: dict[tuple[object, ...], list[ClaimForm]] = {}
    for form in forms:
        groups.setdefault(_billing_key(form), []).append(form)
    return list(groups.values())


class Hierarchy:
    """Hands out HL numbers (HL01) in order, as the guide requires."""

    def __init__(self) -> None:
        self.last = 0

    def next(self) -> int:
        self.last += 1
        return self.last


def add_billing_provider(segs: SegmentList, hl: Hierarchy, form: ClaimForm) -> int:
    """2000A HL and PRV, 2010AA name, address, tax id and contact; returns the HL number."""
    billing = form.billing
    assert billing is not None
    number = hl.next()
    segs.add("HL", str(number), "", "20", "1")
    if billing.taxonomy:
        segs.add("PRV", "BI", "PXC", ident(billing.taxonomy, 10))
    add_provider(segs, "85", billing)
    add_address(segs, billing.address)
    segs.add("REF", "EI" if form.tax_id_is_ein else "SY", digits(form.federal_tax_id))
    if digits(billing.phone):
        segs.add("PER", "IC", text(billing.name.last, 60), "TE", digits(billing.phone)[:10])
    return number


def _add_subscriber_name(segs: SegmentList, form: ClaimForm) -> None:
    """2010BA: the insured's name and member id; address and DMG when known (required if self)."""
    add_name(segs, "IL", form.insured.name, "MI", member_id(form.insured_id, form.claim_type))
    add_address(segs, form.insured.address)
    if form.insured.dob is not None:
        segs.add("DMG", "D8", d8(form.insured.dob), _sex(form.insured.sex))


def _sex(value: str) -> str:
    return value if value in ("M", "F") else "U"


def add_subscriber(segs: SegmentList, hl: Hierarchy, parent: int, form: ClaimForm) -> None:
    """2000B subscriber, 2010BA, 2010BB payer, then 2000C patient when not self, then the claim."""
    is_self = form.relationship == "self"
    number = hl.next()
    segs.add("HL", str(number), str(parent), "22", "0" if is_self else "1")
    group = ident(form.insured_group, 50, keep="-") if form.insured_group else ""
    # SBR04 (plan name) only when there is no group number, per the guide's note.
    plan = "" if group else text(form.insured_plan_name, 60)
    segs.add("SBR", rank_code(form.payer_rank), "18" if is_self else "", group, plan,
             "", "", "", "", FILING_INDICATORS.get(form.claim_type, "11"))
    _add_subscriber_name(segs, form)
    add_name(segs, "PR", PersonName(form.payer_name), "PI", ident(form.payer_id, 80))
    add_address(segs, form.payer_address)
    if not is_self:
        segs.add("HL", str(hl.next()), str(number), "23", "0")
        segs.add("PAT", RELATIONSHIP_CODES.get(form.relationship, "G8"))
        add_name(segs, "QC", form.patient.name)
        add_address(segs, form.patient.address)
        if form.patient.dob is not None:
            segs.add("DMG", "D8", d8(form.patient.dob), _sex(form.patient.sex))
    add_claim(segs, form)


def add_claims(segs: SegmentList, forms: Sequence[ClaimForm]) -> None:
    """Every claim of one transaction set: one 2000A per billing provider, one 2000B per claim."""
    hl = Hierarchy()
    for group in group_by_billing_provider(forms):
        parent = add_billing_provider(segs, hl, group[0])
        for form in group:
            add_subscriber(segs, hl, parent, form)
