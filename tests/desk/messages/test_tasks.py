"""Tasks on a real encrypted practice: assigning, due dates (never in the past), My tasks, overdue, statuses."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from calendar_support import MONDAY, Clock
from msg_lib import Desk

from frontdesk.errors import ValidationError
from frontdesk.services.desk import tasks
from frontdesk.services.desk.tasks import TaskInput


def test_task_for_a_person_shows_in_their_tasks_earliest_due_first(desk: Desk) -> None:
    later = tasks.create_task(desk.desk, TaskInput("Get prior authorization", MONDAY + timedelta(days=3),
                                                   patient_id=desk.patient_id, to_user_id=desk.doctor_id))
    sooner = tasks.create_task(desk.desk, TaskInput("Order toner", MONDAY, to_role="front_desk"))
    assert later.patient_name == "Able, Ann" and later.to_label == "Maria Alvarez, MD"
    assert sooner.patient_name == "" and sooner.to_label == "Front desk (role)"
    # Dr Alvarez is in the front-desk role too, so she sees both, the sooner one first.
    assert [t.id for t in tasks.task_rows(desk.doctor)] == [sooner.id, later.id]
    assert [t.id for t in tasks.task_rows(desk.desk)] == [sooner.id]
    assert tasks.task_rows(desk.biller) == [] and tasks.count_tasks(desk.biller) == 0
    assert tasks.count_tasks(desk.biller, "all") == 2
    assert [t.id for t in tasks.task_rows(desk.desk, "created")] == [sooner.id, later.id]


def test_due_date_today_is_fine_past_is_refused(desk: Desk, clock: Clock) -> None:
    assert tasks.create_task(desk.desk, TaskInput("Call lab", MONDAY, to_role="billing")).due_date == MONDAY
    for bad, field in ((MONDAY - timedelta(days=1), "due_date"), (None, "due_date"), (date(1, 1, 1), "due_date")):
        with pytest.raises(ValidationError) as info:
            tasks.create_task(desk.desk, TaskInput("Call lab", bad, to_role="billing"))
        assert info.value.field == field
    for data, field in ((TaskInput("", MONDAY, to_role="billing"), "title"),
                        (TaskInput("x", MONDAY), "to"),
                        (TaskInput("x", MONDAY, patient_id=424242, to_role="billing"), "patient_id")):
        with pytest.raises(ValidationError) as info:
            tasks.create_task(desk.desk, data)
        assert info.value.field == field
    assert tasks.count_tasks(desk.desk, "all", include_done=True) == 1


def test_overdue_and_status_changes(desk: Desk, clock: Clock) -> None:
    task = tasks.create_task(desk.desk, TaskInput("Fax records", MONDAY, to_user_id=desk.doctor_id))
    assert not task.overdue
    clock.now += timedelta(days=1)
    assert tasks.task_rows(desk.doctor)[0].overdue
    started = tasks.set_task_status(desk.doctor, task.id, "in_progress")
    assert started.status == "in_progress" and started.status_by_name == "Maria Alvarez, MD" and started.overdue
    done = tasks.set_task_status(desk.doctor, task.id, "done")
    assert not done.overdue and done.status_at == clock.now
    assert tasks.count_tasks(desk.doctor) == 0 and tasks.count_tasks(desk.doctor, include_done=True) == 1
    with pytest.raises(ValidationError):
        tasks.set_task_status(desk.doctor, task.id, "finished")


def test_pages_cover_the_list_once(desk: Desk) -> None:
    made = [tasks.create_task(desk.desk, TaskInput(f"T{n}", MONDAY + timedelta(days=n % 4),
                                                   **({"to_role": "front_desk"} if n % 2 else {"to_user_id": desk.doctor_id}))).id
            for n in range(9)]
    got = [t.id for off in (0, 4, 8) for t in tasks.task_rows(desk.doctor, "mine", off, 4)]
    assert sorted(got) == sorted(made) and len(got) == 9
    dues = [t.due_date for t in tasks.task_rows(desk.doctor, "mine", 0, 100)]
    assert dues == sorted(dues)
