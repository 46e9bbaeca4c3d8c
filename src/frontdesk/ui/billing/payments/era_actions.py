"""Billing > Post EOB > Import ERA...: choose 835 files, preview them on the runner, post what the user confirmed.

Reading and matching run on the database thread (``uictx.call``): the files are read there, not on the GUI
thread, and a file that cannot be read or is not a valid 835 is listed in the preview with the reason while
the other files go on. Each check is posted by ``era_import.post_era`` in its own transaction (all of it or
nothing); success is one quiet status-bar line, a refusal (e.g. a check imported meanwhile: the date it was
imported) is shown through error_messages like every other error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from frontdesk.error_messages import to_user_message
from frontdesk.errors import FrontDeskError, ValidationError, storage_error_from_os
from frontdesk.services.payments import era_import
from frontdesk.services.payments.era_types import EraPostResult, EraPreview
from frontdesk.services.payments.payment_types import InsurancePaymentInfo
from frontdesk.services.session import ServiceContext
from frontdesk.ui.billing.payments.era_dialog import EraPick, EraPreviewDialog
from frontdesk.ui.billing.payments.era_model import posted_summary
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.file_dialog import OpenFilesDialog

ERA_FILTER = "Remittance files (*.835 *.txt *.edi *.x12 *.rmt);;All files (*)"
ERA_KEYS = "Ctrl+I"


@dataclass(frozen=True)
class ReadFiles:
    """What the runner read: a preview per readable file, and the files refused with why (an expected error)."""

    previews: tuple[EraPreview, ...]
    refused: tuple[tuple[str, FrontDeskError], ...]


@dataclass(frozen=True)
class Posted:
    """What posting did: a result per check posted, and the checks refused (their label and the error)."""

    results: tuple[EraPostResult, ...]
    refused: tuple[tuple[str, FrontDeskError], ...]


def read_and_preview(ctx: ServiceContext, paths: Sequence[Path]) -> ReadFiles:
    """On the database thread: read each file and preview it; one bad file does not stop the others."""
    previews, refused = [], []
    for path in paths:
        try:
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                raise storage_error_from_os(exc, f"the file {Path(path).name}") from exc
            preview = era_import.preview_era(ctx, data, file_name=Path(path).name)
            same = next((p for p in previews if p.token == preview.token), None)
            if same is not None:  # chosen twice, or a copy: its checks would be offered twice
                raise ValidationError("file", f"The same remittance as {same.file_name}; it is shown once.")
            previews.append(preview)
        except FrontDeskError as exc:  # named beside the file; anything else is a bug and goes up
            refused.append((Path(path).name, exc))
    return ReadFiles(tuple(previews), tuple(refused))


def post_picks(ctx: ServiceContext, picks: Sequence[EraPick]) -> Posted:
    """On the database thread: post each chosen check, each in its own transaction (a refused one posts nothing)."""
    results, refused = [], []
    for pick in picks:
        check = pick.preview.checks[pick.check_index]
        try:
            results.append(era_import.post_era(ctx, pick.preview, check_index=pick.check_index,
                                               confirmed_fallbacks=pick.confirmed))
        except FrontDeskError as exc:
            refused.append((f"{check.payer_name} {check.trace_number}", exc))
    return Posted(tuple(results), tuple(refused))


def refused_text(refused: Sequence[tuple[str, BaseException]]) -> list[str]:
    """'era.835: The remittance file ... (segment, line, reason)': each through the one message maker."""
    return [f"{name}: {to_user_message(exc).text}" for name, exc in refused]


class EraImporter(QObject):
    """The Import ERA action of a page: ``status`` gets the success line, ``show_error`` a refusal's text,
    ``show_payment`` the last payer check posted (the page shows what it paid)."""

    def __init__(self, uictx: UiContext, page: QWidget, status: Callable[[str], None],
                 show_error: Callable[[str], None], show_payment: Callable[[InsurancePaymentInfo], None]) -> None:
        super().__init__(page)
        self.uictx = uictx
        self.page = page
        self._status = status
        self._show_error = show_error
        self._show_payment = show_payment
        self.last_posted: Posted | None = None

    def start(self) -> None:
        """Ask for the files, then read and preview them on the runner."""
        paths = OpenFilesDialog.ask(self.page, "Import ERA (835 remittance files)", ERA_FILTER, "835")
        if not paths:
            return
        self._status(f"Reading {len(paths)} remittance file{'s' if len(paths) != 1 else ''}\u2026")
        self.uictx.call(read_and_preview, list(paths), on_done=guarded(self.page, self._previewed),
                        on_error=guarded(self.page, ErrorPresenter(self.page)))

    def _previewed(self, read: ReadFiles) -> None:
        self._status("")
        picks = EraPreviewDialog.ask(self.page, list(read.previews), refused_text(read.refused))
        if not picks:
            self._status("ERA import cancelled: nothing was posted.")
            return
        self.uictx.call(post_picks, picks, on_done=guarded(self.page, self._posted),
                        on_error=guarded(self.page, ErrorPresenter(self.page)))

    def _posted(self, posted: Posted) -> None:
        self.last_posted = posted
        if posted.results:
            self._status(posted_summary(list(posted.results)))
            self._show_payment(posted.results[-1].payment)
        if posted.refused:
            self._show_error("Not posted: " + " ".join(refused_text(posted.refused)))
