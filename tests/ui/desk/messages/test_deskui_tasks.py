"""Tasks tab with real widgets: a new task for the doctor (past due date refused beside the field),
My tasks after switching user, overdue flagged in words and icon, Done; the model passes the model tester."""

from __future__ import annotations

from datetime import timedelta

import pytest
from calendar_support import MONDAY, Clock
from deskui_lib import Staff, choose_combo
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from frontdesk.services.desk import tasks
from frontdesk.services.desk.tasks import TaskInput
from frontdesk.ui.context import UiContext
from frontdesk.ui.desk.tasks_dialog import NewTaskDialog
from frontdesk.ui.desk.tasks_model import TasksModel
from frontdesk.ui.desk.tasks_tab import TasksTab
from frontdesk.ui.widgets.schedule_inputs import to_qdate


@pytest.fixture
def tab(qtbot: QtBot, uictx: UiContext) -> tuple[TasksTab, list[str]]:
    statuses: list[str] = []
    widget = TasksTab(uictx, statuses.append)
    qtbot.addWidget(widget)
    widget.resize(1366, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget, statuses


def test_new_task_for_the_doctor_then_done_as_her(qtbot: QtBot, uictx: UiContext, staff: Staff, clock: Clock,
                                                  tab: tuple[TasksTab, list[str]],
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    widget, statuses = tab
    seen: dict[str, str] = {}

    def drive(cls, parent, ctx, recipients):  # type: ignore[no-untyped-def]
        dialog = cls(ctx, recipients, parent)
        qtbot.addWidget(dialog)
        qtbot.keyClicks(dialog.title_edit, "Get prior authorization")
        choose_combo(qtbot, dialog.to, "Maria Alvarez, MD")
        dialog.due.setDate(to_qdate(MONDAY - timedelta(days=1)))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        seen["error"] = dialog.form.error_label("due_date").text()
        dialog.due.setDate(to_qdate(MONDAY + timedelta(days=1)))
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
        return dialog.outcome

    monkeypatch.setattr(NewTaskDialog, "ask", classmethod(drive))
    qtbot.mouseClick(widget.new_button, Qt.MouseButton.LeftButton)
    assert "The due date is in the past" in seen["error"]
    assert statuses[-1] == "Task \u201cGet prior authorization\u201d assigned to Maria Alvarez, MD."
    assert widget.model.rowCount() == 0  # not Rita's

    uictx.set_actor(staff.doctor)
    qtbot.waitUntil(lambda: widget.model.rowCount() == 1)
    model = widget.model
    assert model.index(0, TasksModel.ABOUT).data() == "The practice"
    assert model.index(0, TasksModel.DUE).data() == "03/05/2030"
    clock.now += timedelta(days=2)
    widget.reload()
    qtbot.waitUntil(lambda: model.rowCount() == 1 and model.index(0, TasksModel.DUE).data().startswith("Overdue"))
    assert model.index(0, TasksModel.DUE).data(Qt.ItemDataRole.DecorationRole) is not None
    widget.view.selectRow(0)
    assert widget.done_button.isEnabled() and not widget.reopen_button.isEnabled()
    qtbot.mouseClick(widget.done_button, Qt.MouseButton.LeftButton)
    assert statuses[-1] == "Task \u201cGet prior authorization\u201d marked done."
    qtbot.waitUntil(lambda: model.rowCount() == 0)
    widget.show_done.setChecked(True)
    qtbot.waitUntil(lambda: model.rowCount() == 1)
    assert model.index(0, TasksModel.STATUS).data() == "Done"
    assert not model.index(0, TasksModel.DUE).data().startswith("Overdue")


def test_tasks_model_pages_and_modeltester(qtbot: QtBot, uictx: UiContext, staff: Staff, clock: Clock,
                                           qtmodeltester) -> None:  # type: ignore[no-untyped-def]
    for n in range(5):
        tasks.create_task(uictx.services, TaskInput(f"Task {n}", MONDAY + timedelta(days=5 - n),
                                                    patient_id=staff.patient_id if n % 2 else None,
                                                    to_role="front_desk"))
    model = TasksModel(uictx, page_size=2)
    with qtbot.waitSignal(model.loaded):
        model.load("mine")
    while model.canFetchMore():
        model.fetchMore()
    assert [model.index(r, TasksModel.TITLE).data() for r in range(5)] == [f"Task {n}" for n in range(4, -1, -1)]
    assert model.index(0, TasksModel.ABOUT).data() == "The practice"
    assert model.index(1, TasksModel.ABOUT).data() == "Able, Ann"
    qtmodeltester.check(model)
