"""The audit chain's head is anchored outside the database at every day close and backup.

The attack: someone holding the key deletes the newest audit events, or rewrites the chain after some
point (re-signing it with the key), and puts the triggers back. The chain still links up; before,
`frontdesk check` saw it only with --backups. Now the signed audit-anchor.json in the data folder shows it.
"""

from __future__ import annotations

import json

import pdfplumber
import pytest
from eod_lib import practice_day
from sqlalchemy import func, select

from frontdesk.services.admin.checks import run_checks
from frontdesk.models import AuditEvent
from frontdesk.services._audit_chain import append_event
from frontdesk.services.admin import backups
from frontdesk.services.day_close import end_of_day
from frontdesk.storage.anchor import ANCHOR_FILE, anchor_path, checksum, read_anchor

_RESTORE_TRIGGER = ("CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
                    "BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END")


def _close_a_day(clinic, frontdesk_ctx, backup_dir, tmp_path):  # type: ignore[no-untyped-def]
    day = practice_day(clinic.db, 1)
    end_of_day.write_day_sheet_pdf(frontdesk_ctx, day, tmp_path / "day.pdf")
    end_of_day.count_drawer(frontdesk_ctx, day, opening_float="100", counted_cash="100", counted_checks="0")
    backups.run_backup(frontdesk_ctx, backup_dir)
    end_of_day.close_day(frontdesk_ctx, day)
    return day


def _head(db) -> tuple[int, str]:  # type: ignore[no-untyped-def]
    with db.session(write=False) as s:
        row = s.execute(select(AuditEvent.seq, AuditEvent.hash).order_by(AuditEvent.seq.desc()).limit(1)).one()
    return int(row.seq), str(row.hash)


def _problems(db) -> list[str]:  # type: ignore[no-untyped-def]
    return [line for line in run_checks(db).lines if line.startswith("PROBLEM")]


def _delete_events_from(db, seq: int) -> None:  # type: ignore[no-untyped-def]
    """Trim the chain, triggers put back afterwards: the schema check sees nothing."""
    conn = db.raw_connection()
    try:
        conn.execute("DROP TRIGGER audit_event_no_delete")
        conn.execute("DELETE FROM audit_event WHERE seq >= ?", (seq,))
        conn.execute(_RESTORE_TRIGGER)
    finally:
        conn.close()


@pytest.mark.sqlite_only("audit-anchor.json in the data folder; a server's trail is anchored by its backups' manifests: "
                         "tests/storage/pg/test_pg_checks.py")
def test_closing_a_day_anchors_the_chain_head(clinic, frontdesk_ctx, backup_dir, tmp_path) -> None:
    db = clinic.db
    _close_a_day(clinic, frontdesk_ctx, backup_dir, tmp_path)
    seq, digest = _head(db)
    anchor = read_anchor(db.path, db.key)
    assert anchor is not None and (anchor.last_seq, anchor.last_hash, anchor.events) == (seq, digest, seq)
    with db.session(write=False) as s:
        assert s.scalar(select(AuditEvent.action).where(AuditEvent.seq == seq)) == "day.close"
    assert anchor_path(db.path).stat().st_mode & 0o777 == 0o600
    report = run_checks(db)
    assert report.ok, report.lines
    assert f"({seq:,} events, {checksum(digest)}) is in the live trail" in "\n".join(report.lines)


@pytest.mark.sqlite_only("audit-anchor.json in the data folder; a server's trail is anchored by its backups' manifests: "
                         "tests/storage/pg/test_pg_checks.py")
def test_deleting_the_newest_events_is_found_without_backups(clinic, frontdesk_ctx, backup_dir, tmp_path) -> None:
    db = clinic.db
    _close_a_day(clinic, frontdesk_ctx, backup_dir, tmp_path)
    seq, _ = _head(db)
    _delete_events_from(db, seq - 1)
    assert _problems(db) == [
        # the day's closing totals were sealed by the deleted day.close event
        "PROBLEM: posted money: day_close row 1 is in no audit event: posted money was added outside the app",
        f"PROBLEM: the audit trail is shorter than its anchor of {read_anchor(db.path, db.key).written_at}: it no "
        f"longer reaches event #{seq}; audit events were deleted"]


