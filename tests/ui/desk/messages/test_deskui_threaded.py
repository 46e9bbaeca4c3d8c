"""With the real background runner: the inbox loads, opening a message marks it read and the badge follows."""

from __future__ import annotations

from deskui_lib import Staff
from pytestqt.qtbot import QtBot

from frontdesk.error_messages import UserMessage
from frontdesk.first_run import FirstRunResult
from frontdesk.paths import DataPaths
from frontdesk.services.desk import phone_messages
from frontdesk.services._base import ServiceContext
from frontdesk.services.desk.phone_messages import MessageInput
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.messages_badge import UnreadBadge
from frontdesk.ui.desk.messages_tab import MessagesTab
from frontdesk.ui.errors import ErrorPresenter
from frontdesk.ui.runner import Runner


def test_threaded_inbox_read_and_badge(qtbot: QtBot, practice: FirstRunResult, data_paths: DataPaths,
                                       staff: Staff, shown_errors: list[UserMessage]) -> None:
    other = ServiceContext(practice.db, staff.biller)
    for n in range(3):
        phone_messages.take_message(other, MessageInput(f"Caller {n}", not_a_patient=True, reason="Question",
                                                        to_user_id=staff.doctor.user_id))
    runner = Runner(ErrorPresenter(), synchronous=False)
    try:
        ctx = UiContext(practice.db, data_paths, runner)
        ctx.set_actor(staff.doctor)
        tab = MessagesTab(ctx, lambda _text: None)
        badge = UnreadBadge(ctx)
        qtbot.addWidget(tab)
        qtbot.addWidget(badge)
        tab.model.page_size = 2
        tab.show()
        qtbot.waitUntil(lambda: tab.model.rowCount() >= 2 and badge.count == 3)
        tab.view.selectRow(0)
        qtbot.waitUntil(lambda: tab.detail.detail is not None and badge.count == 2)
        assert tab.detail.detail.message.caller_name == "Caller 2"
        qtbot.waitUntil(lambda: not runner.is_busy())
        assert shown_errors == []
    finally:
        runner.shutdown()
