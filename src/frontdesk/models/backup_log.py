"""Backup runs and restore drills: the evidence of contingency-plan testing (no PHI, no keys)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String
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
