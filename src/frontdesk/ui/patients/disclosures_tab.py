"""The Disclosures tab: the patient's disclosure log (HIPAA 164.528) with the selected entry in full below it,
Record..., Void... and the printable accounting of the last six years (to the printer through the system
dialog, or saved as a PDF)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton, QWidget

from frontdesk.domain.formats import format_date
from frontdesk.domain.permissions import Permission
from frontdesk.services.patients import disclosures
from frontdesk.services.patients.disclosures import DisclosureAccounting, DisclosureEntry
from frontdesk.reports.disclosure_accounting import write_disclosure_accounting_pdf
from frontdesk.ui.context import UiContext
from frontdesk.ui.patients.disclosure_detail import DisclosureDetail
from frontdesk.ui.patients.disclosure_dialogs import DisclosureDialog, VoidDisclosureDialog
from frontdesk.ui.patients.patient_log_tab import PatientLogTab
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import allowed, guarded
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.models import Column
from frontdesk.ui.widgets.pdf_printing import PrinterDialog, print_written

GREY = QColor("#6b6b6b")


def _status(entry: DisclosureEntry) -> str:
    # The word VOID is the cue; grey text only repeats it.
    return f"VOID: {entry.void_reason} ({entry.voided_by})" if entry.voided_at else ""


def _grey(entry: DisclosureEntry) -> QColor | None:
    return GREY if entry.voided_at else None


COLUMNS: list[Column[DisclosureEntry]] = [
    Column("Date", lambda e: format_date(e.disclosed_on), sort=lambda e: e.disclosed_on, colour=_grey),
    Column("Disclosed to", lambda e: e.recipient, colour=_grey),
    Column("What", lambda e: e.description.replace("\n", " "), colour=_grey),
    Column("Purpose", lambda e: e.purpose.replace("\n", " "), colour=_grey),
    Column("Kind", lambda e: e.kind_text, colour=_grey),
    Column("By", lambda e: e.recorded_by, colour=_grey),
    Column("Status", _status, colour=_grey),
]


# column -> widest it is sized to: Disclosed to, What, Purpose, Kind, Status. Narrow enough for the whole row
# to fit beside the patient list at 1366x768 (the panel below shows the selected entry whole).
CAPS = {1: 110, 2: 110, 3: 100, 4: 80, 6: 90}


def _report(accounting: DisclosureAccounting) -> str:
    count = len(accounting.entries)
    return f"Accounting of disclosures ({count} entr{'y' if count == 1 else 'ies'})"


class DisclosuresTab(PatientLogTab[DisclosureEntry]):
    """Each disclosure outside treatment, payment and operations, newest first; voided ones stay, marked."""

    topics = frozenset({"disclosures", "patients"})

    def __init__(self, uictx: UiContext, parent: QWidget | None = None, *,
                 status: Callable[[str], None] | None = None) -> None:
        super().__init__(uictx, COLUMNS, disclosures.list_disclosures, name="disclosures", status=status,
                         parent=parent)
        self.account_number = ""
        self._reading: int | None = None  # the entry in the panel: kept selected across reloads (e.g. after Void)
        self.record_button = QPushButton("&Record disclosure\u2026", self)
        self.record_button.setObjectName("record_disclosure")
        self.record_button.clicked.connect(self.record)
        self.void_button = QPushButton("&Void entry\u2026", self)
        self.void_button.setObjectName("void_disclosure")
        self.void_button.clicked.connect(self.void)
        self.print_button = QPushButton("Print a&ccounting\u2026", self)
        self.print_button.setObjectName("print_accounting")
        self.print_button.setToolTip("The patient's accounting of disclosures for the last six years")
        self.print_button.clicked.connect(self.print_accounting)
        self.save_button = QPushButton("Save accounting as P&DF\u2026", self)
        self.save_button.setObjectName("save_accounting")
        self.save_button.clicked.connect(self.save_accounting)
        for button in (self.record_button, self.void_button, self.print_button, self.save_button):
            self.bar.addWidget(button)
        self.detail = DisclosureDetail(uictx.clock, self)
        self.column.addWidget(self.view, 3)
        self.column.addWidget(self.detail, 2)
        self.view.selectionModel().selectionChanged.connect(lambda *_: self._selection_changed())
        self._enable()

    def set_patient(self, patient_id: int | None, account_number: str = "") -> None:
        """Show ``patient_id``'s log (None: nothing)."""
        self.account_number = account_number
        self._reading = None
        self.show_patient(patient_id)
        self._selection_changed()

    def selected(self) -> DisclosureEntry | None:
        rows = self.view.selectionModel().selectedRows()
        return self.model.record(rows[0].row()) if rows else None

    def _selection_changed(self) -> None:
        entry = self.selected()
        self._reading = None if entry is None else entry.id
        self.detail.show_entry(entry)
        self._enable()

    def _enable(self) -> None:
        has_patient = self.patient_id is not None
        can_edit = has_patient and allowed(self.uictx, Permission.EDIT_PATIENTS)
        self.record_button.setEnabled(can_edit)
        entry = self.selected()
        self.void_button.setEnabled(can_edit and entry is not None and entry.voided_at is None)
        self.print_button.setEnabled(has_patient)
        self.save_button.setEnabled(has_patient)

    def show_rows(self, rows: list[DisclosureEntry]) -> None:
        self.view.resizeColumnsToContents()
        # Long free text gets a readable width (cut short; the panel below shows the selected entry whole)
        # so every column, the status last, fits at 1366x768 without scrolling sideways.
        for column, cap in CAPS.items():
            self.view.setColumnWidth(column, min(self.view.columnWidth(column), cap))
        live = sum(1 for r in rows if r.voided_at is None)
        self.message.setText(f"{live} disclosure{'' if live == 1 else 's'} logged, newest first" if rows
                             else "No disclosures logged.")
        # A reload (someone recorded or voided an entry) must not take away the entry being read.
        row = next((n for n, entry in enumerate(rows) if entry.id == self._reading), None)
        if row is not None:
            self.view.selectRow(row)  # selectionChanged updates the panel and the buttons
        self._selection_changed()

    def record(self) -> None:
        """Log a disclosure made outside treatment, payment and operations."""
        if self.patient_id is None or not self.record_button.isEnabled():
            return
        if DisclosureDialog.ask(self, self.uictx, self.patient_id) is not None:
            self._status("Disclosure recorded.")

    def void(self) -> None:
        """Void the selected mistaken entry (it stays, marked VOID)."""
        entry = self.selected()
        if entry is None or not self.void_button.isEnabled():
            return
        if VoidDisclosureDialog.ask(self, self.uictx, entry) is not None:
            self._status("Disclosure entry voided.")

    def print_accounting(self) -> None:
        """The accounting of the last six years, through the system print dialog."""
        if self.patient_id is None:
            return
        printer = PrinterDialog.ask(self, "Print accounting of disclosures")
        if printer is None:
            return

        def send(accounting: DisclosureAccounting) -> None:
            try:  # a temporary PDF beside the practice data (the same protected disk), printed, then removed
                pages = print_written(printer, lambda path: write_disclosure_accounting_pdf(path, accounting),
                                      self.uictx.paths.root)
            except Exception as exc:  # noqa: BLE001 (a disk or printer problem is shown, never swallowed)
                ErrorPresenter(self)(exc)
                return
            self._status(f"{_report(accounting)}: {pages} page{'' if pages == 1 else 's'} sent to the printer.")

        self.uictx.call(disclosures.accounting_of_disclosures, self.patient_id, on_done=guarded(self, send),
                        on_error=guarded(self, ErrorPresenter(self)))

    def save_accounting(self) -> None:
        """The accounting of the last six years as a PDF file (named by account number, never the name)."""
        if self.patient_id is None:
            return
        path = SaveFileDialog.ask(self, "Save accounting of disclosures",
                                  f"disclosures-{self.account_number or self.patient_id}.pdf", "PDF files (*.pdf)",
                                  ".pdf")
        if path is None:
            return

        def write(accounting: DisclosureAccounting) -> None:
            try:
                write_disclosure_accounting_pdf(path, accounting)
            except Exception as exc:  # noqa: BLE001 (a disk problem is shown)
                ErrorPresenter(self)(exc)
                return
            self._status(f"{_report(accounting)}: saved as {path.name}.")

        self.uictx.call(disclosures.accounting_of_disclosures, self.patient_id, on_done=guarded(self, write),
                        on_error=guarded(self, ErrorPresenter(self)))
