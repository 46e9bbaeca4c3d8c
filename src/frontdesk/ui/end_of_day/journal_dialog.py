"""Export to QuickBooks: the closed days of a range as journals (IIF for QuickBooks Desktop, CSV for QuickBooks
Online). The dialog previews what will be written, says which days are open (not exported) and which were
exported before (the new export is then marked a re-export), then asks where to save."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel, QWidget

from frontdesk.domain.formats import format_date, format_money
from frontdesk.domain.journal_records import JournalPeriod
from frontdesk.error_messages import to_user_message
from frontdesk.services.day_close import accounting_export
from frontdesk.services.day_close.accounting_export import FORMATS
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.form_parts import code_combo
from frontdesk.ui.widgets.schedule_inputs import date_edit, from_qdate

SUFFIX = {"iif": (".iif", "QuickBooks Desktop files (*.iif)"), "qbo_csv": (".csv", "CSV files (*.csv)")}


def preview_text(period: JournalPeriod) -> str:
    """What an export of ``period`` writes, in words (the same words the tests read)."""
    lines = []
    for journal in period.journals:
        again = f" \u26a0 RE-EXPORT (exported {journal.exported_before[-1]})" if journal.reexport else ""
        lines.append(f"{format_date(journal.day)}: {len(journal.lines)} lines, {format_money(journal.debits)} "
                     f"debits = credits{again}")
    if period.open_days:
        lines.append("Not closed, not exported: " + ", ".join(format_date(d) for d in period.open_days))
    return "\n".join(lines) or "No closed day in this range has money to export."


def exported_text(period: JournalPeriod) -> str:
    """The status-bar line after an export (End of day and Billing > Reports)."""
    days = len(period.journals)
    again = " (marked re-export)" if period.reexport else ""
    return f"Exported {days} day{'' if days == 1 else 's'} to QuickBooks{again}."


class JournalExportDialog(ServiceFormDialog):
    """From, To and the file format; OK asks where to save and runs accounting_export.export_journal."""

    def __init__(self, uictx: UiContext, day: date, end: date | None = None, parent: QWidget | None = None) -> None:
        super().__init__(uictx, "Export to QuickBooks", "&Export\u2026", parent)
        self.start_edit = date_edit(self, day)
        self.end_edit = date_edit(self, end or day)  # a range from Billing > Reports; End of day's one day
        self.file_format = code_combo(self, FORMATS, current="iif")
        self.preview = QLabel(self)
        self.preview.setObjectName("journal_preview")
        self.preview.setWordWrap(True)
        self.form.add_field("start", "&From:", self.start_edit)
        self.form.add_field("end", "&To:", self.end_edit)
        self.form.add_field("file_format", "F&ormat:", self.file_format)
        self.form.add_field("preview", "Will write:", self.preview)
        self.period: JournalPeriod | None = None
        for edit in (self.start_edit, self.end_edit):
            edit.dateChanged.connect(lambda _d: self.update_preview())
        self.update_preview()

    def range(self) -> tuple[date, date]:
        return from_qdate(self.start_edit.date()), from_qdate(self.end_edit.date())

    def update_preview(self) -> None:
        """Ask what the range would export (answers for a range no longer shown are dropped)."""
        wanted = self.range()
        self.form.clear_errors()
        self.period = None

        def shown(period: JournalPeriod) -> None:
            if self.range() != wanted:
                return
            self.period = period
            self.preview.setText(preview_text(period))
            self.ok_button.setText("&Export again (marked re-export)\u2026" if period.reexport else "&Export\u2026")

        def failed(exc: BaseException) -> None:
            if self.range() != wanted:
                return
            self.preview.setText("")
            if not self.form.show_exception(exc):
                self.preview.setText("\u26a0 " + to_user_message(exc).text)

        self.uictx.call(accounting_export.journal_preview, *wanted, on_done=guarded(self, shown),
                        on_error=guarded(self, failed))

    def start(self, on_done: Done, on_error: Failed) -> None:
        start, end = self.range()
        file_format = str(self.file_format.currentData())
        suffix, name_filter = SUFFIX[file_format]
        name = f"journal-{start:%Y-%m-%d}" + ("" if start == end else f"-to-{end:%Y-%m-%d}")
        if self.period is not None and self.period.reexport:
            name += "-REEXPORT"
        path = SaveFileDialog.ask(self, "Export to QuickBooks", name + suffix, name_filter, suffix)
        if path is None:
            on_error(_Cancelled())
            return
        self.uictx.call(accounting_export.export_journal, start, end, file_format, path, on_done=on_done,
                        on_error=on_error)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, _Cancelled):  # the save dialog was cancelled: the form stays as it was
            self._busy = False
            self.ok_button.setEnabled(True)
            return
        super()._failed(exc)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, day: date, end: date | None = None
            ) -> JournalPeriod | None:
        """The exported period (``day`` to ``end``, or the one day), or None when cancelled."""
        return cls.run(cls(uictx, day, end, parent))


class _Cancelled(Exception):
    """The save dialog was closed without a file: not an error to show."""
