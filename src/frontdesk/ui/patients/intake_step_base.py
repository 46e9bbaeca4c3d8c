"""One step of the check-in checklist: a titled box with its state (icon and words), content and confirm buttons."""

from __future__ import annotations

from collections.abc import Callable
from datetime import tzinfo
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_datetime
from frontdesk.services.patients.intake import IntakeStep, IntakeSummary
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.widgets.common import guarded
from frontdesk.ui.widgets.form import ValidatedForm
from frontdesk.ui.widgets.form_parts import status_icon


def step_state_text(step: IntakeStep, tz: tzinfo) -> str:
    """'Confirmed 11/27/2026 9:14 AM by rita', or 'Not confirmed yet'."""
    if not step.done:
        return "Not confirmed yet"
    who = f" by {step.by}" if step.by else ""
    return f"Confirmed {format_datetime(step.at, tz)}{who}"


class StepBox(QGroupBox):
    """A checklist step. Its title carries an Alt mnemonic; Enter on a focused button or field confirms.

    Subclasses fill ``self.body`` and ``self.form`` (fields whose service errors show beside them), add
    their buttons with :meth:`add_button`, and implement :meth:`update_content`. Each confirming call
    goes through :meth:`submit`; its result, the new summary, is announced by ``summary_changed``.
    """

    summary_changed = Signal(object)  # IntakeSummary

    code = ""

    def __init__(self, uictx: UiContext, title: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.setObjectName(f"{self.code}_step")
        self.uictx = uictx
        self.summary: IntakeSummary | None = None
        self._busy = False
        self.state_icon = QLabel(self)
        size = self.fontMetrics().height() + 2
        self.state_icon.setFixedSize(size, size)
        self.state_text = QLabel(self)
        self.state_text.setObjectName(f"{self.code}_state")
        self.state_text.setWordWrap(True)
        self.state_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body = QVBoxLayout()
        self.form = ValidatedForm(self)
        self.buttons = QHBoxLayout()
        state_row = QHBoxLayout()
        state_row.addWidget(self.state_icon, 0, Qt.AlignmentFlag.AlignTop)
        state_row.addWidget(self.state_text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(state_row)
        layout.addLayout(self.body)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addLayout(self.buttons)
        self._buttons: list[QPushButton] = []

    def add_button(self, text: str, slot: Callable[[], None], *, name: str = "") -> QPushButton:
        """A button of this step, laid out in the step's button row."""
        button = QPushButton(text, self)
        if name:
            button.setObjectName(name)
        button.clicked.connect(slot)
        button.setEnabled(False)  # until the check-in has started
        self._buttons.append(button)
        self.buttons.addWidget(button)
        return button

    # -- state -----------------------------------------------------------------------------------
    def show_summary(self, summary: IntakeSummary) -> None:
        """Show the step's state and content as of ``summary``."""
        self.summary = summary
        step = summary.step(self.code)
        text = step_state_text(step, self.uictx.clock.tz)
        if step.done and step.note:
            text += f"\n{step.note}"
        self.state_text.setText(text)
        if step.done:
            self.state_icon.setPixmap(status_icon("ok").pixmap(self.state_icon.size()))
        else:
            self.state_icon.clear()
        self.update_content(summary)
        self._enable()

    def update_content(self, summary: IntakeSummary) -> None:
        """Refresh what the step shows (fields the user is typing in are left alone)."""

    def _enable(self) -> None:
        ready = self.summary is not None and not self._busy
        for button in self._buttons:
            button.setEnabled(ready and self.button_allowed(button))

    def button_allowed(self, button: QPushButton) -> bool:
        """Per-button condition (e.g. 'a policy is in effect'); all allowed by default."""
        return True

    # -- calls -----------------------------------------------------------------------------------
    def submit(self, service: Callable[..., IntakeSummary], *args: Any, **kwargs: Any) -> None:
        """Record the step through ``service(ctx, intake_id, *args)``; errors show in the step."""
        if self.summary is None or self._busy:
            return
        self.form.clear_errors()
        self._busy = True
        self._enable()
        self.uictx.call(service, self.summary.id, *args, on_done=guarded(self, self._done),
                        on_error=guarded(self, self._failed), **kwargs)

    def _done(self, summary: IntakeSummary) -> None:
        self._busy = False
        self.summary_changed.emit(summary)
        self._enable()

    def _failed(self, exc: BaseException) -> None:
        self._busy = False
        self._enable()
        self.show_error(exc)

    def show_error(self, exc: BaseException) -> None:
        """An expected error beside its field in this step (or at its top); a bug gets the error box."""
        if not self.form.show_exception(exc):
            ErrorPresenter(self)(exc)
