"""'New task' dialog: what to do, about which patient (or the practice), for whom, by when."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget

from frontdesk.services.desk import tasks
from frontdesk.services.desk.phone_messages import Recipient
from frontdesk.services.desk.tasks import TaskInput, TaskRow
from frontdesk.ui.admin.dialog_base import Done, Failed, ServiceFormDialog
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.messages_dialog import PatientChoice, RecipientCombo
from frontdesk.ui.widgets.schedule_inputs import date_edit, from_qdate


class NewTaskDialog(ServiceFormDialog):
    """The due date starts on today; the service refuses a date in the past (practice time)."""

    def __init__(self, uictx: UiContext, recipients: list[Recipient], parent: QWidget | None = None,
                 today: date | None = None) -> None:
        super().__init__(uictx, "New task", "&Save task", parent)
        self.setObjectName("new_task_dialog")
        f = self.form
        self.title_edit = f.add_field("title", "&Task:", QLineEdit(self))
        self.title_edit.setPlaceholderText("e.g. get prior authorization, call back with lab appointment")
        self.patient = f.add_field("patient_id", "&About:", PatientChoice(
            uictx, allow_not_patient=False, none_text="The practice (no patient)", parent=self))
        self.to = f.add_field("to", "&For:", RecipientCombo(recipients, self))
        self.due = f.add_field("due_date", "&Due:", date_edit(self, today or uictx.clock.today()))
        self.detail = f.add_field("detail", "De&tails:", QPlainTextEdit(self))
        self.detail.setTabChangesFocus(True)
        self.detail.setFixedHeight(80)
        self.resize(540, self.sizeHint().height())

    def data(self) -> TaskInput:
        to_user, to_role = self.to.choice()
        return TaskInput(title=self.title_edit.text(), due_date=from_qdate(self.due.date()),
                         detail=self.detail.toPlainText(), patient_id=self.patient.patient_id(),
                         to_user_id=to_user, to_role=to_role)

    def start(self, on_done: Done, on_error: Failed) -> None:
        self.uictx.call(tasks.create_task, self.data(), on_done=on_done, on_error=on_error)

    @classmethod
    def ask(cls, parent: QWidget | None, uictx: UiContext, recipients: list[Recipient]) -> TaskRow | None:
        """The saved task, or None when cancelled."""
        return cls.run(cls(uictx, recipients, parent))
