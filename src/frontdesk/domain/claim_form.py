"""One claim's data as the paper form and the 837P need it: plain values, formatted only by the writers.

The billing services build a ``ClaimForm`` from the database; the CMS-1500 renderer and the 837P writer
only read it. Names, codes and identifiers are stored as entered (the writers upper-case and strip
punctuation as their format requires); money is integer cents; dates are ``date`` objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# Box 1 codes, as Payer.claim_type stores them.
CLAIM_TYPES = ("medicare", "medicaid", "tricare", "champva", "group_health_plan", "feca_black_lung", "other")
# Box 6 / SBR02 / PAT01: the patient's relationship to the insured.
RELATIONSHIPS = ("self", "spouse", "child", "other")
MAX_DIAGNOSES = 12
MAX_MODIFIERS = 4
MAX_POINTERS = 4
LINES_PER_FORM = 6
DIAGNOSIS_LETTERS = "ABCDEFGHIJKL"


@dataclass(frozen=True)
class Address:
    line1: str = ""
    line2: str = ""
    city: str = ""
    state: str = ""  # two letters
    zip_code: str = ""  # 5 or 9 digits, no hyphen


@dataclass(frozen=True)
class PersonName:
    last: str
    first: str = ""  # blank for an organisation (then ``last`` holds its name)
    middle: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class ClaimPerson:
    """The patient (boxes 2, 3, 5) or the insured (boxes 4, 7, 11a)."""

    name: PersonName
    address: Address = Address()
    phone: str = ""  # ten digits or blank
    dob: date | None = None
    sex: str = ""  # M, F or blank


@dataclass(frozen=True)
class Adjustment:
    """One adjustment an earlier payer made (its EOB / 835 CAS): group code, CARC reason and amount.

    The group is CO, PR, OA, PI or CR; a positive amount lowers what that payer paid, PR amounts are
    what the patient still owes after it (the 837P's remaining patient liability).
    """

    group: str
    reason: str
    amount_cents: int


@dataclass(frozen=True)
class OtherCoverage:
    """Another payer covering the patient (box 9, 9a, 9d, 11d YES; 837P loops 2320/2330)."""

    insured: PersonName
    member_id: str  # 9a (the other insured's policy or group number)
    plan_name: str  # 9d
    payer_name: str
    payer_id: str  # EDI payer id; may be blank on paper
    relationship: str  # the patient's relationship to that insured, one of RELATIONSHIPS
    payer_rank: int  # that payer's rank: 1 primary, 2 secondary, 3 tertiary
    paid_cents: int = 0  # what that payer paid on this claim (a secondary claim carries it)
    insured_dob: date | None = None
    insured_sex: str = ""
    group_number: str = ""
    # When that payer adjudicated the claim (its check or remittance date, not the day it was posted here):
    # the 837P needs it (2330B/2430 DTP*573) to send a later payer's claim; None = unknown (own_checks
    # then asks for the earlier payer's EOB to be posted first).
    paid_date: date | None = None
    claim_type: str = ""  # that payer's box-1 type (one of CLAIM_TYPES) for 2320 SBR09; blank = unknown
    # Adjustments that payer made to the claim as a whole (837P 2320 CAS); its line adjustments are on the lines.
    claim_adjustments: tuple[Adjustment, ...] = ()


@dataclass(frozen=True)
class ClaimProviderRef:
    """A clinician or organisation named on the claim (boxes 17, 31/24J, 32, 33)."""

    name: PersonName
    npi: str
    taxonomy: str = ""
    address: Address = Address()
    phone: str = ""  # ten digits or blank
    qualifier: str = ""  # box 17 only: DN referring, DK ordering, DQ supervising


@dataclass(frozen=True)
class ClaimFormLine:
    """Box 24, one service line (837P loop 2400)."""

    line_number: int
    from_date: date
    to_date: date
    place_of_service: str  # two digits
    code: str  # CPT or HCPCS
    modifiers: tuple[str, ...] = ()  # up to 4
    pointers: str = "A"  # diagnosis letters, up to 4, e.g. "AB"
    charge_cents: int = 0  # line total
    units: int = 1
    rendering_npi: str = ""  # 24J
    emergency: bool = False  # 24C
    ndc: str = ""  # 11 digits; shaded area of 24A with qualifier N4
    ndc_unit: str = ""  # F2, GR, ME, ML, UN
    ndc_quantity: str = ""  # decimal text
    prior_paid_cents: int = 0  # what an earlier payer paid on this line (secondary claims)
    # That payer's adjustments on this line as posted from its EOB (837P 2430 CAS), and its check or
    # remittance date for the line (2430 DTP*573; None = the claim's OtherCoverage.paid_date).
    prior_adjustments: tuple[Adjustment, ...] = ()
    prior_paid_date: date | None = None
    patient_paid_cents: int = 0  # patient money applied to this line, net of reversals (box 29, not the 837P)
    service_line_id: int = 0  # the database id, so remittances can find the line


@dataclass(frozen=True)
class ClaimForm:
    """Everything on one CMS-1500 / in one 837P claim (loop 2300 and below)."""

    claim_id: int
    patient_control_number: str  # box 26 / CLM01: unique per claim, up to 20 letters and digits
    claim_type: str  # one of CLAIM_TYPES (box 1)
    payer_name: str
    payer_id: str  # EDI payer id (NM109 of 2010BB); may be blank for paper-only payers
    payer_address: Address
    payer_rank: int  # 1 primary, 2 secondary, 3 tertiary (SBR01 P/S/T)
    insured_id: str  # box 1a, the member id as on the card
    patient: ClaimPerson
    relationship: str  # box 6, one of RELATIONSHIPS
    insured: ClaimPerson  # equals the patient's data when relationship is 'self'
    insured_group: str = ""  # box 11
    insured_plan_name: str = ""  # box 11c
    other_coverage: OtherCoverage | None = None  # boxes 9, 9a, 9d and 11d
    employment_related: bool = False  # 10a
    auto_accident: bool = False  # 10b
    auto_accident_state: str = ""
    other_accident: bool = False  # 10c
    release_on_file: bool = True  # box 12 "SIGNATURE ON FILE"
    release_date: date | None = None
    assignment_on_file: bool = True  # box 13
    onset_date: date | None = None  # box 14, qualifier 431
    referring: ClaimProviderRef | None = None  # box 17, 17b
    prior_authorization: str = ""  # box 23
    frequency_code: str = "1"  # box 22 / CLM05-3: 1 original, 7 replacement, 8 void
    original_reference: str = ""  # box 22 original ref. no. (payer's claim number) for 7 and 8
    diagnoses: tuple[str, ...] = ()  # ICD-10-CM codes without the period, in order A..L
    lines: tuple[ClaimFormLine, ...] = ()
    federal_tax_id: str = ""  # box 25, nine digits
    tax_id_is_ein: bool = True
    accept_assignment: bool = True  # box 27
    amount_paid_cents: int = 0  # what other payers paid (box 29 adds the lines' patient_paid_cents)
    rendering: ClaimProviderRef | None = None  # box 31 (signature: name) and default 24J
    facility: ClaimProviderRef | None = None  # box 32, 32a
    billing: ClaimProviderRef | None = None  # box 33, 33a, 33b (taxonomy with ZZ)
    signature_date: date | None = None  # box 31 date

    @property
    def total_cents(self) -> int:
        return sum(line.charge_cents for line in self.lines)

    def pages(self) -> list[tuple[ClaimFormLine, ...]]:
        """The lines split into forms of six (NUCC: each form carries its own lines and totals)."""
        return [self.lines[i:i + LINES_PER_FORM] for i in range(0, len(self.lines), LINES_PER_FORM)] or [()]


def pointer_letters(positions: list[int] | tuple[int, ...]) -> str:
    """Diagnosis positions (1-based) as box 24E letters: [1, 3] -> 'AC'."""
    return "".join(DIAGNOSIS_LETTERS[p - 1] for p in positions)
