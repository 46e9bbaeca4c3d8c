"""The app's own 837P checks, for what pyx12 does not verify: NPIs, totals, ICD-10-CM codes, ZIP+4...

``own_checks`` looks at the claims before a file is written; ``file_checks`` re-reads a written file
and proves its sums and control numbers agree. Each message names the claim (its patient control
number, box 26) and the field to fix; none carries a patient's name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from frontdesk.codes import icd10cm
from frontdesk.domain.claim_form import (
    DIAGNOSIS_LETTERS,
    MAX_DIAGNOSES,
    ClaimForm,
    ClaimProviderRef,
)
from frontdesk.domain.mbi import mbi_problem
from frontdesk.domain.npi import is_valid_npi
from frontdesk.reports.x12_837p.cob import adjusted_cents
from frontdesk.reports.x12_837p.cob_balance import cob_balance_problems
from frontdesk.reports.x12_837p.cob_checks import cob_problems
from frontdesk.reports.x12_837p.codes import same_provider
from frontdesk.reports.x12_837p.segments import (
    COMPONENT,
    ELEMENT,
    TERMINATOR,
    digits,
    ident,
)

MAX_LINES_837P = 50  # the guide allows at most 50 service lines (LX) per claim
NDC_UNITS = ("F2", "GR", "ME", "ML", "UN")
_PO_BOX_WORDS = ("POBOX", "POSTOFFICEBOX", "BOX")


def own_checks(forms: Sequence[ClaimForm]) -> list[str]:
    """Every problem that would make the 837P of these claims wrong; an empty list = fine to write."""
    problems: list[str] = []
    for form in forms:
        label = f"Claim {form.patient_control_number or form.claim_id}"
        problems.extend(f"{label}: {text}" for text in _claim_problems(form))
    return problems


def _claim_problems(form: ClaimForm) -> Iterable[str]:
    yield from _provider_problems(form)
    yield from _party_problems(form)
    yield from _diagnosis_problems(form)
    yield from _line_problems(form)
    yield from _money_problems(form)
    yield from cob_problems(form)
    if form.frequency_code not in ("1", "7", "8"):
        yield f"claim frequency code {form.frequency_code!r} must be 1 (original), 7 (replacement) or 8 (void)"
    elif form.frequency_code in ("7", "8") and not ident(form.original_reference):
        yield "a replacement or void claim needs the payer's original reference number (box 22)"
    if (form.auto_accident or form.other_accident) and form.onset_date is None:
        yield "an accident claim needs the accident date (box 14)"
    if form.auto_accident and len(ident(form.auto_accident_state)) != 2:
        yield "an auto accident claim needs the state where it happened (box 10b)"
    if not ident(form.patient_control_number):
        yield "the patient account number (box 26) is blank"


def _npi_problem(role: str, npi: str) -> str | None:
    if not npi:
        return f"the {role} NPI is blank"
    if not is_valid_npi(npi):
        return f"the {role} NPI {npi} fails its check digit"
    return None


def _provider_problems(form: ClaimForm) -> Iterable[str]:
    billing = form.billing
    if billing is None:
        yield "the billing provider (box 33) is missing"
    else:
        yield from filter(None, [_npi_problem("billing provider (33a)", billing.npi)])
        if not billing.name.last.strip():
            yield "the billing provider's name (box 33) is blank"
        yield from _address_problems("billing provider (box 33)", billing)
        if _is_po_box(billing.address.line1) or _is_po_box(billing.address.line2):
            yield ("the billing provider address (box 33) must be a street address, not a PO box "
                   "(the 837P sends a PO box only as a separate pay-to address)")
    if len(digits(form.federal_tax_id)) != 9:
        yield "the federal tax ID (box 25) must be 9 digits"
    for role, ref in (("rendering provider (24J/31)", form.rendering), ("referring provider (17b)", form.referring),
                      ("service facility (32a)", form.facility)):
        if ref is not None:
            yield from filter(None, [_npi_problem(role, ref.npi)])
    facility = form.facility
    if facility is not None and facility.address.line1 and not same_provider(facility, billing):
        yield from _address_problems("service facility (box 32)", facility)
    if form.referring is not None and form.referring.qualifier not in ("", "DN", "DK", "DQ"):
        yield f"box 17 qualifier {form.referring.qualifier!r} must be DN, DK or DQ"
    claim_rendering = digits(form.rendering.npi) if form.rendering else ""
    for line in form.lines:
        if line.rendering_npi and not is_valid_npi(line.rendering_npi):
            yield f"line {line.line_number}: the rendering NPI (24J) {line.rendering_npi} fails its check digit"
        elif line.rendering_npi and claim_rendering and digits(line.rendering_npi) != claim_rendering:
            yield (f"line {line.line_number}: its rendering provider differs from the claim's; "
                   "bill that provider's lines on a claim of their own")


def _address_problems(role: str, provider: ClaimProviderRef) -> Iterable[str]:
    address = provider.address
    if not (address.line1.strip() and address.city.strip() and len(ident(address.state)) == 2):
        yield f"the {role} address needs street, city and state"
    zip_code = digits(address.zip_code)
    if len(zip_code) != 9:
        # 005010X222A1 requires the full ZIP+4 here, and an invented "0000" is rejected by payers:
        # only the user can supply the real four digits.
        yield f"the {role} ZIP code must have 9 digits (ZIP+4) for electronic claims; add the last four"
    elif zip_code.endswith("0000"):
        yield f"the {role} ZIP+4 cannot end in 0000; enter the real last four digits"


def _is_po_box(line: str) -> bool:
    squeezed = ident(line)
    return squeezed.startswith(_PO_BOX_WORDS) or "POBOX" in squeezed


def _party_problems(form: ClaimForm) -> Iterable[str]:
    # NM109 must have at least 2 characters (the guide's minimum length).
    if not ident(form.payer_id):
        yield "the payer has no electronic payer ID (needed in an 837P)"
    elif len(ident(form.payer_id)) < 2:
        yield "the payer's electronic payer ID must have at least 2 characters"
    if len(ident(form.insured_id, keep="-")) < 2:
        yield "the insured's ID number (box 1a) must have at least 2 letters or digits"
    elif form.claim_type == "medicare" and mbi_problem(form.insured_id):
        # Entry checks it since issue 18; a policy saved before keeps its value until someone fixes it.
        yield f"the insured's Medicare ID (box 1a) is not a valid MBI: {mbi_problem(form.insured_id)}"
    if not form.insured.name.last.strip():
        yield "the insured's name (box 4) is blank"
    if form.relationship == "self":
        if form.insured.dob is None:
            yield "the insured's birth date (box 11a) is needed when the patient is the insured"
        if not form.insured.address.line1.strip():
            yield "the insured's address (box 7) is needed when the patient is the insured"
    else:
        if not form.patient.name.last.strip():
            yield "the patient's name (box 2) is blank"
        if form.patient.dob is None:
            yield "the patient's birth date (box 3) is blank"
        if not form.patient.address.line1.strip():
            yield "the patient's address (box 5) is blank"
    other = form.other_coverage
    if other is not None:
        if not ident(other.payer_id):
            yield "the other payer (box 9d) needs its electronic payer ID for an 837P"
        if len(ident(other.member_id, keep="-")) < 2:
            yield "the other insured's policy number (box 9a) must have at least 2 letters or digits"
        elif other.claim_type == "medicare" and mbi_problem(other.member_id):
            yield f"the other insured's Medicare ID (box 9a) is not a valid MBI: {mbi_problem(other.member_id)}"
        if not other.insured.last.strip():
            yield "the other insured's name (box 9) is blank"


def _diagnosis_problems(form: ClaimForm) -> Iterable[str]:
    if not form.diagnoses:
        yield "at least one diagnosis (box 21 A) is needed"
    if len(form.diagnoses) > MAX_DIAGNOSES:
        yield f"an 837P claim carries at most {MAX_DIAGNOSES} diagnoses; this one has {len(form.diagnoses)}"
    for letter, code in zip(DIAGNOSIS_LETTERS, form.diagnoses):
        found = icd10cm.lookup(code)
        if found is None:
            yield f"diagnosis {letter} ({code}) is not an ICD-10-CM code in the current code set"
        elif not found.billable:
            yield (f"diagnosis {letter} ({found.display_code}) is a category header, not a billable code; "
                   "pick a more specific code")


def _line_problems(form: ClaimForm) -> Iterable[str]:
    if not form.lines:
        yield "the claim has no service lines"
    if len(form.lines) > MAX_LINES_837P:
        yield f"an 837P claim carries at most {MAX_LINES_837P} service lines; this one has {len(form.lines)}"
    count = min(len(form.diagnoses), MAX_DIAGNOSES)
    for line in form.lines:
        where = f"line {line.line_number}"
        if not line.pointers:
            yield f"{where}: no diagnosis pointer (24E)"
        for letter in line.pointers.upper():
            if letter not in DIAGNOSIS_LETTERS[:count]:
                yield f"{where}: diagnosis pointer {letter} (24E) points at no diagnosis"
        if len(line.pointers) > 4:
            yield f"{where}: at most 4 diagnosis pointers (24E)"
        if line.units <= 0:
            yield f"{where}: units (24G) must be at least 1"
        if line.charge_cents <= 0:
            yield f"{where}: the charge (24F) must be more than $0.00"
        if line.to_date < line.from_date:
            yield f"{where}: the 'to' date of service is before the 'from' date (24A)"
        if len(digits(line.place_of_service)) != 2:
            yield f"{where}: place of service (24B) must be 2 digits"
        if line.ndc:
            yield from _ndc_problems(where, line.ndc, line.ndc_unit, line.ndc_quantity)


def _ndc_problems(where: str, ndc: str, unit: str, quantity: str) -> Iterable[str]:
    if len(digits(ndc)) != 11 or len(ndc) != 11:
        yield f"{where}: the NDC must be 11 digits (5-4-2) without hyphens"
    if unit not in NDC_UNITS:
        yield f"{where}: the NDC unit must be one of {', '.join(NDC_UNITS)}"
    try:
        valid_quantity = Decimal(quantity) > 0
    except (InvalidOperation, ValueError):
        valid_quantity = False
    if not valid_quantity:
        yield f"{where}: the NDC quantity must be a number above 0"


def _money_problems(form: ClaimForm) -> Iterable[str]:
    line_total = sum(line.charge_cents for line in form.lines)
    if form.total_cents != line_total:
        yield f"the total charge (box 28) {form.total_cents} cents is not the sum of the lines, {line_total}"
    if form.amount_paid_cents > line_total:
        yield "the amount paid (box 29) is more than the total charge"
    other = form.other_coverage
    if other is not None and any(line.prior_paid_cents for line in form.lines):
        # A claim-level adjustment lowers the payer's claim payment below the sum of its line payments.
        line_paid = sum(line.prior_paid_cents for line in form.lines) - adjusted_cents(other.claim_adjustments)
        if line_paid != other.paid_cents:
            yield (f"the other payer's line payments add up to {line_paid} cents but its claim payment is "
                   f"{other.paid_cents} cents")
    for line in form.lines:
        if line.prior_paid_cents > line.charge_cents:
            yield f"line {line.line_number}: the earlier payer paid more than the line's charge"


def file_checks(text: str) -> list[str]:
    """Re-read a written 837P: CLM02 = sum of its SV102s, SE01 counts, control numbers match, COB balances."""
    problems: list[str] = []
    segments = [seg.strip() for seg in text.split(TERMINATOR) if seg.strip()]
    rows = [seg.split(ELEMENT) for seg in segments]
    isa = gs = st = None
    st_start = 0
    claim: list[str] | None = None
    claim_lines = Decimal(0)

    def close_claim() -> None:
        if claim is not None and Decimal(claim[2]) != claim_lines:
            problems.append(f"claim {claim[1]}: CLM02 {claim[2]} is not the sum of its lines, {claim_lines}")

    for index, row in enumerate(rows):
        tag = row[0]
        if tag == "ISA":
            isa = row[13]
        elif tag == "IEA" and row[2] != isa:
            problems.append(f"IEA02 {row[2]} does not match ISA13 {isa}")
        elif tag == "GS":
            gs = row[6]
        elif tag == "GE" and row[2] != gs:
            problems.append(f"GE02 {row[2]} does not match GS06 {gs}")
        elif tag == "ST":
            st, st_start = row[2], index
        elif tag in ("CLM", "SE"):
            close_claim()
            claim, claim_lines = (row, Decimal(0)) if tag == "CLM" else (None, Decimal(0))
            if tag == "SE":
                if row[2] != st:
                    problems.append(f"SE02 {row[2]} does not match ST02 {st}")
                if int(row[1]) != index - st_start + 1:
                    problems.append(f"SE01 {row[1]} but the transaction has {index - st_start + 1} segments")
        elif tag == "SV1" and claim is not None:
            claim_lines += Decimal(row[2])
    problems.extend(cob_balance_problems(rows))
    if COMPONENT not in text:
        problems.append("the file has no component separator")
    return problems
