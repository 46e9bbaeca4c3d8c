"""Referrals: the outside provider/facility directory, outgoing referrals with their status history, and
incoming referrals recorded on the patient (they fill box 17 on claims)."""

from __future__ import annotations

from datetime import date, datetime, time

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Time
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow


class OutsideProvider(Base):
    """One entry of the reusable directory: a specialist (NPI required) or a facility (NPI optional)."""

    __tablename__ = "outside_provider"
    __table_args__ = (Index("ix_outside_provider_name", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # provider, facility
    name: Mapped[str] = mapped_column(String(120))
    specialty: Mapped[str] = mapped_column(String(60), default="")
    npi: Mapped[str] = mapped_column(String(10), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")
    fax: Mapped[str] = mapped_column(String(20), default="")
    address1: Mapped[str] = mapped_column(String(100), default="")
    address2: Mapped[str] = mapped_column(String(100), default="")
    city: Mapped[str] = mapped_column(String(60), default="")
    state: Mapped[str] = mapped_column(String(2), default="")
    zip_code: Mapped[str] = mapped_column(String(10), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Referral(Base):
    """An outgoing referral or order (consultation, diagnostic test, surgery) to a directory entry."""

    __tablename__ = "referral"
    __table_args__ = (
        # The tracking list: open referrals, oldest first.
        Index("ix_referral_status_requested_on", "status", "requested_on"),
        Index("ix_referral_patient_id_requested_on", "patient_id", "requested_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    outside_provider_id: Mapped[int] = mapped_column(ForeignKey("outside_provider.id"))
    ordering_provider_id: Mapped[int | None] = mapped_column(ForeignKey("provider.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(12))  # consultation, diagnostic, surgery, other
    reason: Mapped[str] = mapped_column(String(500))
    diagnoses: Mapped[str] = mapped_column(String(120), default="")  # ICD-10-CM codes, no periods, comma-separated
    authorization_number: Mapped[str] = mapped_column(String(30), default="")
    visits_allowed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # The appointment at the outside facility, in its local wall-clock time (no time zone to convert).
    appointment_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    appointment_time: Mapped[time | None] = mapped_column(Time, nullable=True)
    status: Mapped[str] = mapped_column(String(30), default="requested")  # "authorization_pending" is 21
    status_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    requested_on: Mapped[date] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)


class ReferralEvent(Base):
    """Who moved a referral to which status, and when (the history shown on the referral)."""

    __tablename__ = "referral_event"
    __table_args__ = (Index("ix_referral_event_referral_id_at", "referral_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    referral_id: Mapped[int] = mapped_column(ForeignKey("referral.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    from_status: Mapped[str] = mapped_column(String(30), default="")
    to_status: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(String(200), default="")


class IncomingReferral(Base):
    """A referral from another provider to this practice; the one in effect on a visit fills box 17."""

    __tablename__ = "incoming_referral"
    __table_args__ = (Index("ix_incoming_referral_patient_id_starts_on", "patient_id", "starts_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    outside_provider_id: Mapped[int | None] = mapped_column(ForeignKey("outside_provider.id"), nullable=True)
    referring_first_name: Mapped[str] = mapped_column(String(60), default="")
    referring_last_name: Mapped[str] = mapped_column(String(60))
    referring_npi: Mapped[str] = mapped_column(String(10))
    starts_on: Mapped[date] = mapped_column(Date)  # the referral's date
    ends_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # blank = no end date
    reason: Mapped[str] = mapped_column(String(500), default="")
    authorization_number: Mapped[str] = mapped_column(String(30), default="")
    visits_allowed: Mapped[int | None] = mapped_column(Integer, nullable=True)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # False once withdrawn (kept for history)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
