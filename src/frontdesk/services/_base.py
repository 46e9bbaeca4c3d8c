"""The service machinery: one transaction per action, permission check, audit, changed topics.

``Actor`` and ``ServiceContext`` live in the public ``session`` module (imported here for the bodies).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Concatenate, ParamSpec, TypeVar

from sqlalchemy.orm import Session

from frontdesk.domain.permissions import Permission, Role, role_allows
from frontdesk.errors import FrontDeskError, PermissionDenied
from frontdesk.models import User
from frontdesk.services import _column_lengths  # noqa: F401  (registers the length check on every flush)
from frontdesk.services._audit_chain import append_event, seal_money
from frontdesk.services.session import Actor, ServiceContext

log = logging.getLogger(__name__)

P = ParamSpec("P")
R = TypeVar("R")


@dataclass
class Tx:
    """One open transaction handed to a service body."""

    session: Session
    ctx: ServiceContext
    actor: Actor | None
    changes: set[str] = field(default_factory=set)
    read_only: bool = False  # a ``write=False`` operation: its session is rolled back, never committed
    # An audited read (``operation(..., write=False, audited_read=True)``) collects its audit rows here; they are
    # written after the body, in a short write transaction of their own (see ``operation``).
    deferred_audits: list[dict[str, object]] | None = None

    def audit(self, action: str, *, entity_type: str = "", entity_id: str | int = "",
              patient_id: int | None = None, detail: str = "", user_id: int | None = None,
              username: str | None = None) -> None:
        """Write an audit event in this same transaction (it commits or rolls back with the change).

        In an audited read the event is kept and written right after the body succeeds (``operation``). In a
        plain read-only operation it would be rolled back unseen, so asking for one there is a programming error.
        """
        event = dict(
            action=action,
            user_id=user_id if user_id is not None else (self.actor.user_id if self.actor else None),
            username=username if username is not None else (self.actor.username if self.actor else ""),
            entity_type=entity_type, entity_id=entity_id, patient_id=patient_id, detail=detail,
        )
        if self.deferred_audits is not None:
            self.deferred_audits.append(event)
        elif self.read_only:
            raise RuntimeError(f"{action}: a read-only operation cannot audit; declare it audited_read=True")
        else:
            append_event(self.session, self.ctx.db.audit_key, **event)  # type: ignore[arg-type]
        self.changes.add("audit")

    def changed(self, *topics: str) -> None:
        self.changes.update(topics)


class CommitThenRaise(Exception):
    """Raised by a service body that must keep its writes (e.g. a failed-login count) yet fail."""

    def __init__(self, error: FrontDeskError) -> None:
        super().__init__(str(error))
        self.error = error


def _check_permission(session: Session, actor: Actor | None, permission: Permission) -> Actor | None:
    if permission is Permission.PUBLIC:
        return actor
    if actor is None:
        raise PermissionDenied("Please sign in first.")
    user = session.get(User, actor.user_id)
    if user is None or not user.active:
        raise PermissionDenied("Your account is no longer active; ask an administrator.")
    # The role is read from the database so a role change takes effect at once.
    current = Actor(user.id, user.username, user.full_name, Role(user.role))
    if not role_allows(current.role, permission):
        raise PermissionDenied(f"Your role ({current.role.label}) does not allow this.")
    return current


def _record_refusal(ctx: ServiceContext, permission: Permission, body: Callable[..., object]) -> None:
    """Audit a refused call as ``access.denied`` in its own short transaction (the refused one rolled back).

    It names the user, the operation and the permission, never the arguments (they may hold patient data).
    A signed-out call is a programming slip, not a person's attempt: there is nobody to name.
    """
    actor = ctx.actor
    if actor is None:
        return
    try:
        with ctx.db.session(write=True) as session:
            append_event(session, ctx.db.audit_key, action="access.denied", user_id=actor.user_id,
                         username=actor.username, entity_type="operation",
                         detail=f"operation={body.__module__}.{body.__qualname__} permission={permission.value}")
            ctx.db.announce(session, frozenset({"audit"}))
    except Exception as exc:  # the refusal itself must still reach the user
        log.warning("could not record a refused call: %s", type(exc).__name__)
        return
    if ctx.notify is not None:
        ctx.notify(frozenset({"audit"}))


def _write_audits(ctx: ServiceContext, events: list[dict[str, object]]) -> None:
    """Write an audited read's events in one short write transaction and tell the other workstations."""
    with ctx.db.session(write=True) as session:
        for event in events:
            append_event(session, ctx.db.audit_key, **event)  # type: ignore[arg-type]
        ctx.db.announce(session, frozenset({"audit"}))


