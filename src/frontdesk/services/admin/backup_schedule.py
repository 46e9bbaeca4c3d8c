"""Backups that happen by themselves: the practice's schedule, claiming a due backup, running it, its result.

The schedule is a practice setting (one ``backup_schedule`` row) that only an administrator changes, audited.
Every running FrontDesk asks :func:`claim_due_backup` once a minute (and :func:`claim_closing_backup` as it
closes); the answer is a claim: a ``scheduled_backup`` row inserted for that due time, unique per due time, so
of two workstations of a practice server that find it due together exactly one inserts it and runs it (the
first one open after the time) while the other gets None. :func:`run_scheduled_backup` then runs the same
verified backup as "Back up now" (backup_jobs.run_backup_job: manifest, verification, retention, its log row
and audit event) into the schedule's folder, which must be reachable from that workstation, and writes the
claim's result. A due time found too late is recorded as missed. A missed or failed due time is flagged
(:func:`backup_schedule_flag`) until a verified backup is made after it; the newest result is told once, to
the next person who signs in (:func:`take_scheduled_backup_report`).

The claim and run operations are PUBLIC: the app runs them with no one signed in (the login screen, the night);
they do only what the schedule says, and holding the open practice database is their authority.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePosixPath, PureWindowsPath

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from frontdesk.domain import backup_schedule as plan_rules
from frontdesk.domain import schedule_time as st
from frontdesk.domain.backup_schedule import BackupPlan, ScheduledOutcome
from frontdesk.domain.permissions import Permission
from frontdesk.domain.text import clean_text
from frontdesk.errors import ConflictError, OperationCancelled, ValidationError
from frontdesk.models import BackupRun, BackupSchedule, ScheduledBackup
from frontdesk.services._base import Actor, ServiceContext, Tx, operation
from frontdesk.services._practice_clock import schedule_settings
from frontdesk.services.admin import _backup_records as records
from frontdesk.services.admin.backups import _backup_paths, _long_operation, _notify
from frontdesk.storage.manifest import Progress

STOPPED = "It was stopped before it finished (FrontDesk was closed)."


@dataclass(frozen=True)
class DueBackup:
    """A due time this workstation has claimed: run it with :func:`run_scheduled_backup`."""

    id: int
    kind: str
    due_at: datetime  # UTC
    folder: str


def _row(session: Session) -> BackupSchedule | None:
    return session.scalars(select(BackupSchedule).order_by(BackupSchedule.id).limit(1)).first()


def _plan(row: BackupSchedule | None) -> BackupPlan:
    if row is None:
        return BackupPlan()
    return BackupPlan(row.daily, row.daily_at, row.on_close, row.close_after, row.folder)


def _outcome(row: ScheduledBackup) -> ScheduledOutcome:
    return ScheduledOutcome(row.kind, row.due_at, row.result, row.message, row.file_name, row.finished_at,
                            row.workstation)


@operation(Permission.BACKUP, write=False)
def get_backup_schedule(tx: Tx) -> BackupPlan:
    """The practice's backup schedule (off when none was set)."""
    return _plan(_row(tx.session))


@operation(Permission.MANAGE_PRACTICE)
def set_backup_schedule(tx: Tx, plan: BackupPlan) -> BackupPlan:
    """Save the schedule (administrators); it applies from now on, so no earlier time counts as missed."""
    folder = clean_text(plan.folder, "folder", "Backup folder", max_len=500, required=plan.enabled)
    # the path of the PC that runs it (in server mode perhaps another system's): either kind of whole path
    if plan.enabled and not (PureWindowsPath(folder).is_absolute() or PurePosixPath(folder).is_absolute()):
        raise ValidationError("folder", "Backup folder: give the whole path, for example E:\\FrontDesk backups.")
    row = _row(tx.session)
    if row is None:
        row = BackupSchedule()
        tx.session.add(row)
    row.daily, row.daily_at, row.on_close, row.close_after = plan.daily, plan.daily_at, plan.on_close, plan.close_after
    row.folder = folder
    row.since = st.utc_now()
    row.updated_by = tx.actor.username if tx.actor else ""
    saved = _plan(row)
    tx.audit("backup.schedule", entity_type="backup_schedule",
             detail=(f"daily={'on' if saved.daily else 'off'} at={saved.daily_at:%H:%M} "
                     f"on_close={'on' if saved.on_close else 'off'} after={saved.close_after:%H:%M} "
                     f"folder={saved.folder}")[:480])
    tx.changed("backups")
    return saved


def _claim(tx: Tx, kind: str, due_at: datetime, workstation: str, result: str) -> ScheduledBackup | None:
    """Insert the row for this due time; None when another workstation's row is there already."""
    if tx.session.scalars(select(ScheduledBackup.id).where(ScheduledBackup.kind == kind,
                                                           ScheduledBackup.due_at == due_at)).first() is not None:
        return None
    now = st.utc_now()
    row = ScheduledBackup(kind=kind, due_at=due_at, workstation=workstation[:100], claimed_at=now, result=result,
                          finished_at=now if result != plan_rules.RUNNING else None)
    try:
        with tx.session.begin_nested():  # a savepoint: losing the race leaves this transaction usable
            tx.session.add(row)
            tx.session.flush()
    except IntegrityError:
        return None  # the other workstation committed its claim first: it runs the backup
    return row


def _due(row: ScheduledBackup, folder: str) -> DueBackup:
    return DueBackup(row.id, row.kind, row.due_at, folder)


