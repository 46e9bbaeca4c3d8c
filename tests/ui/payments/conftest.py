"""Payments UI fixtures: a clinic with sent claims, synchronous UiContexts for the front desk and the biller
(billing_actor 'ben' and recorded error boxes: tests/ui/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from payui_lib import Clinic, Driver, make_clinic
from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from uisupport import make_uictx

from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services._base import Actor
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.pdf_printing import PrinterDialog


@pytest.fixture
def clinic(db) -> Clinic:  # type: ignore[no-untyped-def]
    return make_clinic(db)


@pytest.fixture
def biller_ui(practice: FirstRunResult, data_paths: DataPaths, billing_actor: Actor,
              shown_errors: list[UserMessage]) -> UiContext:
    return make_uictx(practice, data_paths, billing_actor)


@pytest.fixture
def desk_ui(practice: FirstRunResult, data_paths: DataPaths, frontdesk_actor: Actor,
            shown_errors: list[UserMessage]) -> UiContext:
    return make_uictx(practice, data_paths, frontdesk_actor)


@pytest.fixture
def printed(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> list[Path]:
    """The print dialog answers with a PDF-file printer; the list collects what was 'printed'."""
    outputs: list[Path] = []

    def ask(cls, parent, title="Print"):  # type: ignore[no-untyped-def]
        printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
        path = tmp_path / f"printed-{len(outputs)}.pdf"
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(path))
        printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Point)
        outputs.append(path)
        return printer

    monkeypatch.setattr(PrinterDialog, "ask", classmethod(ask))
    return outputs


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch, qtbot: QtBot) -> Iterator[Driver]:
    driver = Driver(monkeypatch, qtbot)
    yield driver
    driver.check()
