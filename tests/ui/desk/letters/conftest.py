"""Fixtures for the Letters and Recalls tabs: a clinic, the admin's UiContext built with it.

The clock: tests/ui/desk/conftest.py; the UiContext, recorded error boxes and statuses: tests/ui/conftest.py.
"""

from __future__ import annotations

import pytest
from calendar_support import Clinic, Clock, build_clinic

from frontdesk.services._base import ServiceContext
from frontdesk.ui.context import UiContext


@pytest.fixture
def clinic(admin_ctx: ServiceContext, frontdesk_ctx: ServiceContext, clock: Clock) -> Clinic:
    return build_clinic(admin_ctx, frontdesk_ctx)


@pytest.fixture
def uictx(uictx: UiContext, clinic: Clinic) -> UiContext:
    """The admin's UiContext (tests/ui/conftest.py), with the clinic in place."""
    return uictx
