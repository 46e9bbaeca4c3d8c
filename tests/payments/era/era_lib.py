"""The hand-written 835 fixtures (fixtures/*.835), filled in with the claims a test made and checked by pyx12
before any test uses them."""

from __future__ import annotations

from pathlib import Path
from string import Template

from frontdesk.domain.era835.reader import validation_errors
from frontdesk.models import Claim, Patient
from frontdesk.storage.engine import Database

FIXTURES = Path(__file__).resolve().parent / "fixtures"
PAYER_EDI_ID = "87726"  # N1*PR*...*XV*87726 in every fixture


def control_number(db: Database, claim_id: int) -> str:
    """CLM01 as the claim was sent (services/billing/_claim_build.control_number): account + 'C' + claim id."""
    with db.session(write=False) as s:
        account = s.get(Patient, s.get(Claim, claim_id).patient_id).account_number
    return f"{account}C{claim_id}"[-20:]


def remittance(name: str, **values: str) -> bytes:
    """The fixture with its placeholders ($pcn, ...) filled in, after pyx12 found it a valid 835."""
    text = Template((FIXTURES / name).read_text(encoding="ascii")).substitute(values)
    assert validation_errors(text) == [], name
    return text.encode("ascii")


def raw(name: str) -> bytes:
    """A fixture as it is on disk (the files that are not valid 835s)."""
    return (FIXTURES / name).read_bytes()
