"""Values longer than their box: USPS abbreviations where they make an address fit, otherwise a problem.

Nothing is ever cut. A box holds ``Field.width`` characters (layout.FIELDS, measured on the form's 10-cpi
grid). An address line that is too long is abbreviated the USPS way (Publication 28: street suffixes,
Appendix C1; secondary unit designators, Appendix C2; directionals) on the printed form only, and the
scrubber says so; a value that still does not fit (or is not an address) is a problem the desk fixes where
the value is entered. Names are never abbreviated: Publication 28 governs addresses, not names.

usaddress-scourgify implements Publication 28, but it rewrites whole addresses after a statistical parse
(usaddress, python-crfsuite) and abbreviates everything; the form needs the few words that make one line fit,
so a small table of the designators in use is kept here.
"""

from __future__ import annotations

from dataclasses import dataclass

# Publication 28 Appendix C1: street suffix -> standard abbreviation (the suffixes US addresses commonly use).
STREET_SUFFIXES: dict[str, str] = {
    "ALLEY": "ALY", "ANNEX": "ANX", "ARCADE": "ARC", "AVENUE": "AVE", "BAYOU": "BYU", "BEACH": "BCH",
    "BEND": "BND", "BLUFF": "BLF", "BLUFFS": "BLFS", "BOTTOM": "BTM", "BOULEVARD": "BLVD", "BRANCH": "BR",
    "BRIDGE": "BRG", "BROOK": "BRK", "BROOKS": "BRKS", "BURG": "BG", "BURGS": "BGS", "BYPASS": "BYP",
    "CAMP": "CP", "CANYON": "CYN", "CAPE": "CPE", "CAUSEWAY": "CSWY", "CENTER": "CTR", "CENTERS": "CTRS",
    "CIRCLE": "CIR", "CIRCLES": "CIRS", "CLIFF": "CLF", "CLIFFS": "CLFS", "CLUB": "CLB", "COMMON": "CMN",
    "COMMONS": "CMNS", "CORNER": "COR", "CORNERS": "CORS", "COURSE": "CRSE", "COURT": "CT", "COURTS": "CTS",
    "COVE": "CV", "COVES": "CVS", "CREEK": "CRK", "CRESCENT": "CRES", "CREST": "CRST", "CROSSING": "XING",
    "CROSSROAD": "XRD", "CURVE": "CURV", "DALE": "DL", "DAM": "DM", "DIVIDE": "DV", "DRIVE": "DR",
    "DRIVES": "DRS", "ESTATE": "EST", "ESTATES": "ESTS", "EXPRESSWAY": "EXPY", "EXTENSION": "EXT",
    "EXTENSIONS": "EXTS", "FALLS": "FLS", "FERRY": "FRY", "FIELD": "FLD", "FIELDS": "FLDS", "FLAT": "FLT",
    "FLATS": "FLTS", "FORD": "FRD", "FORDS": "FRDS", "FOREST": "FRST", "FORGE": "FRG", "FORGES": "FRGS",
    "FORK": "FRK", "FORKS": "FRKS", "FORT": "FT", "FREEWAY": "FWY", "GARDEN": "GDN", "GARDENS": "GDNS",
    "GATEWAY": "GTWY", "GLEN": "GLN", "GLENS": "GLNS", "GREEN": "GRN", "GREENS": "GRNS", "GROVE": "GRV",
    "GROVES": "GRVS", "HARBOR": "HBR", "HARBORS": "HBRS", "HAVEN": "HVN", "HEIGHTS": "HTS", "HIGHWAY": "HWY",
    "HILL": "HL", "HILLS": "HLS", "HOLLOW": "HOLW", "INLET": "INLT", "ISLAND": "IS", "ISLANDS": "ISS",
    "JUNCTION": "JCT", "JUNCTIONS": "JCTS", "KEY": "KY", "KEYS": "KYS", "KNOLL": "KNL", "KNOLLS": "KNLS",
    "LAKE": "LK", "LAKES": "LKS", "LANDING": "LNDG", "LANE": "LN", "LIGHT": "LGT", "LIGHTS": "LGTS",
    "LOAF": "LF", "LOCK": "LCK", "LOCKS": "LCKS", "LODGE": "LDG", "MANOR": "MNR", "MANORS": "MNRS",
    "MEADOW": "MDW", "MEADOWS": "MDWS", "MILL": "ML", "MILLS": "MLS", "MISSION": "MSN", "MOTORWAY": "MTWY",
    "MOUNT": "MT", "MOUNTAIN": "MTN", "MOUNTAINS": "MTNS", "NECK": "NCK", "ORCHARD": "ORCH",
    "OVERPASS": "OPAS", "PARKS": "PARK", "PARKWAY": "PKWY", "PARKWAYS": "PKWY", "PASSAGE": "PSGE",
    "PINE": "PNE", "PINES": "PNES", "PLACE": "PL", "PLAIN": "PLN", "PLAINS": "PLNS", "PLAZA": "PLZ",
    "POINT": "PT", "POINTS": "PTS", "PORT": "PRT", "PORTS": "PRTS", "PRAIRIE": "PR", "RADIAL": "RADL",
    "RANCH": "RNCH", "RAPID": "RPD", "RAPIDS": "RPDS", "REST": "RST", "RIDGE": "RDG", "RIDGES": "RDGS",
    "RIVER": "RIV", "ROAD": "RD", "ROADS": "RDS", "ROUTE": "RTE", "SHOAL": "SHL", "SHOALS": "SHLS",
    "SHORE": "SHR", "SHORES": "SHRS", "SKYWAY": "SKWY", "SPRING": "SPG", "SPRINGS": "SPGS", "SPURS": "SPUR",
    "SQUARE": "SQ", "SQUARES": "SQS", "STATION": "STA", "STRAVENUE": "STRA", "STREAM": "STRM",
    "STREET": "ST", "STREETS": "STS", "SUMMIT": "SMT", "TERRACE": "TER", "THROUGHWAY": "TRWY",
    "TRACE": "TRCE", "TRACK": "TRAK", "TRAFFICWAY": "TRFY", "TRAIL": "TRL", "TRAILER": "TRLR",
    "TUNNEL": "TUNL", "TURNPIKE": "TPKE", "UNDERPASS": "UPAS", "UNION": "UN", "UNIONS": "UNS",
    "VALLEY": "VLY", "VALLEYS": "VLYS", "VIADUCT": "VIA", "VIEW": "VW", "VIEWS": "VWS", "VILLAGE": "VLG",
    "VILLAGES": "VLGS", "VILLE": "VL", "VISTA": "VIS", "WALKS": "WALK", "WELL": "WL", "WELLS": "WLS",
}
# Publication 28 Appendix C2: secondary unit designators.
SECONDARY_UNITS: dict[str, str] = {
    "APARTMENT": "APT", "BASEMENT": "BSMT", "BUILDING": "BLDG", "DEPARTMENT": "DEPT", "FLOOR": "FL",
    "FRONT": "FRNT", "HANGAR": "HNGR", "LOBBY": "LBBY", "LOWER": "LOWR", "OFFICE": "OFC", "PENTHOUSE": "PH",
    "ROOM": "RM", "SPACE": "SPC", "SUITE": "STE", "TRAILER": "TRLR", "UPPER": "UPPR",
}
# Publication 28 section 233: directionals.
DIRECTIONALS: dict[str, str] = {
    "NORTH": "N", "SOUTH": "S", "EAST": "E", "WEST": "W", "NORTHEAST": "NE", "NORTHWEST": "NW",
    "SOUTHEAST": "SE", "SOUTHWEST": "SW",
}
# Designators that take a number after them, spelled out or already abbreviated: the street part ends where
# one starts. Those used without a number (FRONT, REAR, SIDE, UPPER, LOWER...) are also street-name words.
_UNIT_WORDS = frozenset({"APARTMENT", "APT", "BUILDING", "BLDG", "DEPARTMENT", "DEPT", "FLOOR", "FL", "HANGAR",
                         "HNGR", "OFFICE", "OFC", "ROOM", "RM", "SPACE", "SPC", "SUITE", "STE", "TRAILER", "TRLR",
                         "UNIT", "LOT", "PIER", "SLIP"})


