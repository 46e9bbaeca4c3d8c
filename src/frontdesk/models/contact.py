"""Contact history: every call, message, confirmation, letter or referral step with a patient, one timeline."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow


class ContactEvent(Base):
    __tablename__ = "contact_event"
    __table_args__ = (Index("ix_contact_event_patient_id_at", "patient_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # call, confirmation, message, letter, referral, eligibility, note ... (free set, shown as text)
    kind: Mapped[str] = mapped_column(String(20))
    direction: Mapped[str] = mapped_column(String(8), default="")  # in, out or ''
    outcome: Mapped[str] = mapped_column(String(30), default="")  # e.g. confirmed, left message, no answer
    summary: Mapped[str] = mapped_column(String(500), default="")
    user_id: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    # What the event is about, for a link back (e.g. "appointment", 42); no FK so any module can refer.
    ref_type: Mapped[str] = mapped_column(String(20), default="")
    ref_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
