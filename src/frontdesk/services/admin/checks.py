"""`frontdesk check`: integrity, encryption, schema version, the audit chain and its backup anchor, in one report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from frontdesk.storage.anchor import checksum
from frontdesk.storage.engine import Database
from frontdesk.storage.integrity import check_database
from frontdesk.storage.migrate import current_revision, head_revision
from frontdesk.storage.server_backup import is_server
from frontdesk.services._base import unattended


@dataclass
class CheckReport:
    ok: bool = True
    lines: list[str] = field(default_factory=list)

    def fail(self, line: str) -> None:
        self.ok = False
        self.lines.append("PROBLEM: " + line)

    def good(self, line: str) -> None:
        self.lines.append("ok: " + line)

    def warn(self, line: str) -> None:
        self.lines.append("WARNING: " + line)


@unattended
def run_checks(db: Database, *, backups_dir: Path | None = None) -> CheckReport:
    """All checks; with ``backups_dir``, also that the newest backup's audit anchor is in the live chain."""
    from frontdesk.services._audit_chain import verify_chain

    report = CheckReport()
    server = is_server(db)
    if server:
        report.good("practice server: PostgreSQL enforces the foreign keys and checks its own pages (the files' "
                    "encryption at rest: `frontdesk server check`)")
    else:
        integrity = check_database(db)
        if integrity.ok:
            report.good("cipher_integrity_check, integrity_check and foreign_key_check are clean")
        for problem in integrity.problems:
            report.fail(problem)
    try:
        current, head = current_revision(db), head_revision()
    except Exception as exc:  # a damaged file can fail anywhere; report, don't crash
        report.fail(f"schema version could not be read ({type(exc).__name__})")
    else:
        if current == head:
            report.good(f"schema version {current} (current)")
            (_check_server_schema if server else _check_schema)(db, report, current)
        else:
            report.fail(f"schema version {current} differs from this app's {head}; start the app to upgrade")
    try:
        with db.session(write=False) as session:
            chain = verify_chain(session, db.audit_key)
    except Exception as exc:
        report.fail(f"audit trail could not be read ({type(exc).__name__})")
    else:
        if chain.ok:
            report.good(f"audit chain of {chain.events} events verified (last #{chain.last_seq}, checksum "
                        f"{checksum(chain.last_hash)})")
            _check_money(db, report)
            if server:
                report.good("audit anchor: a practice server keeps no anchor file; the manifests of its backups "
                            "anchor the trail (check with --backups DIR)")
            else:
                _check_anchor(db, report)
        else:
            report.fail(f"audit chain broken: {chain.problem}")
    if backups_dir is not None:
        check_backup_anchor(db, Path(backups_dir), report)
    return report


def _check_anchor(db: Database, report: CheckReport) -> None:
    """The live chain still holds the head anchored in audit-anchor.json at the last day close or backup.

    The chain alone cannot show that its newest events were deleted or rewritten (what is left still links
    up); the anchor, kept outside the database and signed, can, without needing the backups.
    """
    from sqlalchemy import func, select

    from frontdesk.models import AuditEvent
    from frontdesk.storage.anchor import ANCHOR_FILE, AnchorForged, AnchorOfAnotherKey, read_anchor, written_at

    try:
        anchor = read_anchor(db.path, db.key)
    except AnchorForged as exc:
        report.fail(f"audit anchor: {exc.message}")
        return
    except AnchorOfAnotherKey as exc:  # e.g. another installation's backup was restored here
        report.warn(f"{exc.message}; not compared (the next day close or backup writes this database's)")
        return
    if anchor is None:
        report.warn(f"no {ANCHOR_FILE} yet (it is written at every day close and backup)")
        return
    with db.session(write=False) as session:
        live_hash = session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == anchor.last_seq))
        restored_at = session.scalar(select(func.max(AuditEvent.at)).where(AuditEvent.action == "backup.restore"))
    if anchor.last_seq and live_hash != anchor.last_hash and restored_at is not None \
            and restored_at > written_at(anchor):
        # A restore killed after its swap, before it renewed the anchor: the older chain is the backup's.
        report.warn(f"a backup was restored after the audit anchor of {anchor.written_at}; not compared (the next "
                    "day close or backup renews the anchor)")
    elif anchor.last_seq and live_hash is None:
        report.fail(f"the audit trail is shorter than its anchor of {anchor.written_at}: it no longer reaches event "
                    f"#{anchor.last_seq}; audit events were deleted")
    elif anchor.last_seq and live_hash != anchor.last_hash:
        report.fail(f"audit event #{anchor.last_seq} differs from its anchor of {anchor.written_at}: the audit "
                    "trail was rewritten")
    else:
        report.good(f"audit anchor of {anchor.written_at} ({anchor.events:,} events, {checksum(anchor.last_hash)}) "
                    "is in the live trail")


