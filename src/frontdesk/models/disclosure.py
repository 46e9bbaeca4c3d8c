"""The accounting of disclosures (HIPAA 164.528): each time a patient's records left the practice other than
for treatment, payment or operations, to whom, what, why, when and by whom."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow


class Disclosure(Base):
    """One disclosure; never deleted: a mistaken entry is voided with a reason and stays in the log."""

    __tablename__ = "disclosure"
    __table_args__ = (Index("ix_disclosure_patient_id_disclosed_on", "patient_id", "disclosed_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    disclosed_on: Mapped[date] = mapped_column(Date)
    # release_of_information, legal, insurer, public_health, provider, other (services/patients/disclosures.py)
    kind: Mapped[str] = mapped_column(String(30))
    recipient: Mapped[str] = mapped_column(String(120))
    recipient_address: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(String(500))  # what was disclosed
    purpose: Mapped[str] = mapped_column(String(500))  # why (or "copy of the written request on file")
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    voided_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    void_reason: Mapped[str] = mapped_column(String(200), default="")
