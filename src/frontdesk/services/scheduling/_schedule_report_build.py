"""The schedule reports of Calendar > Reports built from _schedule_report_queries (inside an operation).

Utilisation: each provider's available hours (working hours less holidays, days off / changed hours and
blockouts: the booking rules' own ScheduleCalendar) against the hours of the appointments booked in the range.
No-show and late-cancel rates by provider or by appointment type. New patients per month (first kept visit on
the practice's clock) by referral source. Every report is a BillingReport (one table, a totals row, one chart),
so Billing's screen, PDF and CSV machinery shows, prints and exports it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from frontdesk.domain import schedule_time as st
from frontdesk.domain.appointment_statuses import CANCELLED, NO_SHOW
from frontdesk.domain.billing_reports import (
    CHART_BARS,
    BillingReport,
    Cell,
    ReportColumn,
    ReportFilter,
    ReportKind,
    chart_of,
    percent,
)
from frontdesk.domain.referral_sources import NOT_RECORDED, REFERRAL_SOURCES
from frontdesk.errors import ValidationError
from frontdesk.models import AppointmentType, Practice, Provider
from frontdesk.services._lookups import provider_names
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services.scheduling import _schedule_report_queries as q
from frontdesk.services.scheduling._schedule_hours import ScheduleCalendar

HOUR = Decimal(60)
TENTH = Decimal("0.1")


class Names:
    """Provider and appointment-type names of one report (a few rows), and the practice's name and clock."""

    def __init__(self, session: Session) -> None:
        self.providers = provider_names(session)
        self.active = {p for p, in session.execute(select(Provider.id).where(Provider.active.is_(True)))}
        self.types = dict(session.execute(select(AppointmentType.id, AppointmentType.name)).all())
        self.practice = session.scalar(select(Practice.legal_name).limit(1)) or ""
        self.tz = schedule_settings(session).tz

    def provider(self, key: int) -> str:
        return self.providers.get(key, "Unknown provider")

    def type(self, key: int) -> str:
        return self.types.get(key, "Unknown type")

    def scope(self, flt: ReportFilter) -> str:
        who = self.provider(flt.provider_id) if flt.provider_id is not None else "All providers"
        kind = self.type(flt.type_id) if flt.type_id is not None else "all appointment types"
        return f"{who}, {kind}"


def _checked(flt: ReportFilter, *, types: bool) -> ReportFilter:
    """The schedule reports have no payer; utilisation and new patients have no appointment type either."""
    if flt.payer_id is not None:
        raise ValidationError("payer", "The schedule reports do not filter by payer: choose All payers.")
    if not types and flt.type_id is not None:
        raise ValidationError("type", "This report covers every appointment type: choose All appointment types.")
    return flt


def _hours(minutes: int | float) -> Decimal:
    return (Decimal(minutes) / HOUR).quantize(TENTH)


def _days(flt: ReportFilter) -> list[date]:
    return [flt.start + timedelta(days=n) for n in range((flt.end - flt.start).days + 1)]


