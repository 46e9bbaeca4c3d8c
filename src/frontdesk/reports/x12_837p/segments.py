"""X12 building blocks: the delimiters, safe element text, numbers and dates, and one segment's text."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date

ELEMENT = "*"
COMPONENT = ":"
REPETITION = "^"
TERMINATOR = "~"
DELIMITERS = frozenset(ELEMENT + COMPONENT + REPETITION + TERMINATOR)

# The X12 basic character set plus the few extended ones names and addresses use. Anything else
# (accents are folded first) is dropped, so user text can never introduce a delimiter or a byte a
# clearinghouse rejects.
_ALLOWED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 !\"&'()+,-./;?=%@#") - DELIMITERS

Element = str | Sequence[str]


def text(value: object, max_len: int | None = None) -> str:
    """User text as one safe upper-case element: accents folded, delimiters and odd characters removed.

    Whitespace runs become one space and the result is cut to ``max_len`` (the guide's maximum) so a
    long name can never break the element's length rule.
    """
    raw = unicodedata.normalize("NFKD", str(value or "")).encode("ascii", "ignore").decode("ascii").upper()
    kept = "".join(ch if ch in _ALLOWED else (" " if ch.isspace() else "") for ch in raw)
    cleaned = " ".join(kept.split())
    if max_len is not None:
        cleaned = cleaned[:max_len].rstrip()
    return cleaned


def ident(value: object, max_len: int | None = None, *, keep: str = "") -> str:
    """An identifier or code: letters and digits (plus any of ``keep``), upper case."""
    cleaned = "".join(ch for ch in text(value) if ch.isalnum() or ch in keep)
    return cleaned[:max_len] if max_len is not None else cleaned


def digits(value: object) -> str:
    """Only the digits of a value (phone numbers, ZIP codes, tax ids)."""
    return "".join(ch for ch in str(value or "") if ch.isascii() and ch.isdigit())


def amount(cents: int) -> str:
    """Integer cents as an X12 decimal (R): 12500 -> '125', 12550 -> '125.5', 5 -> '0.05'."""
    sign = "-" if cents < 0 else ""
    whole, part = divmod(abs(int(cents)), 100)
    if part == 0:
        return f"{sign}{whole}"
    return f"{sign}{whole}.{part:02d}".rstrip("0")


def d8(value: date) -> str:
    """A date as CCYYMMDD (qualifier D8)."""
    return value.strftime("%Y%m%d")


def composite(*parts: str) -> str:
    """Components joined by ':', trailing empty components dropped (the guide forbids them)."""
    items = list(parts)
    while items and not items[-1]:
        items.pop()
    return COMPONENT.join(items)


def segment(tag: str, *elements: Element) -> str:
    """One segment without its terminator; trailing empty elements are dropped.

    An element given as a sequence is a composite. Every value must already be safe (built by
    ``text``/``ident``/``digits`` or a code constant); this function asserts it, so a missed
    cleaning shows up in tests rather than as a broken file.
    """
    values = [e if isinstance(e, str) else composite(*e) for e in elements]
    while values and not values[-1]:
        values.pop()
    for value in values:
        stray = set(value) & (DELIMITERS - {COMPONENT})
        if stray:
            raise ValueError(f"unescaped delimiter in {tag} element")
    return ELEMENT.join([tag, *values])


class SegmentList:
    """The segments of one transaction set, counted as they are added (SE01 needs the count)."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, tag: str, *elements: Element) -> None:
        self.items.append(segment(tag, *elements))

    def __len__(self) -> int:
        return len(self.items)
