"""The report view of Billing > Reports and Calendar > Reports: pick a report and a range (provider and one more
filter: the payer for billing, the appointment type for the schedule), see its table and chart, print it, save it
as PDF or export it as CSV. A ReportSource says which reports, who may see them and which service calls build them.

The chart on screen is the PDF's own reportlab Drawing (reports/report_charts.py) rendered to a one-page PDF in
memory and rasterised with pypdfium2 (already a dependency): one drawing for screen and paper, no new library
(QtCharts is not in PySide6-Essentials). Every report is built by the service through the runner; a reply for a
report or range the user has since changed is dropped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pypdfium2 as pdfium
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.billing_reports import BillingReport, ReportFilter
from frontdesk.domain.permissions import Permission
from frontdesk.error_messages import to_user_message
from frontdesk.errors import ValidationError
from frontdesk.reports.billing_report import cell_text, range_text
from frontdesk.reports.report_charts import chart_pdf_bytes
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets import pdf_output, pdf_printing
from frontdesk.ui.widgets.common import allowed, fit_columns, guarded, make_table
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.lazy_page import ReloadWhenShown
from frontdesk.ui.widgets.schedule_inputs import date_edit, from_qdate

StatusFn = Callable[[str], None]
AnyIndex = QModelIndex | QPersistentModelIndex
CHART_DPI = 110  # the 6.5-inch drawing comes out about 715 pixels wide
Operation = Callable[..., Any]


@dataclass(frozen=True)
class ReportSource:
    """What one report view offers and how it asks for it.

    ``operation(what, key)`` gives the service operation for "view", "pdf" or "csv" of report ``key`` and the
    arguments that go before the filter (the report's key, or none for an operation of one report);
    ``choices`` returns (providers, second-filter items) as (id, name) pairs; the second filter fills
    ``filter_field`` of ReportFilter and is shown as ``filter_label`` (object name ``report_<filter_name>``).
    """

    kinds: tuple[tuple[str, str], ...]  # (key, title) in the picker's order
    permission: Permission
    denied_text: str
    topics: frozenset[str]
    choices: Operation
    operation: Callable[[str, str], tuple[Operation, tuple[Any, ...]]]
    filter_name: str
    filter_label: str
    filter_field: str
    stacked: bool = False  # the table above the chart (wide tables) instead of beside it


class ReportTableModel(QAbstractTableModel):
    """A report's rows and its totals row (last), shown as the PDF shows them; numbers right-aligned."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: BillingReport | None = None

    def set_report(self, report: BillingReport | None) -> None:
        self.beginResetModel()
        self.report = report
        self.endResetModel()

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008 - Qt's own default
        return 0 if parent.isValid() or self.report is None else len(self.report.rows) + 1

    def columnCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.report is None else len(self.report.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal and self.report:
            return self.report.columns[section].title
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or self.report is None:
            return None
        column = self.report.columns[index.column()]
        rows = self.report.rows
        row = rows[index.row()] if index.row() < len(rows) else self.report.totals
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row[index.column()], column.kind)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            side = Qt.AlignmentFlag.AlignLeft if column.kind == "text" else Qt.AlignmentFlag.AlignRight
            return int(side | Qt.AlignmentFlag.AlignVCenter)
        return None


def chart_pixmap(report: BillingReport) -> QPixmap:
    """The report's chart (the PDF's Drawing) as a pixmap."""
    document = pdfium.PdfDocument(chart_pdf_bytes(report.chart))
    try:
        return QPixmap.fromImage(pdf_printing.render_page(document[0], CHART_DPI))
    finally:
        document.close()


class ReportView(ReloadWhenShown, QWidget):
    """Report picker and filters on top, the table beside the chart, the buttons below (``buttons``: a host may
    add its own before the standard ones)."""

    def __init__(self, uictx: UiContext, status: StatusFn, source: ReportSource, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self._status = status
        self.source = source
        self.report: BillingReport | None = None
        self.picker = QComboBox(self)
        self.picker.setObjectName("report_picker")
        for key, title in source.kinds:
            self.picker.addItem(title, key)
        today = uictx.clock.today()
        self.start = date_edit(self, today.replace(day=1))
        self.start.setObjectName("report_from")
        self.end = date_edit(self, today)
        self.end.setObjectName("report_to")
        self.provider = QComboBox(self)
        self.provider.setObjectName("report_provider")
        self.second = QComboBox(self)  # the payer (billing) or the appointment type (schedule)
        self.second.setObjectName(f"report_{source.filter_name}")
        for combo in (self.provider, self.second):
            combo.addItem("All", None)
        filters = QGridLayout()
        for column, (text, widget) in enumerate((("&Report", self.picker), ("&From", self.start), ("&To", self.end),
                                                 ("Pro&vider", self.provider), (source.filter_label, self.second))):
            label = QLabel(text, self)
            label.setBuddy(widget)
            filters.addWidget(label, 0, column)
            filters.addWidget(widget, 1, column)
        filters.setColumnStretch(0, 2)
        filters.setColumnStretch(3, 1)
        filters.setColumnStretch(4, 1)
        self.message = QLabel(self)
        self.message.setObjectName("report_message")
        self.message.setWordWrap(True)
        self.model = ReportTableModel(self)
        self.table, _proxy = make_table(self, self.model)
        self.table.setObjectName("report_table")
        self.chart = QLabel(self)
        self.chart.setObjectName("report_chart")
        self.chart.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignHCenter)
        chart_scroll = QScrollArea(self)
        chart_scroll.setWidget(self.chart)
        chart_scroll.setWidgetResizable(True)
        # Side by side, or the table over the chart for reports with many columns (the schedule's).
        split = QSplitter(Qt.Orientation.Vertical if source.stacked else Qt.Orientation.Horizontal, self)
        split.addWidget(self.table)
        split.addWidget(chart_scroll)
        split.setSizes([300, 300] if source.stacked else [560, 740])
        self.note = QLabel(self)
        self.note.setWordWrap(True)
        self.print_button = QPushButton("&Print\u2026", self)
        self.pdf_button = QPushButton("Save as P&DF\u2026", self)
        self.csv_button = QPushButton("Export &CSV\u2026", self)
        self.buttons = QHBoxLayout()
        self.buttons.addWidget(self.note, 1)
        for button in (self.print_button, self.pdf_button, self.csv_button):
            self.buttons.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.message)
        layout.addWidget(split, 1)
        layout.addLayout(self.buttons)
        self.picker.currentIndexChanged.connect(lambda _i: self.reload())
        for combo in (self.provider, self.second):
            combo.currentIndexChanged.connect(lambda _i: self.reload())
        for edit in (self.start, self.end):
            edit.dateChanged.connect(lambda _d: self.reload())
        self.print_button.clicked.connect(self.print_report)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.csv_button.clicked.connect(self.export_csv)
        self.watch_changes(uictx, source.topics)
        self._choices_loaded = False

    # -- loading ------------------------------------------------------------------------------------
    def key(self) -> str:
        return str(self.picker.currentData())

    def current_filter(self) -> ReportFilter:
        return ReportFilter(from_qdate(self.start.date()), from_qdate(self.end.date()), self.provider.currentData(),
                            **{self.source.filter_field: self.second.currentData()})

    def _run(self, what: str, key: str, flt: ReportFilter, *path: str, on_done: Callable[[Any], None] | None,
             on_error: Callable[[BaseException], Any] | None) -> None:
        """Ask the service for report ``key``: ``what`` is "view", "pdf" or "csv" (``path`` for the files)."""
        op, leading = self.source.operation(what, key)
        self.uictx.call(op, *leading, flt, *path, on_done=on_done, on_error=on_error)

    def reload(self) -> None:
        """Build the chosen report (only for users who may see it)."""
        self._stale = False
        ok = allowed(self.uictx, self.source.permission)
        for button in (self.print_button, self.pdf_button, self.csv_button):
            button.setEnabled(ok and self.report is not None)
        if not ok:
            self._show_nothing(self.source.denied_text)
            return
        if not self._choices_loaded:
            self._choices_loaded = True
            self.uictx.call(self.source.choices, on_done=guarded(self, self._fill_choices))
        key, flt = self.key(), self.current_filter()
        self.message.setText("Working\u2026")
        self._run("view", key, flt, on_done=guarded(self, lambda r: self._show(key, flt, r)),
                  on_error=guarded(self, lambda e: self._failed(key, flt, e)))

    def _fill_choices(self, choices: tuple[tuple[tuple[int, str], ...], tuple[tuple[int, str], ...]]) -> None:
        for combo, pairs in zip((self.provider, self.second), choices, strict=True):
            combo.blockSignals(True)  # filling the list is not a choice: no reload per item
            for item_id, name in pairs:
                combo.addItem(name, item_id)
            combo.blockSignals(False)

    def _current(self, key: str, flt: ReportFilter) -> bool:
        return key == self.key() and flt == self.current_filter()

    def _show(self, key: str, flt: ReportFilter, report: BillingReport) -> None:
        if not self._current(key, flt):
            return  # an older answer: the choice changed since
        self.report = report
        self.model.set_report(report)
        fit_columns(self.table, widest=300)
        self.chart.setPixmap(chart_pixmap(report))
        self.message.setText(f"{report.title}: {range_text(report)}")
        self.note.setText(report.note)
        for button in (self.print_button, self.pdf_button, self.csv_button):
            button.setEnabled(True)

    def _failed(self, key: str, flt: ReportFilter, error: BaseException) -> None:
        if not self._current(key, flt):
            return
        if isinstance(error, ValidationError):  # a range to fix: said beside the filters, no dialog
            self._show_nothing(to_user_message(error).text)
        else:
            self._show_nothing("")
            ErrorPresenter(self)(error)

    def _show_nothing(self, text: str) -> None:
        self.report = None
        self.model.set_report(None)
        self.chart.clear()
        self.note.clear()
        self.message.setText(text)
        for button in (self.print_button, self.pdf_button, self.csv_button):
            button.setEnabled(False)

    # -- paper and files ----------------------------------------------------------------------------
    def _file_name(self, suffix: str) -> str:
        flt = self.current_filter()
        return f"{self.key().replace('_', '-')}-{flt.start:%Y%m%d}-{flt.end:%Y%m%d}{suffix}"

    def save_pdf(self) -> None:
        """Save the report (table and chart) as a PDF."""
        path = SaveFileDialog.ask(self, "Save report as PDF", self._file_name(".pdf"), "PDF files (*.pdf)", ".pdf")
        if path is not None:
            self._run("pdf", self.key(), self.current_filter(), str(path),
                      on_done=guarded(self, lambda _r: self._status(f"Report saved as {path.name}.")),
                      on_error=guarded(self, ErrorPresenter(self)))

    def export_csv(self) -> None:
        """Save the report's table as CSV (for a spreadsheet)."""
        path = SaveFileDialog.ask(self, "Export report as CSV", self._file_name(".csv"))
        if path is not None:
            self._run("csv", self.key(), self.current_filter(), str(path),
                      on_done=guarded(self, lambda _r: self._status(f"Report exported to {path.name}.")),
                      on_error=guarded(self, ErrorPresenter(self)))

    def print_report(self) -> None:
        """Print the report on the printer the user picks (pdf_output.print_generated: the PDF is written next to
        the database, printed and removed)."""
        op, leading = self.source.operation("pdf", self.key())
        pdf_output.print_generated(self, self.uictx, "Print report", op, *leading, self.current_filter(),
                                   report=lambda r: r.title, status=self._status)


__all__ = ["ReportSource", "ReportTableModel", "ReportView", "chart_pixmap"]
