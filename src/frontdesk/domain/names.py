"""Name similarity for duplicate checks: folded parts, Soundex and a bounded Damerau-Levenshtein distance."""

from __future__ import annotations

import re

from frontdesk.domain.text import fold_key

_SOUNDEX_CODES = {**dict.fromkeys("bfpv", "1"), **dict.fromkeys("cgjkqsxz", "2"), **dict.fromkeys("dt", "3"),
                  "l": "4", **dict.fromkeys("mn", "5"), "r": "6"}
_PART_SPLIT = re.compile(r"[\s\-]+")
# Parts this short ("de", "la", "van") are particles, too common to mean "the same family name".
MIN_SHARED_PART = 3


def soundex(key: str) -> str:
    """American Soundex of a folded key ('robert' -> 'r163'); '' when the key has no ASCII letter to start."""
    letters = [ch for ch in key if "a" <= ch <= "z"]
    if not letters:
        return ""
    first = letters[0]
    code = [first]
    previous = _SOUNDEX_CODES.get(first, "")
    for ch in letters[1:]:
        digit = _SOUNDEX_CODES.get(ch, "")
        if digit and digit != previous:
            code.append(digit)
        if ch not in "hw":  # h and w do not separate two letters with the same code; vowels do
            previous = digit
        if len(code) == 4:
            break
    return "".join(code).ljust(4, "0")


def damerau_levenshtein(a: str, b: str, limit: int = 2) -> int:
    """Edits (insert, delete, substitute, swap neighbours) from a to b, capped at ``limit + 1``.

    The cap keeps the cost linear in practice: the duplicate check only asks "within 1 or 2?".
    """
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous2: list[int] = []
    previous = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        current = [i] + [0] * len(b)
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                current[j] = min(current[j], previous2[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        previous2, previous = previous, current
    return min(previous[-1], limit + 1)


def name_parts(name: str) -> list[str]:
    """Folded parts of a compound name: 'García-López' -> ['garcia', 'lopez']."""
    return [key for key in (fold_key(part) for part in _PART_SPLIT.split(name)) if key]


def _typo_limit(key: str) -> int:
    # One slip in a short name, two in a long one; "Lee"/"Li" is one edit but still plausible.
    return 1 if len(key) <= 6 else 2


def similar_last_names(a: str, b: str) -> bool:
    """Two different spellings that plausibly name the same family (not used for exact matches).

    True for a small typo (Damerau-Levenshtein), the same Soundex code with the same first letter
    (Smith/Smyth), or a shared part of a compound name (Garcia / Garcia-Lopez).
    """
    key_a, key_b = fold_key(a), fold_key(b)
    if not key_a or not key_b:
        return False
    if key_a == key_b:
        return True
    limit = _typo_limit(min(key_a, key_b, key=len))
    if damerau_levenshtein(key_a, key_b, limit) <= limit:
        return True
    sound_a, sound_b = soundex(key_a), soundex(key_b)
    if sound_a and sound_a == sound_b and min(len(key_a), len(key_b)) >= 2:
        return True
    parts_a = {p for p in name_parts(a) if len(p) >= MIN_SHARED_PART}
    parts_b = {p for p in name_parts(b) if len(p) >= MIN_SHARED_PART}
    return bool(parts_a & parts_b)


def provider_display_name(first: str, last: str, credential: str) -> str:
    """A provider as lists show them: "First Last, MD" (no comma without a credential)."""
    name = f"{first} {last}"
    return f"{name}, {credential}" if credential else name


def patient_display_name(first: str, last: str) -> str:
    """A patient as lists sort and show them: "Last, First"."""
    return f"{last}, {first}"
