"""Backup runs and restore drills (the evidence of contingency-plan testing), the backup schedule and its due
times (no PHI, no keys)."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import Boolean, Index, Integer, String, Time, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow
from frontdesk.storage.column_types import ByteCount


class BackupRun(Base):
    """One backup attempt, successful (verified) or not."""

    __tablename__ = "backup_run"
    __table_args__ = (Index("ix_backup_run_finished_at", "finished_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)  # no FK: runs outlive users
    username: Mapped[str] = mapped_column(String(40), default="")  # '(command line)' for scheduled runs
    target: Mapped[str] = mapped_column(String(500), default="")  # the backup folder
    file_name: Mapped[str] = mapped_column(String(100), default="")
    size_bytes: Mapped[int] = mapped_column(ByteCount, default=0)
    ok: Mapped[bool] = mapped_column(Boolean, default=False)  # True only when published and verified
    message: Mapped[str] = mapped_column(String(500), default="")


class RestoreDrill(Base):
    """One restore drill: a backup restored into a temporary place and checked, live data untouched."""

    __tablename__ = "restore_drill"
    __table_args__ = (Index("ix_restore_drill_at", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    username: Mapped[str] = mapped_column(String(40), default="")
    backup_file: Mapped[str] = mapped_column(String(100), default="")
    ok: Mapped[bool] = mapped_column(Boolean, default=False)
    duration_ms: Mapped[int] = mapped_column(Integer, default=0)
    counts_summary: Mapped[str] = mapped_column(String(1000), default="")  # e.g. "patient 3000, app_user 3"
    message: Mapped[str] = mapped_column(String(500), default="")


class BackupSchedule(Base):
    """The practice's backup schedule (one row; none = no schedule): the same verified backup, by itself.

    Times are on the practice's wall clock (its time zone), so a workstation set to another zone runs it at
    the practice's 9:00 PM. ``since`` is when this schedule took effect: a due time before it is neither run
    nor reported missed.
    """

    __tablename__ = "backup_schedule"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    daily: Mapped[bool] = mapped_column(Boolean, default=False)  # back up at ``daily_at`` every day
    daily_at: Mapped[time] = mapped_column(Time)
    on_close: Mapped[bool] = mapped_column(Boolean, default=False)  # back up when the app closes after hours
    close_after: Mapped[time] = mapped_column(Time)  # the end of business hours for ``on_close``
    folder: Mapped[str] = mapped_column(String(500), default="")
    since: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[str] = mapped_column(String(40), default="")


class ScheduledBackup(Base):
    """One due time of the schedule and what became of it: running, ok, failed or missed.

    The row is the claim: (kind, due_at) is unique, so of two workstations that find the same backup due,
    the one whose INSERT commits first runs it and the other sees the row and leaves it. ``reported`` turns
    true once the result was shown in someone's status bar at sign-in.
    """

    __tablename__ = "scheduled_backup"
    __table_args__ = (UniqueConstraint("kind", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # 'daily' or 'close'
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    workstation: Mapped[str] = mapped_column(String(100), default="")  # the PC that claimed it
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    result: Mapped[str] = mapped_column(String(10), default="running")  # running, ok, failed, missed
    message: Mapped[str] = mapped_column(String(500), default="")
    file_name: Mapped[str] = mapped_column(String(100), default="")
    reported: Mapped[bool] = mapped_column(Boolean, default=False)
