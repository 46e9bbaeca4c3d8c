"""Before booking a weekly series: which weeks are free and, for each taken one, the next opening.

The booking dialog asks this when a series meets a conflict, offers to book the free weeks
(``appointments.book_series(..., skip_dates=plan.skip_dates)``) and lists the weeks left out with
the soonest opening after each: same provider, same length, on or after that visit's time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from frontdesk.domain import schedule_time as st
from frontdesk.domain.permissions import Permission
from frontdesk.services._base import Tx, operation
from frontdesk.services._lookups import provider_label
from frontdesk.services.scheduling._openings import SearchSpec, search_openings
from frontdesk.services.scheduling._schedule_hours import ScheduleCalendar
from frontdesk.services.scheduling._schedule_rules import find_violations
from frontdesk.services.scheduling._series import PlannedBooking, Span, plan_booking
from frontdesk.services.scheduling.appointments import BookingRequest, Recurrence

__all__ = ["SeriesPlan", "SeriesVisit", "plan_series"]

NEXT_OPENING_DAYS = 60  # how far after a taken week the next opening is looked for
CANDIDATES = 40  # openings of the provider read per search; the first the patient and room can take wins


@dataclass(frozen=True)
class SeriesVisit:
    """One week of the series (times aware, practice time zone)."""

    start: datetime
    end: datetime
    problem: str = ""  # why it cannot be booked ('' = free), e.g. 'Maria Alvarez, MD already has ...'
    next_opening: datetime | None = None  # for a taken week: the soonest free start on or after it, if any

    @property
    def free(self) -> bool:
        return not self.problem


@dataclass(frozen=True)
class SeriesPlan:
    provider_name: str
    visits: tuple[SeriesVisit, ...]

    @property
    def free_count(self) -> int:
        return sum(1 for v in self.visits if v.free)

    @property
    def taken(self) -> tuple[SeriesVisit, ...]:
        return tuple(v for v in self.visits if not v.free)

    @property
    def skip_dates(self) -> tuple[date, ...]:
        """The local days of the taken weeks, as book_series takes them."""
        return tuple(v.start.date() for v in self.taken)


def _overlaps(span: Span, others: list[Span]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in others)


def _next_opening(session: Session, plan: PlannedBooking, calendar: ScheduleCalendar, after: datetime,
                  now: datetime, keep_free: list[Span]) -> datetime | None:
    """The soonest start on or after ``after`` (UTC) that breaks no rule and misses the weeks being booked."""
    spec = SearchSpec([plan.provider.id], {}, st.local_date(after, plan.tz), NEXT_OPENING_DAYS, plan.minutes,
                      frozenset(), (), CANDIDATES)
    label = provider_label(plan.provider)
    for opening in search_openings(session, spec, plan.slot_minutes, plan.tz, max(now, after)):
        span = (opening.start.astimezone(UTC), opening.end.astimezone(UTC))
        # The provider is free there; the patient and the room must be too.
        if not _overlaps(span, keep_free) and not find_violations(session, calendar, plan.placement(span), now, label):
            return opening.start
    return None


@operation(Permission.BOOK_APPOINTMENTS, write=False)
def plan_series(tx: Tx, request: BookingRequest, recurrence: Recurrence) -> SeriesPlan:
    """Each week of the series as booking it would find it: free, or why not with the next opening after it.

    Nothing is booked; the request is checked as book_series checks it (same errors for the same input).
    """
    plan = plan_booking(tx.session, request, recurrence)
    now = st.utc_now()
    label = provider_label(plan.provider)
    calendar = plan.calendar(tx.session, plan.spans, extra_days=NEXT_OPENING_DAYS)
    problems = [find_violations(tx.session, calendar, plan.placement(span), now, label) for span in plan.spans]
    free = [span for span, found in zip(plan.spans, problems, strict=True) if not found]
    visits = []
    for span, found in zip(plan.spans, problems, strict=True):
        opening = _next_opening(tx.session, plan, calendar, span[0], now, free) if found else None
        visits.append(SeriesVisit(span[0].astimezone(plan.tz), span[1].astimezone(plan.tz),
                                  found[0].message if found else "", opening))
    return SeriesPlan(label, tuple(visits))
