"""The strip over an open patient: who they are, account and balance, and alerts (icon + text, never colour alone)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_money
from frontdesk.domain.schedule_time import PracticeClock
from frontdesk.services.patients.patients import PatientRecord
from frontdesk.services.payments.payment_types import PatientBalance
from frontdesk.services.scheduling.schedule_views import Attendance
from frontdesk.ui.widgets.form_parts import status_icon
from frontdesk.ui.widgets.patient_display import dob_with_age



def balance_text(balance: PatientBalance | None) -> str:
    """'Owes $45.00 \u00b7 Awaiting insurance $120.00', 'Credit $10.00', 'Balance $0.00'; '' until loaded (or
    for a role that may not see billing): a figure is shown only once it is known, never a placeholder."""
    if balance is None:
        return ""
    parts = []
    if balance.owes > 0:
        parts.append(f"Owes {format_money(balance.owes)}")
    elif balance.owes < 0:
        parts.append(f"Credit {format_money(-balance.owes)}")
    if balance.awaiting_insurance:
        parts.append(f"Awaiting insurance {format_money(balance.awaiting_insurance)}")
    return " \u00b7 ".join(parts) or f"Balance {format_money(balance.balance)}"


class PatientBanner(QFrame):
    """Name, DOB (age), account #, what the patient owes and what awaits insurance, then one line per alert."""

    def __init__(self, clock: PracticeClock, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("patient_banner")
        self.clock = clock  # ages on the practice's today
        self.setFrameShape(QFrame.Shape.StyledPanel)
        # As tall as its lines, never squeezed by the tabs below (alerts come and go).
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.name = QLabel(self)
        self.name.setObjectName("banner_name")
        font = self.name.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        self.name.setFont(font)
        self.name.setTextFormat(Qt.TextFormat.PlainText)  # a name is never markup
        self.facts = QLabel(self)
        self.facts.setObjectName("banner_facts")
        self.alerts_box = QVBoxLayout()
        self.alerts_box.setSpacing(2)
        self._alert_rows: list[QWidget] = []
        self._record: PatientRecord | None = None
        self._consents = 0
        self._attendance: Attendance | None = None
        self._balance: PatientBalance | None = None
        self._top = QHBoxLayout()
        self._top.addWidget(self.name)
        self._top.addSpacing(16)
        self._top.addWidget(self.facts, 1)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(8, 6, 8, 6)
        self._layout.addLayout(self._top)
        self._layout.addLayout(self.alerts_box)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_facts()

    def _place_facts(self) -> None:
        """The facts beside the name when both fit, else on a line of their own: never cut off (a long name
        in a narrow pane, e.g. the results given more room by the splitter)."""
        room = self.contentsRect().width() - 16 - 16  # the margins and the spacing between the two
        beside = self.name.sizeHint().width() + self.facts.sizeHint().width() <= room
        in_top = self._top.indexOf(self.facts) >= 0
        if beside == in_top:
            return
        (self._top if in_top else self._layout).removeWidget(self.facts)
        if beside:
            self._top.addWidget(self.facts, 1)
        else:
            self._layout.insertWidget(1, self.facts)
        self.updateGeometry()

    def show_record(self, record: PatientRecord) -> None:
        """A new patient: forget the alerts of the previous one."""
        if self._record is None or self._record.id != record.id:
            self._consents = 0
            self._attendance = None
            self._balance = None
        self._record = record
        name = record.display_name + (f" \u201c{record.preferred_name}\u201d" if record.preferred_name else "")
        self.name.setText(name)
        self._show_facts()
        self._place_facts()
        self._render()

    def set_balance(self, balance: PatientBalance | None) -> None:
        """The open patient's balance (services.ledger.patient_balance); one of another patient is ignored."""
        if balance is not None and (self._record is None or balance.patient_id != self._record.id):
            return
        self._balance = balance
        self._show_facts()

    def _show_facts(self) -> None:
        record = self._record
        if record is None:
            return
        money = balance_text(self._balance)
        self.facts.setText(f"DOB {dob_with_age(record.dob, self.clock.today())}   \u2022   "
                           f"Account # {record.account_number}" + (f"   \u2022   {money}" if money else ""))
        self._place_facts()

    def set_consent_attention(self, count: int) -> None:
        self._consents = count
        self._render()

    def set_attendance(self, attendance: Attendance | None) -> None:
        self._attendance = attendance
        self._render()

    def alerts(self) -> list[str]:
        """The alert lines as shown (most serious first)."""
        found: list[str] = []
        record = self._record
        if record is None:
            return found
        if record.status == "deceased":
            died = f" on {format_date(record.deceased_date)}" if record.deceased_date else ""
            found.append(f"Deceased{died}")
        elif record.status == "inactive":
            found.append("Inactive patient")
        if self._consents:
            noun = "consent needs" if self._consents == 1 else "consents need"
            found.append(f"{self._consents} required {noun} attention (see Consents)")
        att = self._attendance
        if att is not None and att.recent_no_shows:
            noun = "no-show" if att.recent_no_shows == 1 else "no-shows"
            found.append(f"{att.recent_no_shows} {noun} in the last {att.recent_days} days")
        return found

    def clear(self) -> None:
        self._record = None
        self._consents = 0
        self._attendance = None
        self._balance = None
        self.name.clear()
        self.facts.clear()
        self._render()

    def _render(self) -> None:
        for row in self._alert_rows:
            self.alerts_box.removeWidget(row)
            row.hide()
            row.setParent(None)  # out of the banner now (findChildren, focus chain), freed below
            row.deleteLater()
        self._alert_rows = []
        for text in self.alerts():
            row = QWidget(self)
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            icon = QLabel(row)
            icon.setPixmap(status_icon("warning").pixmap(self.fontMetrics().height()))
            label = QLabel(text, row)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setObjectName("banner_alert")
            line.addWidget(icon)
            line.addWidget(label, 1)
            self.alerts_box.addWidget(row)
            self._alert_rows.append(row)
        self.updateGeometry()
