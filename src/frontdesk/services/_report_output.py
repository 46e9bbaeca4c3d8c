"""What every report operation does with the report it built: record the view, or write the PDF or CSV and record
the print or export. Billing > Reports, the A/R trend and Calendar > Reports share these steps, so a report is
audited the same way wherever it comes from (the report's key, range and filter ids only: no patient data).

The operations that call them are audited reads (services/_base.py ``audited_read``): the rows are written after
the report is built, outside the writer lock.
"""

from __future__ import annotations

import os

from frontdesk.domain.billing_reports import BillingReport
from frontdesk.services._base import Tx


def viewed(tx: Tx, report: BillingReport) -> BillingReport:
    """Record that ``report`` was shown."""
    tx.audit("report.view", entity_type="report", entity_id=report.key, detail=report.audit_detail())
    return report


def printed(tx: Tx, report: BillingReport, out_path: str | os.PathLike[str]) -> BillingReport:
    """Write ``report`` as a PDF (table and chart) and record that it was printed."""
    from frontdesk.reports.billing_report import write_report_pdf

    write_report_pdf(report, out_path)
    tx.audit("report.print", entity_type="report", entity_id=report.key, detail=report.audit_detail())
    return report


def exported(tx: Tx, report: BillingReport, out_path: str | os.PathLike[str]) -> BillingReport:
    """Write ``report`` as CSV (formula-safe text, numbers plain) and record the export."""
    from frontdesk.reports.billing_report import write_report_csv

    write_report_csv(report, out_path)
    tx.audit("report.export_csv", entity_type="report", entity_id=report.key, detail=report.audit_detail())
    return report
