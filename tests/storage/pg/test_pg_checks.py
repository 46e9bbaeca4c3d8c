"""`frontdesk check`'s report on a practice server (issue 19): schema protections, audit chain, money, anchors."""

from __future__ import annotations

from sqlalchemy import text

from frontdesk.services.admin import backups
from frontdesk.services.admin.checks import run_checks


def test_a_clean_server_practice_checks_ok(practice, admin_ctx, tmp_path) -> None:  # type: ignore[no-untyped-def]
    backups.run_backup(admin_ctx, tmp_path)
    report = run_checks(practice.db, backups_dir=tmp_path)
    assert report.ok, report.lines
    assert any("tables and triggers the migrations define are on the server" in line for line in report.lines)
    assert any("audit chain of" in line and "verified" in line for line in report.lines)
    assert any("present in the live trail" in line for line in report.lines)  # the newest backup anchors it


def test_a_dropped_trigger_on_the_server_is_named(practice) -> None:  # type: ignore[no-untyped-def]
    with practice.db.engine.begin() as conn:
        conn.execute(text("DROP TRIGGER audit_event_no_update ON audit_event"))
    report = run_checks(practice.db)
    assert not report.ok
    assert "PROBLEM: schema: missing trigger audit_event_no_update (not as this app's migrations define it)" \
        in report.lines


def test_anchoring_a_commit_on_a_server_raises_nothing(practice) -> None:  # type: ignore[no-untyped-def]
    """A day close anchors the chain head after its commit; a server has no data folder for the file (its
    backups' manifests anchor it), and the commit must not fail after the fact over it."""
    from frontdesk.services._audit_chain import anchor_after_commit, append_event

    with practice.db.session(write=True) as session:
        append_event(session, practice.db.audit_key, action="test.anchor")
        seq, _ = anchor_after_commit(session, practice.db)
    assert seq > 1