def abbreviate_street(line: str) -> str:
    """'100 NORTH MAPLE STREET SUITE 200' -> '100 N MAPLE ST STE 200' (upper-case words, single spaces).

    Only where Publication 28 puts each abbreviation: the suffix is the last word of the street part (so
    'COURT STREET' keeps its name), a pre-directional is the word after the house number when a street name
    follows it ('100 NORTH STREET' keeps its name), a post-directional ends the street part, and unit
    designators come after it.
    """
    words = line.split()
    end = next((i for i, w in enumerate(words) if 2 <= i < len(words) - 1 and w in _UNIT_WORDS), len(words))
    street, unit = words[:end], [SECONDARY_UNITS.get(w, w) for w in words[end:]]
    last = len(street) - 1
    if len(street) >= 3 and street[last] in DIRECTIONALS:
        street[last] = DIRECTIONALS[street[last]]
        last -= 1
    suffix = last >= 2 and street[last] in STREET_SUFFIXES
    if suffix:
        street[last] = STREET_SUFFIXES[street[last]]
    name_words = last - 2 if suffix else last - 1  # street-name words after a pre-directional
    if len(street) >= 3 and street[1] in DIRECTIONALS and name_words >= 1:
        street[1] = DIRECTIONALS[street[1]]
    return " ".join(street + unit)


@dataclass(frozen=True)
class FitNote:
    """A value that did not fit its box as entered: ``printed`` is the abbreviation, or '' when none fits."""

    field: str  # layout field, e.g. "32_1"
    box: str  # the box as the desk names it, e.g. "32", "24A", "Carrier"
    value: str  # as it would print in full
    printed: str
    width: int
    service_line_id: int = 0  # for box 24: which service line

    @property
    def fits(self) -> bool:
        return bool(self.printed)


def box_label(box: str) -> str:
    """The layout's box key as printed on the form: '5_city' -> '5', '24_2_shaded' -> '24A', 'carrier' -> 'Carrier'."""
    if box == "carrier":
        return "Carrier"
    if box.startswith("24_"):
        return "24A"
    return box.split("_")[0]


def fit_value(field: str, box: str, value: str, width: int, *, address: bool,
              service_line_id: int = 0) -> tuple[str, FitNote | None]:
    """(text to print, note) for ``value`` in a box of ``width`` characters; the note is None when it fits."""
    if len(value) <= width:
        return value, None
    short = abbreviate_street(value) if address else value
    fits = len(short) <= width
    note = FitNote(field, box_label(box), value, short if fits else "", width, service_line_id)
    return (short if fits else value), note
