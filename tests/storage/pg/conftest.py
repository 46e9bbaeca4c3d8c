"""Server-mode tests: ``practice`` (and so ``admin_ctx``, ``frontdesk_ctx``...) is always on PostgreSQL 16+ here."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pg_practice import PgTemplate, pg_practice
from server_fixture import TlsServer, start_tls_server

from frontdesk.first_run import FirstRunResult


@pytest.fixture
def practice(pg_template: PgTemplate) -> Iterator[FirstRunResult]:
    """This test's own copy of the template practice, on the server (overrides the SQLite ``practice``)."""
    yield from pg_practice(pg_template)


@pytest.fixture(scope="session")
def tls_server() -> Iterator[TlsServer]:
    """A practice server with TLS (Debian's PostgreSQL 15), set up as SERVER_SPEC.md says (server_fixture.py)."""
    server = start_tls_server()
    yield server
    server.stop()
