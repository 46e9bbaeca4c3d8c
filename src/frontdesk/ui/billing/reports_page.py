"""The Reports tab of Billing: the shared report view (ui/widgets/report_view.py) with the billing reports, the A/R
trend and the payer filter, plus "Export to QuickBooks…", which asks the main window for End of day's own export
dialog on the report's From and To dates (issue 20: End of day and Reports export a period's journal; the dialog
is End of day's, and ui/billing importing ui/end_of_day would be an import cycle)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QWidget

from frontdesk.domain.permissions import Permission
from frontdesk.services.billing import reports as report_service
from frontdesk.services.payments import ar_trend
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import allowed
from frontdesk.ui.widgets.report_view import Operation, ReportSource, ReportView, StatusFn

TOPICS = frozenset({"payments", "ledger", "claims", "encounters", "providers", "payers"})


def _operation(what: str, key: str) -> tuple[Operation, tuple[Any, ...]]:
    if key == ar_trend.KEY:  # built with the aging report (services/payments): one report, no key
        return {"view": ar_trend.ar_trend_report, "pdf": ar_trend.write_ar_trend_pdf,
                "csv": ar_trend.export_ar_trend_csv}[what], ()
    return {"view": report_service.billing_report, "pdf": report_service.write_report_pdf,
            "csv": report_service.export_report_csv}[what], (key,)


SOURCE = ReportSource(
    kinds=(*((kind.key, kind.title) for kind in report_service.KINDS), (ar_trend.KEY, ar_trend.TITLE)),
    permission=Permission.VIEW_AGING, denied_text="Reports need the billing role.", topics=TOPICS,
    choices=report_service.report_filter_choices, operation=_operation, filter_name="payer",
    filter_label="Pa&yer", filter_field="payer_id")


class ReportsPage(ReportView):
    """Billing > Reports (Alt+0). ``journal_requested(start, end)``: Export to QuickBooks for that range."""

    journal_requested = Signal(object, object)

    def __init__(self, uictx: UiContext, status: StatusFn, parent: QWidget | None = None) -> None:
        super().__init__(uictx, status, SOURCE, parent)
        self.setObjectName("reports_page")
        self.payer = self.second
        self.quickbooks_button = QPushButton("Export to &QuickBooks\u2026", self)
        self.quickbooks_button.setObjectName("report_quickbooks")
        self.quickbooks_button.setToolTip("The closed days from the From to the To date as a QuickBooks journal "
                                          "(IIF or CSV), as End of day exports them")
        self.buttons.insertWidget(1, self.quickbooks_button)
        self.quickbooks_button.clicked.connect(self.export_to_quickbooks)

    def reload(self) -> None:
        self.quickbooks_button.setEnabled(allowed(self.uictx, Permission.CLOSE_DAY))
        super().reload()

    def export_to_quickbooks(self) -> None:
        """Export the report range's closed days to QuickBooks (the dialog shows and may change the range)."""
        flt = self.current_filter()
        self.journal_requested.emit(flt.start, flt.end)


__all__ = ["ReportsPage"]