@operation(Permission.PUBLIC)
def claim_due_backup(tx: Tx, workstation: str) -> DueBackup | None:
    """The daily backup, when it is due now and no workstation has claimed it: claimed for ``workstation``.

    Found later than the grace period after its time, it is recorded as missed (and audited) instead.
    """
    row = _row(tx.session)
    if row is None:
        return None
    now = st.utc_now()
    due = plan_rules.daily_due(_plan(row), now, schedule_settings(tx.session).tz, row.since)
    if due is None:
        return None
    due_at, still_to_run = due
    if still_to_run:
        claimed = _claim(tx, plan_rules.DAILY, due_at, workstation, plan_rules.RUNNING)
        return None if claimed is None else _due(claimed, row.folder)
    missed = _claim(tx, plan_rules.DAILY, due_at, workstation, plan_rules.MISSED)
    if missed is not None:
        missed.message = "FrontDesk was not open on any computer at the scheduled time."
        tx.audit("backup.missed", entity_type="backup", entity_id=f"{due_at:%Y-%m-%dT%H:%MZ}",
                 username=records.SCHEDULE_USER, detail=f"kind=daily due={due_at:%Y-%m-%dT%H:%MZ}")
        tx.changed("backups")
    return None


@operation(Permission.PUBLIC)
def claim_closing_backup(tx: Tx, workstation: str) -> DueBackup | None:
    """As FrontDesk closes: the after-hours backup, when the schedule asks for one and none was made yet.

    None during business hours, when a verified backup was made since business hours ended (the daily one,
    another workstation's closing one, or by hand), or when another workstation claimed it.
    """
    row = _row(tx.session)
    if row is None:
        return None
    due_at = plan_rules.closing_due(_plan(row), st.utc_now(), schedule_settings(tx.session).tz)
    if due_at is None:
        return None
    made_since = tx.session.scalars(select(BackupRun.id).where(BackupRun.ok.is_(True),
                                                               BackupRun.finished_at >= due_at).limit(1)).first()
    if made_since is not None:
        return None
    claimed = _claim(tx, plan_rules.CLOSE, due_at, workstation, plan_rules.RUNNING)
    return None if claimed is None else _due(claimed, row.folder)


def _finish(ctx: ServiceContext, claim_id: int, result: str, message: str = "", file_name: str = "") -> None:
    """The claim's result, in its own short transaction (the backup itself is logged by the backup job)."""
    with ctx.db.session(write=True) as session:
        row = session.get(ScheduledBackup, claim_id)
        if row is not None:
            row.result, row.message, row.file_name = result, message[:500], file_name[:100]
            row.finished_at = st.utc_now()


@_long_operation(Permission.PUBLIC)
def run_scheduled_backup(ctx: ServiceContext, actor: Actor | None, due: DueBackup, *,
                         progress: Progress | None = None) -> ScheduledOutcome:
    """Run the claimed backup: the same verified backup as "Back up now", into the schedule's folder.

    The result (ok, or failed with the reason) is written to the claim either way; a failure is raised after.
    """
    from frontdesk.services.admin.backup_jobs import run_backup_job

    with ctx.db.session(write=False) as session:
        row = session.get(ScheduledBackup, due.id)
        if row is None or row.result != plan_rules.RUNNING or row.finished_at is not None:
            raise ConflictError("This scheduled backup is not waiting to run.")
    try:
        result = run_backup_job(ctx.db, _backup_paths(ctx.db), Path(due.folder), actor=records.SCHEDULE_USER,
                                progress=progress)
    except OperationCancelled:
        _finish(ctx, due.id, plan_rules.FAILED, STOPPED)
        _notify(ctx, "backups")
        raise
    except BaseException as exc:
        _finish(ctx, due.id, plan_rules.FAILED, records.reason(exc))
        _notify(ctx, "backups", "audit")
        raise
    _finish(ctx, due.id, plan_rules.OK, "verified", result.file_name)
    _notify(ctx, "backups", "audit")
    with ctx.db.session(write=False) as session:
        return _outcome(session.get(ScheduledBackup, due.id))  # type: ignore[arg-type]


def _latest_done(session: Session) -> ScheduledBackup | None:
    return session.scalars(select(ScheduledBackup).order_by(ScheduledBackup.due_at.desc(),
                                                            ScheduledBackup.id.desc()).limit(1)).first()


@operation(Permission.BACKUP, write=False)
def backup_schedule_flag(tx: Tx) -> ScheduledOutcome | None:
    """The newest scheduled backup when it was missed or failed and no verified backup was made since; else None."""
    row = _latest_done(tx.session)
    if row is None:
        return None
    outcome = _outcome(row)
    if plan_rules.effective_result(outcome, st.utc_now()) not in (plan_rules.FAILED, plan_rules.MISSED):
        return None
    since = row.due_at if row.result == plan_rules.MISSED else (row.finished_at or row.claimed_at)
    good_since = tx.session.scalars(select(BackupRun.id).where(BackupRun.ok.is_(True),
                                                               BackupRun.finished_at > since).limit(1)).first()
    return None if good_since is not None else outcome


@operation(Permission.BACKUP)
def take_scheduled_backup_report(tx: Tx) -> ScheduledOutcome | None:
    """At sign-in: the newest scheduled result no one has been shown yet (then marked shown), or None.

    Marks a notice as read; it changes none of the practice's data, so it writes no audit event.
    """
    now = st.utc_now()
    rows = [r for r in tx.session.scalars(select(ScheduledBackup).where(ScheduledBackup.reported.is_(False))
                                          .order_by(ScheduledBackup.due_at.desc(), ScheduledBackup.id.desc()))
            if plan_rules.effective_result(_outcome(r), now) != plan_rules.RUNNING]
    for row in rows:
        row.reported = True
    return _outcome(rows[0]) if rows else None
