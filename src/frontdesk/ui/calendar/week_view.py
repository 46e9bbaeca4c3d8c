"""Week view columns: one provider's week (a column per day), or every provider's (a column per provider per
work day, the provider named in each column header)."""

from __future__ import annotations

from datetime import date, timedelta

from frontdesk.services.scheduling.schedule_views import ScheduleView
from frontdesk.ui.calendar.catalog import Catalog
from frontdesk.ui.calendar.day_view import day_shades, hours_text, place
from frontdesk.ui.calendar.grid_layout import Column, Placed

WEEK_DAYS = 7
WORK_DAYS = 5  # Monday to Friday
ALL_PROVIDERS = "All providers"
# All providers: 4 providers x 5 work days must fit the pane at 1366x768 without a horizontal bar (20 columns in
# ~1,070 pixels); a narrower column still shows the time and the start of the patient's name, the tooltip the rest.
ALL_MIN_COLUMN = 52.0


def week_start(day: date) -> date:
    """The Monday of the week holding ``day``."""
    return day - timedelta(days=day.weekday())


def week_title(first: date) -> str:
    last = first + timedelta(days=WEEK_DAYS - 1)
    return f"Week of {first.strftime('%m/%d/%Y')} \u2013 {last.strftime('%m/%d/%Y')}"


def build_week(view: ScheduleView, provider_id: int, today: date) -> tuple[list[Column], list[Placed]]:
    """Columns (a day each) and laid-out appointments of one provider's week."""
    by_day = {pd.day: pd for pd in view.provider_days if pd.provider_id == provider_id}
    columns = []
    for offset in range(view.days):
        day = view.first_day + timedelta(days=offset)
        pd = by_day.get(day)
        title = day.strftime("%a %m/%d") + (" (today)" if day == today else "")
        columns.append(Column(day, title, hours_text(pd), day, provider_id, None, day_shades(pd) if pd else ()))
    index = {c.key: i for i, c in enumerate(columns)}
    mine = [a for a in view.appointments if a.provider_id == provider_id]
    return columns, place(mine, index, lambda a: a.start.date())


def short_names(catalog: Catalog, provider_ids: list[int]) -> dict[int, str]:
    """Last names for narrow column headers ('Alvarez'); the first initial when two share one ('M. Alvarez')."""
    people = {p.id: p for p in catalog.providers}
    last = {pid: people[pid].last_name if pid in people else f"Provider {pid}" for pid in provider_ids}
    shared = {name for name in last.values() if list(last.values()).count(name) > 1}
    return {pid: f"{people[pid].first_name[:1]}. {name}" if name in shared and pid in people else name
            for pid, name in last.items()}


def shown_days(view: ScheduleView) -> list[date]:
    """Monday to Friday, and a weekend day only when someone works then or has a visit booked (so nothing
    booked is hidden): seven days times four providers would be too narrow to read."""
    days = [view.first_day + timedelta(days=offset) for offset in range(view.days)]
    busy = {pd.day for pd in view.provider_days if pd.hours and not pd.holiday}
    busy |= {a.start.date() for a in view.appointments}
    return [d for d in days if d.weekday() < WORK_DAYS or d in busy]


def build_week_all(view: ScheduleView, catalog: Catalog, today: date) -> tuple[list[Column], list[Placed]]:
    """A column per provider per shown day; the header prints the day once over its columns, then each provider."""
    by_key = {(pd.day, pd.provider_id): pd for pd in view.provider_days}
    names = short_names(catalog, list(view.provider_ids))
    columns = []
    for day in shown_days(view):
        day_label = day.strftime("%a %m/%d") + (" (today)" if day == today else "")
        for pid in view.provider_ids:
            pd = by_key.get((day, pid))
            columns.append(Column((day, pid), names[pid], hours_text(pd), day, pid, None,
                                  day_shades(pd) if pd else (), group=day_label))
    index = {c.key: i for i, c in enumerate(columns)}
    return columns, place(view.appointments, index, lambda a: (a.start.date(), a.provider_id))
