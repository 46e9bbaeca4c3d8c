"""Failure counts for sign-in names that are no account, so an unknown name locks exactly like a real one.

Without them "This account is locked" appeared only for real users, telling anyone at the screen which
usernames exist. The name is kept only as an HMAC under a key derived from the database key: the table never
holds what was typed (a password typed into the username field stays secret). Typing random names cannot grow
the table without limit: rows are forgotten a day after their last failure, and at most MAX_ROWS are kept
(the oldest go first).
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from frontdesk.models import UnknownNameFailure
from frontdesk.storage.engine import derive_subkey

MEMORY = timedelta(days=1)
MAX_ROWS = 1000


def name_digest(db_key: bytes, name: str) -> str:
    """HMAC-SHA256 of the normalised name; "surrogatepass" so a crafted name is just another name."""
    key = derive_subkey(db_key, "unknown sign-in names")
    return hmac.new(key, name.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def failures_for(session: Session, db_key: bytes, name: str, now: datetime) -> UnknownNameFailure:
    """The name's failure row (a new, empty one when it has none), after forgetting expired and surplus rows."""
    session.execute(delete(UnknownNameFailure).where(UnknownNameFailure.last_failure_at < now - MEMORY))
    digest = name_digest(db_key, name)
    row = session.get(UnknownNameFailure, digest)
    if row is not None:
        return row
    surplus = (session.scalar(select(func.count()).select_from(UnknownNameFailure)) or 0) - (MAX_ROWS - 1)
    if surplus > 0:
        oldest = select(UnknownNameFailure.name_digest).order_by(UnknownNameFailure.last_failure_at).limit(surplus)
        session.execute(delete(UnknownNameFailure).where(UnknownNameFailure.name_digest.in_(oldest)))
    row = UnknownNameFailure(name_digest=digest, failed_attempts=0, locked_until=None, last_failure_at=now)
    session.add(row)
    return row
