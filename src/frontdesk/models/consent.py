"""Consent types the practice requires (with their current version) and patients' signed consents."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow


class ConsentType(Base):
    """A consent document (NPP acknowledgment, financial policy ...) and what the practice asks of it."""

    __tablename__ = "consent_type"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(30), unique=True)  # npp, financial_policy, ... or a practice's own
    name: Mapped[str] = mapped_column(String(120))
    required: Mapped[bool] = mapped_column(Boolean, default=True)
    current_version: Mapped[str] = mapped_column(String(20))  # e.g. "2026-01"
    validity_months: Mapped[int | None] = mapped_column(Integer, nullable=True)  # None = no expiry
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ConsentRecord(Base):
    """One signature of one version of a consent document; older ones stay as history."""

    __tablename__ = "consent_record"
    __table_args__ = (Index("ix_consent_record_patient_id_type_id", "patient_id", "consent_type_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    consent_type_id: Mapped[int] = mapped_column(ForeignKey("consent_type.id"))
    version: Mapped[str] = mapped_column(String(20))
    signed_on: Mapped[date] = mapped_column(Date)
    signed_by: Mapped[str] = mapped_column(String(15))  # patient, representative
    representative_name: Mapped[str] = mapped_column(String(120), default="")
    representative_relationship: Mapped[str] = mapped_column(String(40), default="")
    expires_on: Mapped[date | None] = mapped_column(Date, nullable=True)  # explicit; else signed + validity
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
