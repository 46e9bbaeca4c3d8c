"""'Take a message' dialog, with the recipient box and the patient chooser the task dialog reuses."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from frontdesk.domain.formats import format_date, format_phone
from frontdesk.services.desk import phone_messages
from frontdesk.services.desk.phone_messages import URGENCY_LABELS, MessageInput, MessageRow, Recipient
from frontdesk.services.patients.patients import PatientSummary
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.widgets.patient_picker import PatientPickerDialog


class RecipientCombo(QComboBox):
    """People by name, then groups ('Billing (role)', 'Nurses', 'Pat Smith, MD (provider)'); starts on 'Choose…' so
    nobody is picked by accident."""

    def __init__(self, recipients: list[Recipient], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.addItem("Choose a person or a group\u2026", None)
        for rec in recipients:
            self.addItem(rec.label, rec)

    def choice(self) -> tuple[int | None, str | None]:
        rec = self.currentData()
        return (rec.user_id, rec.role) if isinstance(rec, Recipient) else (None, None)

    def select_user(self, user_id: int) -> None:
        for i in range(self.count()):
            rec = self.itemData(i)
            if isinstance(rec, Recipient) and rec.user_id == user_id:
                self.setCurrentIndex(i)
                return


class PatientChoice(QWidget):
    """The chosen patient's name, 'Find patient…' (Ctrl+F, the shared patient search) and optionally 'Not a patient'."""

    changed = Signal()

    def __init__(self, uictx: UiContext, *, allow_not_patient: bool, none_text: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.uictx = uictx
        self._patient: PatientSummary | None = None
        self._none_text = none_text
        self.label = QLabel(none_text, self)
        self.label.setObjectName("patient_choice_label")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.find_button = QPushButton("&Find patient\u2026", self)
        self.find_button.setObjectName("find_patient")
        self.find_button.setAutoDefault(False)
        self.find_button.setToolTip("Search for the patient (Ctrl+F)")
        self.clear_button = QPushButton("Clear", self)
        self.clear_button.setAutoDefault(False)
        self.clear_button.setEnabled(False)
        self.not_patient = QCheckBox("&Not a patient", self)
        self.not_patient.setObjectName("not_a_patient")
        self.not_patient.setVisible(allow_not_patient)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.label, 1)
        row.addWidget(self.find_button)
        row.addWidget(self.clear_button)
        row.addWidget(self.not_patient)
        self.setFocusProxy(self.find_button)
        self.find_button.clicked.connect(self._find)
        self.clear_button.clicked.connect(lambda: self.set_patient(None))
        self.not_patient.toggled.connect(self._not_patient_toggled)
        QShortcut(QKeySequence.StandardKey.Find, self, self._find, context=Qt.ShortcutContext.WindowShortcut)

    def patient_id(self) -> int | None:
        return self._patient.id if self._patient else None

    def is_not_patient(self) -> bool:
        return self.not_patient.isChecked()

    def set_patient(self, patient: PatientSummary | None) -> None:
        self._patient = patient
        if patient is None:
            self.label.setText(self._none_text)
        else:
            phone = format_phone(patient.phone)
            self.label.setText(f"\u2714 {patient.last_name}, {patient.first_name} \u2014 DOB {format_date(patient.dob)}"
                               + (f" \u2014 {phone}" if phone else ""))
            self.not_patient.setChecked(False)
        self.clear_button.setEnabled(patient is not None)
        self.changed.emit()

    def _find(self) -> None:
        chosen = PatientPickerDialog.ask(self, self.uictx, "Find the patient")
        if chosen is not None:
            self.set_patient(chosen)

    def _not_patient_toggled(self, checked: bool) -> None:
        if checked and self._patient is not None:
            self.set_patient(None)
            self.not_patient.setChecked(True)


class TakeMessageDialog(ServiceFormDialog):
    """Caller, patient (or 'not a patient'), reason, urgency, text, call back and who it is for."""

    def __init__(self, uictx: UiContext, recipients: list[Recipient], parent: QWidget | None = None) -> None:
        super().__init__(uictx, "Take a phone message", "&Save message", parent)
        self.setObjectName("take_message_dialog")
        f = self.form
        self.caller_name = f.add_field("caller_name", "&Caller name:", QLineEdit(self))
        self.caller_phone = f.add_field("caller_phone", "Caller &number:", QLineEdit(self))
        self.caller_phone.setPlaceholderText("(555) 123-4567")
        choice = PatientChoice(uictx, allow_not_patient=True, none_text="No patient chosen", parent=self)
        self.patient = f.add_field("patient_id", "&Patient:", choice)
        self.reason = f.add_field("reason", "&Reason:", QLineEdit(self))
        self.reason.setPlaceholderText("e.g. refill request, test results, billing question")
        self.urgency = f.add_field("urgency", "&Urgency:", QComboBox(self))
        for key, label in URGENCY_LABELS.items():
            self.urgency.addItem(label, key)
        self.urgency.setToolTip("Routine: overdue after 2 business days. Today: by 5:00 PM. Urgent: within 1 hour.")
        self.text = f.add_field("text", "&Message:", QPlainTextEdit(self))
        self.text.setTabChangesFocus(True)
        self.text.setFixedHeight(90)
        self.call_back = f.add_field("call_back", "", QCheckBox("Caller wants a call &back", self))
        self.callback_phone = f.add_field("callback_phone", "Call&back number:", QLineEdit(self))
        self.callback_phone.setPlaceholderText("(555) 123-4567")
        self.to = f.add_field("to", "&For:", RecipientCombo(recipients, self))
        self.call_back.toggled.connect(self._call_back_toggled)
        self.resize(560, self.sizeHint().height())

    def _call_back_toggled(self, checked: bool) -> None:
        # The number the caller called from is usually the one to call back: offer it, still editable.
        if checked and not self.callback_phone.text().strip():
            self.callback_phone.setText(self.caller_phone.text())

    def data(self) -> MessageInput:
        to_user, to_role = self.to.choice()
        return MessageInput(
            caller_name=self.caller_name.text(), caller_phone=self.caller_phone.text(),
            patient_id=self.patient.patient_id(), not_a_patient=self.patient.is_not_patient(),
            reason=self.reason.text(), urgency=self.urgency.currentData(), text=self.text.toPlainText(),
            call_back=self.call_back.isChecked(), callback_phone=self.callback_phone.text(),
            to_user_id=to_user, to_role=to_role)

    def start(self, on_done: Done, on_error: Failed) -> None:
        self.uictx.call(phone_messages.take_message, self.data(), on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, recipients: list[Recipient]) -> MessageRow | None:
        """The saved message, or None when cancelled."""
        return cls.run(cls(uictx, recipients, parent))
