"""Eligibility files: the 270 inquiries sent (one row per file and per patient asked about), the 271
answers imported, and the answers no patient could be matched to (kept until the desk resolves them)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow


class EligibilityExport(Base):
    """One 270 file written; its interchange number shares the sequence of the 837P files."""

    __tablename__ = "eligibility_export"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    interchange_control_number: Mapped[int] = mapped_column(Integer, unique=True)
    from_date: Mapped[date] = mapped_column(Date)
    to_date: Mapped[date] = mapped_column(Date)
    file_name: Mapped[str] = mapped_column(String(255))  # the name only, not the folder
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EligibilityRequest(Base):
    """One patient's inquiry in a 270: the trace number (TRN02) the payer echoes back in its 271."""

    __tablename__ = "eligibility_request"
    __table_args__ = (Index("ix_eligibility_request_policy_id", "policy_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    export_id: Mapped[int] = mapped_column(ForeignKey("eligibility_export.id"))
    trace_number: Mapped[str] = mapped_column(String(30), unique=True)
    policy_id: Mapped[int] = mapped_column(ForeignKey("insurance_policy.id"))
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    service_date: Mapped[date] = mapped_column(Date)  # DTP*291: the visit the coverage is asked for


class EligibilityImport(Base):
    """One 271 file imported; the same file twice is refused (its SHA-256 is unique)."""

    __tablename__ = "eligibility_import"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    file_name: Mapped[str] = mapped_column(String(255))
    matched: Mapped[int] = mapped_column(Integer, default=0)
    unmatched: Mapped[int] = mapped_column(Integer, default=0)
    imported_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class EligibilityUnmatched(Base):
    """A 271 answer for no patient or policy the app knows: listed until the desk resolves it."""

    __tablename__ = "eligibility_unmatched"
    __table_args__ = (Index("ix_eligibility_unmatched_resolved_at", "resolved_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    import_id: Mapped[int] = mapped_column(ForeignKey("eligibility_import.id"))
    trace_number: Mapped[str] = mapped_column(String(50), default="")
    payer_name: Mapped[str] = mapped_column(String(60), default="")
    member_id: Mapped[str] = mapped_column(String(80), default="")
    last_name: Mapped[str] = mapped_column(String(60), default="")
    first_name: Mapped[str] = mapped_column(String(35), default="")
    dob: Mapped[date | None] = mapped_column(Date, nullable=True)
    service_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    result: Mapped[str] = mapped_column(String(12))  # as EligibilityCheck.result
    summary: Mapped[str] = mapped_column(String(500), default="")  # plan, copay... or the rejection in words
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    resolution: Mapped[str] = mapped_column(String(200), default="")
