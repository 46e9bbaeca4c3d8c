"""The check-in dialog: the intake checklist for one visit, started or resumed, each step stamped."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_datetime, format_money
from frontdesk.domain.money import parse_money
from frontdesk.domain.permissions import Permission
from frontdesk.errors import FrontDeskError, ValidationError
from frontdesk.services.patients import intake, patients
from frontdesk.services.patients.intake import IntakeSummary
from frontdesk.services.patients.patients import PatientRecord
from frontdesk.services.payments.payment_types import PaymentInfo
from frontdesk.ui.context import UiContext
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.patients.intake_step_base import StepBox
from frontdesk.ui.patients.intake_steps import (
    ConsentsStep,
    CopayStep,
    DemographicsStep,
    InsuranceStep,
)
from frontdesk.ui.widgets.common import allowed, guarded
from frontdesk.ui.widgets.form import FieldError
from frontdesk.ui.widgets.form_parts import status_icon


def copay_taken_text(payment: PaymentInfo) -> str:
    """'✔ $25.00 taken (Cash), applied to this visit.' or '..., to be applied when this visit is charged.'"""
    taken = f"\u2714 {format_money(payment.amount)} taken ({payment.method_text})"
    if payment.applications:
        extra = f"; {format_money(payment.unapplied)} kept as credit" if payment.unapplied else ""
        return f"{taken}, applied to this visit{extra}."
    return f"{taken}, to be applied when this visit is charged."


# Other screens (or the nested dialogs) changing these may change what a step needs.
REFRESH_TOPICS = frozenset({"insurance", "consents", "consent_settings", "patients", "payers"})


class IntakeDialog(QDialog):
    """Four steps in a 2x2 grid; Alt+D / Alt+I / Alt+O / Alt+P jump to a step, Enter confirms the focused one."""

    def __init__(self, uictx: UiContext, patient_id: int, appointment_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self.patient_id = patient_id
        self.summary: IntakeSummary | None = None
        self.setWindowTitle("Check-in")
        self.heading = QLabel("Starting the check-in\u2026", self)
        self.heading.setObjectName("intake_heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.heading.setFont(font)
        self.started = QLabel(self)
        self.started.setObjectName("intake_started")
        self.error = FieldError(self)
        self.progress_icon = QLabel(self)
        icon_size = self.fontMetrics().height() + 2
        self.progress_icon.setFixedSize(icon_size, icon_size)
        self.progress = QLabel(self)
        self.progress.setObjectName("intake_progress")

        self.demographics = DemographicsStep(uictx, self)
        self.insurance = InsuranceStep(uictx, self)
        self.consents = ConsentsStep(uictx, self)
        self.copay = CopayStep(uictx, self)
        self.patient_name = ""
        # Collecting the copay is billing's: its dialog saves the payment, then the receipt is handed over.
        self.take_copay_button = QPushButton("&Take copay\u2026", self.copay)
        self.take_copay_button.setObjectName("take_copay")
        self.take_copay_button.setEnabled(False)
        self.take_copay_button.clicked.connect(self.take_copay)
        self.copay.buttons.addWidget(self.take_copay_button)
        self.copay_note = QLabel(self.copay)
        self.copay_note.setObjectName("copay_collected_note")
        self.copay_note.setWordWrap(True)
        self.copay.body.addWidget(self.copay_note)
        grid_host = QWidget(self)
        grid = QGridLayout(grid_host)
        grid.setContentsMargins(0, 0, 0, 0)
        for i, step in enumerate(self.steps()):
            grid.addWidget(step, i // 2, i % 2)
            step.summary_changed.connect(self.show_summary)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(grid_host)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAutoDefault(False)  # Enter belongs to the focused step, never to Close
        # Finishing is what checks the patient in (from the calendar); Close keeps the confirmed steps only.
        # A plain button outside the box: the box would make an accept button the default, and Enter belongs
        # to the focused step.
        self.finish_button = QPushButton("&Finish check-in", self)
        self.finish_button.setAutoDefault(False)
        self.finish_button.clicked.connect(self.accept)
        buttons.rejected.connect(self.reject)
        bottom = QHBoxLayout()
        bottom.addWidget(self.progress_icon)
        bottom.addWidget(self.progress, 1)
        bottom.addWidget(self.finish_button)
        bottom.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.started)
        layout.addWidget(self.error)
        layout.addWidget(scroll, 1)
        layout.addLayout(bottom)
        self.resize(1040, 660)

        uictx.changed.connect(self._on_changed)
        self.uictx.call(intake.start_intake, patient_id, appointment_id=appointment_id,
                        on_done=guarded(self, self._started), on_error=guarded(self, self._failed))

    def steps(self) -> list[StepBox]:
        return [self.demographics, self.insurance, self.consents, self.copay]

    # -- loading -------------------------------------------------------------------------------
    def _started(self, summary: IntakeSummary) -> None:
        self.show_summary(summary)
        # Opening the record for the desk to read back is a view of PHI, recorded like any other.
        self.uictx.call(patients.open_patient, self.patient_id, on_done=guarded(self, self._patient_loaded),
                        on_error=guarded(self, self._failed))
        first_open = next((s for s in self.steps() if not summary.step(s.code).done), self.demographics)
        first_open.setFocus()

    def _patient_loaded(self, record: PatientRecord) -> None:
        self.demographics.set_record(record)
        self.heading.setText(f"Check-in: {record.last_name}, {record.first_name}")
        self.patient_name = f"{record.last_name}, {record.first_name}"
        self.setWindowTitle(f"Check-in \u2013 {record.last_name}, {record.first_name}")

    def _failed(self, exc: BaseException) -> None:
        # Expected problems (not allowed, record gone) are said at the top; bugs get the error box.
        if isinstance(exc, FrontDeskError):
            self.error.show_error(exc.message)
        else:
            ErrorPresenter(self)(exc)

    def _on_changed(self, topics: frozenset[str]) -> None:
        if self.summary is not None and topics & REFRESH_TOPICS:
            self.uictx.call(intake.get_intake, self.summary.id, on_done=guarded(self, self.show_summary))

    def show_summary(self, summary: IntakeSummary) -> None:
        """Show every step as of ``summary`` (a resumed check-in shows the steps already confirmed)."""
        self.summary = summary
        started = f"Visit {format_date(summary.visit_date)}; check-in started {format_datetime(summary.started_at, self.uictx.clock.tz)}"
        self.started.setText(started + (f" by {summary.started_by}." if summary.started_by else "."))
        for step in self.steps():
            step.show_summary(summary)
        self._show_copay(summary)
        done = sum(1 for s in summary.steps if s.done)
        if summary.complete:
            self.progress.setText("Check-in complete: all 4 steps confirmed.")
            self.progress_icon.setPixmap(status_icon("ok").pixmap(self.progress_icon.size()))
        else:
            self.progress.setText(f"{done} of 4 steps confirmed.")
            self.progress_icon.clear()

    # -- the copay ------------------------------------------------------------------------------
    def _show_copay(self, summary: IntakeSummary) -> None:
        if summary.copay_collected and not self.copay_note.text():
            self.copay_note.setText("\u2714 Copay collected.")
        self.take_copay_button.setEnabled(not summary.copay_collected
                                          and allowed(self.uictx, Permission.TAKE_PAYMENTS))

    def take_copay(self) -> None:
        """Take the copay (cash, the amount due) and hand over the receipt. The copay step is confirmed with the
        amount due only once the money is taken: cancelling the payment leaves the step as it was."""
        if self.summary is None:
            return
        due = self.summary.copay_due
        if due is None:
            self.copay.form.clear_errors()
            text = self.copay.amount.text()
            try:  # the amount as typed in the step; the service checks it again when the step is confirmed
                due = parse_money(text, "copay_due", "Copay due") if text.strip() else self.summary.suggested_copay
            except ValidationError as exc:
                self.copay.show_error(exc)
                return
        self._open_copay_payment(self.summary, due)

    def _open_copay_payment(self, summary: IntakeSummary, due: Decimal) -> None:
        from frontdesk.ui.billing.payments.receipt import deliver_receipt
        from frontdesk.ui.billing.payments.take_payment_dialog import TakePaymentDialog

        taken = TakePaymentDialog.ask(self, self.uictx, self.patient_id, self.patient_name or "this patient",
                                      amount=f"{due:.2f}" if due else "", appointment_id=summary.appointment_id,
                                      title="Take copay")
        if taken is None:
            return
        note = copay_taken_text(taken.payment)
        self.copay_note.setText(note)
        if summary.copay_due is None:  # confirm the step with the amount that was due
            self.uictx.call(intake.set_copay_due, summary.id, f"{due:.2f}", on_done=guarded(self, self.show_summary),
                            on_error=guarded(self, self.copay.show_error))
        else:
            self.uictx.call(intake.get_intake, summary.id, on_done=guarded(self, self.show_summary))
        deliver_receipt(self, self.uictx, taken.payment.id, taken.receipt,
                        lambda text: self.copay_note.setText(f"{note} {text}"))

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, patient_id: int,
            appointment_id: int | None = None) -> IntakeSummary | None:
        """Walk the patient's check-in. The checklist as last shown when the user pressed Finish check-in;
        None when they closed it (confirmed steps stay recorded) or it could not be started."""
        dialog = cls(uictx, patient_id, appointment_id, parent)
        try:
            finished = dialog.exec() == QDialog.DialogCode.Accepted
            return dialog.summary if finished else None
        finally:
            dialog.deleteLater()
