"""The Statements tab: prepare a batch with filters, print it, mark it printed or discard it, reprint, holds."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_money
from frontdesk.domain.permissions import Permission
from frontdesk.error_messages import to_user_message
from frontdesk.errors import ValidationError
from frontdesk.services.payments import statements as st_service
from frontdesk.services.payments.statements import (
    PreparedBatch,
    StatementBatchInfo,
    StatementFilters,
    StatementInfo,
)
from frontdesk.ui.billing.statements.dialogs import ConfirmPrintedDialog, ReasonDialog
from frontdesk.ui.billing.statements.hold_box import HoldBox
from frontdesk.ui.billing.statements.models import BatchesModel, StatementsModel
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import allowed, fit_columns, guarded, make_table
from frontdesk.ui.widgets.file_dialog import SaveFileDialog, open_in_viewer
from frontdesk.ui.widgets.form import FieldError
from frontdesk.ui.widgets.lazy_page import ReloadWhenShown
from frontdesk.ui.widgets.money_field import MoneyField
from frontdesk.ui.widgets.pdf_output import print_generated

StatusFn = Callable[[str], None]
SKIP_TEXT = (("held", "on hold"), ("waiting_on_insurance", "with nothing due until insurance decides"),
             ("below_minimum", "below the minimum balance"), ("too_recent", "sent a statement too recently"),
             ("no_address", "no mailing address"))


def skipped_text(skipped: dict[str, int]) -> str:
    """'Skipped: 2 on hold, 1 with no mailing address.' (or 'Nobody was skipped.')."""
    parts = [f"{skipped[key]} {words}" for key, words in SKIP_TEXT if skipped.get(key)]
    return f"Skipped: {', '.join(parts)}." if parts else "Nobody was skipped."


class StatementsPage(ReloadWhenShown, QWidget):
    """Filters and Prepare on top, the batches and the chosen batch's statements below, the hold control."""

    def __init__(self, uictx: UiContext, status: StatusFn, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statements_page")
        self.uictx = uictx
        self._status = status
        self.open_pdf: Callable[[Path], object] = open_in_viewer  # tests swap the system viewer out
        self.min_balance = MoneyField(self, "5.00")
        self.min_balance.setObjectName("st_min_balance")
        self.min_balance.setMaximumWidth(90)
        self.days = QSpinBox(self)
        self.days.setObjectName("st_days")
        self.days.setRange(0, 3650)
        self.days.setValue(28)
        self.days.setSuffix(" days")
        self.exclude_held = QCheckBox("Skip accounts on &hold", self)
        self.exclude_held.setChecked(True)
        self.prepare_button = QPushButton("Prepa&re statements\u2026", self)
        self.prepare_button.setObjectName("st_prepare")
        filters = QHBoxLayout()
        for text, field in (("Minimum &balance $", self.min_balance), ("&Days since last statement", self.days)):
            label = QLabel(text, self)
            label.setBuddy(field)
            filters.addWidget(label)
            filters.addWidget(field)
        filters.addWidget(self.exclude_held)
        filters.addStretch(1)
        filters.addWidget(self.prepare_button)
        self.error = FieldError(self)
        self.result = QLabel(self)
        self.result.setObjectName("st_result")
        self.result.setWordWrap(True)
        self.batches = BatchesModel(uictx.clock, self)
        self.batch_view, _p = make_table(self, self.batches)
        self.batch_view.setObjectName("st_batches")
        self.statements = StatementsModel(self)
        self.statement_view, _p = make_table(self, self.statements)
        self.statement_view.setObjectName("st_statements")
        self.confirm_button = QPushButton("&Mark as printed\u2026", self)
        self.discard_button = QPushButton("D&iscard batch\u2026", self)
        self.print_button = QPushButton("Print b&atch\u2026", self)
        self.reprint_button = QPushButton("Reprin&t statement\u2026", self)
        batch_bar = QHBoxLayout()
        for button in (self.confirm_button, self.discard_button, self.print_button):
            batch_bar.addWidget(button)
        batch_bar.addStretch(1)
        batch_bar.addWidget(self.reprint_button)
        self.hold = HoldBox(uictx, status, self)
        history = QGroupBox("Batches", self)
        history_layout = QVBoxLayout(history)
        history_layout.addWidget(self.batch_view, 3)
        history_layout.addLayout(batch_bar)
        history_layout.addWidget(self.statement_view, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.error)
        layout.addWidget(self.result)
        layout.addWidget(history, 1)
        layout.addWidget(self.hold)
        self.prepare_button.clicked.connect(self.prepare)
        self.confirm_button.clicked.connect(self.mark_printed)
        self.discard_button.clicked.connect(self.discard)
        self.print_button.clicked.connect(self.print_batch)
        self.reprint_button.clicked.connect(self.reprint)
        self.batch_view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._batch_chosen())
        self.statement_view.selectionModel().currentRowChanged.connect(lambda _c, _p: self._enable())
        self.watch_changes(uictx, frozenset({"statements"}))
        self._select_after: int | None = None

    # -- loading ----------------------------------------------------------------------------------------
    def can_print(self) -> bool:
        return allowed(self.uictx, Permission.PRINT_STATEMENTS)

    def reload(self) -> None:
        """Fetch the batch history (only for users who may print statements)."""
        self._stale = False
        self.hold.setEnabled(self.can_print())
        if not self.can_print():
            self.batches.set_rows([])
            self.result.setText("Statements need the billing role.")
            self._batch_chosen()
            return
        self.uictx.call(st_service.statement_batches, on_done=guarded(self, self._show_batches),
                        on_error=guarded(self, ErrorPresenter(self)))

    def _show_batches(self, rows: tuple[StatementBatchInfo, ...]) -> None:
        keep = self._select_after if self._select_after is not None else self.current_batch_id()
        self._select_after = None
        self.batches.set_rows(rows)
        fit_columns(self.batch_view)
        row = self.batches.row_of(keep) if keep is not None else -1
        if row < 0 and rows:
            row = 0
        if row >= 0:
            self.batch_view.selectionModel().setCurrentIndex(
                self.batches.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self._batch_chosen()

    def current_batch(self) -> StatementBatchInfo | None:
        index = self.batch_view.currentIndex()
        return self.batches.record(index.row()) if index.isValid() else None

    def current_batch_id(self) -> int | None:
        batch = self.current_batch()
        return batch.id if batch else None

    def current_statement(self) -> StatementInfo | None:
        index = self.statement_view.currentIndex()
        return self.statements.record(index.row()) if index.isValid() else None

    def _batch_chosen(self) -> None:
        batch = self.current_batch()
        self.statements.set_rows([])
        if batch is not None:
            self.uictx.call(st_service.batch_statements, batch.id,
                            on_done=guarded(self, lambda rows: self._show_statements(batch.id, rows)),
                            on_error=guarded(self, ErrorPresenter(self)))
        self._enable()

    def _show_statements(self, batch_id: int, rows: tuple[StatementInfo, ...]) -> None:
        if self.current_batch_id() == batch_id:  # the biller may have moved on meanwhile
            self.statements.set_rows(rows)
            fit_columns(self.statement_view)
            self._enable()

    def _enable(self) -> None:
        batch = self.current_batch()
        ok = self.can_print()
        self.prepare_button.setEnabled(ok)
        prepared = ok and batch is not None and batch.status == "prepared"
        self.confirm_button.setEnabled(prepared)
        self.discard_button.setEnabled(prepared)
        self.print_button.setEnabled(ok and batch is not None and batch.status != "discarded")
        self.reprint_button.setEnabled(ok and self.current_statement() is not None
                                       and batch is not None and batch.status != "discarded")

    # -- actions ----------------------------------------------------------------------------------------
    def filters(self) -> StatementFilters:
        return StatementFilters(min_balance=self.min_balance.text().strip(), days_since_last=self.days.value(),
                                exclude_held=self.exclude_held.isChecked())

    def prepare(self) -> None:
        """Ask where to save the PDF, let the service pick the accounts and write it, then open it."""
        if not self.can_print():
            return
        self.error.clear_error()
        path = SaveFileDialog.ask(self, "Save the statements as", "statements.pdf", "PDF files (*.pdf)", ".pdf")
        if path is None:
            return
        self.uictx.call(st_service.prepare_statement_batch, str(path), self.filters(),
                        on_done=guarded(self, lambda result: self._prepared(result, path)),
                        on_error=guarded(self, self._failed))

    def _prepared(self, result: PreparedBatch, path: Path) -> None:
        skipped = skipped_text(result.skipped)
        if result.batch is None:
            self.result.setText(f"No account needs a statement with these filters. {skipped}")
            self._status("No statements to print.")
            return
        b = result.batch
        self.result.setText(
            f"Batch #{b.id}: {b.statement_count} statement{'' if b.statement_count == 1 else 's'}, "
            f"{format_money(b.total_due)} due, saved as {path.name}. {skipped}\n"
            "Print it, check the pages, then choose Mark as printed (or Discard batch if it went wrong).")
        self._select_after = b.id
        self.reload()
        self._status(f"Statement batch #{b.id} prepared: {path.name}.")
        self.open_pdf(path)

    def _failed(self, exc: BaseException) -> None:
        if isinstance(exc, ValidationError) and exc.field in ("min_balance", "days_since_last"):
            self.error.show_error(to_user_message(exc).text)
            (self.min_balance if exc.field == "min_balance" else self.days).setFocus()
        else:
            ErrorPresenter(self)(exc)

    def mark_printed(self) -> None:
        """After a yes: every statement of the batch counts as sent today."""
        batch = self.current_batch()
        if batch is None or batch.status != "prepared" or not ConfirmPrintedDialog.ask(
                self, batch.id, batch.statement_count):
            return
        self.uictx.call(st_service.confirm_statement_batch_printed, batch.id,
                        on_done=guarded(self, lambda b: self._done(f"Batch #{b.id} marked as printed.")),
                        on_error=guarded(self, ErrorPresenter(self)))

    def discard(self) -> None:
        """Keep the batch in the history as discarded (with a reason); nobody counts as billed."""
        batch = self.current_batch()
        if batch is None or batch.status != "prepared":
            return
        reason = ReasonDialog.ask(self, "Discard statement batch", f"Why is batch #{batch.id} not being mailed?",
                                  "Discard batch")
        if reason is None:
            return
        self.uictx.call(st_service.discard_statement_batch, batch.id, reason,
                        on_done=guarded(self, lambda b: self._done(f"Batch #{b.id} discarded.")),
                        on_error=guarded(self, ErrorPresenter(self)))

    def _done(self, text: str) -> None:
        self.result.clear()
        self._status(text)

    def print_batch(self) -> None:
        """Send the whole batch to a printer again from its stored statements (e.g. after a jam)."""
        batch = self.current_batch()
        if batch is not None and batch.status != "discarded":
            print_generated(self, self.uictx, f"Print statement batch #{batch.id}",
                            st_service.write_statement_batch_pdf, batch.id,
                            report=lambda b: f"Statement batch #{b.id}", status=self._status)

    def reprint(self) -> None:
        """Save one statement, exactly as it was sent, to a PDF and open it."""
        statement = self.current_statement()
        if statement is None:
            return
        path = SaveFileDialog.ask(self, "Save the statement as", f"statement-{statement.account}.pdf",
                                  "PDF files (*.pdf)", ".pdf")
        if path is None:
            return
        self.uictx.call(st_service.reprint_statement, statement.id, str(path),
                        on_done=guarded(self, lambda _s: self._reprinted(path)),
                        on_error=guarded(self, ErrorPresenter(self)))

    def _reprinted(self, path: Path) -> None:
        self._status(f"Statement saved as {path.name}.")
        self.open_pdf(path)
