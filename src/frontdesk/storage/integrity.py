"""Integrity checks of an encrypted database file (SQLCipher's and SQLite's both)."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlcipher3

from frontdesk.storage.engine import Database


@dataclass(frozen=True)
class IntegrityReport:
    ok: bool
    problems: list[str] = field(default_factory=list)


def check_connection(conn: sqlcipher3.Connection) -> IntegrityReport:
    """cipher_integrity_check (HMACs), integrity_check (b-trees: catches page-aligned truncation) and FKs."""
    problems: list[str] = []
    try:
        cipher = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
        problems += [f"encryption check: {text}" for text in cipher]
        result = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            problems += [f"structure check: {text}" for text in result[:20]]
        fks = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fks:
            problems.append(f"{len(fks)} broken references between tables")
    except sqlcipher3.DatabaseError as exc:
        problems.append(f"the file could not be read ({exc})")
    return IntegrityReport(not problems, problems)


def check_database(db: Database) -> IntegrityReport:
    conn = db.raw_connection()
    try:
        return check_connection(conn)
    finally:
        conn.close()
