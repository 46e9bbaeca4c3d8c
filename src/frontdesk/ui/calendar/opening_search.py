"""Find-an-opening data: the results table model and why a search found nothing, in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time

from frontdesk.services.scheduling import availability, schedule_setup
from frontdesk.services.scheduling.availability import Opening, OpeningQuery
from frontdesk.services.session import ServiceContext
from frontdesk.ui.widgets.models import Column
from frontdesk.ui.widgets.schedule_inputs import (
    WEEKDAY_LONG,
    DecoratedRecordModel,
    clock_text,
    days_text,
)


def _time_key(opening: Opening) -> str:
    """Time of day first (then the instant), as text so the sort proxy compares like with like."""
    return f"{opening.start.hour:02d}{opening.start.minute:02d} {opening.start.timestamp():014.0f}"


OPENING_COLUMNS: list[Column[Opening]] = [
    Column("Date", lambda o: o.start.strftime("%m/%d/%Y"), sort=lambda o: o.start.timestamp()),
    Column("Weekday", lambda o: WEEKDAY_LONG[o.start.weekday()], sort=lambda o: o.start.weekday()),
    Column("Time", lambda o: clock_text(o.start), sort=_time_key),
    Column("Provider", lambda o: o.provider_name),
]


class OpeningsModel(DecoratedRecordModel[Opening]):
    """Free slots found, earliest first (times in the practice time zone)."""

    def __init__(self, parent=None) -> None:  # type: ignore[no-untyped-def]
        super().__init__(OPENING_COLUMNS, parent=parent)


@dataclass(frozen=True)
class SearchOutcome:
    """The openings found, and (when none) the reasons in plain words."""

    openings: list[Opening]
    reasons: list[str]


def _length_text(minutes: int) -> str:
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{minutes}-minute"
    return f"{hours}-hour" if not rest else f"{hours} h {rest} min"


def names_text(names: list[str], conjunction: str = "and") -> str:
    """'A', 'A and B', 'A; B and C' (provider names hold commas of their own: 'Maria Alvarez, MD')."""
    return names[0] if len(names) == 1 else f"{'; '.join(names[:-1])} {conjunction} {names[-1]}"


def describe_search(query: OpeningQuery, type_name: str, provider_names: list[str]) -> str:
    """One sentence saying what was looked for."""
    who = names_text(provider_names, "or") if provider_names else "any provider"
    when = [] if not query.weekdays else [f"on {days_text(query.weekdays)}"]
    if query.windows:
        start, end = query.windows[0]
        when.append(f"between {clock_text(start)} and {clock_text(end)}")
    length = _length_text(query.length_minutes) if query.length_minutes else "default-length"
    return (f"No free {length} {type_name} opening with {who} " + " ".join(when)
            + f"{' ' if when else ''}in the next {query.days} days.").replace("  ", " ")


def _works_in(spans: list[schedule_setup.HoursSpan], weekdays: tuple[int, ...],
              window: tuple[time, time] | None, minutes: int) -> bool:
    """Could these weekly hours ever hold ``minutes`` on those weekdays inside the window?"""
    for span in spans:
        if weekdays and span.weekday not in weekdays:
            continue
        start, end = span.start, span.end
        if window is not None:
            start, end = max(start, window[0]), min(end, window[1])
        if (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute) >= minutes:
            return True
    return False


def search_openings(ctx: ServiceContext, query: OpeningQuery, type_name: str,
                    providers: list[tuple[int, str]], default_minutes: int) -> SearchOutcome:
    """Run the search; when nothing is free, look at the providers' weekly hours to say why.

    ``providers`` are the (id, name) pairs searched (the ticked ones, or all who offer the type).
    Runs on the database thread.
    """
    found = availability.find_openings(ctx, query)
    if found:
        return SearchOutcome(found, [])
    names = [name for _id, name in providers] if query.provider_ids else []
    reasons = [describe_search(query, type_name, names)]
    minutes = query.length_minutes or default_minutes
    window = query.windows[0] if query.windows else None
    if not providers:
        reasons.append(f"No active provider offers {type_name}; choose the providers who offer it in "
                       "Admin \u203a Schedule resources.")
        return SearchOutcome([], reasons)
    no_hours, no_fit = [], []
    for provider_id, name in providers:
        spans = schedule_setup.weekly_hours(ctx, provider_id)
        if not spans:
            no_hours.append(name)
        elif not _works_in(spans, query.weekdays, window, minutes):
            no_fit.append(name)
    if no_hours:
        reasons.append(f"No weekly working hours are set up for {names_text(no_hours)} "
                       "(Admin \u203a Schedule hours).")
    if no_fit:
        what = [] if not query.weekdays else [f"on {days_text(query.weekdays)}"]
        if window:
            what.append(f"between {clock_text(window[0])} and {clock_text(window[1])}")
        reasons.append(f"The working hours of {names_text(no_fit)} never leave room for {minutes} minutes "
                       f"{' '.join(what) if what else 'in one stretch'}.")
    if len(reasons) == 1:
        reasons.append("Every matching slot is already booked, blocked out, on a holiday or in the past. "
                       "Search more days, tick more providers or days, or widen the time window.")
    return SearchOutcome([], reasons)
