"""Messages tab with real widgets: take a message for the doctor, see it in her inbox after switching user,
read it (badge goes down), reply, mark it done; bad input stays in the dialog beside its field; overdue rows."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from calendar_support import Clock
from deskui_lib import Staff, choose_combo
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.services._base import ServiceContext
from frontdesk.services.desk import phone_messages
from frontdesk.services.desk.phone_messages import MessageInput
from frontdesk.services.patients import patients
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.messages_badge import UnreadBadge
from frontdesk.ui.desk.messages_dialog import TakeMessageDialog
from frontdesk.ui.desk.messages_model import MessagesModel
from frontdesk.ui.desk.messages_tab import MessagesTab
from frontdesk.ui.widgets.patient_picker import PatientPickerDialog


@pytest.fixture
def tab(qtbot: QtBot, uictx: UiContext) -> tuple[MessagesTab, list[str]]:
    statuses: list[str] = []
    widget = MessagesTab(uictx, statuses.append)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, statuses


def fill_and_save(qtbot: QtBot, dialog: TakeMessageDialog, *, call_back_number: str | None, to: str) -> None:
    qtbot.keyClicks(dialog.caller_name, "Ann Able")
    qtbot.keyClicks(dialog.caller_phone, "518-555-0142")
    qtbot.mouseClick(dialog.patient.find_button, Qt.MouseButton.LeftButton)
    qtbot.keyClicks(dialog.reason, "Refill request")
    choose_combo(qtbot, dialog.urgency, "Today")
    qtbot.keyClicks(dialog.text, "Needs lisinopril refilled before Friday.")
    dialog.call_back.setChecked(True)
    if call_back_number is not None:
        dialog.callback_phone.clear()
        qtbot.keyClicks(dialog.callback_phone, call_back_number)
    choose_combo(qtbot, dialog.to, to)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)


def test_take_message_for_the_doctor_and_handle_it_as_her(
        qtbot: QtBot, uictx: UiContext, staff: Staff, tab: tuple[MessagesTab, list[str]],
        monkeypatch: pytest.MonkeyPatch) -> None:
    widget, statuses = tab
    badge = UnreadBadge(uictx)
    qtbot.addWidget(badge)
    ann = patients.search_patients(uictx.services, "Able")[0]
    monkeypatch.setattr(PatientPickerDialog, "ask", classmethod(lambda cls, parent, ctx, title, exclude_id=None: ann))
    seen: dict[str, object] = {}

    def drive(cls, parent, ctx, recipients):  # type: ignore[no-untyped-def]
        dialog = cls(ctx, recipients, parent)
        qtbot.addWidget(dialog)
        # First try: call back asked but the number erased -> the error sits beside the callback field.
        fill_and_save(qtbot, dialog, call_back_number="", to="Maria Alvarez, MD")
        seen["error"] = dialog.form.error_label("callback_phone").text()
        seen["kept"] = dialog.reason.text()
        assert dialog.outcome is None
        qtbot.keyClicks(dialog.callback_phone, "(518) 555-0100")
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.outcome

    monkeypatch.setattr(TakeMessageDialog, "ask", classmethod(drive))
    qtbot.mouseClick(widget.take_button, Qt.MouseButton.LeftButton)
    assert "Callback number is required" in str(seen["error"]) and seen["kept"] == "Refill request"
    assert statuses[-1] == "Message from Ann Able saved for Maria Alvarez, MD."
    assert widget.model.rowCount() == 0  # Rita's own inbox: the message is not for her
    assert badge.text() == "\u2709 No unread messages"

    uictx.set_actor(staff.doctor)  # Dr. Alvarez signs in at the same workstation
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1)
    assert badge.text() == "\u2709 1 unread message" and badge.font().bold()
    model = widget.model
    assert model.index(0, MessagesModel.RECEIVED).data().startswith("New \u2022 ")
    assert model.index(0, MessagesModel.CALLER).data() == "Ann Able \u2014 (518) 555-0142"
    assert model.index(0, MessagesModel.PATIENT).data() == "Able, Ann"
    assert model.index(0, MessagesModel.REASON).data() == "Refill request (call back)"

    widget.view.selectRow(0)
    qtbot.waitUntil(lambda: widget.detail.detail is not None)
    assert "Call back at (518) 555-0100" in widget.detail.summary.text()
    assert widget.detail.body.toPlainText() == "Needs lisinopril refilled before Friday."
    assert badge.text() == "\u2709 No unread messages"
    assert not model.index(0, MessagesModel.RECEIVED).data().startswith("New")

    qtbot.keyClicks(widget.detail.reply, "Sent to pharmacy.")
    qtbot.mouseClick(widget.detail.add_button, Qt.MouseButton.LeftButton)
    assert "Maria Alvarez, MD:\nSent to pharmacy." in widget.detail.thread.toPlainText()
    assert widget.detail.reply.toPlainText() == ""
    qtbot.mouseClick(widget.detail.add_button, Qt.MouseButton.LeftButton)  # empty note: said beside the box
    assert "Note is required" in widget.detail.reply_error.text()

    qtbot.mouseClick(widget.detail.done_button, Qt.MouseButton.LeftButton)
    assert statuses[-1] == "Message from Ann Able marked done."
    qtbot.waitUntil(lambda: widget.model.rowCount() == 0)
    assert "Status: Done \u2014 Maria Alvarez, MD" in widget.detail.summary.text()
    widget.show_done.setChecked(True)
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1)
    assert model.index(0, MessagesModel.STATUS).data() == "Done"

    uictx.set_actor(staff.rita)  # back to Rita: nothing of the doctor's message detail stays on screen
    assert widget.detail.detail is None and badge.text() == "\u2709 No unread messages"


def test_overdue_rows_say_so_with_an_icon(qtbot: QtBot, uictx: UiContext, staff: Staff, clock: Clock,
                                          tab: tuple[MessagesTab, list[str]], qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    widget, _ = tab
    rita = uictx.services
    for reason, urgency in (("Lab results", "urgent"), ("Billing question", "routine")):
        phone_messages.take_message(rita, MessageInput("Bob Baker", "(518) 555-0199", not_a_patient=True,
                                                       reason=reason, urgency=urgency, to_role="front_desk"))
    clock.now += timedelta(hours=2)
    widget.reload()
    qtbot.waitUntil(lambda: widget.model.rowCount() == 2)
    model = widget.model
    by_reason = {model.index(r, MessagesModel.REASON).data(): r for r in range(2)}
    urgent, routine = by_reason["Lab results"], by_reason["Billing question"]
    assert model.index(urgent, MessagesModel.DUE).data().startswith("Overdue \u2014 ")
    assert model.index(urgent, MessagesModel.DUE).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(urgent, 0).data(Qt.ItemDataRole.AccessibleTextRole).startswith("Unread. Overdue.")
    assert not model.index(routine, MessagesModel.DUE).data().startswith("Overdue")
    assert model.index(routine, MessagesModel.DUE).data(Qt.ItemDataRole.DecorationRole) is None
    assert model.index(urgent, MessagesModel.PATIENT).data() == "Not a patient"
    assert widget.count_label.text() == "2 messages"
    qtmodeltester.check(model)


def test_lazy_pages_and_modeltester(qtbot: QtBot, uictx: UiContext, staff: Staff, clock: Clock,
                                    qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    rita = uictx.services
    for n in range(7):
        clock.now += timedelta(minutes=1)
        phone_messages.take_message(rita, MessageInput(f"Caller {n}", not_a_patient=True, reason="Question",
                                                       to_role="front_desk"))
    model = MessagesModel(uictx, page_size=3)
    with qtbot.waitSignal(model.loaded):
        model.load("inbox")
    assert model.rowCount() == 3 and model.total == 7 and model.canFetchMore()
    while model.canFetchMore():
        model.fetchMore()
    assert [model.index(r, MessagesModel.CALLER).data() for r in range(7)] == [f"Caller {n}" for n in range(6, -1, -1)]
    qtmodeltester.check(model)


def test_detail_shows_every_line_at_1366(qtbot: QtBot, uictx: UiContext, staff: Staff, tab: tuple[MessagesTab, list[str]],
                    tmp_path: Path) -> None:
    widget, _ = tab
    ctx = ServiceContext(uictx.db, staff.biller)
    phone_messages.take_message(ctx, MessageInput("Ann Able", "(518) 555-0142", patient_id=staff.patient_id,
                                                  reason="Refill", urgency="urgent", text="Please call",
                                                  call_back=True, callback_phone="5185550142", to_role="front_desk"))
    widget.reload()
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1)
    widget.view.selectRow(0)
    qtbot.waitUntil(lambda: widget.detail.detail is not None)
    summary = widget.detail.summary
    # every line of the summary shows, above the message text
    qtbot.waitUntil(lambda: summary.height() >= summary.minimumHeight() > 100
                    and summary.geometry().bottom() < widget.detail.body.geometry().top())
    assert widget.grab().save(str(tmp_path / "messages_tab.png"))
