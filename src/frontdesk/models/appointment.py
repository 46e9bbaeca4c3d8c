"""Appointments (UTC instants), recurring series, their history of status changes and moves, and the waitlist."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Boolean, Column, Date, ForeignKey, Index, Integer, String, Table, Time
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow


class AppointmentSeries(Base):
    """A recurring booking: its occurrences are real appointment rows that point here."""

    __tablename__ = "appointment_series"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    every_weeks: Mapped[int] = mapped_column(Integer)
    count: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)


class Appointment(Base):
    __tablename__ = "appointment"
    __table_args__ = (
        # The day/week views and the provider overlap check walk this index.
        Index("ix_appointment_provider_id_start_utc", "provider_id", "start_utc"),
        Index("ix_appointment_patient_id_start_utc", "patient_id", "start_utc"),
        Index("ix_appointment_room_id_start_utc", "room_id", "start_utc"),
        Index("ix_appointment_series_id_start_utc", "series_id", "start_utc"),
        Index("ix_appointment_start_utc", "start_utc"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    provider_id: Mapped[int] = mapped_column(ForeignKey("provider.id"))
    room_id: Mapped[int | None] = mapped_column(ForeignKey("exam_room.id"), nullable=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("appointment_type.id"))
    start_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    end_utc: Mapped[datetime] = mapped_column(UTCDateTime)
    length_minutes: Mapped[int] = mapped_column(Integer)
    # scheduled, confirmed, arrived, in_room, checked_out, cancelled, no_show
    status: Mapped[str] = mapped_column(String(12), default="scheduled")
    status_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    status_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    reason: Mapped[str] = mapped_column(String(200), default="")
    notes: Mapped[str] = mapped_column(String(1000), default="")
    series_id: Mapped[int | None] = mapped_column(ForeignKey("appointment_series.id"), nullable=True)
    cancel_reason: Mapped[str] = mapped_column(String(200), default="")
    late_cancel: Mapped[bool] = mapped_column(Boolean, default=False)
    # Rules overridden at the last booking or move (names only) and the staff member's reason.
    override_rules: Mapped[str] = mapped_column(String(200), default="")
    override_reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AppointmentEvent(Base):
    """One step in an appointment's life: booked, a status change, a move (with where it was), an edit."""

    __tablename__ = "appointment_event"
    __table_args__ = (Index("ix_appointment_event_appointment_id", "appointment_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    appointment_id: Mapped[int] = mapped_column(ForeignKey("appointment.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(12))  # booked, status, move, edit
    status: Mapped[str] = mapped_column(String(12), default="")  # the status after the event
    # Where the appointment was before a move (kept so a reschedule never loses its history).
    from_start_utc: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    from_end_utc: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    from_provider_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    from_room_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(String(500), default="")


waitlist_provider = Table(
    "waitlist_provider",
    Base.metadata,
    Column("entry_id", ForeignKey("waitlist_entry.id", ondelete="CASCADE"), primary_key=True),
    Column("provider_id", ForeignKey("provider.id", ondelete="CASCADE"), primary_key=True),
)


class WaitlistEntry(Base):
    """A patient who wants an earlier slot: preferred providers (none = any), weekdays, time window."""

    __tablename__ = "waitlist_entry"
    __table_args__ = (Index("ix_waitlist_entry_active", "active"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    type_id: Mapped[int | None] = mapped_column(ForeignKey("appointment_type.id"), nullable=True)
    length_minutes: Mapped[int] = mapped_column(Integer)
    weekdays: Mapped[int] = mapped_column(Integer, default=0)  # bit 0 = Monday ... bit 6 = Sunday; 0 = any day
    earliest_time: Mapped[time | None] = mapped_column(Time, nullable=True)
    latest_time: Mapped[time | None] = mapped_column(Time, nullable=True)
    until_day: Mapped[date | None] = mapped_column(Date, nullable=True)
    # The later appointment the patient would like to trade for an earlier one, if booked already.
    appointment_id: Mapped[int | None] = mapped_column(ForeignKey("appointment.id"), nullable=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    closed_reason: Mapped[str] = mapped_column(String(40), default="")
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
