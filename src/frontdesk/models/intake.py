"""The check-in intake checklist: one record per patient visit, each step stamped with time and user."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow
from frontdesk.storage.column_types import Cents


class IntakeRecord(Base):
    __tablename__ = "intake_record"
    __table_args__ = (Index("ix_intake_record_patient_id_visit_date", "patient_id", "visit_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    visit_date: Mapped[date] = mapped_column(Date)
    # The calendar's appointment, when check-in started from one; no FK (the calendar table is separate).
    appointment_id: Mapped[int | None] = mapped_column(Integer, nullable=True, unique=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    started_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)

    demographics_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    demographics_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)

    insurance_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    insurance_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    insurance_method: Mapped[str] = mapped_column(String(12), default="")  # eligibility, card, self_pay
    eligibility_check_id: Mapped[int | None] = mapped_column(ForeignKey("eligibility_check.id"), nullable=True)

    consents_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    consents_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    consents_override_reason: Mapped[str] = mapped_column(String(200), default="")

    copay_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    copay_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    copay_due_cents: Mapped[int | None] = mapped_column(Cents, nullable=True)
    copay_policy_id: Mapped[int | None] = mapped_column(ForeignKey("insurance_policy.id"), nullable=True)
    copay_collected: Mapped[bool] = mapped_column(Boolean, default=False)  # set by billing when paid

    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
