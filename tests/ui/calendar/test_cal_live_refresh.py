"""Everyone sees the same day (issue 19): a visit booked at one workstation appears in another's calendar.

Workstation B is this test's UiContext and Calendar pane (on the server practice); workstation A is a
second engine on the same database, booking through the services as another PC's runner would.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cal_ui_lib import MONDAY, book
from pg_practice import PgTemplate, pg_practice

from frontdesk.first_run import FirstRunResult
from frontdesk.services.session import ServiceContext
from frontdesk.storage.pg_engine import PostgresDatabase
from frontdesk.ui.context import UiContext

LISTENING_WITHIN_S = 10  # an upper bound for a wait, not a measured duration


@pytest.fixture
def practice(pg_template: PgTemplate) -> Iterator[FirstRunResult]:
    """On the server: two workstations need one shared database."""
    yield from pg_practice(pg_template)


@pytest.fixture
def workstation_a(practice: FirstRunResult) -> Iterator[PostgresDatabase]:
    db = PostgresDatabase(practice.db.engine.url.render_as_string(hide_password=False), practice.db.key)
    yield db
    db.close()


@pytest.fixture
def live(uictx: UiContext) -> Iterator[UiContext]:
    """Workstation B listening, as the app starts it on a server database."""
    assert uictx.start_live_refresh()
    assert uictx.live_refresh_listening(LISTENING_WITHIN_S)
    yield uictx
    uictx.stop_live_refresh()


def test_a_booking_on_a_shows_in_bs_calendar(qtbot, make_pane, clinic, workstation_a, live) -> None:  # type: ignore[no-untyped-def]
    pane = make_pane()
    assert pane.current_day() == MONDAY and pane.day_grid.placed == []
    on_a = ServiceContext(workstation_a, clinic.desk.actor)
    booked = book(on_a, clinic.pat[0], clinic.dr_a, clinic.visit, MONDAY, 9)
    qtbot.waitUntil(lambda: [p.info.id for p in pane.day_grid.placed] == [booked.id])