def available_minutes(session: Session, names: Names, provider_ids: list[int], flt: ReportFilter) -> dict[int, int]:
    """Each provider's working minutes in the range less holidays, days off and blockouts (ScheduleCalendar,
    the booking rules' own reading of the hours), in real elapsed minutes (a daylight-saving day is right)."""
    calendar = ScheduleCalendar(session, provider_ids, flt.start, flt.end, names.tz)
    out: dict[int, int] = {}
    for provider_id in provider_ids:
        seconds = 0.0
        for day in _days(flt):
            for start, end in calendar.free_intervals(provider_id, day, []):
                seconds += (end - start).total_seconds()
        out[provider_id] = int(seconds // 60)
    return out


def utilisation(session: Session, flt: ReportFilter) -> BillingReport:
    """Per provider: available hours, booked hours (no-shows included), kept and no-show hours, utilisation %."""
    flt = _checked(flt, types=False)
    names = Names(session)
    booked: dict[int, list[int]] = {}  # provider -> [booked, kept, no-show] minutes
    for provider, _type, status, _late, _n, minutes in q.status_counts(session, flt, q.range_bounds(flt, names.tz)):
        if status == CANCELLED:
            continue
        sums = booked.setdefault(provider, [0, 0, 0])
        sums[0] += minutes
        if status in q.KEPT_STATUSES:
            sums[1] += minutes
        elif status == NO_SHOW:
            sums[2] += minutes
    wanted = [flt.provider_id] if flt.provider_id is not None else sorted(names.active | set(booked))
    available = available_minutes(session, names, wanted, flt)
    keys = sorted((p for p in wanted if available.get(p) or p in booked), key=lambda p: names.provider(p).lower())

    def row(label: str, free: int, sums: list[int]) -> tuple[Cell, ...]:
        return (label, _hours(free), _hours(sums[0]), _hours(sums[1]), _hours(sums[2]), percent(sums[0], free))

    rows = tuple(row(names.provider(p), available.get(p, 0), booked.get(p, [0, 0, 0])) for p in keys)
    totals = row("Total", sum(available.get(p, 0) for p in keys),
                 [sum(booked.get(p, [0, 0, 0])[i] for p in keys) for i in range(3)])
    columns = (ReportColumn("Provider"), ReportColumn("Available hours", "hours"),
               ReportColumn("Booked hours", "hours"), ReportColumn("Kept hours", "hours"),
               ReportColumn("No-show hours", "hours"), ReportColumn("Utilisation", "percent"))
    return BillingReport("utilisation", "Utilisation by provider", names.practice, flt, names.scope(flt), columns,
                         rows, totals, chart_of("Utilisation by provider", "Provider", rows, 5, "percent"),
                         "Available = working hours less holidays, days off and blockouts. Booked = appointments "
                         "starting in the range that were not cancelled, no-shows included (they held the slot); "
                         "kept = arrived, in room or checked out. Utilisation = booked / available (over 100% "
                         "when visits were booked over blockouts or outside hours).")


def no_shows(session: Session, flt: ReportFilter, by: str) -> BillingReport:
    """Per provider or appointment type: appointments, no-shows, late and other cancellations and their rates."""
    flt = _checked(flt, types=True)
    names = Names(session)
    counts: dict[int, list[int]] = {}  # key -> [appointments, no-shows, late cancels, other cancels]
    for provider, kind, status, late, n, _m in q.status_counts(session, flt, q.range_bounds(flt, names.tz)):
        sums = counts.setdefault(provider if by == "provider" else kind, [0, 0, 0, 0])
        sums[0] += n
        if status == NO_SHOW:
            sums[1] += n
        elif status == CANCELLED:
            sums[2 if late else 3] += n
    label = names.provider if by == "provider" else names.type

    def row(name: str, c: list[int]) -> tuple[Cell, ...]:
        return (name, c[0], c[1], percent(c[1], c[0]), c[2], percent(c[2], c[0]), c[3])

    rows = tuple(sorted((row(label(k), c) for k, c in counts.items()), key=lambda r: str(r[0]).lower()))
    totals = row("Total", [sum(c[i] for c in counts.values()) for i in range(4)])
    heading = "Provider" if by == "provider" else "Appointment type"
    columns = (ReportColumn(heading), ReportColumn("Appointments", "count"), ReportColumn("No-shows", "count"),
               ReportColumn("No-show rate", "percent"), ReportColumn("Late cancellations", "count"),
               ReportColumn("Late-cancel rate", "percent"), ReportColumn("Other cancellations", "count"))
    by_title = "provider" if by == "provider" else "appointment type"
    chart = chart_of(f"No-show and late-cancel rates by {by_title}", heading, rows, 3, "percent")
    late = tuple(Decimal(r[5]) for r in rows if r[3] is not None)[:len(chart.values)]  # type: ignore[arg-type]
    return BillingReport(f"no_shows_{by}", f"No-shows and late cancellations by {by_title}", names.practice, flt,
                         names.scope(flt), columns, rows, totals,
                         replace(chart, second=late, legend=("No-show rate", "Late-cancel rate")),
                         "Both rates are of every appointment starting in the range, cancelled ones included. A "
                         "late cancellation is one made less than 24 hours before the start.")


def _months(flt: ReportFilter) -> list[tuple[int, int]]:
    out, year, month = [], flt.start.year, flt.start.month
    while (year, month) <= (flt.end.year, flt.end.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def new_patients(session: Session, flt: ReportFilter) -> BillingReport:
    """Patients whose first kept visit falls in each month of the range (practice clock), by referral source."""
    flt = _checked(flt, types=False)
    names = Names(session)
    sources = [*REFERRAL_SOURCES, ""]
    counts = {month: dict.fromkeys(sources, 0) for month in _months(flt)}
    for first_at, source in q.first_kept_visits(session, flt, q.range_bounds(flt, names.tz)):
        local = st.local_date(first_at, names.tz)  # the practice's month, whatever the computer's zone
        counts[(local.year, local.month)][source if source in REFERRAL_SOURCES else ""] += 1

    def row(label: str, by_source: dict[str, int]) -> tuple[Cell, ...]:
        return (label, sum(by_source.values()), *(by_source[s] for s in sources))

    rows = tuple(row(date(y, m, 1).strftime("%b %Y"), c) for (y, m), c in counts.items())
    totals = row("Total", {s: sum(c[s] for c in counts.values()) for s in sources})
    columns = (ReportColumn("Month"), ReportColumn("New patients", "count"),
               *(ReportColumn(REFERRAL_SOURCES.get(s, NOT_RECORDED), "count") for s in sources))
    shown = rows[-CHART_BARS:]  # the latest months: a long range's first year is not what is asked
    title = "New patients per month" + (f" (the last {CHART_BARS} months)" if len(rows) > CHART_BARS else "")
    chart = replace(chart_of(title, "Month", shown, 1, "count"), value_title="Patients")
    return BillingReport("new_patients", "New patients per month by referral source", names.practice, flt,
                         names.scope(flt), columns, rows, totals, chart,
                         "A new patient is one whose first kept visit ever (arrived, in room or checked out) falls "
                         "in the month, on the practice's clock; a month cut by the range counts its days in the "
                         "range. With a provider chosen: patients whose first kept visit was with that provider.")


BUILDERS: dict[str, Callable[[Session, ReportFilter], BillingReport]] = {
    "utilisation": utilisation,
    "no_shows_provider": lambda s, f: no_shows(s, f, "provider"),
    "no_shows_type": lambda s, f: no_shows(s, f, "type"),
    "new_patients": new_patients,
}
KINDS = (ReportKind("utilisation", "Utilisation by provider"),
         ReportKind("no_shows_provider", "No-shows and late cancellations by provider"),
         ReportKind("no_shows_type", "No-shows and late cancellations by appointment type"),
         ReportKind("new_patients", "New patients per month by referral source"))
# The reports that an appointment-type filter applies to (the others refuse one, naming it).
TYPE_FILTERED = frozenset({"no_shows_provider", "no_shows_type"})
