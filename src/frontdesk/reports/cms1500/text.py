"""Values as the NUCC 1500 instructions want them on the red OCR form: capitals, no punctuation, split dates and money.

NUCC 02/12 rules used here: names "LAST, FIRST, M" (commas separate the parts, a hyphen is allowed in
hyphenated names, no periods); addresses without punctuation or symbols ("123 N MAIN ST 101"); a 9-digit ZIP
without the hyphen; phone numbers without separators, the area code in its own space; birth dates 8 digits
(MM DD YYYY), other dates 6 digits (MM DD YY) everywhere; money right-justified dollars and a separate
cents column, no "$", no commas, no decimal point.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from frontdesk.domain.claim_form import Address, PersonName
from frontdesk.errors import ValidationError

_NOT_WORD = re.compile(r"[^A-Z0-9 ]+")
_NOT_NAME = re.compile(r"[^A-Z0-9 \-]+")
_SPACES = re.compile(r" {2,}")


def _ascii_upper(text: str) -> str:
    """Upper-case ASCII: OCR reads only the Courier A-Z/0-9 set, so accents are folded (JOSE, not JOSÉ)."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return folded.upper()


def _squeeze(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def plain(text: str) -> str:
    """Letters, digits and single spaces only (addresses, cities, plan and payer names)."""
    upper = _ascii_upper(text).replace("'", "")  # O'NEIL -> ONEIL, not O NEIL
    return _squeeze(_NOT_WORD.sub(" ", upper))


def name_part(text: str) -> str:
    """One part of a person's name: a hyphen is kept for hyphenated names, other punctuation dropped."""
    upper = _ascii_upper(text).replace("'", "")
    cleaned = _squeeze(_NOT_NAME.sub(" ", upper))
    return re.sub(r"\s*-\s*", "-", cleaned).strip("-")


def identifier(text: str) -> str:
    """A member, group or account number: capitals, digits and hyphens as printed on the card."""
    return _squeeze(re.sub(r"[^A-Z0-9\-]+", " ", _ascii_upper(text)))


def person_name(name: PersonName) -> str:
    """Boxes 2, 4, 9: 'LAST SUFFIX, FIRST, M' (NUCC: suffix after the last name, commas between parts)."""
    last = " ".join(p for p in (name_part(name.last), name_part(name.suffix)) if p)
    parts = [last]
    first = name_part(name.first)
    middle = name_part(name.middle)[:1]
    if first or middle:
        parts.append(first)
    if middle:
        parts.append(middle)
    return ", ".join(parts)


def natural_name(name: PersonName) -> str:
    """Boxes 17 and 31: 'FIRST M LAST SUFFIX' (NUCC: no commas or periods there); an organisation as is."""
    parts = [name_part(name.first), name_part(name.middle)[:1], name_part(name.last), name_part(name.suffix)]
    return " ".join(p for p in parts if p)


def street(address: Address) -> str:
    """Both street lines on one line, no punctuation ('42 ELM ST APT 3')."""
    return _squeeze(" ".join((plain(address.line1), plain(address.line2))))


def zip_code(value: str) -> str:
    """'62704' or '627011234' (NUCC items 5, 7, 32, 33: 'Enter the 9-digit ZIP code without the hyphen')."""
    digits = re.sub(r"\D", "", value)
    return digits[:9] if len(digits) == 9 else digits[:5]


def city_state_zip(address: Address) -> str:
    """Boxes 32/33 and the carrier block: 'TOWN ST 123456789' with single spaces."""
    return _squeeze(f"{plain(address.city)} {plain(address.state)[:2]} {zip_code(address.zip_code)}")


def phone_parts(value: str) -> tuple[str, str]:
    """('217', '5550142'): the area code goes in its own space, the number without separators."""
    digits = re.sub(r"\D", "", value)
    if len(digits) == 11 and digits.startswith("1"):
        digits = digits[1:]
    if len(digits) != 10:
        return "", ""
    return digits[:3], digits[3:]


def date_parts(value: date | None, *, long_year: bool = False) -> tuple[str, str, str]:
    """('03', '07', '15') or with ``long_year`` ('03', '07', '2015'); blanks for no date."""
    if value is None:
        return "", "", ""
    year = f"{value.year:04d}" if long_year else f"{value.year % 100:02d}"
    return f"{value.month:02d}", f"{value.day:02d}", year


def date6(value: date | None) -> str:
    """'11 02 26': the 6-digit date with spaces, for boxes without printed dividers (12, 31)."""
    return " ".join(date_parts(value)) if value is not None else ""


def money_parts(cents: int, dollar_width: int) -> tuple[str, str]:
    """(' 125', '00'): dollars right-justified to ``dollar_width``, cents separate; never a '$' or '.'."""
    if cents < 0:
        raise ValidationError("charge", "The 1500 form cannot print a negative amount.")
    dollars, rest = divmod(cents, 100)
    text = str(dollars)
    if len(text) > dollar_width:
        raise ValidationError("charge", f"An amount of ${dollars:,} or more does not fit the 1500 form's "
                                        "dollar column; split the claim.")
    return text.rjust(dollar_width), f"{rest:02d}"


def diagnosis(code: str) -> str:
    """ICD-10-CM without the period (NUCC: 'J06.9' is entered as 'J069')."""
    return re.sub(r"[^A-Z0-9]", "", _ascii_upper(code))
