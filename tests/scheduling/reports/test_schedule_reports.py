"""Calendar > Reports: exact figures on a hand-built week (kept, no-show, late and early cancels, a holiday, a
blockout), the provider and type filters, an empty range, the range and filter errors, permission and audit."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from calendar_support import MONDAY, Clinic
from sched_reports_lib import FRIDAY, build_week
from sqlalchemy import select

from frontdesk.domain.billing_reports import ReportFilter
from frontdesk.errors import PermissionDenied, ValidationError
from frontdesk.models import AuditEvent
from frontdesk.services.scheduling import schedule_reports as sr

WEEK = ReportFilter(MONDAY, FRIDAY)
D = Decimal


def _rows(report):  # type: ignore[no-untyped-def]
    return {row[0]: row[1:] for row in report.rows}


@pytest.mark.both_engines
def test_week_figures_by_provider_and_type(clinic: Clinic, clock, db) -> None:  # type: ignore[no-untyped-def]
    build_week(clinic, clock)
    names = dict(sr.schedule_report_choices(clinic.admin)[0])
    dr_a, dr_b = names[clinic.dr_a], names[clinic.dr_b]
    run = lambda key, flt=WEEK: sr.schedule_report(clinic.admin, key, flt)  # noqa: E731

    use = run("utilisation")
    # Available: Mon-Thu 7 h (Friday is a holiday); Dr B loses 2 h to Wednesday's blockout.
    assert _rows(use) == {dr_a: (D("28.0"), D("2.0"), D("1.0"), D("1.0"), D("7.1")),
                          dr_b: (D("26.0"), D("1.0"), D("0.5"), D("0.0"), D("3.8"))}
    assert use.totals == ("Total", D("54.0"), D("3.0"), D("1.5"), D("1.0"), D("5.6"))
    assert use.chart.value_kind == "percent" and set(use.chart.labels) == {dr_a, dr_b}
    assert "no-shows included" in use.note

    by_provider = run("no_shows_provider")
    assert _rows(by_provider) == {dr_a: (5, 1, D("20.0"), 1, D("20.0"), 1),
                                  dr_b: (2, 0, D("0.0"), 0, D("0.0"), 0)}
    assert by_provider.totals == ("Total", 7, 1, D("14.3"), 1, D("14.3"), 1)
    assert "cancelled ones included" in by_provider.note
    chart = by_provider.chart  # both rates charted: no-shows grey, late cancellations beside them
    assert (chart.values, chart.second, chart.legend) == ((D("0.0"), D("20.0")), (D("0.0"), D("20.0")),
                                                          ("No-show rate", "Late-cancel rate"))
    assert _rows(run("no_shows_type")) == {"Office visit": (6, 0, D("0.0"), 1, D("16.7"), 1),
                                           "Physical": (1, 1, D("100.0"), 0, D("0.0"), 0)}
    physical = ReportFilter(MONDAY, FRIDAY, type_id=clinic.physical)
    assert _rows(run("no_shows_provider", physical)) == {dr_a: (1, 1, D("100.0"), 0, D("0.0"), 0)}
    only_b = ReportFilter(MONDAY, FRIDAY, provider_id=clinic.dr_b)
    assert list(_rows(run("utilisation", only_b))) == [dr_b]
    assert run("no_shows_type", only_b).totals == ("Total", 2, 0, D("0.0"), 0, D("0.0"), 0)

    new = run("new_patients", ReportFilter(date(2030, 3, 1), date(2030, 3, 31)))
    head = [c.title for c in new.columns]
    assert head[:2] == ["Month", "New patients"] and head[-1] == "Not recorded"
    row = dict(zip(head, new.rows[0], strict=True))
    assert row["Month"] == "Mar 2030" and row["New patients"] == 3
    assert (row["Web search / website"], row["Another patient / family"], row["Not recorded"]) == (1, 1, 1)
    # Bob's no-show on Monday is not a visit: his first kept visit is Wednesday, the only one from then on.
    from_wed = run("new_patients", ReportFilter(date(2030, 3, 6), date(2030, 3, 31)))
    assert from_wed.totals[1] == 1 and dict(zip(head, from_wed.totals, strict=True))["Another patient / family"] == 1
    # With a provider: the patients whose first kept visit was with them (Cy saw Dr B first).
    with_b = run("new_patients", ReportFilter(date(2030, 3, 1), date(2030, 3, 31), provider_id=clinic.dr_b))
    assert with_b.totals[1] == 1 and dict(zip(head, with_b.totals, strict=True))["Not recorded"] == 1

    with db.session(write=False) as s:
        events = s.execute(select(AuditEvent.entity_id, AuditEvent.patient_id, AuditEvent.detail).where(
            AuditEvent.action == "report.view").order_by(AuditEvent.seq)).all()
    assert events[0] == ("utilisation", None, "utilisation 2030-03-04..2030-03-08 provider=all payer=all")
    assert events[3].detail == f"no_shows_provider 2030-03-04..2030-03-08 provider=all payer=all type={clinic.physical}"
    assert all(e.patient_id is None and "Ann" not in e.detail for e in events)


def test_empty_range_errors_and_permission(clinic: Clinic, clock, frontdesk_ctx) -> None:  # type: ignore[no-untyped-def]
    build_week(clinic, clock)
    later = ReportFilter(date(2030, 6, 3), date(2030, 6, 7))  # nothing booked; hours still there
    use = sr.schedule_report(clinic.admin, "utilisation", later)
    assert use.totals == ("Total", D("70.0"), D("0.0"), D("0.0"), D("0.0"), D("0.0"))
    empty = sr.schedule_report(clinic.admin, "no_shows_provider", later)
    assert empty.rows == () and empty.totals == ("Total", 0, 0, None, 0, None, 0) and empty.chart.values == ()
    new = sr.schedule_report(clinic.admin, "new_patients", ReportFilter(date(2030, 5, 20), date(2030, 7, 2)))
    assert [r[0] for r in new.rows] == ["May 2030", "Jun 2030", "Jul 2030"] and new.totals[1] == 0

    with pytest.raises(ValidationError) as err:
        sr.schedule_report(clinic.admin, "utilisation", ReportFilter(FRIDAY, MONDAY))
    assert err.value.field == "end"
    with pytest.raises(ValidationError) as err:
        sr.schedule_report(clinic.admin, "utilisation", ReportFilter(MONDAY, FRIDAY, type_id=clinic.visit))
    assert err.value.field == "type"
    with pytest.raises(ValidationError) as err:
        sr.schedule_report(clinic.admin, "no_shows_type", ReportFilter(MONDAY, FRIDAY, payer_id=1))
    assert err.value.field == "payer"
    with pytest.raises(ValidationError):
        sr.schedule_report(clinic.admin, "production_provider", WEEK)  # a billing report's key
    with pytest.raises(PermissionDenied):
        sr.schedule_report(frontdesk_ctx, "utilisation", WEEK)
    with pytest.raises(PermissionDenied):
        sr.schedule_report_choices(frontdesk_ctx)
    assert MONDAY - timedelta(days=1) < MONDAY  # the frozen week is the clinic's own
