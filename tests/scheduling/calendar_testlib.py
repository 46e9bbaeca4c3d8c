"""Helpers of the calendar core tests: the shared calendar test support under the names these tests use."""

from __future__ import annotations

from calendar_support import MONDAY, START_OF_TEST, TZ, Clinic, Clock, local, person  # noqa: F401
