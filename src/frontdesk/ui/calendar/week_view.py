"""Week view columns: one provider, one column per day (Monday first), with that provider's hours."""

from __future__ import annotations

from datetime import date, timedelta

from frontdesk.services.scheduling.schedule_views import ScheduleView
from frontdesk.ui.calendar.day_view import day_shades, hours_text, place
from frontdesk.ui.calendar.grid_layout import Column, Placed

WEEK_DAYS = 7


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
