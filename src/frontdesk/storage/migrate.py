"""Schema migrations with alembic, with a safety copy taken before any upgrade."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from frontdesk.errors import StorageError
from frontdesk.paths import migrations_dir
from frontdesk.storage.engine import Database

log = logging.getLogger(__name__)
SAFETY_COPIES_KEPT = 3


def alembic_config() -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def head_revision() -> str:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    if len(heads) != 1:
        raise StorageError("The app's migrations have more than one head; this build is broken.")
    return heads[0]


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        rev = MigrationContext.configure(conn).get_current_revision()
        conn.rollback()
        return rev


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _run(db: Database, target: str, downgrade: bool = False) -> None:
    cfg = alembic_config()
    with db.engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        raw = conn.connection.driver_connection
        # Batch migrations copy and drop tables; with foreign keys on, a DROP would cascade. (PostgreSQL alters
        # tables in place and checks its foreign keys all along.)
        if sqlite:
            raw.execute("PRAGMA foreign_keys = OFF")
        try:
            cfg.attributes["connection"] = conn
            cfg.attributes["audit_key"] = db.audit_key  # 0018 seals the money already posted into the chain
            cfg.attributes["field_key"] = db.field_key  # 0023 encrypts the card images already stored
            (command.downgrade if downgrade else command.upgrade)(cfg, target)
            conn.commit()
            problems = raw.execute("PRAGMA foreign_key_check").fetchall() if sqlite else []
            if problems:
                raise StorageError("The database upgrade left broken references; the safety copy is kept.")
        finally:
            if sqlite:
                raw.execute("PRAGMA foreign_keys = ON")


def upgrade_to_head(db: Database, *, safety_dir: Path | None = None) -> str | None:
    """Bring the schema to head. Returns the safety copy's path when one was taken."""
    current = current_revision(db)
    head = head_revision()
    if current == head:
        return None
    if current is not None and current not in known_revisions():
        raise StorageError("This practice's data was written by a newer version of FrontDesk; "
                           "update the app before opening it.")
    copy_path = None
    # A server is backed up through the server (pg_dump, base backups), not by copying a file here.
    if current is not None and safety_dir is not None and db.path is not None:
        from frontdesk.storage.backup import online_backup
        from frontdesk.storage.private_files import make_private_dir

        make_private_dir(safety_dir)
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        copy_path = safety_dir / f"before-upgrade-{current}-{stamp}.db"
        online_backup(db, copy_path)
        _prune(safety_dir)
    log.info("migrating schema %s -> %s", current, head)
    _run(db, "head")
    return str(copy_path) if copy_path else None


def downgrade_to(db: Database, target: str) -> None:
    """For tests and emergencies: step the schema down to ``target``."""
    _run(db, target, downgrade=True)


def _prune(safety_dir: Path) -> None:
    copies = sorted(safety_dir.glob("before-upgrade-*.db"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in copies[SAFETY_COPIES_KEPT:]:
        old.unlink(missing_ok=True)
