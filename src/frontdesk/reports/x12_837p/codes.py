"""Code values the 837P takes from the claim's plain data (relationship, claim filing indicator, names)."""

from __future__ import annotations

from frontdesk.domain.claim_form import Address, ClaimProviderRef, PersonName
from frontdesk.reports.x12_837p.segments import SegmentList, digits, ident, text

# SBR02 / PAT01 / 2320 SBR02: the patient's relationship to the insured (code list 1069).
RELATIONSHIP_CODES = {"self": "18", "spouse": "01", "child": "19", "other": "G8"}
# SBR09 claim filing indicator from the payer's box-1 type. FECA/Black Lung is a Department of
# Labor programme: "OF" (other federal program); "other" is "11" (other non-federal programs).
FILING_INDICATORS = {
    "medicare": "MB", "medicaid": "MC", "tricare": "CH", "champva": "VA",
    "group_health_plan": "CI", "feca_black_lung": "OF", "other": "11",
}
# 2320 SBR09 when the other payer's box-1 type is not known (OtherCoverage.claim_type blank): "mutually defined".
UNKNOWN_FILING_INDICATOR = "ZZ"
RANK_CODES = {1: "P", 2: "S", 3: "T"}

# Element maximum lengths from the 005010X222A1 guide.
MAX_LAST = 60
MAX_FIRST = 35
MAX_MIDDLE = 25
MAX_SUFFIX = 10
MAX_ADDRESS = 55
MAX_CITY = 30


def member_id(value: str, claim_type: str) -> str:
    """NM109 of 2010BA / 2330A: the member id as letters and digits; a Medicare MBI never carries its
    dashes (stored as typed, "1EG4-TE5-MK73", sent "1EG4TE5MK73"), other payers' ids keep theirs."""
    return ident(value, 80) if claim_type == "medicare" else ident(value, 80, keep="-")


def rank_code(rank: int) -> str:
    """SBR01: P, S or T; ranks past tertiary are reported as tertiary-or-later by the guide's 'T'."""
    return RANK_CODES.get(rank, "T")


def name_elements(entity: str, name: PersonName) -> list[str]:
    """NM101..NM107: entity code, person (1) or organisation (2), and the name parts."""
    if not name.first.strip():
        return [entity, "2", text(name.last, MAX_LAST)]
    return [entity, "1", text(name.last, MAX_LAST), text(name.first, MAX_FIRST),
            text(name.middle, MAX_MIDDLE), "", text(name.suffix, MAX_SUFFIX)]


def add_name(segs: SegmentList, entity: str, name: PersonName, qualifier: str = "", id_value: str = "") -> None:
    """An NM1 segment; the id (NM108/NM109) is written only when there is one."""
    elements = name_elements(entity, name)
    if id_value:
        elements += [""] * (7 - len(elements)) + [qualifier, id_value]
    segs.add("NM1", *elements)


def add_address(segs: SegmentList, address: Address) -> None:
    """N3 and N4 for an address (nothing when the street is blank: both are situational then)."""
    if not address.line1.strip():
        return
    segs.add("N3", text(address.line1, MAX_ADDRESS), text(address.line2, MAX_ADDRESS))
    segs.add("N4", text(address.city, MAX_CITY), ident(address.state, 2), digits(address.zip_code)[:9])


def add_provider(segs: SegmentList, entity: str, provider: ClaimProviderRef) -> None:
    """NM1 with the NPI (qualifier XX)."""
    add_name(segs, entity, provider.name, "XX", digits(provider.npi))


def same_provider(a: ClaimProviderRef | None, b: ClaimProviderRef | None) -> bool:
    """Same NPI and same address: the guide then wants the loop left out."""
    return a is not None and b is not None and digits(a.npi) == digits(b.npi) and a.address == b.address
