"""The unread badge: counts in words, follows the signed-in user, hides when nobody is signed in, polls."""

from __future__ import annotations

from deskui_lib import Staff
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.services.desk import phone_messages
from frontdesk.services._base import ServiceContext
from frontdesk.services.desk.phone_messages import MessageInput
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.messages_badge import UnreadBadge, badge_text


def test_badge_follows_user_and_changes(qtbot: QtBot, uictx: UiContext, staff: Staff) -> None:
    badge = UnreadBadge(uictx, poll_ms=50)
    qtbot.addWidget(badge)
    badge.show()
    assert badge.text() == badge_text(0) == "\u2709 No unread messages" and not badge.font().bold()
    # Taken by someone else with a context that does not notify this UI (another workstation): the poll sees it.
    other = ServiceContext(uictx.db, staff.biller)
    for n in range(2):
        phone_messages.take_message(other, MessageInput(f"Caller {n}", not_a_patient=True, reason="Question",
                                                        to_user_id=staff.rita.user_id))
    qtbot.waitUntil(lambda: badge.count == 2)
    assert badge.text() == "\u2709 2 unread messages" and badge.font().bold()
    with qtbot.waitSignal(badge.clicked):
        qtbot.mouseClick(badge, Qt.MouseButton.LeftButton)
    uictx.set_actor(staff.doctor)
    assert badge.count == 0 and badge.isVisible()
    uictx.set_actor(None)  # locked / signed out: nothing shown, no polling
    assert badge.isHidden() and not badge.timer.isActive()
    uictx.set_actor(staff.rita)
    assert badge.count == 2 and badge.isVisible()
