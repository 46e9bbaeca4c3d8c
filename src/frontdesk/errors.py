"""The one error hierarchy: every failure a user may see is one of these."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar

T = TypeVar("T")


class FrontDeskError(Exception):
    """Base of every error the app expects and can explain to a person."""

    #: short title for dialogs and the CLI
    title = "Something went wrong"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(FrontDeskError):
    """Input is not acceptable; ``field`` names the form field to fix."""

    title = "Please check the form"

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class ValidationErrors(ValidationError):
    """Several fields of one form are wrong at once; ``errors`` holds one ValidationError per field.

    It is a ValidationError about the first of them, so code that handles one field error still works;
    forms show every one beside its field.
    """

    def __init__(self, errors: Iterable[ValidationError]) -> None:
        flat: list[ValidationError] = []
        for error in errors:
            flat.extend(error.errors if isinstance(error, ValidationErrors) else (error,))
        if not flat:
            raise ValueError("ValidationErrors needs at least one error")
        super().__init__(flat[0].field, flat[0].message)
        self.errors = tuple(flat)

    def __str__(self) -> str:
        return "\n".join(error.message for error in self.errors)


class FieldErrors:
    """Collects the ValidationErrors of a whole form so the person sees every wrong field at once.

    ``check(clean, *args)`` runs one field's cleaner and returns its value, or None after noting its error;
    ``raise_any()`` raises them together (a ValidationErrors, or the one ValidationError). Only the first
    error about a field is kept: a second rule about the same field waits until the first is fixed.
    """

    def __init__(self) -> None:
        self._errors: dict[str, ValidationError] = {}

    def __bool__(self) -> bool:
        return bool(self._errors)

    def add(self, error: ValidationError) -> None:
        for one in error.errors if isinstance(error, ValidationErrors) else (error,):
            self._errors.setdefault(one.field, one)

    def check(self, clean: Callable[..., T], *args: object, **kwargs: object) -> T | None:
        try:
            return clean(*args, **kwargs)
        except ValidationError as error:
            self.add(error)
            return None

    def raise_any(self) -> None:
        errors = list(self._errors.values())
        if len(errors) == 1:
            raise errors[0]
        if errors:
            raise ValidationErrors(errors)


class ConflictError(FrontDeskError):
    """The action clashes with saved data (duplicate, stale edit, overlap); ``field`` may name the form field."""

    title = "Conflict"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(FrontDeskError):
    """A record the action needs does not exist (any more)."""

    title = "Not found"


class OperationCancelled(FrontDeskError):
    """The person stopped a long job (a backup) before its point of no return; it cleaned up as for a failure.

    Not a failure to record: a cancelled backup leaves no file and no failed-run row.
    """

    title = "Cancelled"

    def __init__(self, message: str = "Cancelled.") -> None:
        super().__init__(message)


class PermissionDenied(FrontDeskError):
    """The signed-in user's role does not allow the action."""

    title = "Not allowed"


class AuthenticationError(FrontDeskError):
    """Sign-in failed; the message never says whether the user exists."""

    title = "Sign-in failed"


class AccountLocked(AuthenticationError):
    """Too many failed sign-ins; the account is locked for a while."""

    title = "Account locked"


class StorageError(FrontDeskError):
    """The database or a file could not be read or written."""

    title = "Storage problem"


class WrongKeyError(StorageError):
    """The passphrase or recovery key does not open this practice's data."""

    title = "Wrong passphrase"


class DamagedFileError(StorageError):
    """A database, key file or backup is damaged or is not ours."""

    title = "Damaged file"


class DiskFullError(StorageError):
    """The disk holding the data (or the backup target) is full."""

    title = "Disk full"


class ServerUnavailableError(StorageError):
    """The practice server (server mode) cannot be reached: down, restarting, or the network is cut.

    Nothing of the action was saved (its transaction never committed); the workstation keeps the person's
    input and retries in the background until the server answers again.
    """

    title = "Practice server unreachable"


class ServerAlreadySetUpError(StorageError):
    """Server setup found FrontDesk set up on that PostgreSQL server before; nothing was changed.

    ``enrolled``: how many PCs have enrolled with it (0: none yet, its first enrolment code unused; None: not
    counted). The message is for the person at the command line; the setup wizard words its own from this.
    """

    title = "Practice server already set up"

    def __init__(self, message: str, enrolled: int | None) -> None:
        super().__init__(message)
        self.enrolled = enrolled


class KeyUnavailableError(StorageError):
    """No way to obtain the database key without asking a person."""

    title = "Passphrase needed"


def storage_error_from_os(exc: OSError, what: str, *, writing: bool = False) -> StorageError:
    """Translate an OSError into a StorageError that says what failed and why, in words.

    ``writing``: the error came from creating or replacing the file, so a missing name means the folder
    (not the file) is missing or refuses new files, as /proc does.
    """
    import errno

    code = exc.errno
    if code in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)):
        return DiskFullError(f"The disk is full: could not write {what}.")
    if code == errno.EROFS:
        return StorageError(f"No permission to write {what}: read-only file system (the folder is read-only or "
                            "protected).")
    if code in (errno.EACCES, errno.EPERM):
        return StorageError(f"No permission to write {what}: permission denied (the folder is read-only or "
                            "protected).")
    if code == errno.ENOENT:
        if writing:
            return StorageError(f"Could not write {what}: no such folder, or the folder does not take new files.")
        return StorageError(f"{what[:1].upper()}{what[1:]} does not exist.")
    if code == errno.ENOTDIR:
        return StorageError(f"Could not write {what}: part of the path is a file, not a folder.")
    if code == errno.EISDIR:
        return StorageError(f"Could not write {what}: that name is a folder, not a file.")
    if code == errno.ENAMETOOLONG:
        return StorageError(f"Could not write {what}: the name is too long.")
    return StorageError(f"Could not access {what}: {exc.strerror or exc.__class__.__name__}.")
