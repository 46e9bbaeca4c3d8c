"""The minimal patient record (the Patients issue extends it)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow


class Patient(Base):
    __tablename__ = "patient"
    __table_args__ = (
        Index("ix_patient_last_key_first_key", "last_name_key", "first_name_key"),
        Index("ix_patient_first_name_key", "first_name_key"),
        Index("ix_patient_dob", "dob"),
        Index("ix_patient_phone_digits", "phone_digits"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_number: Mapped[str] = mapped_column(String(12), unique=True)
    first_name: Mapped[str] = mapped_column(String(60))
    middle_name: Mapped[str] = mapped_column(String(60), default="")
    last_name: Mapped[str] = mapped_column(String(60))
    dob: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))  # M/F as used on claims
    phone: Mapped[str] = mapped_column(String(20), default="")  # E.164
    address_line1: Mapped[str] = mapped_column(String(80), default="")
    address_line2: Mapped[str] = mapped_column(String(80), default="")
    city: Mapped[str] = mapped_column(String(60), default="")
    state: Mapped[str] = mapped_column(String(2), default="")
    zip_code: Mapped[str] = mapped_column(String(10), default="")
    # Search keys: folded (lower-case, accents removed) copies, indexed for prefix search.
    last_name_key: Mapped[str] = mapped_column(String(60))
    first_name_key: Mapped[str] = mapped_column(String(60))
    phone_digits: Mapped[str] = mapped_column(String(15), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