@pytest.mark.sqlite_only("audit-anchor.json in the data folder; a server's trail is anchored by its backups' manifests: "
                         "tests/storage/pg/test_pg_checks.py")
def test_a_chain_rewritten_after_the_anchor_is_found(clinic, frontdesk_ctx, backup_dir, tmp_path) -> None:
    db = clinic.db
    _close_a_day(clinic, frontdesk_ctx, backup_dir, tmp_path)
    seq, _ = _head(db)
    _delete_events_from(db, seq - 2)
    with db.session(write=True) as s:  # re-signed with the key: the chain verifies again
        for _ in range(4):
            append_event(s, db.audit_key, action="login", username="admin")
    problems = _problems(db)
    assert problems == [f"PROBLEM: audit event #{seq} differs from its anchor of "
                        f"{read_anchor(db.path, db.key).written_at}: the audit trail was rewritten"]


@pytest.mark.sqlite_only("audit-anchor.json in the data folder; a server's trail is anchored by its backups' manifests: "
                         "tests/storage/pg/test_pg_checks.py")
def test_an_edited_anchor_file_is_reported(clinic, frontdesk_ctx, backup_dir, tmp_path) -> None:
    db = clinic.db
    _close_a_day(clinic, frontdesk_ctx, backup_dir, tmp_path)
    path = anchor_path(db.path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["last_seq"] = 3  # pointing the anchor back, to hide what came after
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert _problems(db) == [f"PROBLEM: audit anchor: {ANCHOR_FILE} was altered or forged (its signature does not "
                             "match this database's key)"]
    path.write_text("not json", encoding="utf-8")
    assert _problems(db) == [f"PROBLEM: audit anchor: {ANCHOR_FILE} could not be read (JSONDecodeError)"]


@pytest.mark.sqlite_only("audit-anchor.json in the data folder; a server's trail is anchored by its backups' manifests: "
                         "tests/storage/pg/test_pg_checks.py")
def test_a_backup_anchors_the_chain_and_an_altered_anchor_is_not_overwritten(clinic, frontdesk_ctx,
                                                                             backup_dir) -> None:
    db = clinic.db
    backups.run_backup(frontdesk_ctx, backup_dir)
    anchor = read_anchor(db.path, db.key)
    with db.session(write=False) as s:
        backed_up = s.scalar(select(func.max(AuditEvent.seq)).where(AuditEvent.action != "backup.create"))
    assert anchor is not None and anchor.last_seq == backed_up
    path = anchor_path(db.path)
    path.write_text(path.read_text(encoding="utf-8").replace('"events": ', '"events": 1'), encoding="utf-8")
    forged = path.read_text(encoding="utf-8")
    backups.run_backup(frontdesk_ctx, backup_dir)
    assert path.read_text(encoding="utf-8") == forged  # kept as evidence until someone looks


def test_the_day_sheet_prints_the_chain_head(clinic, frontdesk_ctx, tmp_path) -> None:
    day = practice_day(clinic.db, 1)
    seq, digest = _head(clinic.db)
    sheet = end_of_day.write_day_sheet_pdf(frontdesk_ctx, day, tmp_path / "day.pdf")
    assert (sheet.audit_events, sheet.audit_checksum) == (seq, checksum(digest))
    with pdfplumber.open(tmp_path / "day.pdf") as pdf:
        text = "\n".join(page.extract_text() for page in pdf.pages)
    assert f"Audit: {seq:,} events \u00b7 {checksum(digest)}" in text


@pytest.mark.sqlite_only("audit-anchor.json in the data folder; a server's trail is anchored by its backups' manifests: "
                         "tests/storage/pg/test_pg_checks.py")
def test_an_anchor_of_another_database_key_is_not_compared(clinic, frontdesk_ctx, backup_dir) -> None:
    import os

    from frontdesk.storage.anchor import Anchor, write_anchor

    db = clinic.db
    write_anchor(db.path, os.urandom(32), Anchor(999, 999, "ab" * 32, "2020-01-01T00:00:00Z"))
    report = run_checks(db)
    assert report.ok  # another installation's backup restored here: its anchor says nothing about this one
    assert f"WARNING: {ANCHOR_FILE} belongs to another database key; not compared" in "\n".join(report.lines)
    backups.run_backup(frontdesk_ctx, backup_dir)  # replaced by this database's own
    assert read_anchor(db.path, db.key) is not None
