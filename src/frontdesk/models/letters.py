"""Letter templates, letters sent to patients (the correspondence history) and recalls."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow


class LetterTemplate(Base):
    """A template the practice edited or added; built-ins live in code until first edited (same ``key``)."""

    __tablename__ = "letter_template"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # Built-ins: appointment_reminder, missed_appointment, recall, balance_reminder, referral, free;
    # the practice's own templates get "custom_<id>".
    key: Mapped[str] = mapped_column(String(30), unique=True)
    kind: Mapped[str] = mapped_column(String(20))  # which data the letter is about (same names as built-in keys)
    name: Mapped[str] = mapped_column(String(80))
    subject: Mapped[str] = mapped_column(String(120), default="")
    body: Mapped[str] = mapped_column(String(8000), default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)


class Letter(Base):
    """One letter as sent: the merged text is stored so it can be shown and reprinted exactly."""

    __tablename__ = "letter"
    __table_args__ = (Index("ix_letter_patient_id_sent_at", "patient_id", "sent_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    template_key: Mapped[str] = mapped_column(String(30))
    template_name: Mapped[str] = mapped_column(String(80))
    subject: Mapped[str] = mapped_column(String(200), default="")
    body: Mapped[str] = mapped_column(String(12000))
    # The window-envelope block, one line per row (recipient name, street, city/state/ZIP).
    address: Mapped[str] = mapped_column(String(400))
    letter_date: Mapped[date] = mapped_column(Date)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    sent_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
    recall_id: Mapped[int | None] = mapped_column(ForeignKey("recall.id"), nullable=True)


class Recall(Base):
    """A patient due back by a date for a reason; open until an outcome closes it or a booking does.

    Booking closes a recall without a stored flag: the recall queries treat a recall as booked when
    the patient has a not-cancelled appointment created at or after the recall (see services/desk/recalls.py).
    """

    __tablename__ = "recall"
    __table_args__ = (
        Index("ix_recall_status_due_date", "status", "due_date"),
        Index("ix_recall_patient_id", "patient_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("patient.id"))
    due_date: Mapped[date] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(120))
    provider_id: Mapped[int | None] = mapped_column(ForeignKey("provider.id"), nullable=True)
    note: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(10), default="open")  # open, closed
    closed_reason: Mapped[str] = mapped_column(String(20), default="")  # scheduled, declined, cancelled
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # calls and letters so far
    last_outcome: Mapped[str] = mapped_column(String(20), default="")
    last_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by: Mapped[int | None] = mapped_column(ForeignKey("app_user.id"), nullable=True)
