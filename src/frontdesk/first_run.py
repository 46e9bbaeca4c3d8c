"""First run without Qt: create the key file, the database and the practice with its first admin (or, on a
practice server, the practice and its first admin in the server's database)."""

from __future__ import annotations

from dataclasses import dataclass

from frontdesk.paths import DataPaths
from frontdesk.services.admin import practice as practice_service
from frontdesk.services.session import Actor, ServiceContext
from frontdesk.storage.engine import Database
from frontdesk.storage.keyring_cache import KeyCache
from frontdesk.storage.keys import check_passphrase_strength
from frontdesk.storage.store import create_practice_store
from frontdesk.domain.passwords import check_password_policy
from frontdesk.services.admin.users import clean_username


@dataclass(frozen=True)
class FirstRunResult:
    db: Database
    actor: Actor
    practice: practice_service.PracticeInfo
    recovery_key: str
    key_id: str


def validate_first_run(details: practice_service.PracticeDetails, admin_username: str, admin_full_name: str,
                       admin_password: str, passphrase: str) -> None:
    """Check everything before any file is written, so a typo never leaves half a practice behind."""
    validate_practice_and_admin(details, admin_username, admin_full_name, admin_password)
    check_passphrase_strength(passphrase)


def validate_practice_and_admin(details: practice_service.PracticeDetails, admin_username: str,
                                admin_full_name: str, admin_password: str) -> None:
    """The practice details and the first administrator, by the services' own rules (no database needed)."""
    values = practice_service.clean_details(details)
    name = clean_username(admin_username)
    check_password_policy(admin_password, username=name, context=(admin_full_name, values.get("legal_name", "")))
    from frontdesk.domain.text import clean_text

    clean_text(admin_full_name, "full_name", "Full name", max_len=120, required=True)


def create_practice(paths: DataPaths, details: practice_service.PracticeDetails, *, admin_username: str,
                    admin_full_name: str, admin_password: str, passphrase: str, is_demo: bool = False,
                    kdf: dict[str, int] | None = None) -> FirstRunResult:
    """Everything the setup wizard does, in order; on failure nothing half-made is left behind."""
    validate_first_run(details, admin_username, admin_full_name, admin_password, passphrase)
    db, keys = create_practice_store(paths, passphrase, kdf=kdf)
    try:
        info, actor = practice_service.setup_practice(ServiceContext(db), details, admin_username, admin_full_name,
                                                      admin_password, is_demo=is_demo)
    except BaseException:
        db.close()
        for leftover in (paths.database, paths.key_file):
            leftover.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            paths.database.with_name(paths.database.name + suffix).unlink(missing_ok=True)
        raise
    from frontdesk.storage.keys import KeyFile

    return FirstRunResult(db, actor, info, keys.recovery_key, KeyFile.load(paths.key_file).key_id)


def server_has_practice(db: Database) -> bool:
    """False while a practice server's database holds no practice yet (the first workstation sets it up)."""
    return bool(practice_service.is_set_up(ServiceContext(db)))


def open_server_practice(paths: DataPaths, cache: KeyCache, *, min_version: int | None = None
                         ) -> tuple[Database, bool]:
    """The enrolled server's practice database, open, and whether it holds a practice yet (start-up, wizard)."""
    from frontdesk.storage.store import open_server_store

    db = open_server_store(paths, cache, min_version=min_version)
    try:
        return db, server_has_practice(db)
    except BaseException:
        db.close()
        raise


def create_server_practice(db: Database, details: practice_service.PracticeDetails, *, admin_username: str,
                           admin_full_name: str, admin_password: str) -> FirstRunResult:
    """The first enrolled workstation sets up the practice on the server: details and first administrator.

    No key file, passphrase or recovery key: in server mode the practice key lives in the enrolment codes and
    each workstation's keyring. One transaction on the server, so a failure leaves no half practice."""
    validate_practice_and_admin(details, admin_username, admin_full_name, admin_password)
    info, actor = practice_service.setup_practice(ServiceContext(db), details, admin_username, admin_full_name,
                                                  admin_password)
    return FirstRunResult(db, actor, info, recovery_key="", key_id="")
