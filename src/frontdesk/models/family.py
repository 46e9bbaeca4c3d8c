"""Households and responsible parties (guarantors): who gets the bill, who shares an address."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow


class Family(Base):
    """A household: patients sharing a family_id are shown together and can copy each other's contact."""

    __tablename__ = "family"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Guarantor(Base):
    """The person responsible for a bill: a patient (``patient_id``) or someone who is not a patient.

    One row per guarantor, shared by everyone they are responsible for, so statements group by it.
    For a patient guarantor the name, address and phone are read from the patient record.
    """

    __tablename__ = "guarantor"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int | None] = mapped_column(ForeignKey("patient.id"), unique=True, nullable=True)
    first_name: Mapped[str] = mapped_column(String(60), default="")
    middle_name: Mapped[str] = mapped_column(String(60), default="")
    last_name: Mapped[str] = mapped_column(String(60), default="")
    suffix: Mapped[str] = mapped_column(String(10), default="")
    dob: Mapped[date | None] = mapped_column(Date, nullable=True)
    address_line1: Mapped[str] = mapped_column(String(80), default="")
    address_line2: Mapped[str] = mapped_column(String(80), default="")
    city: Mapped[str] = mapped_column(String(60), default="")
    state: Mapped[str] = mapped_column(String(2), default="")
    zip_code: Mapped[str] = mapped_column(String(10), default="")
    phone: Mapped[str] = mapped_column(String(20), default="")  # E.164
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
