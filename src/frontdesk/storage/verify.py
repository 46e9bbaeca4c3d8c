"""Verifying a backup file against its manifest: size, checksum, key, identity, schema, structure, counts.

The checks that read the whole file (SHA-256, cipher_integrity_check, integrity_check) run in
parallel threads: each has its own connection, and SQLite and hashlib release the GIL while working.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import sqlcipher3

from frontdesk.errors import DamagedFileError
from frontdesk.storage.engine import APPLICATION_ID, raw_key_pragma_value
from frontdesk.storage.manifest import Manifest, Progress, sha256_file

SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"
GENESIS_HASH = "0" * 64  # the audit chain's start (services._audit_chain); storage does not import services
# integrity_check looks every index entry up in its table: a page cache that holds the whole file saves
# decrypting the same pages again and again (200 MB file: 7.8 s with the default 8 MB cache, 2.6 s with it
# all cached; 1 GB file: 13.9 s with 512 MB, 9.9 s with 1.1 GB).
# The cache only fills as pages are read and is freed when the check ends.
VERIFY_CACHE_MAX_KIB = 1024 * 1024


@dataclass(frozen=True)
class SnapshotFacts:
    """What a database says about itself: layout, schema version, row counts, audit anchor."""

    application_id: int
    page_size: int
    page_count: int
    schema_version: str | None
    tables: dict[str, int]
    audit_seq: int
    audit_hash: str


@dataclass(frozen=True)
class VerifyReport:
    """The result of verifying one backup file; ``problems`` in the order the checks run."""

    ok: bool
    problems: tuple[str, ...]
    facts: SnapshotFacts | None = None
    seconds: float = 0.0
    checks: tuple[str, ...] = field(default=())

    def first_problem(self) -> str:
        return self.problems[0] if self.problems else ""


def quote_ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def read_facts(conn: sqlcipher3.Connection) -> SnapshotFacts:
    """Read the facts inside the caller's transaction (so they describe one snapshot)."""
    tables = [row[0] for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    counts = {name: int(conn.execute(f"SELECT count(*) FROM {quote_ident(name)}").fetchone()[0]) for name in tables}
    schema = None
    if "alembic_version" in counts:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        schema = None if row is None else str(row[0])
    audit_seq, audit_hash = 0, GENESIS_HASH
    if "audit_event" in counts:
        row = conn.execute("SELECT seq, hash FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone()
        if row is not None:
            audit_seq, audit_hash = int(row[0]), str(row[1])
    return SnapshotFacts(
        application_id=int(conn.execute("PRAGMA application_id").fetchone()[0]),
        page_size=int(conn.execute("PRAGMA page_size").fetchone()[0]),
        page_count=int(conn.execute("PRAGMA page_count").fetchone()[0]),
        schema_version=schema, tables=counts, audit_seq=audit_seq, audit_hash=audit_hash)


def open_backup_file(path: Path, key: bytes, *, cache_kib: int = 0) -> sqlcipher3.Connection:
    """Open a backup read-only with its key (caller closes). SQLCipher's own error log is silenced:
    a damaged backup is an expected case here and is reported in words, not on stderr."""
    conn = sqlcipher3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    conn.isolation_level = None
    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f'PRAGMA key = "{raw_key_pragma_value(key)}"')
    conn.execute("PRAGMA temp_store = MEMORY")  # a temp file would hold plaintext
    if cache_kib:
        conn.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
    return conn


def _file_problems(path: Path, name: str, size_expected: int | None, page_size: int) -> list[str]:
    """Cheap checks first, so a cut-off or foreign file gets a plain answer without a full read."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return [f"the backup file {name} is missing (a backup is two files: .fdbackup and .fdbackup.json)"]
    if size == 0:
        return [f"the backup file {name} is empty (0 bytes)"]
    with open(path, "rb") as fh:
        header = fh.read(len(SQLITE_PLAIN_HEADER))
    if header == SQLITE_PLAIN_HEADER:
        return [f"{name} is a plain, unencrypted SQLite file, not a FrontDesk backup"]
    if size_expected is not None and size < size_expected:
        return [(f"the backup file {name} is cut short ({size:,} of {size_expected:,} bytes): it was not copied "
                 "completely")]
    if size_expected is not None and size > size_expected:
        return [(f"the backup file {name} is longer than its manifest says ({size:,} instead of "
                 f"{size_expected:,} bytes)")]
    if size % max(page_size, 1):
        return [f"the backup file {name} does not end on a page boundary: it is damaged"]
    return []


def _checksum(path: Path, progress: Progress | None) -> str:
    return sha256_file(path, progress, "verify")[0]


def _cipher_lines(conn: sqlcipher3.Connection) -> list[str]:
    """cipher_integrity_check's findings (every page's HMAC), [] when all pages authenticate."""
    try:
        return [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    except sqlcipher3.Error as exc:
        return [f"the check could not run ({_short(exc)})"]


def _unreadable(conn: sqlcipher3.Connection, exc: sqlcipher3.Error) -> str:
    """Say why a file that should open does not: wrong key or page 1 damaged, a damaged page, a cut."""
    cipher = _cipher_lines(conn)
    pages = "; ".join(cipher[:3])
    if "not a database" in str(exc):
        if cipher and cipher[0].endswith(" page 1"):
            return ("it cannot be decrypted with its key: its first page fails the encryption check (the file is "
                    "damaged, or is not this backup's database)")
        return f"it cannot be decrypted with its key ({pages or _short(exc)})"
    if cipher:
        return f"the encryption check (cipher_integrity_check) failed: {pages}"
    return f"its structure is damaged ({_short(exc)}): the file may have been cut short"


def _content_problems(path: Path, key: bytes, expected: SnapshotFacts) -> tuple[list[str], SnapshotFacts | None]:
    """Identity, layout, schema, references, row counts, audit anchor, then every page's HMAC."""
    conn = None
    try:
        conn = open_backup_file(path, key)
        try:
            conn.execute("BEGIN")
            facts = read_facts(conn)
            fks = conn.execute("PRAGMA foreign_key_check").fetchall()
            conn.execute("COMMIT")
        except sqlcipher3.DatabaseError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            return [_unreadable(conn, exc)], None
        if facts.application_id != APPLICATION_ID:
            return [(f"it is another program's database, not FrontDesk's (application id "
                     f"{facts.application_id:#x})")], facts
        problems: list[str] = []
        if (facts.page_count, facts.page_size) != (expected.page_count, expected.page_size):
            problems.append(f"it has {facts.page_count:,} pages of {facts.page_size} bytes instead of "
                            f"{expected.page_count:,} of {expected.page_size}")
        if facts.schema_version != expected.schema_version:
            problems.append(f"its schema version ({facts.schema_version}) is not the expected "
                            f"{expected.schema_version}")
        if fks:
            problems.append(f"the foreign key check found {len(fks)} broken references between tables")
        for table in sorted(set(facts.tables) | set(expected.tables)):
            have, want = facts.tables.get(table), expected.tables.get(table)
            if have != want:
                problems.append(f"table {table} has {have if have is not None else 'no'} rows instead of "
                                f"{want if want is not None else 'none'}")
        if (facts.audit_seq, facts.audit_hash) != (expected.audit_seq, expected.audit_hash):
            problems.append(f"its audit trail ends at event #{facts.audit_seq}, not at the anchor "
                            f"#{expected.audit_seq}")
        cipher = _cipher_lines(conn)
        if cipher:
            problems.append(f"the encryption check (cipher_integrity_check) failed: {'; '.join(cipher[:3])}")
        return problems, facts
    except sqlcipher3.Error as exc:
        return [f"it could not be read ({_short(exc)})"], None
    finally:
        if conn is not None:
            conn.close()


