"""Server-mode tests: ``practice`` (and so ``admin_ctx``, ``frontdesk_ctx``...) is always on PostgreSQL 16+ here."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pg_practice import PgTemplate, pg_practice
from server_fixture import tls_server  # noqa: F401 (the TLS practice server, for test_enrol.py)

from frontdesk.first_run import FirstRunResult


@pytest.fixture
def practice(pg_template: PgTemplate) -> Iterator[FirstRunResult]:
    """This test's own copy of the template practice, on the server (overrides the SQLite ``practice``)."""
    yield from pg_practice(pg_template)