def _check_money(db: Database, report: CheckReport) -> None:
    """Every posted payment, payer check, line posting and adjustment is as the audit event that sealed it."""
    from frontdesk.services._audit_chain import verify_posted_money

    try:
        with db.session(write=False) as session:
            rows, problems = verify_posted_money(session)
    except Exception as exc:  # a damaged or altered table can fail anywhere; report, don't crash
        report.fail(f"posted money could not be read ({type(exc).__name__})")
        return
    for line in problems:
        report.fail(f"posted money: {line}")
    if not problems:
        report.good(f"{rows} posted money rows match the audit events that sealed them")


def _check_schema(db: Database, report: CheckReport, revision: str | None) -> None:
    """Every table, index, trigger and view the migrations define at head, exactly, and nothing else.

    Dropping the append-only triggers is how someone holding the key would edit posted money or the
    audit trail; the tables' own rows cannot show that the triggers were ever gone, the schema can.
    """
    from frontdesk.storage.schema_check import (
        expected_objects,
        schema_differences,
        schema_objects,
        snapshot_revision,
    )

    if revision != snapshot_revision():  # only a build with a migration and no new snapshot (a test catches it)
        report.warn(f"this build has no schema snapshot for version {revision}; tables and triggers not compared")
        return
    conn = db.raw_connection()
    try:
        actual = schema_objects(conn)
    finally:
        conn.close()
    expected = expected_objects()
    differences = schema_differences(actual, expected)
    for line in differences:
        report.fail(f"schema: {line} (not as this app's migrations define it)")
    if not differences:
        report.good(f"schema: all {len(expected)} tables, indexes and triggers as the migrations define them")


# the protections a server's schema must still have; its indexes differ in name from the file's (PostgreSQL makes
# its own for keys and unique constraints) and are not compared
_SERVER_OBJECTS = {
    "table": "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
    "trigger": "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n "
               "ON n.oid = c.relnamespace WHERE NOT t.tgisinternal AND n.nspname = current_schema()",
}


def _check_server_schema(db: Database, report: CheckReport, revision: str | None) -> None:
    """Every table and refusal trigger the migrations define is on the server (a dropped trigger is how someone
    with the owner's password would edit posted money or the audit trail)."""
    from sqlalchemy import text

    from frontdesk.storage.schema_check import expected_objects, snapshot_revision

    if revision != snapshot_revision():
        report.warn(f"this build has no schema snapshot for version {revision}; tables and triggers not compared")
        return
    expected = expected_objects()
    with db.engine.connect() as conn:
        present = {kind: {str(name) for name in conn.execute(text(sql)).scalars()}
                   for kind, sql in _SERVER_OBJECTS.items()}
        conn.rollback()
    missing = sorted(f"missing {kind} {name}" for kind, name in expected
                     if kind in present and name not in present[kind])
    for line in missing:
        report.fail(f"schema: {line} (not as this app's migrations define it)")
    if not missing:
        count = sum(1 for kind, _ in expected if kind in present)
        report.good(f"schema: all {count} tables and triggers the migrations define are on the server")


@unattended
def check_backup_anchor(db: Database, folder: Path, report: CheckReport) -> None:
    """This practice's newest backup's manifest names the last audit event it holds (sequence number and hash).

    Backups are matched by practice (the manifest's key check value), never by folder alone.

    The chain alone cannot show that its newest events were deleted (what is left still links up);
    the anchor can: that event must still be in the live trail, unchanged.
    """
    from sqlalchemy import select

    from frontdesk.errors import StorageError
    from frontdesk.models import AuditEvent
    from frontdesk.storage.retention import list_backups

    try:
        entries = list_backups(folder)
    except StorageError as exc:
        report.warn(f"the backup folder could not be read: {exc.message}")
        return
    # this practice's newest backup: a folder may hold other practices' backups (another database key)
    skipped = next((n for n, entry in enumerate(entries) if entry.manifest.key_matches(db.key)), len(entries))
    if not entries:
        report.warn(f"no FrontDesk backups in {folder}")
        return
    if skipped == len(entries):
        report.warn(f"no FrontDesk backups of this practice in {folder} ({len(entries)} of other practices, made "
                    "with another database key); no audit anchor was checked")
        return
    entry = entries[skipped]  # entries are newest first: those before it belong to other practices
    if skipped:
        report.good(f"{skipped} newer backups in {folder} belong to another practice (another database key); "
                    "skipped")
    manifest, name = entry.manifest, entry.path.name
    if not manifest.mac_ok(db.key):
        report.fail(f"the manifest of the newest backup {name} was altered (its signature does not match)")
        return
    if manifest.audit_seq == 0:
        report.good(f"newest backup {name} holds no audit events yet")
        return
    with db.session(write=False) as session:
        live_hash = session.scalar(select(AuditEvent.hash).where(AuditEvent.seq == manifest.audit_seq))
    if live_hash is None:
        report.fail(f"audit event #{manifest.audit_seq}, the last one in the newest backup {name}, is missing from "
                    "the live audit trail: audit events were deleted after that backup")
    elif live_hash != manifest.audit_hash:
        report.fail(f"audit event #{manifest.audit_seq} differs from the one in the newest backup {name}: the "
                    "audit trail was altered after that backup")
    else:
        report.good(f"the newest backup {name} ends at audit event #{manifest.audit_seq}, present in the live trail")
