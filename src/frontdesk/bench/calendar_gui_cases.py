"""Calendar GUI benchmarks: from a date change to the grid painted (day view of 10 providers x 40 visits,
one provider's week), each against bare QPainter drawing the same number of rectangles and texts."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date, timedelta

from frontdesk.bench import calendar_cases
from frontdesk.bench.harness import CaseResult, result
from frontdesk.paths import DataPaths
from frontdesk.services.scheduling import schedule_views
from frontdesk.storage.engine import Database

DAY_TARGET_MS = 50
WEEK_TARGET_MS = 100
_PAINT_TIMEOUT_S = 10


def _until_painted(app, widget, before: int) -> None:  # type: ignore[no-untyped-def]
    """Process events until ``widget`` has painted again after ``before`` paints."""
    deadline = time.perf_counter() + _PAINT_TIMEOUT_S
    while widget.paint_count <= before:
        app.processEvents()
        if time.perf_counter() > deadline:
            raise RuntimeError("the calendar grid did not repaint")


def _time_changes(app, grid, change: Callable[[int], None], repeats: int) -> list[float]:  # type: ignore[no-untyped-def]
    """Milliseconds from ``change(i)`` (a new date) to the grid's next paint; one warm-up run first."""
    samples = []
    for i in range(repeats + 1):
        app.processEvents()
        before = grid.paint_count
        start = time.perf_counter()
        change(i)
        _until_painted(app, grid, before)
        if i:
            samples.append((time.perf_counter() - start) * 1000)
    return samples


def _bare_paint(app, shapes: int, repeats: int, size: tuple[int, int]) -> list[float]:  # type: ignore[no-untyped-def]
    """The floor: a QWidget painting ``shapes`` filled rectangles with two lines of text each."""
    from PySide6.QtCore import QRectF, Qt
    from PySide6.QtGui import QColor, QPainter
    from PySide6.QtWidgets import QWidget

    class Bare(QWidget):
        paint_count = 0

        def paintEvent(self, _event) -> None:  # type: ignore[no-untyped-def]
            self.paint_count += 1
            p = QPainter(self)
            cols = 10
            w, h = self.width() / cols, 18.0
            for k in range(shapes):
                rect = QRectF((k % cols) * w, (k // cols) * h % max(1.0, self.height() - h), w - 2, h - 1)
                p.fillRect(rect, QColor("#bbdefb"))
                p.drawRect(rect)
                p.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, f"9:00 Patient, Name {k}")
                p.drawText(rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom, "Office visit")
            p.end()

    widget = Bare()
    widget.resize(*size)
    widget.show()
    try:
        return _time_changes(app, widget, lambda _i: widget.update(), repeats)
    finally:
        widget.close()
        widget.deleteLater()
        app.processEvents()


def _two_full_days(db: Database, provider_ids: list[int]) -> tuple[date, date]:
    """The two busiest days of the benchmark providers that fall in different weeks (so that the week
    view changes too). Visits are office hours in US zones, so the UTC date is the local date."""
    ids = ",".join(str(i) for i in provider_ids)
    conn = db.raw_connection()
    try:
        rows = conn.execute(f"SELECT substr(start_utc, 1, 10) AS d, count(*) AS n FROM appointment "
                            f"WHERE provider_id IN ({ids}) GROUP BY d ORDER BY n DESC, d LIMIT 60").fetchall()
    finally:
        conn.close()
    busiest = [date.fromisoformat(d) for d, _n in rows]
    if not busiest:
        raise RuntimeError("no appointments to benchmark; rebuild the benchmark practice")
    first = busiest[0]
    week = first - timedelta(days=first.weekday())
    second = next((d for d in busiest[1:] if d - timedelta(days=d.weekday()) != week), first + timedelta(days=7))
    return first, second


def run_calendar_gui_cases(paths: DataPaths, db: Database, repeats: int) -> list[CaseResult]:
    """Day view and week view "date change to painted" in a real CalendarPane (synchronous runner)."""
    from frontdesk.ui.app import create_application
    from frontdesk.ui.calendar import CalendarPane
    from frontdesk.ui.context import UiContext
    from frontdesk.ui.errors import ErrorPresenter
    from frontdesk.ui.runner import Runner

    ctx = calendar_cases._admin_ctx(db)
    calendar_cases.ensure_calendar_data(db, ctx, calendar_cases.PROVIDERS * calendar_cases.PER_PROVIDER_DAY * 10)
    conn = db.raw_connection()
    try:
        provider_ids = [r[0] for r in conn.execute("SELECT id FROM provider WHERE active ORDER BY id LIMIT ?",
                                                   (calendar_cases.PROVIDERS,)).fetchall()]
    finally:
        conn.close()
    days = _two_full_days(db, provider_ids)
    shown = min(len(schedule_views.day_view(ctx, d).appointments) for d in days)

    app = create_application([])
    uictx = UiContext(db, paths, Runner(ErrorPresenter(), synchronous=True), demo=True)
    uictx.set_actor(ctx.actor)
    pane = CalendarPane(uictx)
    pane.resize(1160, 690)  # the pane's share of a 1366x768 main window
    pane.show()
    app.processEvents()
    try:
        def other_day(_i: int) -> None:  # each run is a real date change: back and forth between two full days
            pane.set_day(days[1] if pane.current_day() == days[0] else days[0])

        day = _time_changes(app, pane.day_grid, other_day, repeats)
        painted = len(pane.day_grid.placed)  # of the day shown last (both are full days)
        columns = len(pane.day_grid.columns)
        pane.set_mode("week")
        pane.toolbar.provider_combo.setCurrentIndex(max(0, pane.toolbar.provider_combo.findData(provider_ids[0])))
        pane.reload()
        app.processEvents()
        week = _time_changes(app, pane.week_grid, other_day, repeats)
        week_painted = len(pane.week_grid.placed)
    finally:
        pane.close()
        pane.deleteLater()
        app.processEvents()
    size = (1160 - 66, 650)
    return [
        result("calendar_gui_day_view", f"set a date -> day view of {columns} providers painted ({painted} visits; "
                                        "service call + layout + paint)", day,
               "bare QPainter: same count of rects + 2 texts", _bare_paint(app, painted, repeats, size),
               DAY_TARGET_MS, {"visits_painted": float(painted), "visits_on_day": float(shown),
                               "columns": float(columns)}),
        result("calendar_gui_week_view", f"set a date -> one provider's week painted ({week_painted} visits)", week,
               "bare QPainter: same count of rects + 2 texts", _bare_paint(app, week_painted, repeats, size),
               WEEK_TARGET_MS, {"visits_painted": float(week_painted)}),
    ]
