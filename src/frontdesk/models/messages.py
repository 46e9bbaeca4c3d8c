"""Phone messages routed to a user or a role (with read marks and a note thread), and staff tasks."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow

# open -> in_progress -> done (any order; reopening is allowed), with who and when of the last change.
WORK_STATUSES = ("open", "in_progress", "done")
URGENCIES = ("routine", "today", "urgent")


class PhoneMessage(Base):
    """One phone message. Exactly one of to_user_id / to_role names the recipient(s).

    ``due_at`` is fixed when the message is taken (from its urgency, see services/desk/_message_rules.py), so
    'overdue' is a plain indexed comparison with the clock and lists never compute it row by row in SQL.
    """

    __tablename__ = "phone_message"
    __table_args__ = (
        CheckConstraint("(to_user_id IS NULL) <> (to_role IS NULL)", name="one_recipient"),
        # Inbox queries: my messages / my role's messages, not done first, newest first.
        Index("ix_phone_message_to_user_id_status_created_at", "to_user_id", "status", "created_at"),
        Index("ix_phone_message_to_role_status_created_at", "to_role", "status", "created_at"),
        Index("ix_phone_message_taken_by_status_created_at", "taken_by", "status", "created_at"),
        Index("ix_phone_message_status_created_at", "status", "created_at"),
        Index("ix_phone_message_patient_id", "patient_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    taken_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    caller_name: Mapped[str] = mapped_column(String(120))
    caller_phone: Mapped[str] = mapped_column(String(20), default="")  # E.164
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patient.id"), nullable=True)  # NULL = not a patient
    reason: Mapped[str] = mapped_column(String(120))
    urgency: Mapped[str] = mapped_column(String(8))
    body: Mapped[str] = mapped_column(String(2000), default="")
    call_back: Mapped[bool] = mapped_column(Boolean, default=False)
    callback_phone: Mapped[str] = mapped_column(String(20), default="")  # E.164; required when call_back
    to_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    to_role: Mapped[str | None] = mapped_column(String(20), nullable=True)
    status: Mapped[str] = mapped_column(String(12), default="open")
    status_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    status_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MessageRead(Base):
    """User ``user_id`` has opened message ``message_id`` (per user, so a role's members each see their own unread)."""

    __tablename__ = "message_read"

    message_id: Mapped[int] = mapped_column(ForeignKey("phone_message.id"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("app_user.id"), primary_key=True)
    read_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MessageNote(Base):
    """One reply or note in a message's thread (append-only: a note is never edited)."""

    __tablename__ = "message_note"
    __table_args__ = (Index("ix_message_note_message_id_id", "message_id", "id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    message_id: Mapped[int] = mapped_column(ForeignKey("phone_message.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    text: Mapped[str] = mapped_column(String(2000))


class StaffTask(Base):
    """A task about a patient (patient_id) or the practice (NULL), for a user or a role, due on a date."""

    __tablename__ = "staff_task"
    __table_args__ = (
        CheckConstraint("(to_user_id IS NULL) <> (to_role IS NULL)", name="one_assignee"),
        Index("ix_staff_task_to_user_id_status_due_date", "to_user_id", "status", "due_date"),
        Index("ix_staff_task_to_role_status_due_date", "to_role", "status", "due_date"),
        Index("ix_staff_task_status_due_date", "status", "due_date"),
        Index("ix_staff_task_created_by_due_date", "created_by", "due_date"),
        Index("ix_staff_task_patient_id", "patient_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    title: Mapped[str] = mapped_column(String(120))
    detail: Mapped[str] = mapped_column(String(2000), default="")
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patient.id"), nullable=True)  # NULL = the practice
    to_user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    to_role: Mapped[str | None] = mapped_column(String(20), nullable=True)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(12), default="open")
    status_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    status_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