def operation(permission: Permission, *, write: bool = True, audited_read: bool = False) -> Callable[
        [Callable[Concatenate[Tx, P], R]], Callable[Concatenate[ServiceContext, P], R]]:
    """Make a function a service operation: one transaction, permission check first, audit inside.

    ``audited_read`` (with ``write=False``) is for a view, print or export that only reads yet must be audited,
    such as a report that scans years of postings: the body runs in a read transaction and its audit rows are
    written after it in a short write transaction. A read holds no writer lock, so a report taking seconds never
    makes another workstation's save wait (in server mode the writer lock queues every write behind it). If the
    audit cannot be written the call fails and its result is not shown: nothing is viewed unaudited.

    Every public service function must carry this decorator; a test enforces it.
    """
    if audited_read and write:
        raise TypeError("audited_read is for read-only operations (write=False)")

    def decorate(body: Callable[Concatenate[Tx, P], R]) -> Callable[Concatenate[ServiceContext, P], R]:
        @functools.wraps(body)
        def run(ctx: ServiceContext, /, *args: P.args, **kwargs: P.kwargs) -> R:
            deferred: FrontDeskError | None = None
            tx: Tx | None = None
            try:
                with ctx.db.session(write=write) as session:
                    actor = _check_permission(session, ctx.actor, permission)
                    tx = Tx(session=session, ctx=ctx, actor=actor, read_only=not write,
                            deferred_audits=[] if audited_read else None)
                    try:
                        result = body(tx, *args, **kwargs)
                        if write:  # money written after the body's last audit event is sealed all the same
                            seal_money(session, ctx.db.audit_key)
                    except CommitThenRaise as wrapper:
                        deferred = wrapper.error
                        result = None  # type: ignore[assignment]
                    changes = frozenset(tx.changes)
                    if write and changes:  # other workstations hear of it only if this commits (server mode)
                        ctx.db.announce(session, changes)
                if tx.deferred_audits:  # after the read transaction has ended: see the docstring
                    _write_audits(ctx, tx.deferred_audits)
            except PermissionDenied:
                if tx is None:  # refused by the check above, not by the body's own rules
                    _record_refusal(ctx, permission, body)
                raise
            if changes and ctx.notify is not None:
                ctx.notify(changes)
            if deferred is not None:
                raise deferred
            return result

        run.__fd_permission__ = permission  # type: ignore[attr-defined]
        run.__fd_write__ = write  # type: ignore[attr-defined]
        return run

    return decorate


def require_actor(tx: Tx) -> Actor:
    if tx.actor is None:  # only reachable from a PUBLIC operation misuse
        raise PermissionDenied("Please sign in first.")
    return tx.actor



def unattended(fn: Callable[P, R]) -> Callable[P, R]:
    """Mark a job that runs with the practice key and no one signed in (scheduled backup, restore, drill, check).

    Holding the database key (or the backup's passphrase) is its authority, so it carries no permission of its
    own; a signed-in user reaches it only through an operation that checks theirs (services/admin/backups.py).
    The permission test accepts these as the one other kind of public service function.
    """
    fn.__fd_unattended__ = True  # type: ignore[attr-defined]
    return fn
