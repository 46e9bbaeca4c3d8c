"""The one error hierarchy: every failure a user may see is one of these."""

from __future__ import annotations


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


class ConflictError(FrontDeskError):
    """The action clashes with saved data (duplicate, stale edit, overlap); ``field`` may name the form field."""

    title = "Conflict"

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


class NotFoundError(FrontDeskError):
    """A record the action needs does not exist (any more)."""

    title = "Not found"


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


class KeyUnavailableError(StorageError):
    """No way to obtain the database key without asking a person."""

    title = "Passphrase needed"


def storage_error_from_os(exc: OSError, what: str) -> StorageError:
    """Translate an OSError into a StorageError that says what failed and why."""
    import errno

    if exc.errno == errno.ENOSPC:
        return DiskFullError(f"The disk is full: could not write {what}.")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StorageError(f"No permission to write {what} (the folder is read-only or protected).")
    if exc.errno == errno.ENOENT:
        return StorageError(f"{what[:1].upper()}{what[1:]} does not exist.")
    return StorageError(f"Could not access {what}: {exc.strerror or exc.__class__.__name__}.")
