"""The calendar GUI benchmark runs on a small demo practice and reports both views against their baseline."""

from __future__ import annotations

from shared_build import copy_of_shared_demo

from frontdesk.bench.calendar_gui_cases import run_calendar_gui_cases
from frontdesk.demo.build import ensure_demo
from frontdesk.paths import DataPaths


def test_calendar_gui_cases_time_day_and_week_views(tmp_path, tmp_path_factory, qapp) -> None:  # type: ignore[no-untyped-def]
    paths = DataPaths(copy_of_shared_demo(tmp_path_factory, tmp_path / "practice"))  # the run's one demo build
    db, created = ensure_demo(paths)
    assert not created
    try:
        results = run_calendar_gui_cases(paths, db, 2)
    finally:
        db.close()
    by_name = {r.name: r for r in results}
    assert set(by_name) == {"calendar_gui_day_view", "calendar_gui_week_view"}
    day = by_name["calendar_gui_day_view"]
    assert day.extra["columns"] >= 10 and day.extra["visits_painted"] >= 300
    assert day.target_ms == 50 and by_name["calendar_gui_week_view"].target_ms == 100
    for r in results:
        assert r.runs == 2 and r.median_ms > 0 and r.baseline_median_ms > 0
