"""Benchmarks of the Qt-free core: database open, passphrase unlock, sign-in, patient search."""

from __future__ import annotations

import random
import sqlite3
import tempfile
from pathlib import Path

from frontdesk.bench.harness import CaseResult, result, time_calls
from frontdesk.paths import DataPaths
from frontdesk.services import auth, patients
from frontdesk.services._base import ServiceContext
from frontdesk.storage.engine import Database
from frontdesk.storage.keys import KeyFile


def case_db_open(paths: DataPaths, key: bytes, repeats: int) -> CaseResult:
    """Open with the raw key (engine, first connection, pragmas checked) vs a bare plaintext sqlite3 open."""
    def open_ours() -> None:
        db = Database(paths.database, key)
        db.close()

    plain = Path(tempfile.mkdtemp(prefix="fd-bench-")) / "plain.db"
    conn = sqlite3.connect(plain)
    conn.execute("CREATE TABLE t (x)")
    conn.commit()
    conn.close()

    def open_bare() -> None:
        c = sqlite3.connect(plain)
        c.execute("SELECT count(*) FROM sqlite_master").fetchone()
        c.close()

    return result("db_open_raw_key", "open the encrypted database with the raw key, pragmas checked",
                  time_calls(open_ours, repeats), "sqlite3 plaintext open", time_calls(open_bare, repeats), 10)


def case_passphrase_unlock(paths: DataPaths, passphrase: str, repeats: int) -> CaseResult:
    """Argon2id unwrap of the key file (once per start when no keyring cache) vs reading the file."""
    key_file = KeyFile.load(paths.key_file)
    return result("passphrase_unlock", "Argon2id derive + AES-GCM unwrap of the database key",
                  time_calls(lambda: key_file.unlock_with_passphrase(passphrase), max(3, repeats // 4)),
                  "read key file", time_calls(lambda: KeyFile.load(paths.key_file), repeats), None)


def case_login(db: Database, username: str, password: str, repeats: int) -> CaseResult:
    """Sign-in service (Argon2id verify, lockout bookkeeping, audit row) vs argon2 verify alone."""
    from frontdesk.domain.passwords import hash_password, verify_password

    ctx = ServiceContext(db)
    stored = hash_password(password)
    return result("login_service", "auth.login: password check + audit row in one transaction",
                  time_calls(lambda: auth.login(ctx, username, password), max(3, repeats // 2)),
                  "argon2 verify alone", time_calls(lambda: verify_password(stored, password), max(3, repeats // 2)),
                  None)


def _search_terms(db: Database, rng: random.Random, count: int) -> list[tuple[str, str]]:
    """Realistic keystroke prefixes of each key type, taken from real rows."""
    conn = db.raw_connection()
    try:
        rows = conn.execute("SELECT last_name, first_name, dob, phone, account_number FROM patient "
                            "ORDER BY random() LIMIT ?", (count,)).fetchall()
    finally:
        conn.close()
    terms: list[tuple[str, str]] = []
    for last, first, dob, phone, account in rows:
        for n in range(1, min(len(last), 5) + 1):
            terms.append(("last name keystrokes", last[:n]))
        terms.append(("last, first", f"{last}, {first[:2]}"))
        y, m, d = str(dob).split("-")
        terms.append(("date of birth", f"{m}/{d}/{y}"))
        terms.append(("phone", f"({phone[2:5]}) {phone[5:8]}-{phone[8:]}"))
        terms.append(("account", account))
    rng.shuffle(terms)
    return terms


def case_patient_search(db: Database, actor, repeats: int) -> CaseResult:  # type: ignore[no-untyped-def]
    """search_patients per keystroke (all key types) vs the same query as bare SQL on the same connection."""
    ctx = ServiceContext(db, actor)
    terms = _search_terms(db, random.Random(5), max(4, repeats // 8))
    samples = []
    import time

    for _kind, text in terms:
        start = time.perf_counter()
        patients.search_patients(ctx, text)
        samples.append((time.perf_counter() - start) * 1000)
    conn = db.raw_connection()
    try:
        def bare(prefix: str) -> None:
            conn.execute("SELECT id, account_number, last_name, first_name, dob, phone FROM patient "
                         "WHERE last_name_key >= ? AND last_name_key < ? ORDER BY last_name_key, first_name_key "
                         "LIMIT 200", (prefix, prefix + "\uffff")).fetchall()

        base = []
        for _kind, text in terms:
            key = "".join(ch for ch in text.lower() if ch.isalnum())
            start = time.perf_counter()
            bare(key)
            base.append((time.perf_counter() - start) * 1000)
    finally:
        conn.close()
    return result("patient_search_keystroke", f"search_patients over {len(terms)} keystroke queries of 5 key types",
                  samples, "bare SQL prefix query", base, 30)
