"""Text hygiene for names and free text: NFC, no control/bidi/zero-width, bounded length."""

from __future__ import annotations

import unicodedata

from frontdesk.errors import ValidationError

# Bidi embeddings, overrides and isolates can make a name display differently from what it is.
BIDI_CONTROLS = set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c")
ZERO_WIDTH = set("\u200b\u200c\u200d\u2060\ufeff\u180e")


def has_lone_surrogate(value: str) -> bool:
    """True when the text holds half of a UTF-16 pair, which no encoder accepts (a pasted or crafted string)."""
    return any(0xD800 <= ord(ch) <= 0xDFFF for ch in value)


def clean_text(value: object, field: str, label: str, *, max_len: int, required: bool = False,
               multiline: bool = False) -> str:
    """Normalise and check one text field; raise ValidationError naming the field."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise ValidationError(field, f"{label} must be text.")
    if has_lone_surrogate(value):
        raise ValidationError(field, f"{label} contains an invalid character.")
    text = unicodedata.normalize("NFC", value).strip()
    for ch in text:
        if ch in BIDI_CONTROLS:
            raise ValidationError(field, f"{label} contains a text-direction control character.")
        if ch in ZERO_WIDTH:
            raise ValidationError(field, f"{label} contains an invisible (zero-width) character.")
        cat = unicodedata.category(ch)
        if cat == "Cc" and not (multiline and ch in "\n\t"):
            raise ValidationError(field, f"{label} contains a control character.")
        if cat in ("Cs", "Co", "Cn"):
            raise ValidationError(field, f"{label} contains an invalid character.")
    if required and not text:
        raise ValidationError(field, f"{label} is required.")
    if len(text) > max_len:
        raise ValidationError(field, f"{label} is too long (at most {max_len} characters).")
    return text


def clean_name(value: object, field: str, label: str, *, required: bool = True, max_len: int = 60) -> str:
    """A person's name: letters plus the punctuation names really use."""
    text = clean_text(value, field, label, max_len=max_len, required=required)
    if text and not any(ch.isalpha() for ch in text):
        raise ValidationError(field, f"{label} must contain letters.")
    for ch in text:
        if not (ch.isalpha() or ch in " '-.," or unicodedata.category(ch) in ("Mn", "Mc")):
            raise ValidationError(field, f"{label} may only contain letters, spaces, hyphens, apostrophes and periods.")
    return " ".join(text.split())


def fold_key(value: str) -> str:
    """Search key: lower-case, accents stripped, only letters and digits."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))
