"""Calendar > Reports: utilisation by provider, no-show and late-cancel rates by provider or appointment type, and
new patients per month by referral source, over a date range (services/scheduling/_schedule_report_build.py says
how each figure is counted).

The reports are the office manager's: viewing, printing and exporting need MANAGE_SCHEDULE_SETUP, the permission
of whoever sets the providers' hours, blockouts and holidays (utilisation judges exactly those). The front desk
and billing roles do not see them: no-show rates per provider are management figures about colleagues, and the
desk's own view of the day is the calendar. Each view, print and export is audited with the report's key, range
and filter ids only (BillingReport.audit_detail: no patient data). Built as BillingReport values, so the PDF and
CSV are Billing > Reports' own (reports/billing_report.py).
"""

from __future__ import annotations

import os

from sqlalchemy import select

from frontdesk.domain.billing_reports import BillingReport, ReportFilter, ReportKind, build_report
from frontdesk.domain.permissions import Permission
from frontdesk.models import AppointmentType
from frontdesk.services import _report_output
from frontdesk.services._base import Tx, operation
from frontdesk.services._lookups import provider_names
from frontdesk.services.scheduling import _schedule_report_build as build

KINDS: tuple[ReportKind, ...] = build.KINDS  # the picker's order
TYPE_FILTERED = build.TYPE_FILTERED

__all__ = ["KINDS", "TYPE_FILTERED", "export_schedule_report_csv", "schedule_report", "schedule_report_choices",
           "write_schedule_report_pdf"]


def _build(tx: Tx, key: str, flt: ReportFilter) -> BillingReport:
    return build_report(build.BUILDERS, key, flt, tx.session)


@operation(Permission.MANAGE_SCHEDULE_SETUP, write=False, audited_read=True)
def schedule_report(tx: Tx, key: str, flt: ReportFilter) -> BillingReport:
    """Build one schedule report (``key`` from KINDS) for a filter and record that it was viewed."""
    return _report_output.viewed(tx, _build(tx, key, flt))


@operation(Permission.MANAGE_SCHEDULE_SETUP, write=False, audited_read=True)
def write_schedule_report_pdf(tx: Tx, key: str, flt: ReportFilter,
                              out_path: str | os.PathLike[str]) -> BillingReport:
    """Write one schedule report as a PDF (table and chart) and record that it was printed."""
    return _report_output.printed(tx, _build(tx, key, flt), out_path)


@operation(Permission.MANAGE_SCHEDULE_SETUP, write=False, audited_read=True)
def export_schedule_report_csv(tx: Tx, key: str, flt: ReportFilter,
                               out_path: str | os.PathLike[str]) -> BillingReport:
    """Write one schedule report as CSV (formula-safe text, numbers plain) and record the export."""
    return _report_output.exported(tx, _build(tx, key, flt), out_path)


@operation(Permission.MANAGE_SCHEDULE_SETUP, write=False)
def schedule_report_choices(tx: Tx) -> tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]:
    """(providers, appointment types) as (id, name) pairs for the filters, inactive ones too (old visits)."""
    types = dict(tx.session.execute(select(AppointmentType.id, AppointmentType.name)).all())
    return tuple(sorted(provider_names(tx.session).items(), key=lambda t: t[1].lower())), tuple(
        sorted(types.items(), key=lambda t: t[1].lower()))
