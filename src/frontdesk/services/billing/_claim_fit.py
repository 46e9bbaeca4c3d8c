"""The scrubber's print check: every value that would not print on the CMS-1500 as entered, before anything prints.

An address line printed USPS-abbreviated to fit its box is a warning (the stored address is unchanged, and the
desk is told); a value too long for its box even abbreviated is a problem naming the box and the record to fix.
"""

from __future__ import annotations

from typing import Protocol

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.errors import NotFoundError, ValidationError
from frontdesk.models import Claim, Encounter, InsurancePolicy, Practice
from frontdesk.reports.cms1500 import text as t
from frontdesk.reports.cms1500.fitting import FitNote
from frontdesk.reports.cms1500.values import fit_notes
from frontdesk.services.billing._claim_build import build_claim_form


class ProblemSink(Protocol):
    def add(self, box: str, message: str, kind: str, rid: int, field: str, *, warning: bool = False) -> None: ...


# Layout field -> (record kind, its field) of where the value is entered; "subscriber" is the policy's insured
# (the patient's own record when the patient is the insured).
_WHERE: dict[str, tuple[str, str]] = {
    "1a": ("policy", "member_id"), "2": ("patient", "last_name"), "4": ("subscriber", "last_name"),
    "5_street": ("patient", "address_line1"), "5_city": ("patient", "city"),
    "7_street": ("subscriber", "address_line1"), "7_city": ("subscriber", "city"),
    "11": ("policy", "group_number"), "11c": ("policy", "plan_name"),
    "17_name": ("encounter", "referring_last_name"), "22_ref": ("claim", "original_reference"),
    "23": ("encounter", "prior_authorization"), "26": ("patient", "account_number"),
    "31_name": ("provider", "last_name"),
    "32_0": ("practice", "legal_name"), "32_1": ("practice", "address_line1"), "32_2": ("practice", "city"),
    "33_0": ("practice", "legal_name"), "33_1": ("practice", "address_line1"), "33_2": ("practice", "city"),
}


def _target(session: Session, claim: Claim, note: FitNote, payer_name: str) -> tuple[str, int, str]:
    """(record kind, id, field) where the desk fixes the value of ``note``."""
    if note.box == "24A":
        return "service_line", note.service_line_id, "ndc_quantity"
    if note.box == "Carrier":
        return "payer", claim.payer_id, "name" if note.value == t.plain(payer_name) else "address_line1"
    kind, field = _WHERE.get(note.field, ("claim", ""))
    if kind == "subscriber":
        policy = session.get(InsurancePolicy, claim.policy_id)
        if policy is not None and policy.relationship != "self":
            return "policy", claim.policy_id, f"subscriber_{field}"
        kind = "patient"
    rid = {"patient": claim.patient_id, "policy": claim.policy_id, "claim": claim.id, "practice": 0,
           "encounter": claim.encounter_id}.get(kind)
    if kind == "provider":
        enc = session.get(Encounter, claim.encounter_id)
        rid = enc.rendering_provider_id if enc is not None else 0
    return kind, rid or 0, field


def print_fit(out: ProblemSink, session: Session, claim: Claim) -> None:
    """Warn once of each value printed abbreviated; a problem for each value that does not fit its box."""
    if session.scalar(select(Practice.id).limit(1)) is None:
        return  # the practice check already says it is not set up
    try:
        form = build_claim_form(session, claim)
        notes = fit_notes(form)
    except NotFoundError:
        return  # the record checks already name what is missing
    except ValidationError as exc:  # e.g. an amount too large for the dollar column
        out.add("28", exc.message, "claim", claim.id, "")
        return
    # One value can print in two boxes (the patient's address in 5 and 7 when the patient is the insured, the
    # practice in 32 and 33): the desk is told once, naming both boxes, since there is one record to look at.
    abbreviated: dict[tuple[str, int, str, str], list[FitNote]] = {}
    for note in notes:
        kind, rid, field = _target(session, claim, note, form.payer_name)
        if note.fits:
            abbreviated.setdefault((kind, rid, field, note.value), []).append(note)
        else:
            out.add(note.box, f"{note.value!r} is {len(note.value)} characters; box {note.box} holds {note.width} "
                              "and USPS abbreviations do not make it fit. Shorten it.", kind, rid, field)
    for (kind, rid, field, _value), same in abbreviated.items():
        note, also = same[0], "".join(f"; box {n.box} too" for n in same[1:] if n.box != same[0].box)
        out.add(note.box, f"Printed abbreviated to fit ({note.width} characters{also}): {note.printed!r} for "
                          f"{note.value!r}. The record is unchanged.", kind, rid, field, warning=True)
