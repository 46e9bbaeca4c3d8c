"""Billing > Reports and Calendar > Reports as plain values: services/billing/reports.py and
services/scheduling/schedule_reports.py build them, reports/billing_report.py (PDF, CSV) and reports/report_charts.py
(the chart) only read them, so reports/ never imports services.

Every report is one table (typed columns, rows, a totals row) plus one chart series; money is Decimal,
rates are Decimal percentages, counts are int.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from frontdesk.errors import ValidationError

# A range longer than this is refused: ten years of postings is the most a report is built (and benched) for.
MAX_RANGE_DAYS = 3653 + 1

Cell = str | int | Decimal | None
MONTHS = 12  # the A/R trend's month-ends
CHART_BARS = 12  # more bars than this do not read on paper; the table has every row
VALUE_TITLES = {"money": "Dollars", "percent": "Percent", "count": "Number", "days": "Days (average)"}


@dataclass(frozen=True)
class ReportKind:
    """One entry of a report picker."""

    key: str
    title: str


@dataclass(frozen=True)
class ReportFilter:
    """What a report covers: dates inclusive; ``None`` for provider, payer or appointment type means all of them
    (the appointment type is the schedule reports' filter, the payer the billing reports')."""

    start: date
    end: date
    provider_id: int | None = None
    payer_id: int | None = None
    type_id: int | None = None

    def checked(self) -> ReportFilter:
        """The filter itself, or a ValidationError naming the field at fault."""
        if not isinstance(self.start, date):
            raise ValidationError("start", "The report's From date is not a date (MM/DD/YYYY).")
        if not isinstance(self.end, date):
            raise ValidationError("end", "The report's To date is not a date (MM/DD/YYYY).")
        if self.end < self.start:
            raise ValidationError("end", "The report's To date is before its From date: choose a To date on or "
                                         "after the From date.")
        if (self.end - self.start).days + 1 > MAX_RANGE_DAYS:
            raise ValidationError("end", "A report covers at most 10 years: choose a later From date or an "
                                         "earlier To date.")
        return self


@dataclass(frozen=True)
class ReportColumn:
    """A column's title and kind: "text", "money", "count" or "percent" (how cells are shown and exported)."""

    title: str
    kind: str = "text"


@dataclass(frozen=True)
class ChartSeries:
    """One chart: a bar per label with the value's kind ("money", "percent", "count", "days") for its labels; with
    ``second`` (same labels, same kind) a second bar per label, told apart by ``legend`` (first, second)."""

    title: str
    category_title: str
    value_title: str
    labels: tuple[str, ...]
    values: tuple[Decimal, ...]
    value_kind: str = "money"
    second: tuple[Decimal, ...] = ()
    legend: tuple[str, str] = ("", "")


@dataclass(frozen=True)
class BillingReport:
    """One report as shown, printed and exported."""

    key: str
    title: str
    practice_name: str
    filter: ReportFilter
    scope: str  # "All providers, all payers" or the chosen ones' names
    columns: tuple[ReportColumn, ...]
    rows: tuple[tuple[Cell, ...], ...]
    totals: tuple[Cell, ...]
    chart: ChartSeries
    note: str = ""  # how the figures are counted, printed under the table

    def audit_detail(self) -> str:
        """What the audit trail says of a view, print or export: the report, range and filter ids (no PHI)."""
        f = self.filter
        kind = f" type={f.type_id}" if f.type_id is not None else ""  # the schedule reports' filter
        return (f"{self.key} {f.start.isoformat()}..{f.end.isoformat()} provider={f.provider_id or 'all'} "
                f"payer={f.payer_id or 'all'}{kind}")


def build_report(builders: Mapping[str, Callable[[Any, ReportFilter], BillingReport]], key: object, flt: object,
                 session: Any) -> BillingReport:
    """Run the builder of report ``key`` over ``session`` for a checked filter; an unknown report or a missing
    filter is a ValidationError (Billing's and the Calendar's report operations both dispatch through here)."""
    builder = builders.get(key) if isinstance(key, str) else None
    if builder is None:
        raise ValidationError("report", "Choose a report from the list.")
    if not isinstance(flt, ReportFilter):
        raise ValidationError("start", "The report's dates are missing.")
    return builder(session, flt.checked())


def percent(part: int | Decimal, whole: int | Decimal) -> Decimal | None:
    """``part`` as a percentage of ``whole`` to one place; None (shown as a dash) when there is no whole."""
    return (Decimal(part * 100) / Decimal(whole)).quantize(Decimal("0.1")) if whole else None


def chart_of(title: str, label: str, rows: Iterable[tuple[Cell, ...]], column: int,
             value_kind: str = "money") -> ChartSeries:
    """Bars of ``rows``' ``column`` (the first CHART_BARS rows with a value), labelled by their first cell."""
    top = [r for r in rows if r[column] is not None][:CHART_BARS]
    return ChartSeries(title, label, VALUE_TITLES[value_kind],
                       tuple(str(r[0]) for r in top), tuple(Decimal(r[column]) for r in top), value_kind)  # type: ignore[arg-type]


def month_ends(last: date, count: int = MONTHS) -> list[date]:
    """The ``count`` latest month-ends on or before ``last``, oldest first."""
    end = last if (last + timedelta(days=1)).day == 1 else last.replace(day=1) - timedelta(days=1)
    out = [end]
    while len(out) < count:
        out.append(out[-1].replace(day=1) - timedelta(days=1))
    return out[::-1]
