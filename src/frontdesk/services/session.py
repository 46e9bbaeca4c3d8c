"""Who is acting and the handle every service call takes: the public face of the service machinery.

The UI, the command line, the demo and the tests build a ``ServiceContext`` (the database, the signed-in
``Actor`` and where to report changed topics) and pass it as the first argument of every public service
function. The transaction, permission check and audit machinery behind it stays private in ``_base``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from frontdesk.domain.permissions import Role
from frontdesk.storage.engine import Database

__all__ = ["Actor", "ServiceContext"]


@dataclass(frozen=True)
class Actor:
    """The signed-in user as the services see them."""

    user_id: int
    username: str
    full_name: str
    role: Role


class ServiceContext:
    """What every service call needs: the database, who acts, and where to report changes.

    ``notify`` is called with the set of changed topics after each successful commit; the UI
    turns it into a Qt signal so panes refresh themselves. The core never knows about Qt.
    """

    def __init__(self, db: Database, actor: Actor | None = None,
                 notify: Callable[[frozenset[str]], None] | None = None) -> None:
        self.db = db
        self.actor = actor
        self.notify = notify

    def as_actor(self, actor: Actor | None) -> "ServiceContext":
        return ServiceContext(self.db, actor, self.notify)
