"""The one place that turns any exception into what a person sees (GUI and CLI alike)."""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass

from frontdesk.errors import FrontDeskError, ValidationErrors

log = logging.getLogger("frontdesk.errors")

# Server mode (PostgreSQL): what a workstation says when the practice server is gone or out of disk.
SERVER_UNAVAILABLE = "Cannot reach the practice server. Your unsaved work is kept; FrontDesk keeps retrying."
SERVER_DISK_FULL = ("The practice server's disk is full: nothing was saved. Ask whoever looks after the server "
                    "to free space.")


@dataclass(frozen=True)
class UserMessage:
    title: str
    text: str
    field: str | None = None  # for validation errors: the form field to mark (the first, when several)
    reference: str | None = None  # for unexpected errors: quote this to support
    expected: bool = True
    # every (field, text) to show beside its field: several when a whole form was checked at once
    fields: tuple[tuple[str, str], ...] = ()


def new_reference() -> str:
    return "FD-" + secrets.token_hex(4).upper()


def to_user_message(exc: BaseException) -> UserMessage:
    """Expected errors say what to fix; anything else is a bug: a reference id, details to the log only."""
    if isinstance(exc, ValidationErrors):
        problems = tuple((one.field, one.message) for one in exc.errors)
        return UserMessage(exc.title, "\n".join(text for _field, text in problems), field=exc.field,
                           fields=problems)
    if isinstance(exc, FrontDeskError):
        field = getattr(exc, "field", None)
        return UserMessage(exc.title, exc.message, field=field,
                           fields=((field, exc.message),) if isinstance(field, str) and field else ())
    reference = new_reference()
    # The traceback goes to the log; exception messages can hold PHI, so the log gets the type and frames only.
    log.error("unexpected error %s: %s", reference, type(exc).__name__,
              exc_info=(type(exc), _scrubbed(exc), exc.__traceback__))
    return UserMessage(
        "Unexpected problem",
        "FrontDesk ran into a problem it did not expect. Nothing you saved before was lost.\n"
        f"If it happens again, tell support this reference: {reference}",
        reference=reference,
        expected=False,
    )


def _scrubbed(exc: BaseException) -> BaseException:
    """A stand-in exception of the same type name with no message (messages may quote patient data)."""
    try:
        clone = type(exc).__new__(type(exc))
        clone.args = ("<message withheld from log>",)
        return clone
    except Exception:
        return RuntimeError(type(exc).__name__)
