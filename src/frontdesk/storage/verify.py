"""Verifying a backup file against its manifest: size, checksum, key, identity, schema, structure, counts.

The four checks that read the whole file (SHA-256; cipher_integrity_check; facts, row counts and
foreign_key_check; integrity_check, itself split in parallel parts) run in parallel threads: each has
its own connection, and SQLite and hashlib release the GIL while working. The calling thread reports progress and, when the
progress callback raises (Cancel), interrupts them all.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import sqlcipher3

from frontdesk.errors import DamagedFileError
from frontdesk.storage.engine import APPLICATION_ID, raw_key_pragma_value
from frontdesk.storage.integrity import integrity_lines, split_integrity_check
from frontdesk.storage.manifest import Manifest, Progress, sha256_file

SQLITE_PLAIN_HEADER = b"SQLite format 3\x00"
GENESIS_HASH = "0" * 64  # the audit chain's start (services._audit_chain); storage does not import services
# integrity_check looks every index entry up in its table: a page cache that holds the whole file saves
# decrypting the same pages again and again (200 MB file: 7.8 s with the default 8 MB cache, 2.6 s with it
# all cached; 1 GB file: 13.9 s with 512 MB, 9.9 s with 1.1 GB).
# The cache only fills as pages are read and is freed when the check ends.
VERIFY_CACHE_MAX_KIB = 1024 * 1024
# foreign_key_check looks every child row's parent up by primary key; with the default 8 MB cache the parent
# pages are decrypted again for almost every lookup (1.5 GB practice: 20 s; 128 MB: 4.5 s; 256 MB: 4.0 s;
# 1 GB: 3.4 s). 256 MB is the knee.
FK_CACHE_MAX_KIB = 256 * 1024
# How often the calling thread reports progress (and so notices a Cancel) while the checks run.
PROGRESS_SECONDS = 0.2
# Each check's share of the verify progress bar: its CPU time on the 1.5 GB bench practice (SHA-256 0.9 s,
# cipher_integrity_check 2.5 s, facts + foreign_key_check 4.7 s, integrity_check split three ways 16.3 s), so the
# bar moves roughly with time as the checks finish instead of sitting at 75 % through the longest one.
_WEIGHTS = {"checksum": 1, "cipher": 3, "content": 5, "structure": 16}
# integrity_check runs as quick_check + integrity_check(T) by table groups in parallel (see split_integrity_check).
STRUCTURE_GROUPS = 2
# SQLite virtual-machine steps between two looks at the stop flag (a Python call: rare enough to cost nothing).
_STOP_POLL_OPS = 100_000


class _Stopped(Exception):
    """A check noticed that verification was cancelled (its result will not be used)."""


class _Checks:
    """The file under check and every connection open on it, so a cancel can interrupt them all at once."""

    def __init__(self, path: Path, key: bytes) -> None:
        self.path, self.key = path, key
        self.hashed = 0  # bytes the checksum has read so far (written by its thread only)
        self._stopped = threading.Event()
        self._lock = threading.Lock()  # sqlite3_interrupt must never race the connection's close
        self._open: list[sqlcipher3.Connection] = []

    @contextmanager
    def connection(self, cache_kib: int = 0) -> Iterator[sqlcipher3.Connection]:
        conn = open_backup_file(self.path, self.key, cache_kib=cache_kib)
        # interrupt() only stops the statement running at that moment; this also stops the ones after it
        conn.set_progress_handler(self._stopped.is_set, _STOP_POLL_OPS)
        with self._lock:
            if self._stopped.is_set():
                conn.close()
                raise _Stopped()
            self._open.append(conn)
        try:
            yield conn
        finally:
            with self._lock:
                self._open.remove(conn)
                conn.close()

    def note_hashed(self, done: int) -> None:
        if self._stopped.is_set():
            raise _Stopped()
        self.hashed = done

    def stop(self) -> None:
        """Interrupt every running statement; checks not yet started refuse to start."""
        with self._lock:
            self._stopped.set()
            for conn in self._open:
                conn.interrupt()


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
    """Open a backup read-only with its key (caller closes). SQLCipher's own error log is silenced (see
    engine.silence_sqlcipher_log): a damaged backup is an expected case here, reported in words."""
    conn = sqlcipher3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    conn.isolation_level = None
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


def _checksum(checks: _Checks) -> str:
    return sha256_file(checks.path, lambda _stage, done, _total: checks.note_hashed(done))[0]


def _cipher_lines(conn: sqlcipher3.Connection) -> list[str]:
    """cipher_integrity_check's findings (every page's HMAC), [] when all pages authenticate."""
    try:
        return [str(row[0]) for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
    except sqlcipher3.Error as exc:
        return [f"the check could not run ({_short(exc)})"]


def _cipher_check(checks: _Checks) -> list[str]:
    """cipher_integrity_check on a connection of its own (it reads raw pages, so it needs no readable schema)."""
    try:
        with checks.connection() as conn:
            return _cipher_lines(conn)
    except sqlcipher3.Error as exc:
        return [f"the check could not run ({_short(exc)})"]


def _unreadable(exc: sqlcipher3.Error, cipher: list[str]) -> str:
    """Say why a file that should open does not: wrong key or page 1 damaged, a damaged page, a cut."""
    pages = "; ".join(cipher[:3])
    if "not a database" in str(exc):
        if cipher and cipher[0].endswith(" page 1"):
            return ("it cannot be decrypted with its key: its first page fails the encryption check (the file is "
                    "damaged, or is not this backup's database)")
        return f"it cannot be decrypted with its key ({pages or _short(exc)})"
    if cipher:
        return f"the encryption check (cipher_integrity_check) failed: {pages}"
    return f"its structure is damaged ({_short(exc)}): the file may have been cut short"


def _content_problems(checks: _Checks, expected: SnapshotFacts, size: int,
                      cipher: Callable[[], list[str]]) -> tuple[list[str], SnapshotFacts | None, bool]:
    """Identity, layout, schema, references, row counts, audit anchor; returns (problems, facts, whether the
    separate cipher_integrity_check findings belong to this report: not when the file cannot be decrypted or
    is another program's, which already says all there is to say)."""
    try:
        with checks.connection() as conn:
            try:
                # set here, not when opening: it reads page 1, and a file that fails there needs _unreadable's words
                conn.execute(f"PRAGMA cache_size = -{min(size // 1024 + 4096, FK_CACHE_MAX_KIB)}")
                conn.execute("BEGIN")
                facts = read_facts(conn)
                fks = conn.execute("PRAGMA foreign_key_check").fetchall()
                conn.execute("COMMIT")
            except sqlcipher3.DatabaseError as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                return [_unreadable(exc, cipher())], None, False
    except sqlcipher3.Error as exc:
        return [f"it could not be read ({_short(exc)})"], None, False
    if facts.application_id != APPLICATION_ID:
        return [(f"it is another program's database, not FrontDesk's (application id "
                 f"{facts.application_id:#x})")], facts, False
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
    return problems, facts, True


def structure_groups() -> int:
    """Into how many table groups integrity_check's row-by-row part is split (1: one whole integrity_check)."""
    return 1 if (os.cpu_count() or 1) < 2 else STRUCTURE_GROUPS


def _structure_problems(checks: _Checks, size: int, rows: dict[str, int]) -> list[str]:
    cache_kib = min(size // 1024 + 4096, VERIFY_CACHE_MAX_KIB)
    groups = structure_groups()
    try:
        if groups > 1:
            lines = split_integrity_check(checks.connection, cache_kib, rows, groups)
        else:
            with checks.connection(cache_kib=cache_kib) as conn:
                lines = integrity_lines(conn, "PRAGMA integrity_check")
            lines = [] if lines == ["ok"] else lines or ["integrity_check gave no answer"]
        if lines:
            return [f"the structure check (integrity_check) failed: {'; '.join(lines[:3])}"]
        return []
    except sqlcipher3.Error as exc:
        return [f"the structure check (integrity_check) could not run ({_short(exc)})"]


def _short(exc: BaseException) -> str:
    return str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__


FILE_CHECKS = ("size and header", "SHA-256", "application id", "page count", "schema version", "foreign_key_check",
               "row counts", "audit anchor", "cipher_integrity_check", "integrity_check")


def _await_checks(futures: dict[str, Future], checks: _Checks, size: int, progress: Progress | None) -> None:
    """Wait for every check, reporting ("verify", done, size) every PROGRESS_SECONDS; the last report is
    (size, size). Whatever the progress callback raises (a Cancel) interrupts the checks and propagates."""
    pending = set(futures.values())
    whole = sum(_WEIGHTS.values())
    while True:
        if progress is not None:
            finished = sum(weight for name, weight in _WEIGHTS.items() if futures[name].done())
            if not futures["checksum"].done():
                finished += _WEIGHTS["checksum"] * checks.hashed / size
            progress("verify", min(size, int(size * finished / whole)), size)
        if not pending:
            return
        _, pending = wait(pending, timeout=PROGRESS_SECONDS)


def check_copy(path: Path, key: bytes, expected: SnapshotFacts, *, name: str, size: int | None = None,
               sha256: str | None = None,
               progress: Progress | None = None) -> tuple[list[str], SnapshotFacts | None, str]:
    """Check a database file against the facts it must have; returns (problems, facts read, its SHA-256).

    With ``sha256`` given, a different checksum is a problem; without it, the checksum is only computed
    (a new backup's manifest is written from it). ``progress`` is called on this thread only.
    """
    problems = _file_problems(Path(path), name, size, expected.page_size)
    if problems:
        return problems, None, ""
    real_size = Path(path).stat().st_size
    checks = _Checks(Path(path), key)
    with ThreadPoolExecutor(max_workers=len(_WEIGHTS), thread_name_prefix="fd-verify") as pool:
        # the longest first, so it never waits for a free worker
        structure = pool.submit(_structure_problems, checks, real_size, expected.tables)
        cipher = pool.submit(_cipher_check, checks)
        content = pool.submit(_content_problems, checks, expected, real_size, cipher.result)
        checksum = pool.submit(_checksum, checks)
        try:
            _await_checks({"structure": structure, "cipher": cipher, "content": content, "checksum": checksum},
                          checks, real_size, progress)
        except BaseException:
            checks.stop()  # leaving the block waits for the threads: interrupted, they end within moments
            raise
        digest = checksum.result()
        content_problems, facts, with_cipher = content.result()
        cipher_lines, structure_problems = cipher.result(), structure.result()
    if sha256 is not None and digest != sha256:
        problems.append(f"the backup file {name} does not match its manifest's SHA-256 checksum: it was damaged "
                        "or changed after it was made")
    problems += content_problems
    if with_cipher and cipher_lines:
        problems.append(f"the encryption check (cipher_integrity_check) failed: {'; '.join(cipher_lines[:3])}")
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
