"""The patient record: demographics, contact preferences, status, guarantor and family links."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, text
from sqlalchemy.orm import Mapped, mapped_column

from frontdesk.models.base import Base, UTCDateTime, utcnow

# active, inactive, deceased; merged = folded into another record (kept so history still points somewhere)
PATIENT_STATUSES = ("active", "inactive", "deceased", "merged")


class Patient(Base):
    __tablename__ = "patient"
    __table_args__ = (
        Index("ix_patient_last_key_first_key", "last_name_key", "first_name_key"),
        # First-name matches are listed in this order, so the index answers them without a sort.
        Index("ix_patient_first_key_last_key", "first_name_key", "last_name_key"),
        Index("ix_patient_dob", "dob"),
        Index("ix_patient_family_id", "family_id"),
        Index("ix_patient_guarantor_id", "guarantor_id"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    account_number: Mapped[str] = mapped_column(String(12), unique=True)
    first_name: Mapped[str] = mapped_column(String(60))
    middle_name: Mapped[str] = mapped_column(String(60), default="")
    last_name: Mapped[str] = mapped_column(String(60))
    suffix: Mapped[str] = mapped_column(String(10), default="", server_default=text("''"))
    preferred_name: Mapped[str] = mapped_column(String(60), default="", server_default=text("''"))
    dob: Mapped[date] = mapped_column(Date)
    sex: Mapped[str] = mapped_column(String(1))  # M/F as used on claims
    gender_identity: Mapped[str] = mapped_column(String(40), default="", server_default=text("''"))
    # The preferred phone, denormalised from patient_phone so lists and older code read one column.
    phone: Mapped[str] = mapped_column(String(20), default="")  # E.164
    preferred_phone_kind: Mapped[str] = mapped_column(String(6), default="", server_default=text("''"))
    address_line1: Mapped[str] = mapped_column(String(80), default="")
    address_line2: Mapped[str] = mapped_column(String(80), default="")
    city: Mapped[str] = mapped_column(String(60), default="")
    state: Mapped[str] = mapped_column(String(2), default="")
    zip_code: Mapped[str] = mapped_column(String(10), default="")
    email: Mapped[str] = mapped_column(String(254), default="", server_default=text("''"))
    # phone, text, email, mail or '' (no preference)
    preferred_contact: Mapped[str] = mapped_column(String(5), default="", server_default=text("''"))
    voicemail_ok: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    text_ok: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    preferred_language: Mapped[str] = mapped_column(String(40), default="", server_default=text("''"))
    emergency_name: Mapped[str] = mapped_column(String(120), default="", server_default=text("''"))
    emergency_relationship: Mapped[str] = mapped_column(String(40), default="", server_default=text("''"))
    emergency_phone: Mapped[str] = mapped_column(String(20), default="", server_default=text("''"))
    referring_name: Mapped[str] = mapped_column(String(120), default="", server_default=text("''"))
    referring_npi: Mapped[str] = mapped_column(String(10), default="", server_default=text("''"))
    # How the patient came to the practice: a key of domain/referral_sources.py, blank = not recorded (0033).
    referral_source: Mapped[str] = mapped_column(String(20), default="", server_default=text("''"))
    status: Mapped[str] = mapped_column(String(10), default="active", server_default="active")
    deceased_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    merged_into_id: Mapped[int | None] = mapped_column(ForeignKey("patient.id"), nullable=True)
    notes: Mapped[str] = mapped_column(String(2000), default="", server_default=text("''"))  # non-clinical
    # Why staff registered this record although it looked like an existing patient (may hold PHI).
    duplicate_override_reason: Mapped[str] = mapped_column(String(500), default="", server_default=text("''"))
    # Responsible party: NULL means the patient themself. use_alter breaks the patient<->guarantor cycle.
    guarantor_id: Mapped[int | None] = mapped_column(
        ForeignKey("guarantor.id", use_alter=True, name="fk_patient_guarantor_id_guarantor"), nullable=True)
    guarantor_relationship: Mapped[str] = mapped_column(String(20), default="", server_default=text("''"))
    family_id: Mapped[int | None] = mapped_column(ForeignKey("family.id"), nullable=True)
    # Search keys: folded (lower-case, accents removed) copies, indexed for prefix search.
    last_name_key: Mapped[str] = mapped_column(String(60))
    first_name_key: Mapped[str] = mapped_column(String(60))
    phone_digits: Mapped[str] = mapped_column(String(15), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # One more at every saved edit: a form saving with an older version was loaded before someone else's save.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default=text("1"))
