"""Duplicate detection while a patient is registered: live candidates, and the error a save raises."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from frontdesk.domain.dates import parse_us_date
from frontdesk.domain.formats import parse_phone, phone_digits
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ConflictError, ValidationError
from frontdesk.services._base import Tx, operation
from frontdesk.services.patients._duplicate_match import DuplicateCandidate, find_candidates
from frontdesk.services._practice_clock import practice_today

__all__ = ["DuplicateCandidate", "PossibleDuplicateError", "find_duplicates"]

_MAX_TYPED = 200  # longer than any real name or phone: such input cannot match, so it is ignored


class PossibleDuplicateError(ConflictError):
    """Saving would create a likely second record of someone already registered.

    ``candidates`` are ranked; the form shows them and may retry with a "create anyway" reason.
    """

    def __init__(self, candidates: Sequence[DuplicateCandidate]) -> None:
        count = len(candidates)
        super().__init__(f"This patient may already be registered ({count} possible "
                         f"match{'es' if count != 1 else ''}). Open the existing record, or choose "
                         "Create anyway and give a reason.", field="duplicate_override_reason")
        self.candidates = tuple(candidates)


def _typed_text(value: object) -> str:
    return value if isinstance(value, str) and len(value) <= _MAX_TYPED else ""


def _typed_dob(value: object, today: date) -> date | None:
    if isinstance(value, date):
        return value
    text = _typed_text(value).strip()
    return parse_us_date(text, today=today) if text else None


def _typed_digits(value: object) -> str:
    try:
        return phone_digits(parse_phone(_typed_text(value)))
    except ValidationError:
        return ""  # half-typed: nothing to compare yet


@operation(Permission.VIEW_PATIENTS, write=False)
def find_duplicates(tx: Tx, *, last_name: str = "", first_name: str = "", dob: date | str | None = None,
                    phones: Sequence[str] = (), exclude_id: int | None = None,
                    limit: int = 20) -> list[DuplicateCandidate]:
    """Patients who may be the one being typed in, best match first (for the live warning).

    Takes the form's fields as typed so far; a field that is incomplete or invalid simply does not
    match anything yet (no errors while typing). ``exclude_id`` leaves out the record being edited.
    """
    digits = [_typed_digits(p) for p in list(phones)[:10]]
    return find_candidates(tx.session, last_name=_typed_text(last_name), first_name=_typed_text(first_name),
                           dob=_typed_dob(dob, practice_today(tx.session)), phone_digits=[d for d in digits if d],
                           exclude_id=exclude_id if isinstance(exclude_id, int) else None,
                           limit=max(1, min(int(limit), 100)))
