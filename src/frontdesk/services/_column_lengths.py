"""Text longer than its column is refused before it is written, as a ValidationError naming the field.

PostgreSQL enforces VARCHAR(n) (the row is refused with a driver error the person cannot act on); SQLite
stores any length. Service bodies clean their input with ``domain.text.clean_text(..., max_len=...)``, which
gives the form its message; this is the net under them, so that the two engines behave the same whatever a
body forgot: every flush checks the text attributes it is about to write (new rows, changed attributes only,
never a value already stored) against their column's length. Core ``insert()``/``update()`` statements do not
pass here (the bulk loaders of the benchmarks and the demo write known-good values).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import String, event, inspect
from sqlalchemy.orm import Session

from frontdesk.errors import ValidationError


def _label(key: str) -> str:
    return key.replace("_", " ").capitalize()


def _overlong(obj: object, *, new: bool) -> ValidationError | None:
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        column = attr.columns[0]
        length = getattr(column.type, "length", None)
        if not isinstance(column.type, String) or not length:
            continue
        if not new and not state.attrs[attr.key].history.has_changes():
            continue
        value = state.dict.get(attr.key)
        if isinstance(value, str) and len(value) > length:
            return ValidationError(attr.key, f"{_label(attr.key)} is too long: at most {length} characters.")
    return None


@event.listens_for(Session, "before_flush")
def _refuse_overlong_text(session: Session, _context: Any, _instances: Any) -> None:
    for objects, new in ((session.new, True), (session.dirty, False)):
        for obj in objects:
            error = _overlong(obj, new=new)
            if error is not None:
                raise error
