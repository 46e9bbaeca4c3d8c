"""The Aging tab: A/R by account and by payer in 30-day buckets as of a date, with CSV and PDF exports."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_money
from frontdesk.domain.permissions import Permission
from frontdesk.services.payments import aging as aging_service
from frontdesk.services.payments.aging import BUCKET_LABELS, AgingReport
from frontdesk.ui.billing.statements.models import (
    AGING_COLUMNS,
    PAYER_COLUMNS,
    AgingModel,
)
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import allowed, fit_columns, guarded, make_table
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.lazy_page import ReloadWhenShown
from frontdesk.ui.widgets.models import SORT_ROLE
from frontdesk.ui.widgets.schedule_inputs import date_edit, from_qdate

StatusFn = Callable[[str], None]
# Anything that moves money or charges changes the report.
TOPICS = frozenset({"payments", "ledger", "claims", "encounters", "statements", "patients"})


def totals_text(report: AgingReport) -> str:
    """The totals line: each bucket, then the insurance and patient portions and the grand total."""
    t = report.totals
    buckets = ", ".join(f"{label} {format_money(v)}" for label, v in zip(BUCKET_LABELS, t.combined, strict=True))
    credit = f"; unapplied credit {format_money(t.credit)}" if t.credit else ""
    return (f"Total A/R as of {format_date(report.as_of)}: {format_money(t.total)} "
            f"(insurance {format_money(t.insurance_total)}, patients {format_money(t.patient_total)}{credit}).\n"
            f"{buckets}.")


class AgingPage(ReloadWhenShown, QWidget):
    """As-of date on top, accounts table, payers summary, totals, Export CSV / Save PDF."""

    def __init__(self, uictx: UiContext, status: StatusFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("aging_page")
        self.uictx = uictx
        self._status = status
        self.report: AgingReport | None = None
        self.as_of = date_edit(self, uictx.clock.today())
        self.as_of.setObjectName("aging_as_of")
        as_of_label = QLabel("&As of", self)
        as_of_label.setBuddy(self.as_of)
        self.csv_button = QPushButton("Export &CSV\u2026", self)
        self.pdf_button = QPushButton("&Save PDF\u2026", self)
        bar = QHBoxLayout()
        bar.addWidget(as_of_label)
        bar.addWidget(self.as_of)
        bar.addStretch(1)
        bar.addWidget(self.csv_button)
        bar.addWidget(self.pdf_button)
        self.accounts = AgingModel(AGING_COLUMNS, self)
        self.account_view, _p = make_table(self, self.accounts, sort_role=SORT_ROLE, sort_column=1)
        self.account_view.setObjectName("aging_accounts")
        self.payers = AgingModel(PAYER_COLUMNS, self)
        self.payer_view, _p = make_table(self, self.payers)
        self.payer_view.setObjectName("aging_payers")
        self.totals = QLabel(self)
        self.totals.setObjectName("aging_totals")
        # Two explicit lines: reserve their height, or the stretched tables squeeze the label to one.
        self.totals.setMinimumHeight(self.totals.fontMetrics().lineSpacing() * 2 + 6)
        accounts_box = QGroupBox("By account (guarantor)", self)
        QVBoxLayout(accounts_box).addWidget(self.account_view)
        payers_box = QGroupBox("By payer", self)
        QVBoxLayout(payers_box).addWidget(self.payer_view)
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(accounts_box, 3)
        layout.addWidget(payers_box, 2)
        layout.addWidget(self.totals)
        self.as_of.dateChanged.connect(lambda _d: self.reload())
        self.csv_button.clicked.connect(self.export_csv)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.watch_changes(uictx, TOPICS)
        self._seen: tuple[int | None, date] | None = None  # who last saw which as-of date (see reload)

    def day(self) -> date:
        return from_qdate(self.as_of.date())

    def reload(self) -> None:
        """Build the report for the as-of date (only for users who may see it)."""
        self._stale = False
        ok = allowed(self.uictx, Permission.VIEW_AGING)
        for button in (self.csv_button, self.pdf_button):
            button.setEnabled(ok)
        if not ok:
            self.report = None
            self.accounts.set_rows([])
            self.payers.set_rows([])
            self.totals.setText("The aging report needs the billing role.")
            return
        # The first time a person sees an as-of date here is a view (audited); reloading it after a change is not.
        seen = (self.uictx.actor.user_id if self.uictx.actor else None, self.day())
        refresh, self._seen = seen == self._seen, seen
        self.uictx.call(aging_service.aging_report, self.day(), refresh=refresh, on_done=guarded(self, self._show),
                        on_error=guarded(self, ErrorPresenter(self)))

    def _show(self, report: AgingReport) -> None:
        if report.as_of != self.day():
            return  # an older answer: the date changed since
        self.report = report
        self.accounts.set_rows(report.by_account)
        self.payers.set_rows([*report.by_payer, report.totals])
        fit_columns(self.account_view, widest=260)
        fit_columns(self.payer_view, widest=260)
        self.totals.setText(totals_text(report))

    def export_csv(self) -> None:
        """Save the report as CSV (for a spreadsheet)."""
        day = self.day()
        path = SaveFileDialog.ask(self, "Export aging as CSV", f"aging-{day.isoformat()}.csv")
        if path is not None:
            self.uictx.call(aging_service.export_aging_csv, str(path), day,
                            on_done=guarded(self, lambda _r: self._status(f"Aging exported to {path.name}.")),
                            on_error=guarded(self, ErrorPresenter(self)))

    def save_pdf(self) -> None:
        """Save the report as a PDF to print or mail to the accountant."""
        day = self.day()
        path = SaveFileDialog.ask(self, "Save aging as PDF", f"aging-{day.isoformat()}.pdf", "PDF files (*.pdf)",
                                  ".pdf")
        if path is not None:
            self.uictx.call(aging_service.write_aging_pdf, str(path), day,
                            on_done=guarded(self, lambda _r: self._status(f"Aging saved as {path.name}.")),
                            on_error=guarded(self, ErrorPresenter(self)))
