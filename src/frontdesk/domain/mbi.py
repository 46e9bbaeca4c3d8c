"""The Medicare Beneficiary Identifier (MBI): its format as CMS defines it, checked where it is typed.

An MBI has 11 characters; people write it with dashes ("1EG4-TE5-MK73") or spaces, which are not part
of it. By position: 1 a digit 1-9; 2, 5, 8 and 9 a letter; 3 and 6 a letter or a digit; 4, 7, 10 and
11 a digit 0-9. Letters never include S, L, O, I, B or Z (easily misread). The value is stored as the
user typed it; the 837P sends its 11 characters alone (x12_837p.codes.member_id).
"""

from __future__ import annotations

from frontdesk.errors import ValidationError

MBI_LETTERS = frozenset("ACDEFGHJKMNPQRTUVWXY")  # A-Z without S, L, O, I, B, Z
MBI_LENGTH = 11
EXAMPLE = "1EG4-TE5-MK73"  # CMS's published specimen
_DIGITS = frozenset("0123456789")
# Per position (1-based): what it may hold and how the message says it.
_RULES = {
    1: (frozenset("123456789"), "a digit from 1 to 9"),
    2: (MBI_LETTERS, "a letter"), 5: (MBI_LETTERS, "a letter"), 8: (MBI_LETTERS, "a letter"),
    9: (MBI_LETTERS, "a letter"),
    3: (MBI_LETTERS | _DIGITS, "a letter or a digit"), 6: (MBI_LETTERS | _DIGITS, "a letter or a digit"),
    4: (_DIGITS, "a digit"), 7: (_DIGITS, "a digit"), 10: (_DIGITS, "a digit"), 11: (_DIGITS, "a digit"),
}
_EXCLUDED = "S, L, O, I, B or Z"


def mbi_characters(value: object) -> str:
    """The MBI without its dashes and spaces, upper case ('1eg4-te5-mk73' -> '1EG4TE5MK73')."""
    return "".join(ch for ch in str(value or "") if ch not in "- ").upper()


def mbi_problem(value: object) -> str | None:
    """What is wrong with ``value`` as an MBI (one sentence), or None when it is a well-formed MBI."""
    chars = mbi_characters(value)
    if len(chars) != MBI_LENGTH:
        return (f"a Medicare MBI has {MBI_LENGTH} letters and digits (like {EXAMPLE}); this one has "
                f"{len(chars)}")
    for position, ch in enumerate(chars, start=1):
        allowed, wanted = _RULES[position]
        if ch not in allowed:
            extra = f" other than {_EXCLUDED}" if MBI_LETTERS <= allowed and ch.isalpha() else ""
            return f"character {position} of a Medicare MBI must be {wanted}{extra}, not {ch!r} (like {EXAMPLE})"
    return None


def is_valid_mbi(value: object) -> bool:
    """True for a well-formed MBI, with or without dashes and spaces."""
    return mbi_problem(value) is None


def check_mbi(value: str, field: str = "member_id") -> str:
    """``value`` unchanged when it is a well-formed MBI; else a ValidationError on ``field`` saying why."""
    problem = mbi_problem(value)
    if problem is not None:
        raise ValidationError(field, f"{problem[0].upper()}{problem[1:]}.")
    return value
