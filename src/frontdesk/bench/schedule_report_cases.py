"""Benchmarks of Calendar > Reports over the bench practice's last 10 years of appointments (issue 20: each report
under 3 s, or within 2x of a bare SQL aggregate over the same rows).

Each report is timed through its service (the audited view, as the Reports window calls it) against a bare grouped
statement over the same appointment rows: by provider and status for utilisation (which also reads every
provider's hours, holidays and blockouts for each of the 3,653 days), by provider, type, status and late-cancel
flag for the no-show reports, and each patient's first kept visit for the new patients (grouped by ``+patient_id``,
the planner hint the report uses too: the bare aggregate at its best, not a straw man).
"""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from frontdesk.bench.harness import CaseResult, result, time_calls
from frontdesk.domain import schedule_time as st
from frontdesk.domain.billing_reports import MAX_RANGE_DAYS, ReportFilter
from frontdesk.services.scheduling import schedule_reports
from frontdesk.services.session import ServiceContext
from frontdesk.storage.engine import Database

_RANGE = "start_utc >= ? AND start_utc < ?"
_BY_PROVIDER = ("SELECT provider_id, status, SUM(length_minutes) FROM appointment WHERE " + _RANGE
                + " GROUP BY provider_id, status")
_BY_STATUS = ("SELECT provider_id, type_id, status, late_cancel, COUNT(*) FROM appointment WHERE " + _RANGE
              + " GROUP BY provider_id, type_id, status, late_cancel")
_FIRST_KEPT = ("SELECT patient_id, MIN(start_utc) FROM appointment WHERE status IN ('arrived', 'in_room', "
               "'checked_out') GROUP BY +patient_id HAVING MIN(start_utc) >= ? AND MIN(start_utc) < ?")
BASELINES = {"utilisation": _BY_PROVIDER, "no_shows_provider": _BY_STATUS, "no_shows_type": _BY_STATUS,
             "new_patients": _FIRST_KEPT}
TARGET_MS = 3000


def _text(value: object) -> str:
    """A bind value as the appointment table stores instants (naive UTC text)."""
    return value.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")  # type: ignore[attr-defined]


def case_schedule_report(db: Database, ctx: ServiceContext, key: str, flt: ReportFilter, bounds: tuple[str, str],
                         repeats: int) -> CaseResult:
    """One schedule report over the range, warm median, against its bare aggregate (under 3 s or within 2x)."""
    shown = schedule_reports.schedule_report(ctx, key, flt)
    samples = time_calls(lambda: schedule_reports.schedule_report(ctx, key, flt), max(3, repeats // 4))
    conn = db.raw_connection()
    try:
        base = time_calls(lambda: conn.execute(BASELINES[key], bounds).fetchall(), len(samples))
    finally:
        conn.close()
    measured = result(f"report_{key}", f"{shown.title}, 10 years ({len(shown.rows)} rows)", samples,
                      "bare grouped SQL over the same appointments", base, TARGET_MS,
                      {"total": float(shown.totals[1]) if isinstance(shown.totals[1], int) else 0.0})
    within_2x = measured.median_ms <= 2 * measured.baseline_median_ms
    return dataclasses.replace(measured, meets_target=bool(measured.meets_target) or within_2x)


def run_schedule_report_cases(db: Database, ctx: ServiceContext, repeats: int) -> list[CaseResult]:
    """Every Calendar > Reports report over the ten years up to the practice's today."""
    from frontdesk.bench.payments_cases import schedule_settings_tz

    tz = schedule_settings_tz(db)
    end = st.practice_today(tz)
    flt = ReportFilter(end - timedelta(days=MAX_RANGE_DAYS - 1), end)
    bounds = (_text(st.day_bounds_utc(flt.start, tz)[0]), _text(st.day_bounds_utc(flt.end, tz)[1]))
    return [case_schedule_report(db, ctx, kind.key, flt, bounds, repeats) for kind in schedule_reports.KINDS]
