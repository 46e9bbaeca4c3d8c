"""Billing > Post EOB > Import ERA...: choose 835 files, preview them on the runner, post what the user confirmed.

Reading and matching, then posting, run as long jobs on the runner (``uictx.call_long``) with a progress line
and Cancel on the page (era_progress.py): the files are read there, not on the GUI thread, and a file that
cannot be read or is not a valid 835 is listed in the preview with the reason while the other files go on.
A cancel while reading, or before posting begins, posts nothing; once posting has begun it is refused (the
point of no return: each check is posted by ``era_import.post_era`` in its own transaction, all of it or
nothing). Success is one quiet status-bar line, a refusal (e.g. a check imported meanwhile: the date it was
imported) is shown through error_messages like every other error.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QWidget

from frontdesk.error_messages import to_user_message
from frontdesk.errors import FrontDeskError, OperationCancelled, ValidationError, storage_error_from_os
from frontdesk.services.payments import era_import
from frontdesk.services.payments.era_types import EraPostResult, EraPreview
from frontdesk.services.payments.payment_types import InsurancePaymentInfo
from frontdesk.services.session import ServiceContext
from frontdesk.ui.billing.payments.era_dialog import EraPick, EraPreviewDialog
from frontdesk.ui.billing.payments.era_model import posted_summary
from frontdesk.ui.billing.payments.era_progress import EraProgress
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.runner import JobControl, LongJob
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


def _claims(done: int, total: int) -> str:
    return f"claim {done} of {total}" if total else "no claims"


def read_and_preview(ctx: ServiceContext, control: JobControl, paths: Sequence[Path]) -> ReadFiles:
    """On the long-job worker: read each file and preview it; one bad file does not stop the others.

    Progress per claim matched; a cancel stops it (OperationCancelled), and nothing is written anyway."""
    previews, refused = [], []
    for i, path in enumerate(paths):
        name = Path(path).name

        def progress(done: int, total: int, i: int = i, name: str = name) -> None:
            control.report((i + (done / total if total else 1)) / len(paths), f"Reading {name}: {_claims(done, total)}")

        try:
            control.check()
            try:
                data = Path(path).read_bytes()
            except OSError as exc:
                raise storage_error_from_os(exc, f"the file {name}") from exc
            preview = era_import.preview_era(ctx, data, file_name=name, progress=progress)
            same = next((p for p in previews if p.token == preview.token), None)
            if same is not None:  # chosen twice, or a copy: its checks would be offered twice
                raise ValidationError("file", f"The same remittance as {same.file_name}; it is shown once.")
            previews.append(preview)
        except OperationCancelled:
            raise
        except FrontDeskError as exc:  # named beside the file; anything else is a bug and goes up
            refused.append((name, exc))
    return ReadFiles(tuple(previews), tuple(refused))


def post_picks(ctx: ServiceContext, control: JobControl, picks: Sequence[EraPick]) -> Posted:
    """On the long-job worker: post each chosen check, each in its own transaction (a refused one posts nothing).

    A cancel asked before this starts posts nothing (OperationCancelled); from here on a cancel is refused."""
    control.point_of_no_return("Posting the remittance")
    results, refused = [], []
    for n, pick in enumerate(picks):
        check = pick.preview.checks[pick.check_index]
        label = f"{check.payer_name} {check.trace_number}"

        def progress(done: int, total: int, n: int = n, label: str = label) -> None:
            control.report((n + (done / total if total else 1)) / len(picks), f"Posting {label}: {_claims(done, total)}")

        try:
            results.append(era_import.post_era(ctx, pick.preview, check_index=pick.check_index,
                                               confirmed_fallbacks=pick.confirmed, progress=progress))
        except FrontDeskError as exc:
            refused.append((label, exc))
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
        self.job: LongJob | None = None
        self.panel = EraProgress(page)  # the page lays it out
        self.panel.cancel_asked.connect(self.cancel)

    def running(self) -> bool:
        return self.job is not None and self.job.running()

    def _run(self, work: Callable[..., object], arg: object, text: str, on_done: Callable[[object], None]) -> None:
        self.panel.begin(text)

        def done(result: object) -> None:
            self.panel.finish()
            on_done(result)

        self.job = self.uictx.call_long(work, arg, on_done=guarded(self.page, done),
                                        on_error=guarded(self.page, self._failed), on_progress=self._progressed)

    def _progressed(self, fraction: float | None, step: str) -> None:
        if shiboken6.isValid(self.panel):
            self.panel.update_progress(fraction, step)

    def cancel(self) -> None:
        """Cancel the import: refused (and said so) once posting has begun."""
        if not self.running() or self.job is None:
            return
        if self.job.cancel():
            self._status("Too late to cancel: posting has begun; each check is posted whole.")
        else:
            self.panel.cancel_button.setEnabled(False)
            self.panel.step.setText("Cancelling\u2026")

    def _failed(self, exc: BaseException) -> None:
        self.panel.finish()
        if isinstance(exc, OperationCancelled):
            self._status("ERA import cancelled: nothing was posted.")
            return
        ErrorPresenter(self.page)(exc)

    def start(self) -> None:
        """Ask for the files, then read and preview them on the runner."""
        paths = OpenFilesDialog.ask(self.page, "Import ERA (835 remittance files)", ERA_FILTER, "835")
        if not paths or self.running():
            return
        self._run(read_and_preview, list(paths),
                  f"Reading {len(paths)} remittance file{'s' if len(paths) != 1 else ''}\u2026", self._previewed)

    def _previewed(self, read: object) -> None:
        assert isinstance(read, ReadFiles)
        picks = EraPreviewDialog.ask(self.page, list(read.previews), refused_text(read.refused))
        if not picks:
            self._status("ERA import cancelled: nothing was posted.")
            return
        self._run(post_picks, picks, "Posting the remittance\u2026", self._posted)

    def _posted(self, posted: object) -> None:
        assert isinstance(posted, Posted)
        self.last_posted = posted
        if posted.results:
            self._status(posted_summary(list(posted.results)))
            self._show_payment(posted.results[-1].payment)
        if posted.refused:
            self._show_error("Not posted: " + " ".join(refused_text(posted.refused)))
