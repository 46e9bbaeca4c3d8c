"""Procedure-side code formats: CPT/HCPCS codes, modifiers, place of service, NDC drug codes (no Qt)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from frontdesk.errors import ValidationError

# CPT: 5 digits (99213), or 4 digits + F (Category II, 0001F) or T (Category III, 0042T).
_CPT_RE = re.compile(r"^(?:[0-9]{5}|[0-9]{4}[FT])$")
# HCPCS Level II: a letter + 4 digits (J1100, G0008).
_HCPCS_RE = re.compile(r"^[A-Z][0-9]{4}$")
_MODIFIER_RE = re.compile(r"^[A-Z0-9]{2}$")
MAX_MODIFIERS = 4  # the CMS-1500 box 24D and the 837P SV101 both hold four

# The CMS place-of-service code set (codes not listed are unassigned).
PLACES_OF_SERVICE: dict[str, str] = {
    "01": "Pharmacy",
    "02": "Telehealth provided other than in patient's home",
    "03": "School",
    "04": "Homeless shelter",
    "05": "Indian Health Service free-standing facility",
    "06": "Indian Health Service provider-based facility",
    "07": "Tribal 638 free-standing facility",
    "08": "Tribal 638 provider-based facility",
    "09": "Prison/correctional facility",
    "10": "Telehealth provided in patient's home",
    "11": "Office",
    "12": "Home",
    "13": "Assisted living facility",
    "14": "Group home",
    "15": "Mobile unit",
    "16": "Temporary lodging",
    "17": "Walk-in retail health clinic",
    "18": "Place of employment/worksite",
    "19": "Off campus-outpatient hospital",
    "20": "Urgent care facility",
    "21": "Inpatient hospital",
    "22": "On campus-outpatient hospital",
    "23": "Emergency room - hospital",
    "24": "Ambulatory surgical center",
    "25": "Birthing center",
    "26": "Military treatment facility",
    "27": "Outreach site/street",
    "31": "Skilled nursing facility",
    "32": "Nursing facility",
    "33": "Custodial care facility",
    "34": "Hospice",
    "41": "Ambulance - land",
    "42": "Ambulance - air or water",
    "49": "Independent clinic",
    "50": "Federally qualified health center",
    "51": "Inpatient psychiatric facility",
    "52": "Psychiatric facility - partial hospitalization",
    "53": "Community mental health center",
    "54": "Intermediate care facility/individuals with intellectual disabilities",
    "55": "Residential substance abuse treatment facility",
    "56": "Psychiatric residential treatment center",
    "57": "Non-residential substance abuse treatment facility",
    "58": "Non-residential opioid treatment facility",
    "60": "Mass immunization center",
    "61": "Comprehensive inpatient rehabilitation facility",
    "62": "Comprehensive outpatient rehabilitation facility",
    "65": "End-stage renal disease treatment facility",
    "66": "Programs of All-Inclusive Care for the Elderly (PACE) center",
    "71": "Public health clinic",
    "72": "Rural health clinic",
    "81": "Independent laboratory",
    "99": "Other place of service",
}

# NDC units of measure allowed on claims (837P CTP05-1 / CMS-1500 box 24 shaded area).
NDC_UNITS: dict[str, str] = {"F2": "International unit", "GR": "Gram", "ME": "Milligram", "ML": "Milliliter",
                             "UN": "Unit"}
# Hyphenated NDC layouts (labeler-product-package) and how each pads to the billing 5-4-2 form.
_NDC_SHAPES = {(5, 4, 2), (4, 4, 2), (5, 3, 2), (5, 4, 1)}
_NDC_QUANTITY_RE = re.compile(r"^[0-9]{1,7}(?:\.[0-9]{1,3})?$|^\.[0-9]{1,3}$")


def clean_procedure_code(value: str, field: str = "code") -> tuple[str, str]:
    """A procedure code as typed -> (CODE, "cpt" | "hcpcs"), or ValidationError(field) saying the formats."""
    code = "".join(str(value or "").split()).upper()
    if not code:
        raise ValidationError(field, "Type a procedure code (CPT like 99213, or HCPCS like J1100).")
    if _CPT_RE.match(code):
        return code, "cpt"
    if _HCPCS_RE.match(code):
        return code, "hcpcs"
    shown = code if len(code) <= 10 else code[:10] + "..."
    raise ValidationError(
        field, f"{shown} is not a procedure code: CPT codes are 5 digits (99213) or 4 digits and F or T "
               "(0001F), HCPCS codes are a letter and 4 digits (J1100).")


def clean_modifiers(value: str | Iterable[str], field: str = "modifiers", *,
                    maximum: int = MAX_MODIFIERS) -> tuple[str, ...]:
    """Modifiers as typed ("25 59", "25,59", ["25", "59"]) -> ("25", "59"): 2 letters/digits, at most 4, no repeats.

    ``maximum`` is raised only for lists that are not one claim line's (a fee item's allowed modifiers).
    """
    if value is None:
        return ()
    parts = [value] if isinstance(value, str) else [str(v) for v in value]
    items = [m.upper() for part in parts for m in re.split(r"[\s,;]+", part) if m]
    for item in items:
        if not _MODIFIER_RE.match(item):
            shown = item if len(item) <= 6 else item[:6] + "..."
            raise ValidationError(field, f"{shown} is not a modifier: each modifier is 2 letters or digits "
                                         "(25, 59, GT), separated by spaces or commas.")
    if len(set(items)) != len(items):
        twice = next(m for m in items if items.count(m) > 1)
        raise ValidationError(field, f"Modifier {twice} is listed twice.")
    if len(items) > maximum:
        where = "fit on a claim line" if maximum == MAX_MODIFIERS else "can be listed"
        raise ValidationError(field, f"At most {maximum} modifiers {where} ({len(items)} typed).")
    return tuple(items)


def clean_place_of_service(value: str, field: str = "place_of_service") -> str:
    """A place-of-service code ("11", "2" -> "02") from the CMS set, or ValidationError(field)."""
    code = "".join(str(value or "").split())
    if not code:
        raise ValidationError(field, "Choose a place of service (11 = office).")
    if code.isdigit() and len(code) == 1:
        code = "0" + code
    if code not in PLACES_OF_SERVICE:
        shown = code if len(code) <= 6 else code[:6] + "..."
        raise ValidationError(field, f"{shown} is not a place-of-service code (11 = office, 12 = home, "
                                     "02/10 = telehealth).")
    return code


def clean_ndc(value: str, field: str = "ndc") -> str:
    """An NDC as typed -> 11 digits in the 5-4-2 billing form ("" stays "").

    Packages print 10-digit NDCs hyphenated 4-4-2, 5-3-2 or 5-4-1; claims need 5-4-2, made by a leading
    zero in the short part. An unhyphenated 10-digit NDC is ambiguous (which part is short?), so it is refused.
    """
    text = "".join(str(value or "").split())
    if not text:
        return ""
    if "-" in text:
        parts = text.split("-")
        shape = tuple(len(p) for p in parts)
        if len(parts) != 3 or not all(p.isdigit() and p.isascii() for p in parts) or shape not in _NDC_SHAPES:
            raise ValidationError(field, "An NDC has three parts of digits: 5-4-2, 4-4-2, 5-3-2 or 5-4-1 "
                                         "(for example 12345-6789-01).")
        return parts[0].zfill(5) + parts[1].zfill(4) + parts[2].zfill(2)
    if not (text.isdigit() and text.isascii()):
        raise ValidationError(field, "An NDC has only digits and hyphens (for example 12345-6789-01).")
    if len(text) == 11:
        return text
    if len(text) == 10:
        raise ValidationError(field, "A 10-digit NDC needs its hyphens (as on the package) to be padded to 11 "
                                     "digits correctly.")
    raise ValidationError(field, f"An NDC has 11 digits ({len(text)} typed).")


def clean_ndc_quantity(value: object, field: str = "ndc_quantity") -> str:
    """A drug quantity as typed -> positive decimal text ("1.5", "10"), at most 3 decimals."""
    if isinstance(value, float):
        raise TypeError("pass the quantity as text or a Decimal, never a float")
    text = "".join(str(value if value is not None else "").split())
    if not text:
        raise ValidationError(field, "Type the drug quantity (for example 1 or 0.5).")
    if not _NDC_QUANTITY_RE.match(text):
        raise ValidationError(field, "The drug quantity is a number like 1, 2.5 or 0.25 (at most 3 decimals).")
    try:
        amount = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern already guarantees a number
        raise ValidationError(field, "The drug quantity is not a number.") from None
    if amount <= 0:
        raise ValidationError(field, "The drug quantity must be more than 0.")
    # Normalise "01.50" -> "1.5" without exponent notation ("10" stays "10", not "1E+1").
    normal = format(amount.normalize(), "f")
    return normal
