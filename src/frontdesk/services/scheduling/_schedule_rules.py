"""The scheduling rules: which ones a proposed time breaks, and who may override them (with a reason)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Permission, role_allows
from frontdesk.domain.text import clean_text
from frontdesk.domain.time_entry import format_time
from frontdesk.errors import ConflictError, PermissionDenied, ValidationError
from frontdesk.models import Appointment
from frontdesk.services._base import Tx, require_actor
from frontdesk.services.scheduling._schedule_hours import ScheduleCalendar, within_hours
from frontdesk.services.scheduling._schedule_queries import overlapping_ids

PATIENT_OVERLAP = "patient overlap"  # never overridable: one person cannot be in two rooms
PROVIDER_OVERLAP = "provider overlap"
ROOM_OVERLAP = "room overlap"
OUTSIDE_HOURS = "outside hours"
BLOCKOUT = "blockout"
HOLIDAY = "holiday"
PAST_DATE = "past date"
# Display order of rules in messages and the audit detail.
RULE_ORDER = (PATIENT_OVERLAP, PROVIDER_OVERLAP, ROOM_OVERLAP, OUTSIDE_HOURS, BLOCKOUT, HOLIDAY, PAST_DATE)
MAX_OVERRIDE_REASON = 500
MAX_LISTED = 4  # a long series lists its first few problems, then a count


class ScheduleConflict(ConflictError):
    """A booking breaks scheduling rules. ``overridable`` tells whether an override with a reason may book it."""

    title = "Scheduling conflict"

    def __init__(self, message: str, rules: tuple[str, ...], *, overridable: bool) -> None:
        super().__init__(message)
        self.rules = rules
        self.overridable = overridable


@dataclass(frozen=True)
class Placement:
    """Where an appointment would go: who, with whom, in which room, when (UTC)."""

    patient_id: int
    provider_id: int
    room_id: int | None
    start_utc: datetime
    end_utc: datetime
    exclude_ids: frozenset[int] = frozenset()  # the appointment(s) being moved: never their own conflict


@dataclass(frozen=True)
class Violation:
    rule: str
    message: str


def _when(start: datetime, end: datetime, tz: ZoneInfo) -> str:
    a, b = start.astimezone(tz), end.astimezone(tz)
    return a.strftime("%m/%d/%Y ") + format_time(a) + "-" + format_time(b)


def find_violations(session: Session, calendar: ScheduleCalendar, place: Placement, now: datetime,
                    provider_label: str = "The provider") -> list[Violation]:
    """Every rule the placement breaks, in RULE_ORDER (empty list = fine)."""
    tz = calendar.tz
    found: list[Violation] = []
    for rule, column, value, who in (
            (PATIENT_OVERLAP, Appointment.patient_id, place.patient_id, "The patient"),
            (PROVIDER_OVERLAP, Appointment.provider_id, place.provider_id, provider_label),
            (ROOM_OVERLAP, Appointment.room_id, place.room_id, "The room")):
        if value is None:
            continue
        clashes = overlapping_ids(session, column, value, place.start_utc, place.end_utc, place.exclude_ids)
        if clashes:
            _id, s, e = clashes[0]
            found.append(Violation(rule, f"{who} already has an appointment {_when(s, e, tz)}."))
    # A visit ending exactly at midnight belongs to its start day only.
    days = sorted({st.local_date(place.start_utc, tz), st.local_date(place.end_utc - timedelta(microseconds=1), tz)})
    if not within_hours(calendar, place.provider_id, place.start_utc, place.end_utc):
        found.append(Violation(OUTSIDE_HOURS,
                               f"{provider_label} is not working {_when(place.start_utc, place.end_utc, tz)}."))
    block = next((b for d in days for b in calendar.blocks(place.provider_id, d)
                  if b.start < place.end_utc and place.start_utc < b.end), None)
    if block is not None:
        label = block.kind + (f" ({block.reason})" if block.reason else "")
        found.append(Violation(BLOCKOUT, f"The time is blocked out: {label}, {_when(block.start, block.end, tz)}."))
    closed = next((d for d in days if calendar.holiday(d)), None)
    if closed is not None:
        found.append(Violation(HOLIDAY, f"The practice is closed on {closed.strftime('%m/%d/%Y')} "
                                        f"({calendar.holiday(closed)})."))
    if place.start_utc < now:
        found.append(Violation(PAST_DATE, "The time is in the past."))
    return found


@dataclass(frozen=True)
class OverrideDecision:
    """What was overridden (rule names) and why (staff-written); empty when nothing needed overriding."""

    rules: tuple[str, ...] = ()
    reason: str = ""

    @property
    def audit_detail(self) -> str:
        return f"override: {', '.join(self.rules)}" if self.rules else ""


def decide(tx: Tx, violations: list[Violation], override_reason: str | None, *, when: str = "") -> OverrideDecision:
    """Refuse, or allow with an override: patient overlaps never; the rest with permission and a reason."""
    if not violations:
        return OverrideDecision()
    prefix = f"{when}: " if when else ""
    rules = tuple(r for r in RULE_ORDER if any(v.rule == r for v in violations))
    if PATIENT_OVERLAP in rules:
        message = next(v.message for v in violations if v.rule == PATIENT_OVERLAP)
        raise ScheduleConflict(prefix + message + " A patient cannot be booked twice at the same time.",
                               (PATIENT_OVERLAP,), overridable=False)
    messages = list(dict.fromkeys(v.message for v in violations))
    details = " ".join(messages[:MAX_LISTED]) + (f" (and {len(messages) - MAX_LISTED} more)"
                                                 if len(messages) > MAX_LISTED else "")
    if override_reason is None:
        raise ScheduleConflict(f"{prefix}{details} Booking anyway needs an override with a reason "
                               f"({', '.join(rules)}).", rules, overridable=True)
    actor = require_actor(tx)
    if not role_allows(actor.role, Permission.OVERRIDE_SCHEDULE_RULES):
        raise PermissionDenied(f"Your role ({actor.role.label}) does not allow overriding scheduling rules "
                               f"({', '.join(rules)}); ask an administrator.")
    reason = clean_text(override_reason, "override_reason", "Override reason", max_len=MAX_OVERRIDE_REASON,
                        required=True)
    return OverrideDecision(rules, reason)


def merge_decisions(decisions: list[OverrideDecision]) -> OverrideDecision:
    rules = tuple(r for r in RULE_ORDER if any(r in d.rules for d in decisions))
    reason = next((d.reason for d in decisions if d.reason), "")
    return OverrideDecision(rules, reason)


def check_placements(tx: Tx, calendar: ScheduleCalendar, places: list[Placement], override_reason: str | None,
                     provider_label: str = "The provider") -> OverrideDecision:
    """Check several placements (a series) together: one refusal listing dates, or one override for all."""
    now = st.utc_now()
    all_violations: list[Violation] = []
    for place in places:
        found = find_violations(tx.session, calendar, place, now, provider_label)
        if len(places) > 1:
            date_text = place.start_utc.astimezone(calendar.tz).strftime("%m/%d/%Y")
            found = [Violation(v.rule, f"{date_text}: {v.message}") for v in found]
        all_violations.extend(found)
    return decide(tx, all_violations, override_reason)


def clean_override_reason_arg(value: object) -> str | None:
    """None stays None (no override asked); anything else must be text (checked by decide)."""
    if value is None or isinstance(value, str):
        return value
    raise ValidationError("override_reason", "Override reason must be text.")
