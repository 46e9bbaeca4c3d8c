"""Shared by the calendar extras tests: the frozen week, local times, showing widgets, clicking."""

from __future__ import annotations

from datetime import UTC, date, datetime

from uisupport import click  # noqa: F401  (the folder's tests import them from here)

from frontdesk.domain import schedule_time as st

TZ = st.zone("America/New_York")
# Monday 03/04/2030 8:00 AM Eastern: tomorrow is Tuesday 03/05/2030.
MONDAY = date(2030, 3, 4)
TUESDAY = date(2030, 3, 5)
NOW = datetime(2030, 3, 4, 13, 0, tzinfo=UTC)


def local(day: date, hour: int, minute: int = 0) -> datetime:
    """A naive practice-local wall time (what the booking form sends)."""
    return datetime(day.year, day.month, day.day, hour, minute)


def show(qtbot, widget, width: int = 1366, height: int = 768):  # type: ignore[no-untyped-def]
    """Show a panel at the laptop size the front desk has."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cell(model, row: int, column: int) -> str:  # type: ignore[no-untyped-def]
    return model.index(row, column).data()


def column_texts(model, row: int) -> list[str]:  # type: ignore[no-untyped-def]
    return [model.index(row, c).data() for c in range(model.columnCount())]
