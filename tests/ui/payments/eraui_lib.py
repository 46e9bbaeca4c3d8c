"""The hand-written 835 of the ERA screens' tests (fixtures/era_ui.835), filled in with the claims a test made
and checked by pyx12 before any test uses it.

One check from Blue Prairie Health: claim A matched by the control number it was sent with, claim B only by
patient, date of service and charge (the payer lost the number), and a claim of nobody here; a PLB with interest
(L6, added) and a forwarding balance (FB, taken off). BPR02 = 140 + 100 + 80 - (20 - 2.50) = 302.50.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from string import Template

from payui_lib import DOS, Visit

from frontdesk.domain.era835.reader import validation_errors
from frontdesk.models import Claim, Patient
from frontdesk.storage.engine import Database

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "era_ui.835"
BALANCED = "302.5"
PAID_ON = DOS + timedelta(days=10)


def control_number(db: Database, claim_id: int) -> str:
    """CLM01 as the claim was sent: the patient's account, 'C', the claim id (services/billing/_claim_build)."""
    with db.session(write=False) as s:
        account = s.get(Patient, s.get(Claim, claim_id).patient_id).account_number
    return f"{account}C{claim_id}"[-20:]


def era_file(folder: Path, db: Database, a: Visit, *, last_a: str = "AVERY", last_b: str = "BLAKE",
             amount: str = BALANCED, trace: str = "CHK700201", name: str = "blue-prairie.835") -> Path:
    """The fixture filled in for visit ``a`` (matched) and the patient ``last_b`` (by patient, date and charge),
    written to ``folder``; pyx12 must find it a valid 835."""
    text = Template(FIXTURE.read_text(encoding="ascii")).substitute(
        amount=amount, paid_on=f"{PAID_ON:%Y%m%d}", trace=trace, pcn_a=control_number(db, a.claim_id),
        last_a=last_a, last_b=last_b, dos=f"{DOS:%Y%m%d}")
    assert validation_errors(text) == []
    path = folder / name
    path.write_text(text, encoding="ascii")
    return path
