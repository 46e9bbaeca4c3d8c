"""The patient control number a claim is sent with (CMS-1500 box 26 / 837P CLM01), and reading it back.

One rule for both directions: the claim builder writes it and the 835 matcher (CLP01) reads it, so the two
can never drift apart.
"""

from __future__ import annotations

import re

MAX_LENGTH = 20  # CLM01 allows 38; box 26 and many payers keep 20
_CLAIM_ID_RE = re.compile(r"C([0-9]{1,9})$")


def control_number(account_number: str, claim_id: int) -> str:
    """The account number's ASCII letters and digits (upper case) + 'C' + the claim id, its last 20 characters."""
    account = "".join(ch for ch in (account_number or "") if ch.isascii() and ch.isalnum()).upper()
    return f"{account}C{claim_id}"[-MAX_LENGTH:]


def claim_id_in(number: str) -> int | None:
    """The claim id a control number written by ``control_number`` ends with, else None."""
    found = _CLAIM_ID_RE.search(str(number or "").strip().upper())
    return int(found.group(1)) if found else None


def is_control_number(number: str, account_number: str, claim_id: int) -> bool:
    """True when ``number`` (as a payer sends it back) is exactly what this claim was sent with."""
    return str(number or "").strip().upper() == control_number(account_number, claim_id)
