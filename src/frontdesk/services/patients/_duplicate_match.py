"""Finding records that may be the same person (query helper: never commits).

Candidates come from two indexed lookups only, so the check stays fast at any practice size:
everyone born on the same day (a handful of rows, compared by name in Python), and everyone
with one of the same phone numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain.names import similar_last_names
from frontdesk.domain.text import fold_key
from frontdesk.models import Patient, PatientPhone
from frontdesk.services.patients._patient_rows import summaries
from frontdesk.services.patients._patient_types import PatientSummary

SAME_LAST_AND_DOB = 80
SIMILAR_LAST_AND_DOB = 60
SAME_PHONE = 30
SAME_FIRST = 15
SAME_FIRST_INITIAL = 5
# A shared phone alone is common in a family; with the same first name it is likely the same person.
MAX_PHONE_ONLY = 25


@dataclass(frozen=True)
class DuplicateCandidate:
    """A saved patient who may be the person being registered; higher score = more alike.

    ``reasons`` say what matched in words fit for the screen (never the values themselves);
    ``likely`` candidates make registration ask for an explicit "create anyway" with a reason.
    """

    patient: PatientSummary
    score: int
    reasons: tuple[str, ...]
    likely: bool


@dataclass
class _Hit:
    score: int = 0
    reasons: list[str] | None = None
    name_and_dob: bool = False
    phone: bool = False
    first_same: bool = False

    def add(self, points: int, reason: str) -> None:
        self.score += points
        self.reasons = [*(self.reasons or []), reason]


def find_candidates(session: Session, *, last_name: str, first_name: str = "", dob: date | None = None,
                    phone_digits: Iterable[str] = (), exclude_id: int | None = None,
                    limit: int = 20) -> list[DuplicateCandidate]:
    """Ranked candidates: same last name + DOB, then similar last name + DOB, then same phone."""
    hits: dict[int, _Hit] = {}
    first_keys: dict[int, str] = {}
    last_key = fold_key(last_name)
    if dob is not None and last_key:
        rows = session.execute(select(Patient.id, Patient.last_name, Patient.last_name_key, Patient.first_name_key)
                               .where(Patient.dob == dob, Patient.status != "merged"))
        for row in rows:
            if row.last_name_key == last_key:
                hit = hits.setdefault(row.id, _Hit())
                hit.add(SAME_LAST_AND_DOB, "same last name and date of birth")
            elif similar_last_names(last_name, row.last_name):
                hit = hits.setdefault(row.id, _Hit())
                hit.add(SIMILAR_LAST_AND_DOB, "similar last name and same date of birth")
            else:
                continue
            hit.name_and_dob = True
            first_keys[row.id] = row.first_name_key
    first_key = fold_key(first_name)
    numbers = sorted({d for d in phone_digits if len(d) >= 10})
    if numbers:
        # The same first name first (a likely duplicate, however many share the number), then a
        # screenful of the rest: a clinic's or a care home's number can be shared by hundreds.
        shared = (select(PatientPhone.patient_id, Patient.first_name_key)
                  .join(Patient, Patient.id == PatientPhone.patient_id)
                  .where(PatientPhone.digits.in_(numbers), Patient.status != "merged").distinct())
        rows = list(session.execute(shared.where(Patient.first_name_key == first_key))) if first_key else []
        rows += session.execute(shared.where(Patient.first_name_key != first_key).limit(MAX_PHONE_ONLY))
        for row in rows:
            hit = hits.setdefault(row.patient_id, _Hit())
            hit.add(SAME_PHONE, "same phone number")
            hit.phone = True
            first_keys[row.patient_id] = row.first_name_key
    hits.pop(exclude_id, None)  # type: ignore[arg-type]
    for patient_id, hit in hits.items():
        if first_key and first_keys.get(patient_id) == first_key:
            hit.add(SAME_FIRST, "same first name")
            hit.first_same = True
        elif first_key and first_keys.get(patient_id, "")[:1] == first_key[:1]:
            hit.add(SAME_FIRST_INITIAL, "same first initial")
    # Cut by score before reading names, so a widely shared number costs a screenful of rows, not all.
    best = sorted(hits.items(), key=lambda item: (-item[1].score, item[0]))[:max(1, limit)]
    found = summaries(session, (pid for pid, _hit in best))
    best.sort(key=lambda item: (-item[1].score, found[item[0]].last_name.casefold(),
                                found[item[0]].first_name.casefold(), item[0]))
    return [DuplicateCandidate(found[pid], hit.score, tuple(hit.reasons or ()),
                               hit.name_and_dob or (hit.phone and hit.first_same))
            for pid, hit in best]
