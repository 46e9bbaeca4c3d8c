"""The A/R trend: 12 month-ends, each the aging report's own figure as of that day; filters refused by name."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from eod_lib import practice_day

from frontdesk.domain.billing_reports import ReportFilter, month_ends
from frontdesk.errors import ValidationError
from frontdesk.services.payments import aging, payments
from frontdesk.services.payments.ar_trend import ar_trend_report


def test_month_ends_are_the_twelve_latest_on_or_before_the_to_date() -> None:
    assert month_ends(date(2024, 3, 15), 3) == [date(2023, 12, 31), date(2024, 1, 31), date(2024, 2, 29)]
    assert month_ends(date(2024, 3, 31), 2) == [date(2024, 2, 29), date(2024, 3, 31)]


@pytest.mark.both_engines
def test_each_month_end_equals_the_aging_report_of_that_day(clinic, billing_ctx, frontdesk_ctx) -> None:
    today = practice_day(clinic.db)
    last_end = month_ends(today, 1)[0]
    previous_end = last_end.replace(day=1) - timedelta(days=1)
    p = clinic.patient("Avery")
    clinic.visit(p, (10000,), on=previous_end - timedelta(days=40))  # 40 days old at the previous month-end
    clinic.visit(p, (5000,), on=last_end - timedelta(days=2), claims=())  # after the previous month-end
    payments.take_payment(frontdesk_ctx, p, method="cash", amount="7.50", received_on=last_end, apply_to=[])

    report = ar_trend_report(billing_ctx, ReportFilter(today - timedelta(days=30), today))
    assert len(report.rows) == 12 and report.rows[-1][0] == last_end.strftime("%m/%d/%Y")
    earlier, latest = report.rows[-2], report.rows[-1]
    assert earlier[1:] == (Decimal("0.00"), Decimal("100.00"), Decimal("0.00"), Decimal("0.00"), Decimal("0.00"),
                           Decimal("0.00"), Decimal("100.00"))
    assert latest[-2:] == (Decimal("-7.50"), Decimal("142.50"))  # the credit is subtracted: the row sums
    for row, as_of in ((earlier, previous_end), (latest, last_end)):
        assert row[-1] == aging.aging_report(billing_ctx, as_of).totals.total
    assert report.chart.values[-2:] == (Decimal("100.00"), Decimal("142.50"))


def test_a_provider_or_payer_filter_is_refused_by_name(clinic, billing_ctx) -> None:
    today = practice_day(clinic.db)
    with pytest.raises(ValidationError) as err:
        ar_trend_report(billing_ctx, ReportFilter(today, today, provider_id=clinic.provider_id))
    assert err.value.field == "provider"
    with pytest.raises(ValidationError) as err:
        ar_trend_report(billing_ctx, ReportFilter(today, today - timedelta(days=1)))
    assert err.value.field == "end"
