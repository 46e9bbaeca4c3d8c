"""The Desk benchmark cases run end to end on a small encrypted practice (the real run uses 100,000 rows)."""

from __future__ import annotations

import pytest
from msg_lib import Desk

from frontdesk.bench import desk_cases
from frontdesk.services.desk import phone_messages, tasks


@pytest.mark.sqlite_only("the benchmark's baselines read the SQLite file directly")
def test_desk_cases_fill_data_and_time_the_lists(desk: Desk) -> None:
    results = desk_cases.run_desk_cases(desk.admin.db, desk.desk, 2, rows=3000)
    assert [r.name for r in results] == ["desk_inbox_open", "desk_my_tasks_open"]
    assert results[0].extra["messages"] == 3000 and results[1].extra["tasks"] == 3000
    assert all(r.runs == 2 and r.median_ms > 0 and r.baseline_median_ms > 0 for r in results)
    # The generated rows are real rows the services read: the inbox holds open messages for Rita.
    assert phone_messages.count_messages(desk.desk) > 0 and tasks.count_tasks(desk.desk) > 0
    first = phone_messages.message_rows(desk.desk, "inbox", 0, 100)
    assert [r.created_at for r in first] == sorted((r.created_at for r in first), reverse=True)
