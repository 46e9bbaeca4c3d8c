"""The ``sqlite_only("reason")`` mark: a test about the SQLite file itself, skipped where its practice is on PostgreSQL.

The service tests run twice in CI, on SQLite and with ``FRONTDESK_TEST_DB=postgresql`` (issue 19: one code path).
A few are about what only the single-PC file has (its WAL file on disk, SQLite's query planner, the CLI opening
a data folder): those say so with this mark and a reason, which the skip shows. A test the mark would hide for
any other reason is a portability bug to fix in the code instead. Loaded from tests/conftest.py
(``pytest_plugins``).

On that PostgreSQL pass a test that never opens a practice (no ``practice`` fixture, directly or through
``admin_ctx`` and the like) is deselected: it would run exactly as it did on the SQLite pass, only twice.
"""

from __future__ import annotations

import pytest
from pg_practice import on_postgresql


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only(reason): about the SQLite file itself; skipped where the "
                                       "test's practice is on PostgreSQL (FRONTDESK_TEST_DB=postgresql)")


def _engine_of(item: pytest.Item) -> str:
    """The engine this test's ``practice`` is on: a both_engines parameter wins over the run's setting."""
    callspec = getattr(item, "callspec", None)
    if callspec is not None and "db_kind" in callspec.params:
        return str(callspec.params["db_kind"])
    return "postgresql" if on_postgresql() else "sqlite"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if on_postgresql():
        unchanged = [item for item in items if "practice" not in getattr(item, "fixturenames", ())]
        if unchanged:
            config.hook.pytest_deselected(items=unchanged)
            items[:] = [item for item in items if "practice" in getattr(item, "fixturenames", ())]
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is None:
            continue
        reason = marker.args[0] if marker.args else marker.kwargs.get("reason", "")
        if not reason:
            raise pytest.UsageError(f"{item.nodeid}: sqlite_only needs a reason (why only the SQLite file has it)")
        if _engine_of(item) != "sqlite":
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))
