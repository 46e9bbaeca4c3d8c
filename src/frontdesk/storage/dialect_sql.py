"""SQL expressions that each engine spells its own way, compiled per dialect so the services stay portable.

The services build their queries with SQLAlchemy constructs and run them unchanged on SQLite and PostgreSQL
(issue 19: one code path). Where the two engines differ in a way SQLAlchemy does not cover, the difference
lives here, as a small construct with one compilation per dialect:

* ``days_between(later, earlier)``: whole days between two dates. SQLite stores dates as ISO text and has no
  date arithmetic but ``julianday``; PostgreSQL subtracts two dates into an integer.
* ``no_index(column)``: the column, but not usable by the planner to pick an index. SQLite's documented way
  is a unary plus (the term then no longer names the column); PostgreSQL plans from statistics and needs
  no such hint, so there it is the bare column.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.functions import FunctionElement


class days_between(FunctionElement[int]):  # noqa: N801 - used like a SQL function
    """Whole days from ``earlier`` to ``later`` (both dates): positive when ``later`` is after."""

    type = Integer()
    inherit_cache = True
    name = "days_between"


@compiles(days_between)
def _days_between_default(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"({later} - {earlier})"  # PostgreSQL: date - date is an integer of days


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: SQLCompiler, **kw: Any) -> str:
    later, earlier = (compiler.process(arg, **kw) for arg in element.clauses)
    return f"CAST(julianday({later}) - julianday({earlier}) AS INTEGER)"


class no_index(FunctionElement[Any]):  # noqa: N801 - used like a SQL function
    """A column the planner must not use an index for (see the module docstring)."""

    inherit_cache = True
    name = "no_index"

    def __init__(self, column: ColumnElement[Any]) -> None:
        super().__init__(column)
        self.type = column.type


@compiles(no_index)
def _no_index_default(element: no_index, compiler: SQLCompiler, **kw: Any) -> str:
    return compiler.process(next(iter(element.clauses)), **kw)


@compiles(no_index, "sqlite")
def _no_index_sqlite(element: no_index, compiler: SQLCompiler, **kw: Any) -> str:
    return f"+{compiler.process(next(iter(element.clauses)), **kw)}"
