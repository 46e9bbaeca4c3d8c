"""DDL that differs between SQLite and PostgreSQL, emitted per dialect for the migrations.

The migrations describe a refusal trigger once, in SQLite's syntax (``BEFORE UPDATE OF a, b ON t WHEN ...
BEGIN SELECT RAISE(ABORT, 'message'); END``): on SQLite it is created exactly as written (so the schema
snapshot stays what it was), on PostgreSQL it becomes a PL/pgSQL function that raises the same message as an
integrity error (SQLSTATE 23000, like SQLite's RAISE(ABORT)) and a row trigger that calls it. The WHEN
condition moves into the function body: PostgreSQL refuses subqueries in a trigger's WHEN clause.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from alembic import op

_SQLITE_TRIGGER = re.compile(
    r"^BEFORE (?P<event>UPDATE(?: OF (?P<columns>.+?))?|DELETE) ON (?P<table>\w+)"
    r"(?: WHEN (?P<when>.+?))? BEGIN SELECT RAISE\(ABORT, '(?P<message>[^']*)'\); END$",
    re.DOTALL,
)
# SQLite's null-safe equality ``a IS b`` between two columns; PostgreSQL spells it IS NOT DISTINCT FROM.
_NULL_SAFE_IS = re.compile(r"\b((?:NEW|OLD)\.\w+) IS (NOT )?((?:NEW|OLD)\.\w+)")


@dataclass(frozen=True)
class RefusalTrigger:
    """One parsed refusal trigger: which event on which table, under which condition, with which message."""

    name: str
    table: str
    event: str  # "UPDATE" or "DELETE"
    columns: str  # "" = any column
    when: str  # "" = always
    message: str

    @classmethod
    def parse(cls, name: str, body: str) -> RefusalTrigger:
        match = _SQLITE_TRIGGER.match(" ".join(body.split()))
        if match is None:
            raise ValueError(f"trigger {name} is not a refusal trigger this module can translate")
        return cls(name, match["table"], match["event"].split()[0], match["columns"] or "", match["when"] or "",
                   match["message"])

    def postgresql(self) -> list[str]:
        """The function and trigger statements for PostgreSQL."""
        when = _NULL_SAFE_IS.sub(lambda m: f"{m[1]} IS {'' if m[2] else 'NOT '}DISTINCT FROM {m[3]}", self.when)
        refuse = f"RAISE EXCEPTION '{self.message}' USING ERRCODE = '23000';"
        body = f"IF {when} THEN {refuse} END IF;" if when else refuse
        row = "OLD" if self.event == "DELETE" else "NEW"
        event = f"UPDATE OF {self.columns}" if self.columns else self.event
        return [
            f"CREATE FUNCTION {function_name(self.name)}() RETURNS trigger LANGUAGE plpgsql AS $fn$ "
            f"BEGIN {body} RETURN {row}; END $fn$",
            f"CREATE TRIGGER {self.name} BEFORE {event} ON {self.table} FOR EACH ROW "
            f"EXECUTE FUNCTION {function_name(self.name)}()",
        ]


def function_name(trigger: str) -> str:
    return f"{trigger}_refuse"


def _dialect() -> str:
    return op.get_bind().dialect.name


def create_trigger(name: str, body: str) -> None:
    """Create refusal trigger ``name`` (body in SQLite's syntax, see the module docstring) on this dialect."""
    if _dialect() == "sqlite":
        op.execute(f"CREATE TRIGGER {name} {body}")
        return
    for statement in RefusalTrigger.parse(name, body).postgresql():
        op.execute(statement)


def drop_trigger(name: str, *, if_exists: bool = False) -> None:
    """Drop refusal trigger ``name`` (on PostgreSQL: its function, and with it the trigger)."""
    guard = "IF EXISTS " if if_exists else ""
    if _dialect() == "sqlite":
        op.execute(f"DROP TRIGGER {guard}{name}")
    else:
        op.execute(f"DROP FUNCTION {guard}{function_name(name)}() CASCADE")


def column_type(type_: sa.types.TypeEngine) -> str:
    """A column type as this dialect writes it (DateTime: SQLite's DATETIME, PostgreSQL's TIMESTAMP)."""
    return str(type_.compile(dialect=op.get_bind().dialect))


def byte_order(table: str, column: str, type_: sa.types.TypeEngine, *, undo: bool = False) -> None:
    """Compare and sort ``table.column`` by its bytes (code point order), whatever the server's locale.

    For the search keys that prefix ranges read (services/_query.py ``prefix_range``: ``key >= 'smi' AND key <
    'smi' || U+10FFFF``). SQLite compares text by its bytes already (BINARY), so there this changes nothing. A
    PostgreSQL database takes its collation from the server's locale (en_US.UTF-8 on a Debian server, the
    Windows locale on a Windows one): there every comparison goes through the locale's rules, slower than
    comparing bytes, and whether U+10FFFF sorts after every letter is up to each platform's tables (a Windows
    collation compares UTF-16, where it is a surrogate pair). COLLATE "C" makes the range exact and the index
    order the same as SQLite's on every server; the column's indexes are rebuilt with it. ``undo``: back to the
    database's own collation.
    """
    if _dialect() == "postgresql":
        collation = "default" if undo else "C"
        op.execute(f'ALTER TABLE {table} ALTER COLUMN {column} TYPE {column_type(type_)} COLLATE "{collation}"')
