"""E-mail addresses: a strict-enough check for a contact address typed at the front desk."""

from __future__ import annotations

import re

from frontdesk.domain.text import clean_text
from frontdesk.errors import ValidationError

MAX_EMAIL = 254
# Local part: printable ASCII without spaces, quotes or angle brackets; domain: labels of letters,
# digits and hyphens separated by dots, ending in a letters-only top-level label.
_LOCAL_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$")
_LABEL_RE = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$")


def clean_email(value: object, field: str = "email", label: str = "E-mail", *, required: bool = False) -> str:
    """'Ann@Example.COM ' -> 'Ann@example.com'; ValidationError naming ``field`` when it is not an address."""
    text = clean_text(value, field, label, max_len=MAX_EMAIL, required=required)
    if not text:
        return ""
    problem = f"{label} is not an e-mail address; type it as name@example.com."
    if any(ch.isspace() for ch in text) or text.count("@") != 1:
        raise ValidationError(field, problem)
    local, domain = text.split("@")
    if not _LOCAL_RE.match(local) or local.startswith(".") or local.endswith(".") or ".." in local:
        raise ValidationError(field, problem)
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL_RE.match(part) for part in labels) or not labels[-1].isalpha():
        raise ValidationError(field, problem)
    return f"{local}@{domain.lower()}"
