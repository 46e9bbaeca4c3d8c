"""Loop 2300 (the claim) and below: providers 2310, service lines 2400-2420; the other payer (2320/2330) and its
line decisions (2430) are written by cob.py."""

from __future__ import annotations

from frontdesk.domain.claim_form import DIAGNOSIS_LETTERS, ClaimForm, ClaimFormLine, PersonName
from frontdesk.reports.x12_837p.cob import add_line_adjudication, add_other_payer
from frontdesk.reports.x12_837p.codes import add_address, add_name, add_provider, same_provider
from frontdesk.reports.x12_837p.segments import (
    SegmentList,
    amount,
    composite,
    d8,
    digits,
    ident,
)

# CLM05-2: the facility code qualifier for a place-of-service code.
PLACE_OF_SERVICE_QUALIFIER = "B"


def claim_place_of_service(form: ClaimForm) -> str:
    """CLM05-1: the first line's place of service (lines that differ carry their own in SV105)."""
    return form.lines[0].place_of_service if form.lines else "11"


def _related_causes(form: ClaimForm) -> list[str]:
    """CLM11: up to three related-cause codes, the auto-accident state in the fourth component."""
    causes = [code for flag, code in ((form.employment_related, "EM"), (form.auto_accident, "AA"),
                                      (form.other_accident, "OA")) if flag]
    if not causes:
        return []
    parts = causes + [""] * (3 - len(causes))
    if form.auto_accident and form.auto_accident_state:
        parts.append(ident(form.auto_accident_state, 2))
    return parts


def add_claim(segs: SegmentList, form: ClaimForm) -> None:
    """2300 CLM and its dates, references and diagnoses, then 2310, 2320 and the service lines."""
    causes = _related_causes(form)
    segs.add(
        "CLM", ident(form.patient_control_number, 38), amount(form.total_cents), "", "",
        (claim_place_of_service(form), PLACE_OF_SERVICE_QUALIFIER, ident(form.frequency_code, 1)),
        "Y",  # CLM06: the provider's signature is on file (box 31)
        "A" if form.accept_assignment else "C",
        "Y" if form.assignment_on_file else "N",
        "Y" if form.release_on_file else "I",
        "", composite(*causes) if causes else "",
    )
    if form.onset_date is not None:
        segs.add("DTP", "431", "D8", d8(form.onset_date))
        if form.auto_accident or form.other_accident:
            # For an injury, box 14 is the accident date (NUCC); 2300 DTP*439 is required with AA/OA.
            segs.add("DTP", "439", "D8", d8(form.onset_date))
    if form.prior_authorization:
        segs.add("REF", "G1", ident(form.prior_authorization, 50, keep="-"))
    if form.frequency_code in ("7", "8"):
        segs.add("REF", "F8", ident(form.original_reference, 50, keep="-"))
    if form.diagnoses:
        codes = [ident(code, 30) for code in form.diagnoses[:12]]
        segs.add("HI", *[("ABK" if i == 0 else "ABF", code) for i, code in enumerate(codes)])
    _add_claim_providers(segs, form)
    if form.other_coverage is not None:
        add_other_payer(segs, form, form.other_coverage)
    for line in form.lines:
        _add_line(segs, form, line)


def _add_claim_providers(segs: SegmentList, form: ClaimForm) -> None:
    """2310A referring, 2310B rendering (when not the billing provider), 2310C facility, 2310D supervising."""
    ref = form.referring
    if ref is not None and ref.qualifier in ("", "DN"):
        add_provider(segs, "DN", ref)
    rendering = form.rendering
    if rendering is not None and digits(rendering.npi) != digits(form.billing.npi if form.billing else ""):
        add_provider(segs, "82", rendering)
        if rendering.taxonomy:
            segs.add("PRV", "PE", "PXC", ident(rendering.taxonomy, 10))
    facility = form.facility
    if facility is not None and facility.address.line1 and not same_provider(facility, form.billing):
        name = facility.name if not facility.name.first else PersonName(
            " ".join(p for p in (facility.name.first, facility.name.last) if p))
        add_name(segs, "77", name, "XX", digits(facility.npi))
        add_address(segs, facility.address)
    if ref is not None and ref.qualifier == "DQ":
        add_provider(segs, "DQ", ref)


def _procedure(line: ClaimFormLine) -> tuple[str, ...]:
    return ("HC", ident(line.code, 48), *(ident(m, 2) for m in line.modifiers[:4]))


def _add_line(segs: SegmentList, form: ClaimForm, line: ClaimFormLine) -> None:
    """2400 LX, SV1 and DTP*472; 2410 drug (NDC); 2420E ordering; 2430 the other payer's line payment."""
    segs.add("LX", str(line.line_number))
    pointers = tuple(str(DIAGNOSIS_LETTERS.index(letter) + 1)
                     for letter in line.pointers.upper()[:4] if letter in DIAGNOSIS_LETTERS)
    place = line.place_of_service if line.place_of_service != claim_place_of_service(form) else ""
    segs.add("SV1", _procedure(line), amount(line.charge_cents), "UN", str(line.units), place, "",
             pointers, "", "Y" if line.emergency else "")
    if line.to_date != line.from_date:
        segs.add("DTP", "472", "RD8", f"{d8(line.from_date)}-{d8(line.to_date)}")
    else:
        segs.add("DTP", "472", "D8", d8(line.from_date))
    if line.ndc:
        segs.add("LIN", "", "N4", digits(line.ndc))
        segs.add("CTP", "", "", "", _quantity(line.ndc_quantity), (ident(line.ndc_unit, 2),))
    if form.referring is not None and form.referring.qualifier == "DK":
        add_provider(segs, "DK", form.referring)
    add_line_adjudication(segs, form, line, _procedure(line))


def _quantity(value: str) -> str:
    """CTP04: the NDC quantity as a plain decimal ('1.5'); digits and one point only."""
    # A blank quantity stays blank: own_checks reports it rather than the file inventing one.
    return "".join(ch for ch in value if ch.isdigit() or ch == ".")
