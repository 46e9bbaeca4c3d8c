"""The Messages and Tasks tabs share one ListBar: the same script drives both (scope, Include done, count,
the action's button and shortcut, the Tab order through the bar)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from calendar_support import MONDAY
from deskui_lib import Staff, choose_combo
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from uisupport import show_active

from frontdesk.services._base import ServiceContext
from frontdesk.services.desk import phone_messages, tasks
from frontdesk.services.desk.phone_messages import MessageInput
from frontdesk.services.desk.tasks import TaskInput
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.list_bar import ListBar
from frontdesk.ui.desk.messages_dialog import TakeMessageDialog
from frontdesk.ui.desk.messages_model import MessagesModel
from frontdesk.ui.desk.messages_tab import MessagesTab
from frontdesk.ui.desk.tasks_dialog import NewTaskDialog
from frontdesk.ui.desk.tasks_model import TasksModel
from frontdesk.ui.desk.tasks_tab import TasksTab


def _messages(rita: ServiceContext, staff: Staff) -> None:
    """Two for the front desk (one then done), one for the doctor: all three taken by Rita."""
    def take(reason: str, **to: object) -> int:
        return phone_messages.take_message(rita, MessageInput("Bob Baker", "(518) 555-0199", not_a_patient=True,
                                                              reason=reason, **to)).id  # type: ignore[arg-type]
    take("Lab results", to_role="front_desk")
    phone_messages.set_message_status(rita, take("Billing question", to_role="front_desk"), "done")
    take("Refill", to_user_id=staff.doctor.user_id)


def _tasks(rita: ServiceContext, staff: Staff) -> None:
    """Two for the front desk (one then done), one for the doctor: all three created by Rita."""
    def create(title: str, **to: object) -> int:
        return tasks.create_task(rita, TaskInput(title, MONDAY + timedelta(days=3), **to)).id  # type: ignore[arg-type]
    create("Call the lab", to_role="front_desk")
    tasks.set_task_status(rita, create("Scan the card", to_role="front_desk"), "done")
    create("Sign the form", to_user_id=staff.doctor.user_id)


@dataclass(frozen=True)
class Case:
    tab: type[QWidget]
    rows: Callable[[ServiceContext, Staff], None]
    noun: str
    second_scope: str  # the scope that lists all three (minus the done one)
    dialog: type
    shortcut: str
    status_column: int


CASES = {
    "messages": Case(MessagesTab, _messages, "message", "Messages I took", TakeMessageDialog, "Ctrl+M",
                     MessagesModel.STATUS),
    "tasks": Case(TasksTab, _tasks, "task", "Tasks I created", NewTaskDialog, "Ctrl+Shift+N", TasksModel.STATUS),
}


def _statuses(tab, case: Case) -> list[str]:  # type: ignore[no-untyped-def]
    return [tab.model.index(r, case.status_column).data() for r in range(tab.model.rowCount())]


@pytest.mark.parametrize("name", sorted(CASES))
def test_one_bar_drives_both_tabs(qtbot: QtBot, uictx: UiContext, staff: Staff, name: str,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    case = CASES[name]
    case.rows(uictx.services, staff)
    tab = show_active(qtbot, case.tab(uictx, lambda _text: None), 1366, 768)
    bar = tab.bar
    assert type(bar) is ListBar
    assert tab.findChild(ListBar) is bar and bar.count_label is tab.count_label and bar.show_done is tab.show_done
    qtbot.waitUntil(lambda: bar.count_label.text() == f"1 {case.noun}")  # my own open one

    choose_combo(qtbot, bar.scope, case.second_scope)
    qtbot.waitUntil(lambda: bar.count_label.text() == f"2 {case.noun}s")
    assert tab.model.rowCount() == 2 and "Done" not in _statuses(tab, case)

    bar.show_done.setFocus()
    qtbot.keyClick(bar.show_done, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: bar.count_label.text() == f"3 {case.noun}s")
    assert _statuses(tab, case).count("Done") == 1

    # Tab order: scope -> Include done -> the action button -> the list.
    bar.scope.setFocus()
    seen = []
    for _ in range(3):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        seen.append(QApplication.focusWidget())
    assert seen == [bar.show_done, bar.action_button, tab.view]

    # The action from the button and from its shortcut pressed in the list.
    asked: list[object] = []
    monkeypatch.setattr(case.dialog, "ask", classmethod(lambda cls, parent, ctx, recipients: asked.append(parent)))
    qtbot.mouseClick(bar.action_button, Qt.MouseButton.LeftButton)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, case.shortcut.split("+")[-1],
                   Qt.KeyboardModifier.ControlModifier
                   | (Qt.KeyboardModifier.ShiftModifier if "Shift" in case.shortcut else Qt.KeyboardModifier.NoModifier))
    assert asked == [tab, tab]
