"""Practice setup for the calendar: exam rooms, appointment types, working hours, exceptions, holidays, blockouts.

Hours and blockouts are local wall-clock times (the practice time zone), so 9:00 AM stays 9:00 AM
across daylight-saving changes; appointments themselves are UTC instants (models.appointment).
"""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import Boolean, CheckConstraint, Column, Date, ForeignKey, Index, Integer, String, Table, Time
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base

# Which providers offer which appointment type (no rows for a type = every provider offers it).
appointment_type_provider = Table(
    "appointment_type_provider",
    Base.metadata,
    Column("type_id", ForeignKey("appointment_type.id", ondelete="CASCADE"), primary_key=True),
    Column("provider_id", ForeignKey("provider.id", ondelete="CASCADE"), primary_key=True),
)


class ExamRoom(Base):
    __tablename__ = "exam_room"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class AppointmentType(Base):
    __tablename__ = "appointment_type"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(60), unique=True)
    default_minutes: Mapped[int] = mapped_column(Integer)
    colour: Mapped[str] = mapped_column(String(7))  # '#RRGGBB'; the grid always shows the name too
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class WorkingHours(Base):
    """One working interval of a provider on a weekday (0 = Monday); several per day are allowed."""

    __tablename__ = "working_hours"
    __table_args__ = (Index("ix_working_hours_provider_id_weekday", "provider_id", "weekday"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id"))
    weekday: Mapped[int] = mapped_column(Integer)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)


class ScheduleException(Base):
    """A date range where a provider's weekly hours do not apply.

    With no times the provider is off (vacation, conference); with times those hours replace the
    weekly ones on every day of the range. Several rows on one day add up.
    """

    __tablename__ = "schedule_exception"
    __table_args__ = (Index("ix_schedule_exception_provider_id_last_day", "provider_id", "last_day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id"))
    first_day: Mapped[date] = mapped_column(Date)
    last_day: Mapped[date] = mapped_column(Date)
    start_time: Mapped[time | None] = mapped_column(Time, nullable=True)
    end_time: Mapped[time | None] = mapped_column(Time, nullable=True)
    reason: Mapped[str] = mapped_column(String(200), default="")


class Holiday(Base):
    """A day the whole practice is closed."""

    __tablename__ = "holiday"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    day: Mapped[date] = mapped_column(Date, unique=True)
    name: Mapped[str] = mapped_column(String(80))


class Blockout(Base):
    """Time a provider (or, with no provider, everyone) cannot be booked: lunch, meetings, procedures.

    Either weekly on ``weekday`` (optionally only between ``first_day`` and ``last_day``) or once ``on_date``.
    """

    __tablename__ = "blockout"
    __table_args__ = (
        CheckConstraint("(weekday IS NULL) <> (on_date IS NULL)", name="weekly_or_once"),
        Index("ix_blockout_provider_id", "provider_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("provider.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))  # lunch, meeting, procedure, other
    reason: Mapped[str] = mapped_column(String(200), default="")
    weekday: Mapped[int | None] = mapped_column(Integer, nullable=True)
    on_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    first_day: Mapped[date | None] = mapped_column(Date, nullable=True)
    last_day: Mapped[date | None] = mapped_column(Date, nullable=True)
    start_time: Mapped[time] = mapped_column(Time)
    end_time: Mapped[time] = mapped_column(Time)
