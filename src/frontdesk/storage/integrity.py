"""Integrity checks of an encrypted database file (SQLCipher's and SQLite's both)."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager
from dataclasses import dataclass, field

import sqlcipher3

from frontdesk.storage.engine import Database

CHECK_CACHE_KIB = 256 * 1024  # the cache only fills as pages are read


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
        # Both checks below look rows up all over the file: with the default 8 MB cache every lookup decrypts its
        # page again (foreign_key_check on the 1.5 GB bench practice: 20 s; 4 s with 256 MB). Set after the
        # HMAC check because reading the setting reads page 1, which that check must be the one to report.
        previous = int(conn.execute("PRAGMA cache_size").fetchone()[0])
        conn.execute(f"PRAGMA cache_size = -{CHECK_CACHE_KIB}")
        result = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
        if result != ["ok"]:
            problems += [f"structure check: {text}" for text in result[:20]]
        fks = conn.execute("PRAGMA foreign_key_check").fetchall()
        if fks:
            problems.append(f"{len(fks)} broken references between tables")
        conn.execute(f"PRAGMA cache_size = {previous}")  # the connection may be the caller's to keep using
    except sqlcipher3.DatabaseError as exc:
        problems.append(f"the file could not be read ({exc})")
    return IntegrityReport(not problems, problems)


def check_database(db: Database) -> IntegrityReport:
    conn = db.raw_connection()
    try:
        return check_connection(conn)
    finally:
        conn.close()


# integrity_check is by far the longest check (one index lookup per row per index: 13 s CPU on the 1.5 GB bench
# practice) and runs on one core. split_integrity_check runs the same checks in parallel: quick_check (every
# b-tree's structure, the freelist, every page used exactly once) and integrity_check(T) for every table, in
# groups (its rows against its indexes, NOT NULL, CHECK). A table argument makes SQLite skip exactly the
# freelist and the page accounting (bPartial in btree.c), which quick_check does. Measured there: quick_check
# 5.2 s + groups 4.4 s and 6.7 s = 16.3 s CPU instead of 13.3 s, but the longest piece takes 6.7 s, not 13.3 s.
QUICK_CHECK_CACHE_KIB = 8000  # quick_check reads each page once, in order: SQLite's default cache serves it

Connect = Callable[[], AbstractContextManager[sqlcipher3.Connection]]


def integrity_lines(conn: sqlcipher3.Connection, sql: str) -> list[str]:
    """The findings of an integrity pragma, one per line, without SQLite's '*** in database' headers."""
    return [line for row in conn.execute(sql).fetchall() for line in str(row[0]).splitlines()
            if not line.startswith("***")]


def partition_tables(weights: dict[str, int], groups: int) -> list[list[str]]:
    """Every table in exactly one of at most ``groups`` parts: heaviest first, each into the lightest part."""
    parts: list[list[str]] = [[] for _ in range(groups)]
    loads = [0] * groups
    for name in sorted(weights, key=lambda n: (-weights[n], n)):
        lightest = loads.index(min(loads))
        parts[lightest].append(name)
        loads[lightest] += weights[name]
    return [part for part in parts if part]


def _run_part(connect: Connect, cache_kib: int, statements: list[str]) -> list[str]:
    """Run integrity pragmas on one connection; their findings (each pragma answers exactly 'ok' when clean)."""
    with connect() as conn:
        conn.execute(f"PRAGMA cache_size = -{cache_kib}")
        found: list[str] = []
        for sql in statements:
            lines = integrity_lines(conn, sql)
            if lines != ["ok"]:
                found += lines or [f"{sql} gave no answer"]
        return found


def split_integrity_check(connect: Connect, cache_kib: int, rows: dict[str, int], groups: int) -> list[str]:
    """What integrity_check finds (no 'ok'), found by quick_check plus integrity_check(T) for every table in
    ``groups`` parallel groups, each on its own connection from ``connect`` sharing ``cache_kib`` of cache."""
    with connect() as conn:  # the file's own tables: one the manifest does not list is checked too
        indexes = {str(name): int(count) for name, count in conn.execute(
            "SELECT t.name, (SELECT count(*) FROM sqlite_master i WHERE i.type = 'index' AND i.tbl_name = t.name) "
            "FROM sqlite_master t WHERE t.type = 'table'")}
    # the work is one lookup per row per index, plus reading the row (``rows``: the expected counts)
    weights = {name: (rows.get(name, 0) + 1) * (count + 1) for name, count in indexes.items()}
    parts = [["PRAGMA quick_check"]] + [
        [f"PRAGMA integrity_check('{name.replace(chr(39), chr(39) * 2)}')" for name in part]
        for part in partition_tables(weights, groups)]
    with ThreadPoolExecutor(max_workers=len(parts), thread_name_prefix="fd-verify-structure") as pool:
        futures = [pool.submit(_run_part, connect, QUICK_CHECK_CACHE_KIB if n == 0 else cache_kib // groups, part)
                   for n, part in enumerate(parts)]
        return [line for future in futures for line in future.result()]
