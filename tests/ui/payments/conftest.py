"""Payments UI fixtures: a clinic with sent claims, synchronous UiContexts for the front desk and the biller."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from payui_lib import Clinic, Driver, make_clinic
from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from testsupport import STAFF_PASSWORD

from frontdesk.domain.permissions import Role
from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services.admin import users
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.ui.billing.pdf_printing import PrinterDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorDialog, ErrorPresenter
from frontdesk.ui.runner import Runner


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[UserMessage]:
    """Every message the error box would have shown (the box never opens in tests)."""
    shown: list[UserMessage] = []
    monkeypatch.setattr(ErrorDialog, "ask", classmethod(lambda cls, parent, message: shown.append(message)))
    return shown


@pytest.fixture
def clinic(db) -> Clinic:  # type: ignore[no-untyped-def]
    return make_clinic(db)


def _ui(practice: FirstRunResult, data_paths: DataPaths, actor: Actor) -> UiContext:
    ctx = UiContext(practice.db, data_paths, Runner(ErrorPresenter(), synchronous=True))
    ctx.set_actor(actor)
    return ctx


@pytest.fixture
def biller_ui(practice: FirstRunResult, data_paths: DataPaths, admin_ctx: ServiceContext,
              shown_errors: list[UserMessage]) -> UiContext:
    info = users.add_user(admin_ctx, "ben", "Ben Biller", Role.BILLING, STAFF_PASSWORD)
    return _ui(practice, data_paths, Actor(info.id, info.username, info.full_name, info.role))


@pytest.fixture
def desk_ui(practice: FirstRunResult, data_paths: DataPaths, frontdesk_actor: Actor,
            shown_errors: list[UserMessage]) -> UiContext:
    return _ui(practice, data_paths, frontdesk_actor)


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
