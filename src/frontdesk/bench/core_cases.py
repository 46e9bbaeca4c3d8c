"""Benchmarks of the Qt-free core: database open, passphrase unlock, sign-in, patient search, registration."""

from __future__ import annotations

import random
import sqlite3
import string
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from frontdesk.bench.harness import CaseResult, percentile, result, runs_of, time_calls
from frontdesk.paths import DataPaths
from frontdesk.services.admin import auth
from frontdesk.services.patients import patients
from frontdesk.services.session import ServiceContext
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
                  time_calls(lambda: key_file.unlock_with_passphrase(passphrase), runs_of(repeats, 4)),
                  "read key file", time_calls(lambda: KeyFile.load(paths.key_file), repeats), None)


def case_login(db: Database, username: str, password: str, repeats: int) -> CaseResult:
    """Sign-in service (Argon2id verify, lockout bookkeeping, audit row) vs argon2 verify alone."""
    from frontdesk.domain.passwords import hash_password, verify_password

    ctx = ServiceContext(db)
    stored = hash_password(password)
    return result("login_service", "auth.login: password check + audit row in one transaction",
                  time_calls(lambda: auth.login(ctx, username, password), runs_of(repeats, 2)),
                  "argon2 verify alone", time_calls(lambda: verify_password(stored, password), runs_of(repeats, 2)),
                  None)


def _random_rows(conn, sql: str, count: int) -> list[tuple]:  # type: ignore[no-untyped-def, type-arg]
    return conn.execute(sql + " ORDER BY random() LIMIT ?", (count,)).fetchall()


def _phone_styles(digits: str, rng: random.Random) -> str:
    """A 10-digit number the way someone might type it."""
    area, exchange, line = digits[:3], digits[3:6], digits[6:]
    return rng.choice((f"({area}) {exchange}-{line}", f"{area}-{exchange}-{line}", f"{area}.{exchange}.{line}",
                       digits, f"+1 {area} {exchange} {line}"))


def _search_terms(db: Database, rng: random.Random, count: int) -> list[tuple[str, str]]:
    """Realistic keystroke prefixes of every key type, taken from real rows."""
    conn = db.raw_connection()
    try:
        people = _random_rows(conn, "SELECT last_name, first_name, dob, account_number FROM patient "
                                    "WHERE status <> 'merged'", count)
        phones = _random_rows(conn, "SELECT kind, digits FROM patient_phone", count)
        members = _random_rows(conn, "SELECT member_id FROM insurance_policy", count)
    finally:
        conn.close()
    terms: list[tuple[str, str]] = []
    for last, first, dob, account in people:
        for n in range(1, min(len(last), 5) + 1):
            terms.append(("last name keystrokes", last[:n]))
        terms.append(("last, first", f"{last}, {first[:2]}"))
        terms.append(("first name", first[:4]))
        y, m, d = str(dob).split("-")
        terms.append(("date of birth", rng.choice((f"{m}/{d}/{y}", f"{int(m)}/{int(d)}/{y[2:]}", f"{m}{d}{y}",
                                                    f"{y}-{m}-{d}"))))
        terms.append(("account", account))
    for kind, digits in phones:
        terms.append((f"{kind} phone", _phone_styles(digits, rng)))
        terms.append(("phone, 7-digit local part", f"{digits[3:6]}-{digits[6:]}"))
        terms.append(("phone, first digits", digits[:rng.randrange(4, 10)]))
        terms.append(("phone, last four digits", digits[-4:]))
    for (member_id,) in members:
        terms.append(("insurance member id", member_id))
        terms.append(("insurance member id keystrokes", member_id[:rng.randrange(2, max(3, len(member_id)))]))
    rng.shuffle(terms)
    return terms


def case_patient_search(db: Database, actor, repeats: int) -> CaseResult:  # type: ignore[no-untyped-def]
    """search_patients per keystroke (every key type) vs a bare SQL prefix query on the same connection.

    ``extra`` holds the p95 of each key type, since the target holds for any search key.
    """
    ctx = ServiceContext(db, actor)
    terms = _search_terms(db, random.Random(5), max(4, repeats // 8))
    samples = []
    by_kind: dict[str, list[float]] = {}
    for kind, text in terms:
        start = time.perf_counter()
        patients.search_patients(ctx, text)
        elapsed = (time.perf_counter() - start) * 1000
        samples.append(elapsed)
        by_kind.setdefault(kind, []).append(elapsed)
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
    extra = {f"p95 ms: {kind}": round(percentile(values, 95), 3) for kind, values in sorted(by_kind.items())}
    return result("patient_search_keystroke", f"search_patients over {len(terms)} keystroke queries of "
                  f"{len(by_kind)} key types", samples, "bare SQL prefix query", base, 30, extra)


def _bench_person(rng: random.Random) -> dict[str, object]:
    """A new patient nobody resembles (random letters), with the fields a full registration fills."""
    def word() -> str:
        return rng.choice(string.ascii_uppercase) + "".join(rng.choices(string.ascii_lowercase, k=9))

    dob = date(1940, 1, 1) + timedelta(days=rng.randrange(25_000))
    return {"first_name": word(), "last_name": word(), "dob": dob, "sex": rng.choice("MF"),
            "address_line1": f"{rng.randrange(1, 999)} Bench Street", "city": "Albany", "state": "NY",
            "zip_code": "12207", "home_phone": f"(518) 555-01{rng.randrange(100):02d}",
            "mobile_phone": f"(212) 555-01{rng.randrange(100):02d}", "preferred_phone_kind": "mobile",
            "email": f"bench{rng.randrange(10**6)}@example.com", "preferred_contact": "text", "text_ok": True,
            "voicemail_ok": True, "preferred_language": "English"}


def case_registration_save(db: Database, actor, repeats: int) -> CaseResult:  # type: ignore[no-untyped-def]
    """register_patient (validation, duplicate check, patient + phones + audit rows, commit) vs a bare
    SQL INSERT of one patient row and its commit on the same database."""
    ctx = ServiceContext(db, actor)
    rng = random.Random()  # unseeded: a reused bench practice already holds the names a seed would repeat

    def register() -> None:
        person = _bench_person(rng)
        person["dob"] = person["dob"].strftime("%m/%d/%Y")  # type: ignore[attr-defined]
        patients.register_patient(ctx, patients.PatientInput(**person))  # type: ignore[arg-type]

    conn = db.raw_connection()
    try:
        def insert_bare() -> None:
            p = _bench_person(rng)
            now = datetime.now(UTC).replace(tzinfo=None).isoformat(sep=" ")
            conn.execute("INSERT INTO patient (account_number, first_name, middle_name, last_name, dob, sex, phone, "
                         "address_line1, address_line2, city, state, zip_code, last_name_key, first_name_key, "
                         "phone_digits, created_at, updated_at) VALUES (?, ?, '', ?, ?, ?, '', ?, '', ?, ?, ?, ?, ?, "
                         "'', ?, ?)",
                         ("b" + uuid.uuid4().hex[:11], p["first_name"], p["last_name"], str(p["dob"]), p["sex"],
                          p["address_line1"], p["city"], p["state"], p["zip_code"], str(p["last_name"]).lower(),
                          str(p["first_name"]).lower(), now, now))
            conn.commit()

        baseline = time_calls(insert_bare, repeats)
        conn.execute("DELETE FROM patient WHERE account_number LIKE 'b%'")  # the baseline's rows are not patients
        conn.commit()
    finally:
        conn.close()
    return result("registration_save", "register_patient with full demographics (validation, duplicate check, "
                  "phones, audit, commit)", time_calls(register, repeats), "bare SQL insert + commit", baseline, 50)
