"""Issue 21 item 1: opening a message is one audited view; a reload of the list (a message taken or changed
elsewhere) keeps it on screen without writing another."""

from __future__ import annotations

from deskui_lib import Staff
from pytestqt.qtbot import QtBot
from uisupport import notifying

from frontdesk.services._base import ServiceContext
from frontdesk.services.admin import audit
from frontdesk.services.desk import phone_messages
from frontdesk.services.desk.phone_messages import MessageInput
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.messages_tab import MessagesTab


def _message(caller: str, staff: Staff) -> MessageInput:
    return MessageInput(caller, "(518) 555-0142", patient_id=staff.patient_id, reason="Refill", text="Please call",
                        to_role="front_desk")


def test_a_message_is_viewed_once_per_opening_not_per_reload(qtbot: QtBot, uictx: UiContext, staff: Staff,
                                                              admin_ctx: ServiceContext) -> None:
    biller = notifying(uictx, staff.biller)
    first = phone_messages.take_message(biller, _message("Ann Able", staff))
    tab = MessagesTab(uictx, lambda _text: None)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    tab.view.selectRow(0)
    qtbot.waitUntil(lambda: tab.detail.detail is not None)

    def views() -> list[str]:
        return [r.entity_id for r in audit.list_events(admin_ctx, audit.AuditFilter(action="message.view"))]

    assert views() == [str(first.id)]
    phone_messages.take_message(biller, _message("Bob Baker", staff))  # a change elsewhere: the list reloads
    qtbot.waitUntil(lambda: tab.model.rowCount() == 2)
    tab.reload()
    assert tab.detail.detail is not None and tab.detail.detail.message.id == first.id
    assert views() == [str(first.id)]
