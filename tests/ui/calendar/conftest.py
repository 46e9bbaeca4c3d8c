"""Calendar pane fixtures: frozen clock, a small clinic set up through the services, a shown pane."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cal_ui_lib import NOW, Clinic, Clock
from calendar_support import build_clinic

from frontdesk.domain import schedule_time as st
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.ui.context import UiContext
from frontdesk.ui.runner import Runner


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    c = Clock(NOW)
    monkeypatch.setattr(st, "utc_now", lambda: c.now)
    return c


@pytest.fixture
def clinic(admin_ctx: ServiceContext, frontdesk_ctx: ServiceContext, clock: Clock) -> Clinic:
    """Dr A and Dr B work Mon-Fri 9-5 with a 12-1 lunch blockout; two rooms; two types; three patients."""
    return build_clinic(admin_ctx, frontdesk_ctx)


@pytest.fixture
def unhandled() -> list[BaseException]:
    return []


@pytest.fixture
def uictx(qtbot, practice, data_paths, frontdesk_actor: Actor,  # type: ignore[no-untyped-def]
          unhandled: list[BaseException]) -> Iterator[UiContext]:
    """Signed in as the front desk; a service error nobody handled fails the test."""
    runner = Runner(unhandled.append, synchronous=True)
    ctx = UiContext(practice.db, data_paths, runner)
    ctx.set_actor(frontdesk_actor)
    yield ctx
    runner.shutdown()
    assert unhandled == [], f"errors reached the app's error presenter: {unhandled!r}"


@pytest.fixture
def notify(uictx: UiContext):  # type: ignore[no-untyped-def]
    """Service contexts for set-up whose commits reach the pane like the app's own calls do."""

    def make(ctx: ServiceContext) -> ServiceContext:
        return ServiceContext(ctx.db, ctx.actor, notify=uictx.changed.emit)

    return make


@pytest.fixture
def shown_errors(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    shown: list[object] = []
    from frontdesk.ui.errors import ErrorDialog

    monkeypatch.setattr(ErrorDialog, "ask", classmethod(lambda cls, parent, message: shown.append(message)))
    return shown


@pytest.fixture
def statuses() -> list[str]:
    return []


@pytest.fixture
def make_pane(qtbot, uictx: UiContext, statuses: list[str], clinic: Clinic, shown_errors):  # type: ignore[no-untyped-def]
    """Build, size (the main window's pane area at 1366x768) and show a CalendarPane."""
    from frontdesk.ui.calendar import CalendarPane

    def make(width: int = 1160, height: int = 690) -> CalendarPane:
        pane = CalendarPane(uictx, status=statuses.append)
        qtbot.addWidget(pane)
        pane.resize(width, height)
        pane.show()
        qtbot.waitExposed(pane)
        pane.activateWindow()
        qtbot.waitUntil(pane.isActiveWindow)
        return pane

    return make
