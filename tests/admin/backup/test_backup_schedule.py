"""Backups that happen by themselves (issue 21, item 3): due, not due, missed, failed then good, the after-hours
close, one workstation per due time, on both engines, with the practice clock frozen.

The practice is in New York (the fixture's zone); the clock is moved in UTC. Fixed dates are the frozen clock's.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from frontdesk.domain import backup_schedule as rules
from frontdesk.domain import schedule_time as st
from frontdesk.domain.backup_schedule import BackupPlan
from frontdesk.errors import ConflictError, PermissionDenied, StorageError, ValidationError
from frontdesk.models import AuditEvent, BackupRun, ScheduledBackup
from frontdesk.services import _audit_chain
from frontdesk.services.admin import _backup_records, backup_jobs, backups
from frontdesk.services.admin import backup_schedule as schedule
from frontdesk.services.session import ServiceContext

pytestmark = pytest.mark.both_engines

NY = st.zone("America/New_York")
# Monday 11/30/2026 in New York (EST, UTC-5): 9:00 PM there is 02:00 UTC on Tuesday.
NINE_PM = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
SIX_PM = NINE_PM - timedelta(hours=3)


class Clock:
    """The one clock, moved by the test; backup log rows and audit events are stamped by it too."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, start: datetime) -> None:
        self.now = start
        for module in (st, _backup_records, backup_jobs, _audit_chain):
            monkeypatch.setattr(module, "utc_now" if module is st else "utcnow", lambda: self.now)

    def set(self, value: datetime) -> None:
        self.now = value


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch, NINE_PM - timedelta(hours=4))  # 5:00 PM in New York: the schedule is set then


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "scheduled"
    target.mkdir()
    return target


def _set(ctx: ServiceContext, folder: Path, **changes: object) -> BackupPlan:
    plan = BackupPlan(daily=True, daily_at=time(21, 0), on_close=False, close_after=time(18, 0), folder=str(folder))
    return schedule.set_backup_schedule(ctx, BackupPlan(**{**plan.__dict__, **changes}))


def _rows(ctx: ServiceContext) -> list[ScheduledBackup]:
    with ctx.db.session(write=False) as session:
        rows = list(session.scalars(select(ScheduledBackup).order_by(ScheduledBackup.id)))
        session.expunge_all()
    return rows


def test_the_rules_on_the_practice_clock() -> None:
    """Pure: 9:00 PM New York is due from 02:00 UTC, for the grace period; later it is missed."""
    plan = BackupPlan(daily=True, daily_at=time(21, 0), on_close=True, close_after=time(18, 0), folder="/b")
    since = NINE_PM - timedelta(days=3)
    assert rules.daily_due(plan, NINE_PM - timedelta(minutes=1), NY, since) == (NINE_PM - timedelta(days=1), False)
    assert rules.daily_due(plan, NINE_PM, NY, since) == (NINE_PM, True)
    assert rules.daily_due(plan, NINE_PM + rules.GRACE, NY, since) == (NINE_PM, True)
    assert rules.daily_due(plan, NINE_PM + rules.GRACE + timedelta(minutes=1), NY, since) == (NINE_PM, False)
    assert rules.daily_due(plan, NINE_PM, NY, since=NINE_PM + timedelta(seconds=1)) is None  # set after it
    assert rules.closing_due(plan, SIX_PM - timedelta(minutes=1), NY) is None  # business hours
    assert rules.closing_due(plan, SIX_PM, NY) == SIX_PM
    assert rules.closing_due(plan, SIX_PM + timedelta(hours=7), NY) == SIX_PM  # 1:00 AM: still after hours
    assert rules.closing_due(plan, SIX_PM + rules.AFTER_HOURS, NY) is None  # 6:00 AM: a new day


