"""Send a PDF a service writes (receipt, ledger) to the printer or to a file the desk chooses."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QWidget

from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.file_dialog import SaveFileDialog
from frontdesk.ui.widgets.pdf_printing import PrinterDialog, print_pdf

StatusFn = Callable[[str], None]


def print_generated(owner: QWidget, uictx: UiContext, title: str, service: Callable[..., Any], *args: Any,
                    report: Callable[[Any], str], status: StatusFn, **kwargs: Any) -> bool:
    """Ask for a printer; the service writes ``service(ctx, *args, out_path, **kwargs)`` into a temporary file
    next to the database (same protected disk), which is printed and removed. False when cancelled."""
    printer = PrinterDialog.ask(owner, title)
    if printer is None:
        return False
    handle, temp_name = tempfile.mkstemp(prefix=".print-", suffix=".pdf", dir=uictx.paths.root)
    os.close(handle)

    def remove() -> None:
        with contextlib.suppress(OSError):
            Path(temp_name).unlink()

    def send(value: Any) -> None:
        try:
            pages = print_pdf(printer, temp_name)
            status(f"{report(value)}: {pages} page{'' if pages == 1 else 's'} sent to the printer.")
        except Exception as exc:  # noqa: BLE001 (a printer problem is shown, never swallowed)
            ErrorPresenter(owner)(exc)
        finally:
            remove()

    def failed(exc: BaseException) -> None:
        remove()
        ErrorPresenter(owner)(exc)

    uictx.call(service, *args, temp_name, on_done=guarded(owner, send), on_error=guarded(owner, failed), **kwargs)
    return True


def save_generated(owner: QWidget, uictx: UiContext, caption: str, suggested: str, service: Callable[..., Any],
                   *args: Any, report: Callable[[Any], str], status: StatusFn, **kwargs: Any) -> bool:
    """Ask where to save, then let the service write the PDF there. False when cancelled."""
    path = SaveFileDialog.ask(owner, caption, suggested, "PDF files (*.pdf)", ".pdf")
    if path is None:
        return False
    uictx.call(service, *args, str(path), on_done=guarded(owner, lambda v: status(f"{report(v)}: saved as {path.name}.")),
               on_error=guarded(owner, ErrorPresenter(owner)), **kwargs)
    return True
