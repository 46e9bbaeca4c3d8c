"""The ``sqlite_only("reason")`` mark: a test about the SQLite file itself, skipped where its practice is on PostgreSQL.

The service tests run twice in CI, on SQLite and with ``FRONTDESK_TEST_DB=postgresql`` (issue 19: one code path).
A few are about what only the single-PC file has (its WAL file on disk, SQLite's query planner, the CLI opening
a data folder): those say so with this mark and a reason, which the skip shows. A test the mark would hide for
any other reason is a portability bug to fix in the code instead. Loaded from tests/conftest.py
(``pytest_plugins``).

On that PostgreSQL pass a test that never opens a practice (no ``practice`` fixture, directly or through
``admin_ctx`` and the like) is deselected: it would run exactly as it did on the SQLite pass, only twice.

``--also-postgresql PATH`` (repeatable; CI's .ci/run) is both passes in one run: every test under PATH that opens a
practice runs twice, ``[sqlite]`` and ``[postgresql]`` (a ``db_kind`` parameter, as ``both_engines`` does), and the
rest once. One run instead of two keeps both cores busy to the end (no second start-up, no idle tail per pass).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pg_practice import on_postgresql


ALSO_POSTGRESQL = "--also-postgresql"
_ALSO_ON_PG = pytest.StashKey[list[Path]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(ALSO_POSTGRESQL, action="append", default=[], metavar="PATH",
                     help="tests under PATH that open a practice also run with it on PostgreSQL, in this same run")


def runs_on_both_engines(metafunc: pytest.Metafunc) -> bool:
    """Whether this test's ``practice`` is parametrized over both engines: marked ``both_engines``, or under an
    ``--also-postgresql`` path."""
    if "practice" not in metafunc.fixturenames:
        return False
    if metafunc.definition.get_closest_marker("both_engines"):
        return True
    return any(metafunc.definition.path.is_relative_to(where) for where in metafunc.config.stash[_ALSO_ON_PG])


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test marked ``both_engines`` (or under an ``--also-postgresql`` path) runs once on SQLite and once on
    PostgreSQL (its ``practice`` does)."""
    if runs_on_both_engines(metafunc):
        metafunc.parametrize("db_kind", ["sqlite", "postgresql"])


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only(reason): about the SQLite file itself; skipped where the "
                                       "test's practice is on PostgreSQL (FRONTDESK_TEST_DB=postgresql)")
    here = config.invocation_params.dir
    config.stash[_ALSO_ON_PG] = [(here / where).resolve() for where in config.getoption(ALSO_POSTGRESQL)]


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