def test_not_due_before_its_time_then_due_once_for_one_workstation(admin_ctx, anon_ctx, clock, folder) -> None:
    _set(admin_ctx, folder)
    clock.set(NINE_PM - timedelta(minutes=1))
    assert schedule.claim_due_backup(anon_ctx, "DESK-1") is None
    assert _rows(admin_ctx) == []
    clock.set(NINE_PM + timedelta(minutes=1))
    due = schedule.claim_due_backup(anon_ctx, "DESK-1")
    assert due is not None and due.due_at == NINE_PM and due.folder == str(folder) and due.kind == "daily"
    assert schedule.claim_due_backup(anon_ctx, "DESK-2") is None  # claimed: the other PC leaves it
    assert schedule.claim_due_backup(anon_ctx, "DESK-1") is None  # and never twice

    outcome = schedule.run_scheduled_backup(anon_ctx, due)
    assert outcome.result == "ok" and (folder / outcome.file_name).is_file()
    assert (folder / (outcome.file_name + ".json")).is_file()  # the same verified backup, with its manifest
    with admin_ctx.db.session(write=False) as session:
        run = session.scalars(select(BackupRun)).one()
        assert (run.ok, run.username, run.file_name) == (True, "(scheduled)", outcome.file_name)
    assert schedule.backup_schedule_flag(admin_ctx) is None
    report = schedule.take_scheduled_backup_report(admin_ctx)
    assert report is not None and report.result == "ok" and report.workstation == "DESK-1"
    text = rules.describe(report, NY, clock.now)
    assert "11/30/2026 9:00 PM" in text and "verified on DESK-1" in text and outcome.file_name in text
    assert schedule.take_scheduled_backup_report(admin_ctx) is None  # told once, to the next sign-in


def test_a_missed_backup_is_flagged_until_a_good_one(admin_ctx, anon_ctx, frontdesk_ctx, clock, folder) -> None:
    _set(admin_ctx, folder)
    clock.set(NINE_PM + timedelta(hours=11))  # 8:00 AM the next morning: nobody had FrontDesk open at 9 PM
    assert schedule.claim_due_backup(anon_ctx, "DESK-1") is None  # not run in the middle of the morning
    [row] = _rows(admin_ctx)
    assert (row.result, row.due_at) == ("missed", NINE_PM)
    assert schedule.claim_due_backup(anon_ctx, "DESK-2") is None and len(_rows(admin_ctx)) == 1
    flag = schedule.backup_schedule_flag(frontdesk_ctx)
    assert flag is not None and flag.result == "missed"
    assert "was missed" in rules.describe(flag, NY, clock.now) and "\u26a0" in rules.describe(flag, NY, clock.now)
    with admin_ctx.db.session(write=False) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "backup.missed")).one()
        assert event.username == "(scheduled)"
    clock.set(clock.now + timedelta(minutes=5))
    assert schedule.backup_schedule_flag(frontdesk_ctx) is not None  # still: no good backup since
    backups.run_backup(frontdesk_ctx, folder)  # Back up now
    assert schedule.backup_schedule_flag(frontdesk_ctx) is None


def test_a_failed_backup_is_flagged_until_the_next_one_verifies(admin_ctx, anon_ctx, clock, tmp_path) -> None:
    drive = tmp_path / "usb"  # not plugged in
    _set(admin_ctx, drive)
    clock.set(NINE_PM)
    due = schedule.claim_due_backup(anon_ctx, "DESK-1")
    with pytest.raises(StorageError):
        schedule.run_scheduled_backup(anon_ctx, due)
    [row] = _rows(admin_ctx)
    assert row.result == "failed" and row.finished_at == NINE_PM and "does not exist" in row.message
    clock.set(NINE_PM + timedelta(hours=10))
    flag = schedule.backup_schedule_flag(admin_ctx)
    assert flag is not None and "FAILED" in rules.describe(flag, NY, clock.now)
    with pytest.raises(ConflictError):
        schedule.run_scheduled_backup(anon_ctx, due)  # a finished claim does not run again

    drive.mkdir()
    clock.set(NINE_PM + timedelta(days=1))
    good = schedule.run_scheduled_backup(anon_ctx, schedule.claim_due_backup(anon_ctx, "DESK-1"))
    assert good.result == "ok"
    assert schedule.backup_schedule_flag(admin_ctx) is None
    assert schedule.take_scheduled_backup_report(admin_ctx).result == "ok"  # the newest result, both marked told
    assert schedule.take_scheduled_backup_report(admin_ctx) is None


