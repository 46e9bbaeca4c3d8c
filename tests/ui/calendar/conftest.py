"""Calendar pane fixtures: frozen clock, a small clinic set up through the services, a shown pane.

Recorded error boxes and statuses: tests/ui/conftest.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from cal_ui_lib import NOW, Clinic, Clock
from calendar_support import build_clinic
from uisupport import make_uictx, notifying, show_active

from frontdesk.domain import schedule_time as st
from frontdesk.services._base import Actor, ServiceContext
from frontdesk.ui.context import UiContext


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
    ctx = make_uictx(practice, data_paths, frontdesk_actor, on_error=unhandled.append)
    yield ctx
    ctx.runner.shutdown()
    assert unhandled == [], f"errors reached the app's error presenter: {unhandled!r}"


@pytest.fixture
def notify(uictx: UiContext):  # type: ignore[no-untyped-def]
    """Service contexts for set-up whose commits reach the pane like the app's own calls do."""

    def make(ctx: ServiceContext) -> ServiceContext:
        return notifying(uictx, ctx.actor)

    return make


@pytest.fixture
def make_pane(qtbot, uictx: UiContext, statuses: list[str], clinic: Clinic, shown_errors):  # type: ignore[no-untyped-def]
    """Build, size (the main window's pane area at 1366x768) and show a CalendarPane."""
    from frontdesk.ui.calendar import CalendarPane

    def make(width: int = 1160, height: int = 690) -> CalendarPane:
        return show_active(qtbot, CalendarPane(uictx, status=statuses.append), width, height)

    return make
