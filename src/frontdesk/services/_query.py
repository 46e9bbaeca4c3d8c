"""Portable query helpers (take expressions, never a session's commit)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_
from sqlalchemy.orm import InstrumentedAttribute

# Above every character a folded search key can hold, so [prefix, prefix + BOUND) is a prefix range.
_UPPER_BOUND = "\U0010ffff"


def prefix_range(column: InstrumentedAttribute[str], prefix: str) -> ColumnElement[bool]:
    """``column`` starts with ``prefix``, as a range both SQLite and PostgreSQL answer from a b-tree index.

    LIKE 'x%' only uses an index in SQLite under case-sensitive LIKE or a NOCASE column, and
    treats % and _ in user text as wildcards; a range has neither problem.
    """
    return and_(column >= prefix, column < prefix + _UPPER_BOUND)