def _structure_problems(path: Path, key: bytes, size: int) -> list[str]:
    conn = None
    try:
        conn = open_backup_file(path, key, cache_kib=min(size // 1024 + 4096, VERIFY_CACHE_MAX_KIB))
        rows = [line for row in conn.execute("PRAGMA integrity_check").fetchall() for line in str(row[0]).splitlines()
                if not line.startswith("***")]
        if rows != ["ok"]:
            return [f"the structure check (integrity_check) failed: {'; '.join(rows[:3])}"]
        return []
    except sqlcipher3.Error as exc:
        return [f"the structure check (integrity_check) could not run ({_short(exc)})"]
    finally:
        if conn is not None:
            conn.close()


def _short(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__


FILE_CHECKS = ("size and header", "SHA-256", "application id", "page count", "schema version", "foreign_key_check",
               "row counts", "audit anchor", "cipher_integrity_check", "integrity_check")


def check_copy(path: Path, key: bytes, expected: SnapshotFacts, *, name: str, size: int | None = None,
               sha256: str | None = None,
               progress: Progress | None = None) -> tuple[list[str], SnapshotFacts | None, str]:
    """Check a database file against the facts it must have; returns (problems, facts read, its SHA-256).

    With ``sha256`` given, a different checksum is a problem; without it, the checksum is only computed
    (a new backup's manifest is written from it).
    """
    problems = _file_problems(Path(path), name, size, expected.page_size)
    if problems:
        return problems, None, ""
    real_size = Path(path).stat().st_size
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="fd-verify") as pool:
        checksum = pool.submit(_checksum, Path(path), progress)
        content = pool.submit(_content_problems, Path(path), key, expected)
        structure = pool.submit(_structure_problems, Path(path), key, real_size)
        digest = checksum.result()
        content_problems, facts = content.result()
        structure_problems = structure.result()
    if sha256 is not None and digest != sha256:
        problems.append(f"the backup file {name} does not match its manifest's SHA-256 checksum: it was damaged "
                        "or changed after it was made")
    problems += content_problems
    if facts is not None:  # a file that cannot even be decrypted gets no second, vaguer message
        problems += structure_problems
    return problems, facts, digest


def manifest_facts(manifest: Manifest) -> SnapshotFacts:
    return SnapshotFacts(APPLICATION_ID, manifest.page_size, manifest.page_count, manifest.schema_version,
                         dict(manifest.tables), manifest.audit_seq, manifest.audit_hash)


def verify_backup(path: Path, manifest: Manifest, key: bytes, *, progress: Progress | None = None) -> VerifyReport:
    """Check a published backup against its manifest with ``key``; never modifies the file.

    Order: the key-check value (a wrong key), the manifest's HMAC (an edited manifest), size and header
    (empty, cut short, plaintext), then in parallel the SHA-256, the identity/schema/row-count/audit-anchor/
    cipher_integrity_check pass and integrity_check.
    """
    started = time.perf_counter()
    path = Path(path)
    if not manifest.key_matches(key):
        return VerifyReport(False, ("it was made with a different database key",), None,
                            time.perf_counter() - started, ("key check",))
    if not manifest.mac_ok(key):
        return VerifyReport(False, ("its manifest was altered after the backup was made (signature mismatch)",),
                            None, time.perf_counter() - started, ("key check", "manifest signature"))
    if manifest.file != path.name:
        return VerifyReport(False, (f"its manifest describes {manifest.file}, not {path.name}",), None,
                            time.perf_counter() - started, ("key check", "manifest signature"))
    problems, facts, _ = check_copy(path, key, manifest_facts(manifest), name=path.name, size=manifest.size,
                                    sha256=manifest.sha256, progress=progress)
    return VerifyReport(not problems, tuple(problems), facts, time.perf_counter() - started,
                        ("key check", "manifest signature", *FILE_CHECKS))


def require_verified(path: Path, manifest: Manifest, key: bytes, *, progress: Progress | None = None) -> VerifyReport:
    """:func:`verify_backup`, raising DamagedFileError with the first problem when it fails."""
    report = verify_backup(path, manifest, key, progress=progress)
    if not report.ok:
        raise DamagedFileError(f"The backup {Path(path).name} cannot be used: {report.first_problem()}.")
    return report
