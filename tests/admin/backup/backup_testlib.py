"""Helpers for the backup tests: file hashes, bulk rows, forged manifests, a hermetic CLI environment."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from testsupport import (  # noqa: F401  (practice_key_file: for the backup tests)
    ADMIN_PASSWORD,
    FAST_KDF,
    PASSPHRASE,
    PRACTICE,
    STAFF_PASSWORD,
    hermetic_env,
    practice_key_file,
)

from frontdesk.domain.permissions import Role
from frontdesk.first_run import FirstRunResult, create_practice
from frontdesk.paths import DataPaths
from frontdesk.services.admin import users
from frontdesk.services.session import ServiceContext
from frontdesk.storage.engine import Database, raw_key_pragma_value
from frontdesk.storage.manifest import Manifest, manifest_path_for, sha256_file
from frontdesk.storage.verify import open_backup_file, read_facts


def file_hash(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def folder_hashes(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (relative name -> SHA-256): "untouched" means this is unchanged."""
    return {str(p.relative_to(folder)): file_hash(p) for p in sorted(Path(folder).rglob("*")) if p.is_file()}


def live_hashes(db: Database) -> dict[str, str]:
    """The live database's main file and WAL (the -shm index holds only read marks)."""
    found = {}
    for suffix in ("", "-wal"):
        path = db.path.with_name(db.path.name + suffix)
        if path.exists():
            found[suffix or "main"] = file_hash(path)
    return found


def add_users(ctx: ServiceContext, count: int, prefix: str = "staff") -> None:
    for n in range(count):
        tag = "".join(chr(ord("a") + int(d)) for d in str(n))
        users.add_user(ctx, f"{prefix}{tag}", f"Staff Member {tag}", Role.FRONT_DESK, STAFF_PASSWORD)


def add_filler(db: Database, megabytes: float, *, table: str = "test_filler") -> None:
    """Grow the database with incompressible rows in a test-only table (fast: one transaction)."""
    conn = db.raw_connection()
    try:
        conn.execute(f"CREATE TABLE IF NOT EXISTS {table} (id INTEGER PRIMARY KEY, payload BLOB NOT NULL)")
        conn.execute("BEGIN IMMEDIATE")
        rows = int(megabytes * 1_000_000 / 1000)
        conn.executemany(f"INSERT INTO {table} (payload) VALUES (?)", ((os.urandom(1000),) for _ in range(rows)))
        conn.execute("COMMIT")
    finally:
        conn.close()


def count_rows(db_path: Path, key: bytes, table: str) -> int:
    conn = open_backup_file(db_path, key)
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def make_practice(root: Path, passphrase: str = PASSPHRASE) -> FirstRunResult:
    return create_practice(DataPaths(root), PRACTICE, admin_username="admin", admin_full_name="Ada Admin",
                           admin_password=ADMIN_PASSWORD, passphrase=passphrase, kdf=FAST_KDF)


def forge_manifest(path: Path, key: bytes, template: Manifest) -> Manifest:
    """A manifest that fits ``path`` exactly (size, SHA-256, facts where readable), signed with ``key``.

    Stands for a damaged file whose manifest was regenerated to match (or a forger with the key), so
    that the deeper checks, not the checksum, are what must refuse it.
    """
    digest, size = sha256_file(path)
    facts = None
    try:
        conn = open_backup_file(path, key)
        try:
            facts = read_facts(conn)
        finally:
            conn.close()
    except Exception:
        facts = None
    forged = replace(template, file=path.name, size=size, sha256=digest)
    if facts is not None:
        forged = replace(forged, page_count=facts.page_count, tables=facts.tables,
                         schema_version=facts.schema_version, audit_seq=facts.audit_seq, audit_hash=facts.audit_hash)
    manifest_path_for(path).write_bytes(forged.to_bytes(key))
    return forged


def keyed_sqlite(path: Path, key: bytes):  # type: ignore[no-untyped-def]
    import sqlcipher3

    conn = sqlcipher3.connect(str(path))
    conn.isolation_level = None
    conn.execute(f'PRAGMA key = "{raw_key_pragma_value(key)}"')
    return conn


def cli_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    """A hermetic environment: logs and platform folders in tmp, no keyring."""
    return hermetic_env(tmp_path, **extra)


def run_cli(env: dict[str, str], *args: str, timeout: float = 180) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "frontdesk", *args], env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=timeout)

