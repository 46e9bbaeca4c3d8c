"""Alembic migrations on encrypted databases: head, model agreement, round trips, refusals, safety copies."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from frontdesk.errors import StorageError
from frontdesk.models import Base
from frontdesk.storage import migrate
from frontdesk.storage.backup import open_copy
from frontdesk.storage.engine import Database
from frontdesk.storage.migrate import (
    alembic_config,
    current_revision,
    downgrade_to,
    head_revision,
    upgrade_to_head,
)
from frontdesk.storage.store import open_practice_store

AUDIT_TRIGGERS = {"audit_event_no_update", "audit_event_no_delete"}


@pytest.fixture
def empty_db(tmp_path):
    """A brand-new encrypted database with no schema at all."""
    db = Database(tmp_path / "frontdesk.db", os.urandom(32), create=True)
    yield db
    db.close()


def _tables(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {r[0] for r in rows}


def _triggers(db: Database) -> set[str]:
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE type = 'trigger'").fetchall()
    return {r[0] for r in rows}


def test_there_is_a_single_head() -> None:
    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    assert len(heads) == 1
    assert head_revision() == heads[0]


def test_empty_database_upgrades_to_head(empty_db) -> None:
    assert current_revision(empty_db) is None
    assert upgrade_to_head(empty_db) is None  # nothing to protect, so no safety copy
    assert current_revision(empty_db) == head_revision()
    assert set(Base.metadata.tables) <= _tables(empty_db)
    assert upgrade_to_head(empty_db) is None  # already at head: a no-op


def test_models_and_migrations_agree(empty_db) -> None:
    upgrade_to_head(empty_db)
    with empty_db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True, "compare_server_default": True})
        assert compare_metadata(context, Base.metadata) == []


def test_audit_triggers_exist_after_upgrade(empty_db) -> None:
    upgrade_to_head(empty_db)
    assert AUDIT_TRIGGERS <= _triggers(empty_db)


def test_upgrade_downgrade_upgrade_round_trip(empty_db) -> None:
    upgrade_to_head(empty_db)
    downgrade_to(empty_db, "base")
    assert current_revision(empty_db) is None
    assert _tables(empty_db) == {"alembic_version"}
    assert _triggers(empty_db) == set()
    upgrade_to_head(empty_db)
    assert current_revision(empty_db) == head_revision()
    assert AUDIT_TRIGGERS <= _triggers(empty_db)
    with empty_db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
    with empty_db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1  # restored after migrating


def _stamp(db: Database, revision: str) -> None:
    conn = db.raw_connection()
    try:
        conn.execute("UPDATE alembic_version SET version_num = ?", (revision,))
    finally:
        conn.close()


def test_database_from_a_newer_frontdesk_is_refused(practice, data_paths) -> None:
    db = practice.db
    _stamp(db, "9999_from_the_future")
    with pytest.raises(StorageError, match="newer version of FrontDesk"):
        upgrade_to_head(db, safety_dir=data_paths.safety_dir)
    assert current_revision(db) == "9999_from_the_future"
    assert not data_paths.safety_dir.exists()
    key = db.key
    db.close()
    with pytest.raises(StorageError, match="newer version of FrontDesk"):
        open_practice_store(data_paths, key)


def _extended_migrations(tmp_path: Path, *, fail: bool = False) -> Path:
    """The app's migrations plus one more revision, as a future FrontDesk would ship them."""
    folder = tmp_path / "migrations"
    shutil.copytree(migrate.migrations_dir(), folder, ignore=shutil.ignore_patterns("__pycache__"))
    body = "raise RuntimeError('migration bug')" if fail else "pass"
    (folder / "versions" / "9000_probe.py").write_text(textwrap.dedent(f"""
        \"\"\"Test-only revision: adds a table.\"\"\"
        import sqlalchemy as sa
        from alembic import op

        revision = "9000"
        down_revision = "{head_revision()}"
        branch_labels = None
        depends_on = None


        def upgrade():
            op.create_table("zz_probe", sa.Column("id", sa.Integer(), primary_key=True))
            {body}


        def downgrade():
            op.drop_table("zz_probe")
    """), encoding="utf-8")
    return folder


def test_upgrade_of_an_older_schema_takes_a_safety_copy_first(practice, data_paths, tmp_path, monkeypatch) -> None:
    old_head = head_revision()
    key = practice.db.key
    practice.db.close()
    extended = _extended_migrations(tmp_path)
    monkeypatch.setattr(migrate, "migrations_dir", lambda: extended)
    assert head_revision() == "9000"

    db = open_practice_store(data_paths, key)
    try:
        assert current_revision(db) == "9000"
        assert "zz_probe" in _tables(db)
    finally:
        db.close()
    copies = sorted(data_paths.safety_dir.glob(f"before-upgrade-{old_head}-*.db"))
    assert len(copies) == 1
    copy = open_copy(copies[0], key)
    try:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchone()[0] == old_head
        assert copy.execute("SELECT count(*) FROM sqlite_master WHERE name = 'zz_probe'").fetchone()[0] == 0
        assert copy.execute("SELECT username FROM app_user").fetchall() == [("admin",)]
    finally:
        copy.close()


def test_a_failed_upgrade_leaves_the_database_as_it_was(practice, data_paths, tmp_path, monkeypatch) -> None:
    old_head = head_revision()
    key = practice.db.key
    practice.db.close()
    extended = _extended_migrations(tmp_path, fail=True)
    monkeypatch.setattr(migrate, "migrations_dir", lambda: extended)
    with pytest.raises(RuntimeError, match="migration bug"):
        open_practice_store(data_paths, key)
    assert len(list(data_paths.safety_dir.glob("before-upgrade-*.db"))) == 1
    monkeypatch.undo()
    db = open_practice_store(data_paths, key)
    try:
        assert current_revision(db) == old_head
        assert "zz_probe" not in _tables(db)
    finally:
        db.close()


def test_only_the_newest_safety_copies_are_kept(practice, data_paths, tmp_path, monkeypatch) -> None:
    old_head = head_revision()
    key = practice.db.key
    practice.db.close()
    data_paths.safety_dir.mkdir()
    for n in range(4):
        old = data_paths.safety_dir / f"before-upgrade-old-{n}.db"
        old.write_bytes(b"old copy")
        os.utime(old, (1_000_000 + n, 1_000_000 + n))
    extended = _extended_migrations(tmp_path)
    monkeypatch.setattr(migrate, "migrations_dir", lambda: extended)
    open_practice_store(data_paths, key).close()
    kept = sorted(p.name for p in data_paths.safety_dir.iterdir())
    assert len(kept) == migrate.SAFETY_COPIES_KEPT == 3
    assert "before-upgrade-old-3.db" in kept and "before-upgrade-old-2.db" in kept
    assert any(name.startswith(f"before-upgrade-{old_head}-") for name in kept)


def test_a_failed_upgrade_leaves_foreign_keys_on(practice, tmp_path, monkeypatch) -> None:
    # Migrations switch foreign keys off; a failure must not hand a connection without them back to the pool.
    db = practice.db
    extended = _extended_migrations(tmp_path, fail=True)
    monkeypatch.setattr(migrate, "migrations_dir", lambda: extended)
    with pytest.raises(RuntimeError, match="migration bug"):
        upgrade_to_head(db)
    for _ in range(3):
        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
