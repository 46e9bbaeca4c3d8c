"""The End of day screen's questions: the cash drawer count, and which cash and checks go on the deposit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_money
from frontdesk.services.day_close import end_of_day
from frontdesk.services.day_close.end_of_day_types import (
    DepositCandidate,
    DrawerCount,
    DrawerExpectation,
)
from frontdesk.ui.context import UiContext
from frontdesk.ui.end_of_day.models import DepositCandidatesModel
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded, make_table
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.models import SORT_ROLE
from frontdesk.ui.widgets.money_field import MoneyField


class DrawerCountDialog(QDialog):
    """Type what is in the drawer; the service compares it with what the day's entries expect."""

    def __init__(self, parent: QWidget | None, uictx: UiContext, day: date, expected: DrawerExpectation) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Count the cash drawer for {format_date(day)}")
        self.setObjectName("drawer_count_dialog")
        self._uictx, self._day = uictx, day
        intro = QLabel(f"The day's entries expect {format_money(expected.cash)} in cash (plus the opening "
                       f"float) and {format_money(expected.checks)} in checks.", self)
        intro.setWordWrap(True)
        self.form = ValidatedForm(self)
        self.float_edit = self._money("opening_float", "Opening &float:", "100.00")
        self.cash_edit = self._money("counted_cash", "Counted &cash (float included):", "")
        self.checks_edit = self._money("counted_checks", "Counted c&hecks:", "")
        self.note_edit = QLineEdit(self)
        self.note_edit.setMaxLength(200)
        self.note_edit.setPlaceholderText("Needed when the count differs")
        self.form.add_field("note", "&Note:", self.note_edit)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save count")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (intro, self.form, buttons):
            layout.addWidget(widget)
        self.setMinimumWidth(460)
        self.result_count: DrawerCount | None = None

    def _money(self, name: str, label: str, text: str) -> QLineEdit:
        edit = MoneyField(self, text, placeholder="$0.00")
        edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.add_field(name, label, edit)
        return edit

    def submit(self) -> None:
        """Save the count; a refused value is shown beside its field."""
        self.form.clear_errors()

        def done(count: DrawerCount) -> None:
            self.result_count = count
            self.accept()

        def failed(exc: BaseException) -> None:
            if not self.form.show_exception(exc):
                ErrorPresenter(self)(exc)

        self._uictx.call(end_of_day.count_drawer, self._day, opening_float=self.float_edit.text(),
                         counted_cash=self.cash_edit.text(), counted_checks=self.checks_edit.text(),
                         note=self.note_edit.text(), on_done=guarded(self, done), on_error=guarded(self, failed))

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, day: date,
            expected: DrawerExpectation) -> DrawerCount | None:
        """The saved count, or None when cancelled."""
        dialog = cls(parent, uictx, day, expected)
        dialog.exec()
        return dialog.result_count


@dataclass(frozen=True)
class DepositChoice:
    keys: tuple[str, ...]
    note: str


class DepositDialog(QDialog):
    """Tick the cash and checks going to the bank (all ticked at first); the totals follow the ticks."""

    def __init__(self, parent: QWidget | None, day: date, waiting: list[DepositCandidate]) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Make the deposit for {format_date(day)}")
        self.setObjectName("deposit_dialog")
        self.model = DepositCandidatesModel(self)
        self.model.set_rows(waiting)
        self.view, _proxy = make_table(self, self.model, sort_role=SORT_ROLE)
        self.view.setObjectName("deposit_items")
        self.view.resizeColumnsToContents()
        label = QLabel("&Cash and checks to deposit (untick what stays in the drawer):", self)
        label.setBuddy(self.view)
        self.totals = QLabel(self)
        self.totals.setObjectName("deposit_totals")
        self.note_edit = QLineEdit(self)
        self.note_edit.setMaxLength(200)
        self.note_edit.setPlaceholderText("Note (bag number...)")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel,
                                   self)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("&Save deposit")
        buttons.accepted.connect(self.submit)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (label, self.view, self.totals, self.note_edit, buttons):
            layout.addWidget(widget)
        self.model.dataChanged.connect(self._update_totals)
        self._update_totals()
        self.resize(720, 420)
        self.choice: DepositChoice | None = None

    def _update_totals(self) -> None:
        chosen = self.model.chosen()
        cash = sum((c.amount for c in chosen if c.method == "cash"), Decimal("0.00"))
        checks = [c for c in chosen if c.method == "check"]
        check_total = sum((c.amount for c in checks), Decimal("0.00"))
        self.totals.setText(f"Checks: {len(checks)} for {format_money(check_total)}   Cash: {format_money(cash)}   "
                            f"Deposit total: {format_money(cash + check_total)}")
        self.save_button.setEnabled(bool(chosen))

    def submit(self) -> None:
        """Hand back the ticked items (the service saves them and refuses anything already deposited)."""
        chosen = self.model.chosen()
        if not chosen:
            return
        self.choice = DepositChoice(tuple(c.key for c in chosen), self.note_edit.text())
        self.accept()

    @classmethod
    def ask(cls, parent: QWidget | None, day: date, waiting: list[DepositCandidate]) -> DepositChoice | None:
        """What to deposit, or None when cancelled."""
        dialog = cls(parent, day, waiting)
        dialog.exec()
        return dialog.choice
