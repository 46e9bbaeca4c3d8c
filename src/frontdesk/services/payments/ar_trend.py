"""Billing > Reports: the A/R trend, the practice's receivables at each of the last 12 month-ends by aging bucket.

Each month-end is the A/R aging report's own figure as of that date (services/payments/_aging_data.py
``receivables``: the same balance model, the same buckets by date of service, unapplied credit subtracted), so the
last point equals the aging report as of the same day; all twelve come from one pass over the charges and the
money (services/payments/_trend_sums.py), not twelve aging runs. The bucket totals add the insurance and patient
portions, so which payer a line awaits (the one part of the aging model that reads today's claim statuses) does
not enter them. The 12 month-ends are the latest ones on or before the To date (the From date does not apply). It
covers the whole practice: a provider or payer filter is refused with a message naming it. Lives with aging (its
data are private to this area); Billing > Reports calls these operations for the "ar_trend" report.
"""

from __future__ import annotations

import os

from sqlalchemy import select

from frontdesk.domain.billing_reports import BillingReport, ChartSeries, ReportColumn, ReportFilter, month_ends
from frontdesk.domain.money import from_cents
from frontdesk.domain.permissions import Permission
from frontdesk.errors import ValidationError
from frontdesk.models import Practice
from frontdesk.services import _report_output
from frontdesk.services._base import Tx, operation
from frontdesk.services.payments._aging_data import BUCKET_LABELS
from frontdesk.services.payments._trend_sums import month_end_totals

KEY = "ar_trend"
TITLE = "A/R trend: month-end totals by bucket"


def _build(tx: Tx, flt: ReportFilter) -> BillingReport:
    if not isinstance(flt, ReportFilter):
        raise ValidationError("start", "The report's dates are missing.")
    flt = flt.checked()
    if flt.provider_id is not None:
        raise ValidationError("provider", "The A/R trend covers the whole practice: choose All providers.")
    if flt.payer_id is not None:
        raise ValidationError("payer", "The A/R trend covers the whole practice: choose All payers.")
    rows = []
    for point in month_end_totals(tx.session, month_ends(flt.end)):
        buckets, credit = point.buckets, point.credit
        rows.append((point.as_of.strftime("%m/%d/%Y"), *map(from_cents, buckets), from_cents(-credit),  # the row sums
                     from_cents(sum(buckets) - credit)))
    columns = (ReportColumn("Month end"), *(ReportColumn(label, "money") for label in BUCKET_LABELS),
               ReportColumn("Unapplied credit", "money"), ReportColumn("Total A/R", "money"))
    last = rows[-1]
    practice = tx.session.scalar(select(Practice.legal_name).limit(1)) or ""
    chart = ChartSeries("Total A/R at each month-end", "Month end", "Dollars", tuple(r[0] for r in rows),
                        tuple(r[-1] for r in rows))
    return BillingReport(KEY, TITLE, practice, flt, "Whole practice", columns, tuple(rows),
                         ("Latest", *last[1:]), chart,
                         "Each month-end as the aging report shows it (buckets by date of service; credit "
                         "subtracted); the From date does not apply.")


@operation(Permission.VIEW_AGING, write=False, audited_read=True)
def ar_trend_report(tx: Tx, flt: ReportFilter) -> BillingReport:
    """The A/R trend up to the filter's To date, recorded as a report view."""
    return _report_output.viewed(tx, _build(tx, flt))


@operation(Permission.VIEW_AGING, write=False, audited_read=True)
def write_ar_trend_pdf(tx: Tx, flt: ReportFilter, out_path: str | os.PathLike[str]) -> BillingReport:
    """Write the A/R trend as a PDF (table and chart) and record that it was printed."""
    return _report_output.printed(tx, _build(tx, flt), out_path)


@operation(Permission.VIEW_AGING, write=False, audited_read=True)
def export_ar_trend_csv(tx: Tx, flt: ReportFilter, out_path: str | os.PathLike[str]) -> BillingReport:
    """Write the A/R trend as CSV and record the export."""
    return _report_output.exported(tx, _build(tx, flt), out_path)
