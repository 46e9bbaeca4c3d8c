"""Billing > Reports: production, collections, adjustments, the net collection rate and the claims reports (timing,
denials, claims waiting) over a date range.

Every figure comes from the postings the ledger and the day sheet read (services/billing/_report_queries.py
says which rows and which day each counts on). Viewing, printing and exporting need VIEW_AGING (the billing
role's reports) and each is audited as a report view, print or export with the report's name and range only
(no patient data in the detail). A range that ends before it starts, or that spans more than 10 years, is
refused with a ValidationError naming the To date.
"""

from __future__ import annotations

import os

from sqlalchemy import select

from frontdesk.domain.billing_reports import BillingReport, ReportFilter, build_report
from frontdesk.domain.names import provider_display_name
from frontdesk.domain.permissions import Permission
from frontdesk.models import Payer, Provider
from frontdesk.services import _report_output
from frontdesk.services._base import Tx, operation
from frontdesk.services.billing import _report_build, _report_claims
from frontdesk.services.billing._report_build import ReportKind

BUILDERS = {**_report_build.BUILDERS, **_report_claims.BUILDERS}
KINDS: tuple[ReportKind, ...] = _report_build.KINDS + _report_claims.KINDS  # the picker's order

__all__ = ["KINDS", "BillingReport", "ReportFilter", "ReportKind", "billing_report", "export_report_csv",
           "report_filter_choices", "write_report_pdf"]


def _build(tx: Tx, key: str, flt: ReportFilter) -> BillingReport:
    return build_report(BUILDERS, key, flt, tx.session)


@operation(Permission.VIEW_AGING, write=False, audited_read=True)
def billing_report(tx: Tx, key: str, flt: ReportFilter) -> BillingReport:
    """Build one report (``key`` from KINDS) for a filter and record that it was viewed."""
    return _report_output.viewed(tx, _build(tx, key, flt))


@operation(Permission.VIEW_AGING, write=False, audited_read=True)
def write_report_pdf(tx: Tx, key: str, flt: ReportFilter, out_path: str | os.PathLike[str]) -> BillingReport:
    """Write one report as a PDF (table and chart) and record that it was printed."""
    return _report_output.printed(tx, _build(tx, key, flt), out_path)


@operation(Permission.VIEW_AGING, write=False, audited_read=True)
def export_report_csv(tx: Tx, key: str, flt: ReportFilter, out_path: str | os.PathLike[str]) -> BillingReport:
    """Write one report as CSV (formula-safe text, amounts as plain numbers) and record the export."""
    return _report_output.exported(tx, _build(tx, key, flt), out_path)


@operation(Permission.VIEW_AGING, write=False)
def report_filter_choices(tx: Tx) -> tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]:
    """(providers, payers) as (id, name) pairs for the report filters, inactive ones too (old postings)."""
    providers = tuple(sorted(((p.id, provider_display_name(p.first_name, p.last_name, p.credential))
                              for p in tx.session.scalars(select(Provider))), key=lambda t: t[1].lower()))
    payers = tuple(sorted(((i, n) for i, n in tx.session.execute(select(Payer.id, Payer.name)).all()),
                          key=lambda t: t[1].lower()))
    return providers, payers