def test_a_claim_that_never_finished_counts_as_failed(admin_ctx, anon_ctx, clock, folder) -> None:
    _set(admin_ctx, folder)
    clock.set(NINE_PM)
    assert schedule.claim_due_backup(anon_ctx, "DESK-1") is not None  # ... and then the PC was switched off
    assert schedule.backup_schedule_flag(admin_ctx) is None  # still running, for all anyone knows
    clock.set(NINE_PM + rules.STALE_RUN + timedelta(minutes=1))
    flag = schedule.backup_schedule_flag(admin_ctx)
    assert flag is not None and "did not finish" in rules.describe(flag, NY, clock.now)


def test_the_after_hours_close_backs_up_once(admin_ctx, anon_ctx, clock, folder) -> None:
    _set(admin_ctx, folder, daily=False, on_close=True)
    clock.set(SIX_PM - timedelta(minutes=30))  # 5:30 PM: business hours
    assert schedule.claim_closing_backup(anon_ctx, "DESK-1") is None
    clock.set(SIX_PM + timedelta(minutes=40))
    due = schedule.claim_closing_backup(anon_ctx, "DESK-1")
    assert due is not None and (due.kind, due.due_at) == ("close", SIX_PM)
    assert schedule.claim_closing_backup(anon_ctx, "DESK-2") is None  # the second PC to close just closes
    assert schedule.claim_due_backup(anon_ctx, "DESK-1") is None  # no daily time in this schedule
    assert schedule.run_scheduled_backup(anon_ctx, due).result == "ok"
    # The next evening a backup was made by hand after six: closing then needs none.
    clock.set(SIX_PM + timedelta(days=1, minutes=10))
    backups.run_backup(admin_ctx, folder)
    clock.set(SIX_PM + timedelta(days=1, hours=2))
    assert schedule.claim_closing_backup(anon_ctx, "DESK-1") is None


def test_two_workstations_at_the_same_moment_one_runs_it(admin_ctx, practice, clock, folder) -> None:
    _set(admin_ctx, folder)
    clock.set(NINE_PM)
    start = threading.Barrier(2)
    got: dict[str, object] = {}

    def desk(name: str) -> None:
        start.wait()
        got[name] = schedule.claim_due_backup(ServiceContext(practice.db), name)

    threads = [threading.Thread(target=desk, args=(name,)) for name in ("DESK-1", "DESK-2")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(value is None for value in got.values()) == [False, True]
    assert len(_rows(admin_ctx)) == 1


def test_the_schedule_is_an_audited_admin_setting(admin_ctx, frontdesk_ctx, clock, folder) -> None:
    assert schedule.get_backup_schedule(frontdesk_ctx) == BackupPlan()  # off until set
    with pytest.raises(PermissionDenied):
        _set(frontdesk_ctx, folder)
    with pytest.raises(ValidationError) as err:
        _set(admin_ctx, "")
    assert err.value.field == "folder"
    with pytest.raises(ValidationError):
        _set(admin_ctx, "relative/folder")
    saved = _set(admin_ctx, folder, daily_at=time(22, 30), on_close=True)
    assert schedule.get_backup_schedule(frontdesk_ctx) == saved
    assert (saved.daily_at, saved.on_close, saved.folder) == (time(22, 30), True, str(folder))
    with admin_ctx.db.session(write=False) as session:
        event = session.scalars(select(AuditEvent).where(AuditEvent.action == "backup.schedule")).one()
        assert "daily=on at=22:30 on_close=on after=18:00" in event.detail and event.username == "admin"
    # switched off, no folder is needed
    assert schedule.set_backup_schedule(admin_ctx, BackupPlan()).enabled is False


def test_a_schedule_set_after_its_time_is_not_missed_that_day(admin_ctx, anon_ctx, clock, folder) -> None:
    clock.set(NINE_PM + timedelta(hours=3))  # set at midnight, for 9:00 PM
    _set(admin_ctx, folder, on_close=True)
    assert schedule.claim_due_backup(anon_ctx, "DESK-1") is None
    assert _rows(admin_ctx) == [] and schedule.backup_schedule_flag(admin_ctx) is None
    # closing tonight still backs up: a closing time is never "missed", so it counts from the evening it was set
    due = schedule.claim_closing_backup(anon_ctx, "DESK-1")
    assert due is not None and due.due_at == SIX_PM
