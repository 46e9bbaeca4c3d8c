"""Print ready claims (PDF or printer) and export an 837P file: the dialogs, then the work on the runner."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QWidget

from frontdesk.domain.formats import format_money
from frontdesk.domain.money import from_cents
from frontdesk.errors import StorageError
from frontdesk.reports.cms1500 import load_offsets, save_offsets
from frontdesk.services.billing import claim_submission
from frontdesk.services.billing import claims as claim_service
from frontdesk.services.billing.billing_types import BatchResult
from frontdesk.ui.billing.print_dialog import PrintChoice, PrintClaimsDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.pdf_printing import PrinterDialog, print_pdf

StatusFn = Callable[[str], None]
BusyFn = Callable[[bool], None]


def batch_message(result: BatchResult, verb: str) -> str:
    """'12 claims printed ($1,234.56)'."""
    count = len(result.claim_ids)
    return f"{count} claim{'' if count == 1 else 's'} {verb} ({format_money(from_cents(result.total_cents))})"


class BatchActions:
    """Owned by the Billing pane; ``busy(True/False)`` shows the pane's busy indicator around long work."""

    def __init__(self, owner: QWidget, uictx: UiContext, status: StatusFn, busy: BusyFn) -> None:
        self.owner = owner
        self.uictx = uictx
        self._status = status
        self._busy = busy

    def _call(self, service: Callable, *args: object, done: Callable, cleanup: Callable[[], None] | None = None,
              **kwargs: object) -> None:
        """Run long work on the database thread with the busy indicator on; errors go to the error box."""
        self._busy(True)

        def finished(value: object) -> None:
            self._busy(False)
            try:
                done(value)  # e.g. sending the pages to the printer, which can fail on its own
            except Exception as exc:  # noqa: BLE001 (shown to the person, never swallowed)
                ErrorPresenter(self.owner)(exc)
            finally:
                if cleanup is not None:
                    cleanup()

        def failed(exc: BaseException) -> None:
            self._busy(False)
            if cleanup is not None:
                cleanup()
            ErrorPresenter(self.owner)(exc)

        self.uictx.call(service, *args, on_done=guarded(self.owner, finished), on_error=guarded(self.owner, failed),
                        **kwargs)

    # -- printing -------------------------------------------------------------------------------------
    def print_ready(self) -> None:
        """Ask what to print, then print the ready claims (or an alignment page) to a PDF or a printer."""
        self.uictx.call(claim_service.claim_count, "ready", on_done=guarded(self.owner, self._ask_print))

    def _ask_print(self, ready: int) -> None:
        settings_file = self.uictx.paths.settings_file
        saved = load_offsets(settings_file)
        choice = PrintClaimsDialog.ask(self.owner, ready, saved)
        if choice is None:
            return
        if choice.offsets != saved:
            try:
                save_offsets(settings_file, choice.offsets)
            except StorageError as exc:  # printing still works; the offsets are just not remembered
                ErrorPresenter(self.owner)(exc)
        if choice.destination == "pdf":
            self._to_pdf(choice)
        else:
            self._to_printer(choice)

    def _to_pdf(self, choice: PrintChoice) -> None:
        stem = "alignment-page" if choice.what == "alignment" else f"claims-{self.uictx.clock.today():%Y-%m-%d}"
        path = SaveFileDialog.ask(self.owner, "Save as PDF", f"{stem}.pdf", "PDF files (*.pdf)", ".pdf")
        if path is None:
            return
        self._generate(choice, str(path), lambda text: self._status(f"{text}; saved as {path.name}."))

    def _to_printer(self, choice: PrintChoice) -> None:
        printer = PrinterDialog.ask(self.owner, "Print claims" if choice.what == "claims" else "Print alignment page")
        if printer is None:
            return
        # The PDF is written next to the database (same disk, same protection), printed, then removed.
        handle, temp_name = tempfile.mkstemp(prefix=".print-", suffix=".pdf", dir=self.uictx.paths.root)
        os.close(handle)

        def remove() -> None:
            with contextlib.suppress(OSError):
                Path(temp_name).unlink()

        def send(text: str) -> None:
            pages = print_pdf(printer, temp_name)
            self._status(f"{text}; {pages} page{'' if pages == 1 else 's'} sent to the printer.")

        self._generate(choice, temp_name, send, cleanup=remove)

    def _generate(self, choice: PrintChoice, out: str, report: Callable[[str], None],
                  cleanup: Callable[[], None] | None = None) -> None:
        if choice.what == "alignment":
            self._call(claim_submission.print_alignment_page, out, offsets=choice.offsets, mode=choice.mode,
                       done=lambda _path: report("Alignment page printed"), cleanup=cleanup)
        else:
            self._call(claim_submission.print_claims, out, mode=choice.mode, offsets=choice.offsets,
                       done=lambda result: report(batch_message(result, "printed")), cleanup=cleanup)

    # -- 837P -----------------------------------------------------------------------------------------
    def export_837p(self) -> None:
        """Ask for the file, then write every ready claim into one 837P for the clearinghouse."""
        path = SaveFileDialog.ask(self.owner, "Export 837P", f"claims-{self.uictx.clock.today():%Y%m%d}.837",
                                  "837P files (*.837 *.txt)", ".837")
        if path is None:
            return
        self._call(claim_submission.export_837p, str(path),
                   done=lambda result: self._status(f"{batch_message(result, 'exported')} to {path.name}."))

