"""Edits from a stale form are refused: the version check of patient and insurance policy saves (issue 19).

With several workstations two people can have one patient open in a form at once. A form sends back the
``version`` its record was loaded with; each saved edit adds one. A save whose version is behind the row's
is refused with a ChangedMeanwhile naming who saved in between and when (practice time, from the audit
trail, which every saving service writes in the same transaction), so nobody's changes vanish unseen; the
form offers to reload. The check runs under the writer lock (storage), so no save slips in between it and
the write. Query helpers: they never commit.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from frontdesk.domain.formats import format_datetime
from frontdesk.errors import ConflictError
from frontdesk.models import AuditEvent, User
from frontdesk.services._practice_clock import schedule_settings


class ChangedMeanwhile(ConflictError):
    """The record was saved by someone else after this form loaded it; ``changed_by`` / ``changed_at`` say
    who and when (practice time, MM/DD/YYYY h:mm AM/PM; empty when the trail does not say)."""

    title = "Changed by someone else"

    def __init__(self, message: str, changed_by: str, changed_at: str) -> None:
        super().__init__(message)
        self.changed_by = changed_by
        self.changed_at = changed_at


# The audit actions of the saves that move a patient's version on (an edit, a merge into it) and a policy's.
PATIENT_SAVES = ("patient.update", "patient.merge")
POLICY_SAVES = ("insurance.update", "insurance.end", "insurance.rank")


def patient_saves(patient_id: int) -> ColumnElement[bool]:
    """The audit events of the saves of one patient (a merge's event names the survivor as its patient only)."""
    return and_(AuditEvent.patient_id == patient_id, AuditEvent.action.in_(PATIENT_SAVES))


def policy_saves(policy_id: int) -> ColumnElement[bool]:
    """The audit events of the saves of one insurance policy."""
    return and_(AuditEvent.entity_type == "insurance_policy", AuditEvent.entity_id == str(policy_id),
                AuditEvent.action.in_(POLICY_SAVES))


def check_version(session: Session, row: object, expected: int | None, *, what: str,
                  saves: ColumnElement[bool]) -> None:
    """Refuse the save when ``row`` (a Patient or InsurancePolicy) moved past ``expected`` since the form
    loaded it; ``saves`` picks the audit events of its saves (patient_saves / policy_saves), the last of which
    says who and when. None = the caller has no form version (a script): no check."""
    if expected is None or row.version == expected:  # type: ignore[attr-defined]
        return
    last = session.execute(
        select(AuditEvent.at, AuditEvent.username, User.full_name)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(saves).order_by(AuditEvent.seq.desc()).limit(1)).first()
    who = (last.full_name or last.username) if last is not None else ""
    when = format_datetime(last.at, schedule_settings(session).tz) if last is not None else ""
    said = f"{who or 'Someone else'} changed {what}" + (f" on {when}" if when else "")
    raise ChangedMeanwhile(f"{said}, after you opened it. Your changes were not saved: reload to see theirs, "
                           "then make yours again.", who, when)


def bump_version(row: object) -> None:
    """One more saved edit of ``row``: forms loaded before it are now stale."""
    row.version = (row.version or 0) + 1  # type: ignore[attr-defined]
